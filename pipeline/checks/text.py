"""Checks on the narrative against the tables and the report year (warnings T3–T5); ``textcopy``
has the checks for copied and unfinished text (T6–T10, Y3).

Evaluations of these reports find the same defects every year, and 国办公开办函〔2021〕30号 holds an
official accountable for them: numbers that contradict the tables, last year's dates, another unit's
name, placeholders, an empty section. Every warning names the narrative cell and quotes the phrase.
Precision matters as much as recall: each pattern is narrow enough that the real seed report gives
exactly the warnings its real defects deserve, and ordinary words (乡村振兴, 城乡, 乡镇) never match.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pipeline.checks.text_numbers import contradictions, fold
from pipeline.core.model import Report
from pipeline.core.problems import Problem, cell_order
from pipeline.format.layout import FIELD_INPUTS, TEXT_INPUTS
from pipeline.format.official import NARRATIVES, TABLE2, TABLE3, TABLE4, narrative_label


def text_cell(report: Report, key: str) -> str:
    # A report read from a workbook knows where each text was; one built in code (the seed) does not.
    return report.addresses.get(key) or TEXT_INPUTS[key].place.address


def table_cell(report: Report, table: str, row: str, col: str) -> str:
    return report.tables[table].address(row, col)


def label(key: str) -> str:
    return "“" + narrative_label(key).replace("\n", "") + "”"


def _texts(report: Report) -> Iterator[tuple[str, str]]:
    """(narrative key, paragraph) in report order."""
    for n in NARRATIVES:
        for paragraph in report.texts.get(n.key, []):
            yield n.key, paragraph


def quote(phrases: list[str]) -> str:
    counted = Counter(phrases)
    return "、".join(f"“{p}”" + (f"（{n} 处）" if n > 1 else "") for p, n in counted.items())


def check_numbers(report: Report) -> Iterator[Problem]:
    """T3: a number stated in the text that no reading of the tables supports."""
    hint = "" if report.auto_sentences else "；也可在“基本信息”中把“自动生成统计语句”选为“是”，由工具按表格写出这些数字"
    for key, paragraph in _texts(report):
        for claim, expect in contradictions(report, key, paragraph):
            cells = sorted({table_cell(report, *c) for c in expect.cells}, key=cell_order)
            yield Problem("T3", (text_cell(report, key), *cells),
                          f"{label(key)}中写“{claim.phrase}”，而{expect.said}，两者不符。"
                          f"请按表格改正这句话（若是表格填错，先改表格）{hint}。")


#: Only the words that deny something happened: “未能按时答复”, “未经复议”, “无论”, “无法提供”, “尚未审结”
#: deny nothing about the counts.
_NEGATION = re.compile(r"(?<!尚)未(?:收到|受理|接到|发生|出现|产生|有|被)|没有|(?<!毫)无(?=依申请|政府信息|信息公开|"
                       r"公开申请|行政复议|行政诉讼|相关|此类)")
_CLAUSE = re.compile(r"[^,;。!?:，；：]*")


def check_denials(report: Report) -> Iterator[Problem]:
    """T4: “无依申请公开”“未发生行政复议” and the like, where the tables are not zero."""
    t3, t4, t2 = report.tables["t3"], report.tables["t4"], report.tables["t2"]
    subjects = (
        (r"行政复议", f"{TABLE4.sheet}“{TABLE4.col('review_total').path[0]}”总计", (("t4", "cases", "review_total"),)),
        (r"行政诉讼", f"{TABLE4.sheet}{TABLE4.col('direct_total').path[0]}两项总计",
         (("t4", "cases", "direct_total"), ("t4", "cases", "after_total"))),
        (r"制发[^,;。]{0,6}规范性文件",
         f"{TABLE2.sheet}“{TABLE2.row('normative').label}”的“{TABLE2.col('issued').label}”",
         (("t2", "normative", "issued"),)),
        (r"依申请公开|公开申请|信息公开申请", f"{TABLE3.sheet}“{TABLE3.row('new').label}”总计",
         (("t3", "new", "total"),)),
    )
    tables = {"t2": t2, "t3": t3, "t4": t4}
    for key, paragraph in _texts(report):
        text = fold(paragraph)
        for neg in _NEGATION.finditer(text):
            clause = _CLAUSE.match(text, neg.start())
            rest = clause.group(0) if clause else ""
            if re.search(r"\d", rest):
                continue  # “无法提供1件”, “没有……超过3件”: a count, not a denial
            # “未发生因信息公开申请引起的行政复议”: the denial is about the 复议, not the requests.
            found = [s for s in subjects if re.search(s[0], rest[:24])]
            if any(s[0] in ("行政复议", "行政诉讼") for s in found):
                found = [s for s in found if s[0] in ("行政复议", "行政诉讼")]
            for _, said, cells in found:
                n = sum(int(tables[t].value(r, c)) for t, r, c in cells)
                if n:
                    phrase = paragraph[neg.start():neg.start() + len(rest)]
                    yield Problem("T4", (text_cell(report, key), *(table_cell(report, *c) for c in cells)),
                                  f"{label(key)}中写“{phrase}”，但{said}为 {n} 件。"
                                  f"请按表格改写这句话（若是表格填错，先改表格）。")


_YEAR = r"(\d{4})\s*年"
_PERIOD = re.compile(r"统计(?:期限|期间|周期|时间|时限)|自\s*\d{4}\s*年\s*1\s*月\s*1\s*日")
_TITLE = re.compile(_YEAR + r"\s*度?\s*政府信息公开工作年度报告")
_AS_OF = re.compile(r"截至\s*" + _YEAR + r"\s*(?:12\s*月\s*31\s*日|底|末)")
_OPENING = re.compile(r"(?:^|[。;!?])\s*" + _YEAR + r"\s*度?\s*[,，]")
_PLAN = re.compile(_YEAR + r"\s*度?\s*[,，]?\s*([^,;。\d]{0,10}?)(?:将|计划|拟|力争|工作打算|工作安排|工作思路)")


def _stale_years(report: Report, key: str, text: str) -> list[tuple[int, int]]:
    """Spans of years that do not fit the report year ``Y`` in ``text`` (folded)."""
    assert report.year is not None
    y = report.year
    spans = []
    for sentence in re.finditer(r"[^。;!?]+", text):
        s, base = sentence.group(0), sentence.start()
        if _PERIOD.search(s):  # the statistics period: exactly Y
            spans += [(base + m.start(), base + m.end()) for m in re.finditer(_YEAR, s) if int(m.group(1)) != y]
    if key == "s5":
        # Plans speak of Y+1: “2024年，我镇将……” in the report for 2024 was written a year ago.
        spans += [m.span() for m in _PLAN.finditer(text) if int(m.group(1)) <= y
                  and not re.search(r"问题|不足|存在|整改|已", m.group(2)) and f"{y + 1}" not in text]
    else:
        # The report's own title: exactly Y. “2023年，盘江镇坚持……” opening a sentence about this
        # year's work, “截至2023年底”: last year's text (五 may look back at last year, so not there).
        spans += [m.span(1) for m in _TITLE.finditer(text) if int(m.group(1)) != y]
        spans += [m.span(1) for m in _OPENING.finditer(text) if int(m.group(1)) < y]
        spans += [m.span() for m in _AS_OF.finditer(text) if int(m.group(1)) < y]
    return spans


def _period_year(report: Report) -> int | None:
    """The one year every statistics-period sentence of the narrative states, if there is one."""
    stated = {int(m.group(1)) for n in NARRATIVES for paragraph in report.texts.get(n.key, [])
              for sentence in re.finditer(r"[^。;!?]+", fold(paragraph)) if _PERIOD.search(sentence.group(0))
              for m in re.finditer(_YEAR, sentence.group(0))}
    return stated.pop() if len(stated) == 1 else None


def check_years(report: Report) -> Iterator[Problem]:
    """T5: a year left from an earlier report: the statistics period, this year's work, next year's plans."""
    if report.year is None:
        return
    # The text may be right and the 报告年度 cell wrong (2025 typed in January 2025 for the 2024
    # report): then every T5 says where the one real fix would be.
    stated, also = _period_year(report), ""
    year_cell = report.addresses.get("year") or FIELD_INPUTS["year"].place.address
    if stated is not None and stated != report.year:
        also = (f"如果本报告确是 {stated} 年度的（正文的统计期限写的是 {stated} 年），那是“报告年度”（{year_cell}）"
                f"填成了 {report.year}：请改正“报告年度”，不要改正文。")
    for n in NARRATIVES:
        phrases = []
        for paragraph in report.texts.get(n.key, []):
            text = fold(paragraph)
            for start, end in sorted(set(_stale_years(report, n.key, text))):
                phrases.append(_context(paragraph, start, end))
        if phrases:
            expected = (f"改进计划应写下一年度 {report.year + 1} 年" if n.key == "s5"
                        else f"统计期限和本年工作应为报告年度 {report.year} 年")
            yield Problem("T5", (text_cell(report, n.key), *((year_cell,) if also else ())),
                          f"{label(n.key)}中{quote(phrases)}的年份不对：{expected}。"
                          f"这多是沿用上年报告留下的；请逐处改正年份，并核对这部分内容是否是本年的。{also}")


def _context(paragraph: str, start: int, end: int) -> str:
    """The phrase around a span, to the nearest punctuation, for quoting."""
    left = max(paragraph.rfind(p, 0, start) for p in "，,。；;：:") + 1
    rights = [i for i in (paragraph.find(p, end) for p in "，,。；;：:") if i != -1]
    return paragraph[left:min(rights, default=len(paragraph))].strip()


TEXT_NUMBER_CHECKS = (check_numbers, check_denials, check_years)
