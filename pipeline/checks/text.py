"""Checks on the narrative against the tables and the report year (warnings T3–T5, T11); ``text_copy``
has the checks for copied and unfinished text (T6–T10, Y3).

Evaluations of these reports find the same defects every year, and 国办公开办函〔2021〕30号 holds an
official accountable for them: numbers that contradict the tables, last year's dates, another unit's
name, placeholders, an empty section. Every warning names the narrative cell and quotes the phrase.
Precision matters as much as recall: what a number names is read from its own clause
(``text_reading``), a year from the words around it, and where the reading is uncertain the check
says nothing. The corpus of real published sentences in tests/corpus holds every rule to that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checks.text_common import label, quote, table_cell, text_cell, texts
from pipeline.checks.text_facts import check_facts
from pipeline.checks.text_numbers import contradictions
from pipeline.checks.text_tokens import fold
from pipeline.core.model import Report
from pipeline.core.problems import Problem, cell_order
from pipeline.format.layout import FIELD_INPUTS
from pipeline.format.official import NARRATIVES, TRIAL_FORMAT


def check_numbers(report: Report) -> Iterator[Problem]:
    """T3: a number stated in the text that no reading of the tables supports."""
    hint = "" if report.auto_sentences else "；也可在“基本信息”中把“自动生成统计语句”选为“是”，由工具按表格写出这些数字"
    for key, paragraph in texts(report):
        for reading, expect in contradictions(report, key, paragraph):
            cells = sorted({table_cell(report, *c) for c in expect.cells}, key=cell_order)
            phrase = paragraph[reading.start:reading.end].strip().lstrip("（(、,，").strip()
            yield Problem("T3", (text_cell(report, key), *cells),
                          f"{label(key)}中写“{phrase}”，而{expect.said}，两者不符。"
                          f"请按表格改正这句话（若是表格填错，先改表格）{hint}。")


_YEAR = r"(\d{4})\s*年"
_PERIOD = re.compile(r"统计(?:期限|期间|周期|时间|时限)|自\s*\d{4}\s*年\s*1\s*月\s*1\s*日")
_TITLE = re.compile(_YEAR + r"\s*度?\s*政府信息公开工作年度报告")
_AS_OF = re.compile(r"截至\s*" + _YEAR + r"\s*(?:12\s*月\s*31\s*日|底|末)")
_OPENING = re.compile(r"(?:^|[。;!?])\s*" + _YEAR + r"\s*度?\s*[,，]")
#: Words that make a clause a plan. 将 only before a verb: “将政务公开纳入考核” (将 = 把) is what was done.
_FUTURE = re.compile(r"将(?=进一步|继续|持续|不断|着力|切实|全面|深入|积极|认真|重点|围绕|紧扣|聚焦|扎实|加强|加大|"
                     r"强化|推进|推动|完善|健全|建立|做好|抓好|提升|提高|优化|丰富|拓展|严格|坚持|于|在|进行|开展)"
                     r"|计划(?=于|在|将|开展|推进|完成)|拟|力争|下一步|下步|明年|今后")
#: A clause that tells what was done or found (“已整改”, “丰富了”, “存在的问题”) is about its own year.
_DONE = re.compile(r"已|了(?!解)|整改|取得|存在|问题|不足|针对")
#: A year that is not the date of the clause: “在2023年基础上”, “2019年以来”, “与2023年相比”.
_NOT_A_DATE = re.compile(r"\s*度?\s*(?:基础|以来|同期|相比|的|报告|年度报告|工作中)")
_TIME_ONLY = re.compile(r"^\s*(?:下一?步|今后)?\s*\d{4}\s*年度?\s*(?:上半年|下半年|底|内|全年)?\s*$")


def _plan_clauses(sentence: str) -> Iterator[tuple[int, str]]:
    """(offset, clause) of ``sentence``; a clause that is only a date (“2024年，”) joins the next."""
    offset, pending = 0, None
    for part in re.split(r"([,，:：])", sentence):
        if part in (",", "，", ":", "："):
            offset += 1
            continue
        if pending is not None:
            start, text = pending[0], sentence[pending[0]:offset + len(part)]
            pending = None
            yield start, text
        elif _TIME_ONLY.match(part):
            pending = (offset, part)
        else:
            yield offset, part
        offset += len(part)
    if pending is not None:
        yield pending


def _stale_plans(y: int, text: str) -> Iterator[tuple[int, int]]:
    """In 五: a plan dated before the next year, wherever the plan word stands in its clause."""
    for sentence in re.finditer(r"[^。;!?]+", text):
        for offset, clause in _plan_clauses(sentence.group(0)):
            if not _FUTURE.search(clause) or _DONE.search(clause):
                continue
            for m in re.finditer(_YEAR, clause):
                if int(m.group(1)) <= y and not _NOT_A_DATE.match(clause, m.end()):
                    base = sentence.start() + offset
                    yield base + m.start(), base + len(clause)  # quoted with its plan


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
        # 五 may name last year's problems and this year's own 整改; only a plan must look ahead.
        spans += list(_stale_plans(y, text))
    else:
        # The report's own title: exactly Y. “2023年，盘江镇坚持……” opening a sentence about this
        # year's work, “截至2023年底”: last year's text.
        spans += [m.span(1) for m in _TITLE.finditer(text) if int(m.group(1)) != y]
        spans += [m.span(1) for m in _OPENING.finditer(text) if int(m.group(1)) < y]
        spans += [m.span() for m in _AS_OF.finditer(text) if int(m.group(1)) < y]
    return spans


def _period_year(report: Report) -> int | None:
    """The one year every statistics-period sentence of the narrative states, if there is one."""
    stated = {int(m.group(1)) for _, paragraph in texts(report)
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


#: Words found only in an old format: the 2019 trial notice (国办公开办函〔2019〕60号) cited, its table 二's
#: columns and items, and the section list of the reports before it (收费及减免, 不予公开 as sections).
#: Never the words of the 条例 itself: 第五十条（四）“政府信息公开工作存在的主要问题及改进情况” is what
#: current-format reports rightly write too.
_TRIAL = re.compile(r"国办公开办函\s*[〔\[（(]\s*2019\s*[〕\]）)]\s*60\s*号|"
                    r"本年新制作数量|本年新公开数量|对外公开总数量|政府集中采购|第二十条第[（(]九[）)]项|"
                    r"政府信息公开的?收费及减免情况|依申请公开政府信息和不予公开政府信息的?情况")


def check_old_format(report: Report) -> Iterator[Problem]:
    """T11: text written for the 2019 trial format: its notice cited, its labels or its section five."""
    for n in NARRATIVES:
        found = [m.group(0) for p in report.texts.get(n.key, []) for m in _TRIAL.finditer(fold(p))]
        if found:
            yield Problem("T11", (text_cell(report, n.key),),
                          f"{label(n.key)}中有{quote(found)}，这是 {TRIAL_FORMAT}。"
                          f"请按现行格式改写这些文字（多是沿用往年报告留下的）。")


TEXT_NUMBER_CHECKS = (check_numbers, check_facts, check_years, check_old_format)
