"""What each number of a narrative names, decided from the words of its own clause.

A number is read only with a counter (件/条/份/个/起, or %) and only from its own clause: the words
since the previous number or the previous ，；。：, and, where those words name nothing, the words
right after it (“另有5件申请转结下年度”, “1件结果维持”). The sentence around it only says what the
text is about (information requests, not 来信, 留言 or 热线) and which case (复议 or 诉讼) a result
belongs to. A reading lists every table quantity the words allow (“受理749件” may be 新收 or 新收 +
上年结转; “办理” may be 办结 or all requests); the text agrees with the tables when any of them holds.
Where the words are unclear the number gets no reading, and no check speaks: precision first.

Text is matched after folding full-width digits and punctuation one character for one, so every
position still points into the original for quoting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipeline.checks.text_tokens import BOUNDARY, SENTENCE_END, back_to, fold, sentence_end, tokens
from pipeline.format.official import T3_GROUPS, T3_ROWS

__all__ = ["fold"]  # re-exported: the text checks fold with the same table

Cell = tuple[str, str, str]  # (table, row, column)
Cells = tuple[Cell, ...]

REQUESTS, REVIEWS, DOCUMENTS, FEES = "requests", "reviews", "documents", "fees"


@dataclass(frozen=True)
class Reading:
    """One number of the text and the table quantities its clause allows."""

    value: Decimal
    percent: bool
    cells: tuple[Cells, ...]  # a count: the sum of any one of these; a share: its part
    bases: tuple[Cells, ...]  # a share: its denominator, any one of these
    topic: str  # REQUESTS / REVIEWS / DOCUMENTS
    start: int  # the clause with the number and its counter, in the paragraph
    end: int


def _t3(*rows: str) -> Cells:
    return tuple(("t3", r, "total") for r in rows)


def _t4(*cols: str) -> Cells:
    return tuple(("t4", "cases", c) for c in cols)


NEW, CARRIED, HANDLED, NEXT = _t3("new"), _t3("carried"), _t3("total"), _t3("next")
ALL = _t3("new", "carried")
REVIEW, LITIGATION = _t4("review_total"), _t4("direct_total", "after_total")


def group_name(label: str) -> str:
    """“（二）部分公开（区分处理的，…）” → “部分公开”: the group as the narrative speaks of it."""
    return re.sub(r"^（[一二三四五六七八九十]+）", "", label).split("（")[0]


GROUPS = {group_name(label): rows for label, rows in T3_GROUPS.items()}
#: The narrative's words for a group: 同意公开 is 予以公开; 不予以公开 is not.
_GROUP_WORDS = {name: re.compile(("(?<![不未])" if name == "予以公开" else "") + re.escape(name)
                                 + ("|同意公开" if name == "予以公开" else ""))
                for name in GROUPS}
_GROUP_OF = {row: name for name, rows in GROUPS.items() for row in rows}
#: Detail rows by their label without its number (“属于国家秘密”), with the short forms reports use.
#: “3.其他” is too common a word to look for.
_SHORT = {"other_no_correction": ["逾期未补正", "逾期不补正"], "other_no_fee": ["逾期未缴费", "逾期未缴纳"],
          "deny_safety": ["三安全一稳定"]}
_ROW_WORDS = {r.key: re.compile("|".join([re.escape(re.sub(r"^\d+\.", "", r.label)), *_SHORT.get(r.key, [])]))
              for r in T3_ROWS if r.key in _GROUP_OF and r.key != "other_other"}

#: Subjects that are not information requests: 来信, 留言, 热线 are received and handled too.
_OTHER_SUBJECT = re.compile(r"来信|来访|留言|信箱|热线|诉求|投诉|网络问政|许可|审批|提案|建议|咨询|政务服务|"
                            r"12345|办件量")
_REQUEST_SUBJECT = re.compile(r"申请|依申请|公开件|请求")
_APPLICANT = re.compile(r"自然人|法人|其他组织")
_RECEIVE = re.compile(r"收到|受理|接收|接到")
_HANDLE = re.compile(r"(?<!未)(?<!尚未)(?:办结(?!率)|答复(?!率)|办理完成|办理完毕|(?<!正在)完成)")
_PROCESS = re.compile(r"(?<!正在)办理(?!中)")
_CARRIED = re.compile(r"上一?年度?(?:结转|转结)|(?:19|20)\d\d年度?(?:结转|转结)(?!下)")
_NEXT = re.compile(r"(?:结转|转结|顺延|转入|转)(?:至|到)?(?:下一?年|(?:19|20)\d\d年)|下一?年度?(?:结转|转结)")
_NEW = re.compile(r"新收")
_TOTAL_ONLY = re.compile(r"^(?:共计|合计|总计|共|累计)$")
_CASE = re.compile(r"复议后起诉|直接起诉|未经复议|行政争议|复议|诉讼|起诉|案件")
_RESULT = {"upheld": r"维持", "corrected": r"纠错|纠正", "pending": r"未审结|未结案", "other": r"其他结果"}
_CHANGE = re.compile(r"同比|较|上升|下降|增长|回落|减少|增加|提高|降低")
_DOC_ROW = re.compile(r"规章|规范性文件")
_DOC_COL = {"issued": re.compile(r"制发|印发|出台|制定"), "repealed": re.compile(r"废止"),
            "in_force": re.compile(r"现行有效|继续有效")}
_SHARE_OF_PREVIOUS = re.compile(r"^(?:约?占(?:比)?)?$")
_RATE = re.compile(r"(?<!按时)(?<!按期)(?<!及时)办结率")

def _groups_named(words: str) -> list[str]:
    return [name for name, pattern in _GROUP_WORDS.items() if pattern.search(words)]


def _rows_named(words: str) -> list[str]:
    return [row for row, pattern in _ROW_WORDS.items() if pattern.search(words)]


def _results(words: str, case: str) -> Cells | None:
    """“结果维持”, “被纠错”, “尚未审结” for the case the sentence last named."""
    result = next((k for k, p in _RESULT.items() if re.search(p, words)), None)
    if result is None:
        return None
    groups = {"review": ("review",), "litigation": ("direct", "after"), "after": ("after",),
              "direct": ("direct",)}.get(case)
    return _t4(*(f"{g}_{result}" for g in groups)) if groups else None


def _case(words: str) -> str | None:
    """The case a clause names: review, litigation, direct, after, both (复议 and 诉讼) or None."""
    if "复议后起诉" in words:
        return "after"
    if "直接起诉" in words or "未经复议" in words:
        return "direct"
    review, litigation = "复议" in words, bool(re.search(r"诉讼|起诉", words))
    if (review and litigation) or "行政争议" in words:
        return "both"
    return "review" if review else "litigation" if litigation else None


_CASE_CELLS = {"review": REVIEW, "litigation": LITIGATION, "both": REVIEW + LITIGATION,
               "direct": _t4("direct_total"), "after": _t4("after_total")}


class _Sentence:
    """What the sentence says before a number: the subject and the case last named."""

    def __init__(self, text: str, start: int, key: str) -> None:
        self.text, self.start, self.key = text, start, key

    def before(self, at: int) -> str:
        return self.text[self.start:at]

    def about_requests(self, at: int) -> bool:
        before = self.before(at)
        other = [m.end() for m in _OTHER_SUBJECT.finditer(before)]
        requests = [m.end() for m in _REQUEST_SUBJECT.finditer(before)]
        if other and (not requests or other[-1] > requests[-1]):
            return False
        sentence = self.text[self.start:sentence_end(self.text, at)]
        return self.key == "s1_request" or ("申请" in sentence and "公开" in sentence)

    def about_cases(self, at: int) -> bool:
        return self.key == "s1_request" or "公开" in self.text[self.start:sentence_end(self.text, at)]

    def last_case(self, at: int) -> str | None:
        """The case named by the last clause that names one (“行政复议、行政诉讼案件”: both)."""
        clauses = re.split(f"[{BOUNDARY}]", self.before(at))
        return next((c for c in map(_case, reversed(clauses)) if c), None)


_ANY_KEYWORD = re.compile("|".join(p.pattern for p in (_CASE, _RECEIVE, _HANDLE, _PROCESS, _CARRIED, _NEXT, _NEW,
                                                        _DOC_ROW, *_DOC_COL.values(), *_GROUP_WORDS.values(),
                                                        *_ROW_WORDS.values())) + "|" + "|".join(_RESULT.values()))
Count = tuple[tuple[Cells, ...], str]


def _count(words: str, tail: str, s: _Sentence, at: int) -> Count | None:
    """The table quantities a count's own clause names, with its topic; where the words before the
    number name nothing (“另有5件申请转结下年度”, “1件结果维持”, “有1件…行政复议”), the words after it."""
    if _ANY_KEYWORD.search(words) or not tail:
        return _count_words(words, s, at)
    if _NEXT.search(tail):
        return ((NEXT,), REQUESTS) if s.about_requests(at) else None
    if _CASE.search(tail) or any(re.search(p, tail) for p in _RESULT.values()):
        return _cases(tail, s, at)
    return None


def _cases(words: str, s: _Sentence, at: int) -> Count | None:
    """Table 四: cases and their results."""
    if not s.about_cases(at):
        return None
    case = _case(words)
    results = _results(words, case or s.last_case(at) or "")
    if results:
        return (results,), REVIEWS
    if case is None:  # “相关案件74件”: the cases the sentence named before
        case = s.last_case(at)
        if case != "both":
            return None
    return (_CASE_CELLS[case],), REVIEWS


def _count_words(words: str, s: _Sentence, at: int) -> Count | None:
    if _case(words) or "案件" in words or any(re.search(p, words) for p in _RESULT.values()):
        return _cases(words, s, at)
    # Table 二: documents issued, repealed, in force.
    doc = _documents(words, s, at)
    if doc is not None:
        return doc
    # Table 三: requests.
    if not s.about_requests(at) or _OTHER_SUBJECT.search(words):
        return None
    if _CARRIED.search(words):
        return (CARRIED,), REQUESTS
    if _NEXT.search(words):
        return (NEXT,), REQUESTS
    rows, groups = _rows_named(words), _groups_named(words)
    if rows or groups:
        return _results_of(rows, groups, words, s)
    if _TOTAL_ONLY.match(words):
        before = s.before(at)
        return ((ALL,), REQUESTS) if _RECEIVE.search(before) and _CARRIED.search(before) else None
    if _APPLICANT.search(words) and not (_RECEIVE.search(words) or _PROCESS.search(words)):
        return None  # “其中自然人申请741件”: a split by applicant, in another column
    options: list[Cells] = []
    if _NEW.search(words):
        options.append(NEW)
    elif _RECEIVE.search(words):
        options += [NEW, ALL]
    if _HANDLE.search(words):
        options.append(HANDLED)
    elif _PROCESS.search(words):
        options += [HANDLED, ALL]  # 办理 is 办结 in some reports, every request in hand in others
    return (tuple(dict.fromkeys(options)), REQUESTS) if options else None


def _results_of(rows: list[str], groups: list[str], words: str,
                s: _Sentence) -> tuple[tuple[Cells, ...], str] | None:
    options: list[Cells] = []
    for row in rows:
        group = _GROUP_OF[row]
        if group in groups and "等" in words:  # “因本机关不掌握等原因无法提供”: the whole group
            continue
        options.append(_t3(row))
        if group in groups:  # “因本机关不掌握相关政府信息无法提供”: the row, or the group
            options.append(_t3(*GROUPS[group]))
        if len(rows) > 1:
            return None
    if not options:
        # A group whose detail row the sentence names on its own (“逾期未补正2件，其他处理5件”) is
        # the rest of the group here: too unsure to check.
        elsewhere = {_GROUP_OF[r] for r in _rows_named(s.text[s.start:])} - {_GROUP_OF[r] for r in rows}
        if set(groups) & elsewhere:
            return None
        options.append(_t3(*(r for g in groups for r in GROUPS[g])))
    return tuple(options), REQUESTS


def _documents(words: str, s: _Sentence, at: int) -> tuple[tuple[Cells, ...], str] | None:
    col = next((c for c, p in _DOC_COL.items() if p.search(words)), None)
    if col is None:
        return None
    named = _DOC_ROW.findall(words) or _DOC_ROW.findall(s.before(at))
    if not named or words.lstrip("(").startswith("含"):
        return None  # “规章13件（含新制定5件…）”: parts of a number that is not in the tables
    if col == "repealed" and "失效" in s.text[s.start:]:
        return None  # 失效 and 废止 side by side: which of them table 二 counts is unknown
    row = "rules" if named[-1] == "规章" else "normative"
    return ((("t2", row, col),),), DOCUMENTS


def _share(words: str, previous: Reading | None, s: _Sentence, at: int) -> tuple[Cells, tuple[Cells, ...]] | None:
    """A percentage: the share of some result groups in the requests handled, or the 办结率."""
    if _CHANGE.search(words) or not s.about_requests(at) or _OTHER_SUBJECT.search(words):
        return None
    rows, groups = _rows_named(words), _groups_named(words)
    if groups and not rows:
        return _t3(*(r for g in groups for r in GROUPS[g])), (HANDLED, ALL)
    if _SHARE_OF_PREVIOUS.match(words) and previous is not None and previous.topic == REQUESTS \
            and not previous.percent and len(previous.cells) == 1 and previous.cells[0] not in (NEW, ALL, HANDLED):
        return previous.cells[0], (HANDLED, ALL)  # “予以公开6件（占54.5%）”
    if _RATE.search(words) and not rows:
        return HANDLED, (NEW, ALL)
    return None


def readings(paragraph: str, key: str) -> Iterator[Reading]:
    """Every number of ``paragraph`` (narrative ``key``) whose clause names a table quantity."""
    text = fold(paragraph)
    previous_end = 0
    last: Reading | None = None
    found = tokens(text)
    for i, tok in enumerate(found):
        s_start = back_to(text, tok.start, SENTENCE_END)
        if last is not None and last.start < s_start:
            last = None
        start = max(back_to(text, tok.start, BOUNDARY), previous_end, s_start)
        previous_end = tok.end
        words = text[start:tok.start]
        words = words[words.rfind("其中") + 2:] if "其中" in words else words
        words = words.strip().lstrip("(、").strip()
        following = found[i + 1].start if i + 1 < len(found) else len(text)
        tail_end = min([following, *(j for j in (text.find(c, tok.end) for c in BOUNDARY) if j != -1)])
        tail = text[tok.end:tail_end]
        sentence = _Sentence(text, s_start, key)
        reading: Reading | None = None
        if tok.amount:
            # 万元 is only ever table 二's 行政事业性收费, and only when the clause says so.
            if "行政事业性收费" in words:
                reading = Reading(tok.value, False, ((("t2", "fees", "amount"),),), (), FEES, start, tok.end)
        elif tok.percent:
            share = _share(words, last, sentence, tok.start)
            if share:
                reading = Reading(tok.value, True, (share[0],), share[1], REQUESTS, start, tok.end)
        else:
            count = _count(words, tail.strip(), sentence, tok.start)
            if count:
                end = tok.end + (len(tail.rstrip(") ")) if not _ANY_KEYWORD.search(words) else 0)
                reading = Reading(tok.value, False, count[0], (), count[1], start, end)
        if reading is not None:
            last = reading
            yield reading
        elif not tok.percent:
            last = None  # a share names what the count right before it names, or nothing
