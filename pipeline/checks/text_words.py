"""The table quantities a narrative's numbers may name, and the words that name them.

``text_reading`` decides from these words what each number of a narrative is: the cells of tables
二, 三 and 四 as (table, row, column), the groups and detail rows of table 三 as reports write them,
and the patterns for subjects, actions, cases and results.
"""

from __future__ import annotations

import re

from pipeline.format.official import T3_GROUPS, T3_ROWS

Cell = tuple[str, str, str]  # (table, row, column)
Cells = tuple[Cell, ...]

REQUESTS, REVIEWS, DOCUMENTS, FEES = "requests", "reviews", "documents", "fees"


def t3(*rows: str) -> Cells:
    return tuple(("t3", r, "total") for r in rows)


def t4(*cols: str) -> Cells:
    return tuple(("t4", "cases", c) for c in cols)


NEW, CARRIED, HANDLED, NEXT = t3("new"), t3("carried"), t3("total"), t3("next")
ALL = t3("new", "carried")
REVIEW, LITIGATION = t4("review_total"), t4("direct_total", "after_total")


def group_name(label: str) -> str:
    """“（二）部分公开（区分处理的，…）” → “部分公开”: the group as the narrative speaks of it."""
    return re.sub(r"^（[一二三四五六七八九十]+）", "", label).split("（")[0]


GROUPS = {group_name(label): rows for label, rows in T3_GROUPS.items()}
#: The narrative's words for a group: 同意公开 is 予以公开; 不予以公开 is not.
_GROUP_WORDS = {name: re.compile(("(?<![不未])" if name == "予以公开" else "") + re.escape(name)
                                 + ("|同意公开" if name == "予以公开" else ""))
                for name in GROUPS}
GROUP_OF = {row: name for name, rows in GROUPS.items() for row in rows}
#: Detail rows by their label without its number (“属于国家秘密”), with the short forms reports use.
#: “3.其他” is too common a word to look for.
_SHORT = {"other_no_correction": ["逾期未补正", "逾期不补正"], "other_no_fee": ["逾期未缴费", "逾期未缴纳"],
          "deny_safety": ["三安全一稳定"]}
_ROW_WORDS = {r.key: re.compile("|".join([re.escape(re.sub(r"^\d+\.", "", r.label)), *_SHORT.get(r.key, [])]))
              for r in T3_ROWS if r.key in GROUP_OF and r.key != "other_other"}

#: Subjects that are not information requests: 来信, 留言, 热线 are received and handled too.
OTHER_SUBJECT = re.compile(r"来信|来访|留言|信箱|热线|诉求|投诉|网络问政|许可|审批|提案|建议|咨询|政务服务|"
                            r"12345|办件量")
REQUEST_SUBJECT = re.compile(r"申请|依申请|公开件|请求")
APPLICANT_WORDS = re.compile(r"自然人|法人|其他组织")
#: A split of the requests by how they came (“其中网络平台收到3件, 线下邮件收到1件”): not a table row.
CHANNEL_WORDS = re.compile(r"网络|网上|在线|线上|线下|当面|现场|信函|邮寄|邮件|传真|平台")
RECEIVE_WORDS = re.compile(r"收到|受理|接收|接到")
HANDLE_WORDS = re.compile(r"(?<!未)(?<!尚未)(?:办结(?!率)|答复(?!率)|办理完成|办理完毕|(?<!正在)完成)")
PROCESS_WORDS = re.compile(r"(?<!正在)办理(?!中)")
CARRIED_WORDS = re.compile(r"上一?年度?(?:结转|转结)|(?:19|20)\d\d年度?(?:结转|转结)(?!下)")
NEXT_WORDS = re.compile(r"(?:结转|转结|顺延|转入|转)(?:至|到)?(?:下一?年|(?:19|20)\d\d年)|下一?年度?(?:结转|转结)")
NEW_WORDS = re.compile(r"新收")
TOTAL_ONLY = re.compile(r"^(?:共计|合计|总计|共|累计)$")
CASE_WORDS = re.compile(r"复议后起诉|直接起诉|未经复议|行政争议|复议|诉讼|起诉|案件")
RESULT_WORDS = {"upheld": r"维持", "corrected": r"纠错|纠正", "pending": r"未审结|未结案", "other": r"其他结果"}
CHANGE_WORDS = re.compile(r"同比|较|上升|下降|增长|回落|减少|增加|提高|降低")
DOC_ROW_WORDS = re.compile(r"规章|规范性文件")
DOC_COL_WORDS = {"issued": re.compile(r"制发|印发|出台|制定"), "repealed": re.compile(r"废止"),
            "in_force": re.compile(r"现行有效|继续有效")}
SHARE_OF_PREVIOUS = re.compile(r"^(?:约?占(?:比)?)?$")
RATE_WORDS = re.compile(r"(?<!按时)(?<!按期)(?<!及时)办结率")


def groups_named(words: str) -> list[str]:
    return [name for name, pattern in _GROUP_WORDS.items() if pattern.search(words)]


def rows_named(words: str) -> list[str]:
    return [row for row, pattern in _ROW_WORDS.items() if pattern.search(words)]


def results_named(words: str, case: str) -> Cells | None:
    """“结果维持”, “被纠错”, “尚未审结” for the case the sentence last named."""
    result = next((k for k, p in RESULT_WORDS.items() if re.search(p, words)), None)
    if result is None:
        return None
    groups = {"review": ("review",), "litigation": ("direct", "after"), "after": ("after",),
              "direct": ("direct",)}.get(case)
    return t4(*(f"{g}_{result}" for g in groups)) if groups else None


def case_named(words: str) -> str | None:
    """The case a clause names: review, litigation, direct, after, both (复议 and 诉讼) or None."""
    if "复议后起诉" in words:
        return "after"
    if "直接起诉" in words or "未经复议" in words:
        return "direct"
    review, litigation = "复议" in words, bool(re.search(r"诉讼|起诉", words))
    if (review and litigation) or "行政争议" in words:
        return "both"
    return "review" if review else "litigation" if litigation else None


CASE_CELLS = {"review": REVIEW, "litigation": LITIGATION, "both": REVIEW + LITIGATION,
              "direct": t4("direct_total"), "after": t4("after_total")}
#: Any word that makes a clause name a quantity: where the words before a number have none, the
#: words after it are read instead.
ANY_KEYWORD = re.compile("|".join(p.pattern for p in (CASE_WORDS, RECEIVE_WORDS, HANDLE_WORDS, PROCESS_WORDS,
                                                        CARRIED_WORDS, NEXT_WORDS, NEW_WORDS, DOC_ROW_WORDS,
                                                        *DOC_COL_WORDS.values(), *_GROUP_WORDS.values(),
                                                        *_ROW_WORDS.values())) + "|" + "|".join(RESULT_WORDS.values()))
