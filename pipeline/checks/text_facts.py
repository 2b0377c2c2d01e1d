"""Statements of fact without a number that the tables contradict (T4).

“无依申请公开”, “未发生行政复议”, “全部申请均已办结”, “均获维持”, “未收取行政事业性收费”: each names a
table quantity and says it is zero (or that nothing is left); the table says otherwise.

Every rule here is a warning, never an error, and for the same reason: the rule reads a sentence's
scope from its words, and a unit may rightly say “未收到申请” of one office or “均已办结” of last
year's requests. An error would block the whole report over a wording the clerk may keep; a warning
is printed by ``check``, listed in the 问题清单 and marked in the annotated copy, so the operator is
always told before a report prints a sentence that contradicts its own tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checks.text_common import label, table_cell, text_cell, texts
from pipeline.checks.text_tokens import fold
from pipeline.checks.text_words import (
    CARRIED,
    DOCUMENTS,
    FEES,
    HANDLE_WORDS,
    LITIGATION,
    NEW,
    NEXT,
    REQUESTS,
    REVIEW,
    REVIEWS,
    Cells,
    t4,
)
from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.format.official import TABLE2, TABLE3, TABLE4

#: Only the words that deny something happened: “未能按时答复”, “未经复议”, “无论”, “无法提供”, “尚未审结”
#: deny nothing about the counts.
_NEGATION = re.compile(r"(?<!尚)未(?:接收到|收到|受理|接到|发生|出现|产生|有|被|收取)|没有|(?<!毫)无(?=依申请|政府信息|"
                       r"信息公开|公开申请|行政复议|行政诉讼|相关|此类|行政规范性文件|规范性文件|下一?年度?结转|上一?年度?结转|结转|转结|"
                       r"被纠错|被纠正|败诉|行政事业性收费)")
_CLAUSE = re.compile(r"[^,;。!?:]*")
_COUNT = re.compile(r"\d+(?![\d.]*\s*[年月日号])")
_OTHER_SUBJECT = re.compile(r"许可|审批|信访|来信|留言|信箱|热线|提案|建议|咨询|政务服务")
_CORRECTED = re.compile(r"纠错|纠正|败诉|撤销")
#: How the table's 结转下年度 total is named when a sentence is compared with it.
_NEXT_SAID = f"{TABLE3.sheet}“{TABLE3.row('next').label}”总计"


def _t4_said(*cols: str) -> str:
    """表四“行政复议”“结果纠正”, 表四“行政诉讼”两项“结果纠正”合计: labels from the declaration."""
    first = TABLE4.col(cols[0])
    if len(cols) == 1:
        return f"{TABLE4.sheet}“{first.path[0]}”“{first.label}”"
    return f"{TABLE4.sheet}“{first.path[0]}”两项“{first.label}”合计"


def _subjects(rest: str) -> list[tuple[str, Cells]]:
    """What a denial's clause says is zero: (what the tables call it, its cells)."""
    review, litigation = "复议" in rest, bool(re.search(r"诉讼|败诉", rest))
    if _CORRECTED.search(rest):  # “未发生…被行政复议纠错或行政诉讼败诉”: results, not cases
        if not (review or litigation):
            review = litigation = True
        return ([(_t4_said("review_corrected"), t4("review_corrected"))] if review else []) + \
            ([(_t4_said("direct_corrected", "after_corrected"), t4("direct_corrected", "after_corrected"))]
             if litigation else [])
    if review or litigation:
        return ([(f"{TABLE4.sheet}“{TABLE4.col('review_total').path[0]}”总计", REVIEW)] if review else []) + \
            ([(f"{TABLE4.sheet}{TABLE4.col('direct_total').path[0]}两项总计", LITIGATION)] if litigation else [])
    if re.search(r"(?:结转|转结)[^,;。]{0,4}(?:下一?年|\d{4}年)|下一?年度?(?:结转|转结)", rest):
        return [(_NEXT_SAID, NEXT)]
    if re.search(r"上一?年度?[^,;。]{0,2}(?:结转|转结)|(?:结转|转结)上一?年", rest):
        return [(f"{TABLE3.sheet}“{TABLE3.row('carried').label}”总计", CARRIED)]
    if re.search(r"制发[^,;。]{0,6}规范性文件|规范性文件[^,;。]{0,4}(?:出台|制发|印发|制定)", rest):
        return [(f"{TABLE2.sheet}“{TABLE2.row('normative').label}”的“{TABLE2.col('issued').label}”",
                 (("t2", "normative", "issued"),))]
    if "行政事业性收费" in rest:
        return [(f"{TABLE2.sheet}“{TABLE2.row('fees').label}”", (("t2", "fees", "amount"),))]
    if re.search(r"依申请|公开申请|信息申请|要求公开|申请公开", rest) and not _OTHER_SUBJECT.search(rest):
        return [(f"{TABLE3.sheet}“{TABLE3.row('new').label}”总计", NEW)]
    return []


def denied_topics(paragraph: str) -> set[str]:
    """The topics a paragraph states as zero (“未收到申请”, “未发生行政复议”), whatever the tables say."""
    text, found = fold(paragraph), set()
    for neg in _NEGATION.finditer(text):
        clause = _CLAUSE.match(text, neg.start())
        rest = clause.group(0) if clause else ""
        for _, cells in _subjects(rest[:40]):
            table, row, _ = cells[0]
            found.add({"t4": REVIEWS, "t3": REQUESTS}.get(table, FEES if row == "fees" else DOCUMENTS))
    return found


def _amount(report: Report, cells: Cells) -> str:
    total = sum(report.tables[t].value(r, c) for t, r, c in cells)
    return f"{total} 万元" if cells[0][2] == "amount" else f"{total} 件"


def _nonzero(report: Report, cells: Cells) -> bool:
    return sum(report.tables[t].value(r, c) for t, r, c in cells) != 0


def _denials(report: Report, text: str) -> Iterator[tuple[int, int, str, Cells]]:
    for neg in _NEGATION.finditer(text):
        clause = _CLAUSE.match(text, neg.start())
        rest = clause.group(0) if clause else ""
        if _COUNT.search(rest):
            continue  # “无法提供1件”, “没有……超过3件”: a count, not a denial
        subjects = _subjects(rest[:40])
        if not subjects and _BARE_CARRY.match(text, neg.start()):
            # “均已办结，无结转”: after the requests handled, nothing left for next year.
            start, _ = _sentence(text, neg.start())
            if HANDLE_WORDS.search(text[start:neg.start()]):
                subjects = [(_NEXT_SAID, NEXT)]
        for said, cells in subjects:
            if _nonzero(report, cells):
                yield neg.start(), neg.start() + len(rest), said, cells


#: “无结转”, “没有结转件”: which year's is said only by the words before it.
_BARE_CARRY = re.compile(r"(?:无|没有)(?:结转|转结)")
#: “全部申请均已办结” and its family (均已办理完成, 都已答复完毕, 已全部处理完毕): nothing carried into next
#: year. Not “均在法定期限内予以答复（完成答复）”: that is said of the requests answered, on time.
_ALL_HANDLED = re.compile(r"(?:全部|均|都)[^,;。!?]{0,12}?(?:办结|办理完成|办理完毕|办完|答复完毕|答复完成|"
                          r"处理完毕|处理完成)(?!率)")
#: A carry-over the sentence allows for; “无结转” allows for none.
_ALLOWED = re.compile(r"(?<![无没有])(?:结转|转结)|转下|下一?年|除|顺延")
#: “均获维持”: every case upheld.
_ALL_UPHELD = re.compile(r"(?:均|全部|都)[^,;。!?]{0,4}维持|结果均为维持")


def _sentence(text: str, at: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, at) for c in "。;!?") + 1
    ends = [i for i in (text.find(c, at) for c in "。;!?") if i != -1]
    return start, min(ends, default=len(text))


def _all_handled(report: Report, key: str, text: str) -> Iterator[tuple[int, int, str, Cells]]:
    if not _nonzero(report, NEXT):
        return
    for m in _ALL_HANDLED.finditer(text):
        start, end = _sentence(text, m.start())
        before = text[start:m.start()]
        about = key == "s1_request" or re.search(r"申请|公开件", before)
        # “除2件结转下年外均已办结”, “上年结转的均已办结”: the words already allow for what is left.
        allowed = _ALLOWED.search(text[start:end])
        if about and not allowed and not _OTHER_SUBJECT.search(before):
            clause = max(text.rfind(c, 0, m.start()) for c in ",;。!?:") + 1
            yield clause, m.end(), _NEXT_SAID, NEXT


def _all_upheld(report: Report, text: str) -> Iterator[tuple[int, int, str, Cells]]:
    for m in _ALL_UPHELD.finditer(text):
        start, _ = _sentence(text, m.start())
        before = text[start:m.start()]
        groups = (["review"] if "复议" in before else []) + (["direct", "after"] if "诉讼" in before else [])
        cells = t4(*(f"{g}_{r}" for g in groups for r in ("corrected", "other", "pending")))
        if groups and _nonzero(report, cells):
            clause = max(text.rfind(c, 0, m.start()) for c in ",;。!?:") + 1
            results = "".join(f"“{TABLE4.col(f'review_{r}').label}”" for r in ("corrected", "other", "pending"))
            yield clause, m.end(), f"{TABLE4.sheet}的{results}合计", cells


def fact_problems(report: Report, key: str, paragraph: str) -> Iterator[tuple[str, str, Cells]]:
    """(the phrase quoted, what the tables say, the cells) for every contradicted statement."""
    text, seen = fold(paragraph), set()
    for start, end, said, cells in (*_denials(report, text), *_all_handled(report, key, text),
                                    *_all_upheld(report, text)):
        sentence = (_sentence(text, start), cells)
        if sentence not in seen:  # “均已办结，无结转”: one statement, said twice
            seen.add(sentence)
            yield paragraph[start:end].strip(), f"{said}为 {_amount(report, cells)}", cells


def check_facts(report: Report) -> Iterator[Problem]:
    """T4: “无依申请公开”, “未发生行政复议”, “均已办结”, “均获维持” and the like, where the tables say otherwise."""
    for key, paragraph in texts(report):
        for phrase, said, cells in fact_problems(report, key, paragraph):
            yield Problem("T4", (text_cell(report, key), *dict.fromkeys(table_cell(report, *c) for c in cells)),
                          f"{label(key)}中写“{phrase}”，但{said}。"
                          f"请按表格改写这句话（若是表格填错，先改表格）。")
