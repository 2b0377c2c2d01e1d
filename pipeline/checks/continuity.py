"""Cross-year checks: this year's report against the same unit's report of the year before.

Y1 (error): every request carried over into this year is one that last year's report said it was
carrying over. Y2 (warning): the stock of documents in force continues from last year's. Y2 is only a
warning because a clean-up of the document library (清理) legitimately breaks it.
Labels come from ``official``; last year's cells are named in the message, this year's in ``cells``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.core.yoy import COMPARE_HEADING
from pipeline.format.layout import FIELD_INPUTS
from pipeline.format.official import TABLE2, TABLE3, UNIT_FIELD

_CARRIED, _NEXT = TABLE3.row("carried"), TABLE3.row("next")
_ISSUED, _REPEALED, _IN_FORCE = (TABLE2.col(k) for k in ("issued", "repealed", "in_force"))
#: The rows of table 二 that have a stock of documents in force (the first block).
_STOCK_ROWS = TABLE2.blocks[0].rows


def _which(previous: Report) -> str:
    return f"{previous.year}年度" if previous.year is not None else "上年"


def check_carried_over(report: Report, previous: Report) -> Iterator[Problem]:
    """Y1: for every column of table 三, this year's 上年结转 = last year's 结转下年度继续办理."""
    now, before = report.tables[TABLE3.key], previous.tables[TABLE3.key]
    for col in TABLE3.cols:
        carried, expected = now.value(_CARRIED.key, col.key), before.value(_NEXT.key, col.key)
        if carried == expected:
            continue
        last_cell = before.address(_NEXT.key, col.key)
        yield Problem("Y1", (now.address(_CARRIED.key, col.key),),
                      f"{TABLE3.sheet}“{col.label}”列：本年“{_CARRIED.label}” = {carried}，"
                      f"但{_which(previous)}报告“{_NEXT.label}” = {expected}（上年工作簿 {last_cell}），"
                      f"两者应相等，现相差 {abs(carried - expected)}。"
                      f"上年结转下来的申请就是本年的上年结转；请核对本年数字，或确认上年报告是否已更正。")


def check_documents_in_force(report: Report, previous: Report) -> Iterator[Problem]:
    """Y2: 现行有效件数 = last year's + 本年制发件数 − 本年废止件数, for 规章 and 行政规范性文件."""
    now, before = report.tables[TABLE2.key], previous.tables[TABLE2.key]
    for row in _STOCK_ROWS:
        issued, repealed = now.value(row.key, _ISSUED.key), now.value(row.key, _REPEALED.key)
        in_force, last = now.value(row.key, _IN_FORCE.key), before.value(row.key, _IN_FORCE.key)
        expected = last + issued - repealed
        if in_force == expected:
            continue
        last_cell = before.address(row.key, _IN_FORCE.key)
        yield Problem("Y2", tuple(now.address(row.key, c.key) for c in (_ISSUED, _REPEALED, _IN_FORCE)),
                      f"{TABLE2.sheet}“{row.label}”：本年“{_IN_FORCE.label}” = {in_force}，"
                      f"而上年“{_IN_FORCE.label}” {last}"
                      f"（上年工作簿 {last_cell}）+ “{_ISSUED.label}” {issued} − “{_REPEALED.label}” {repealed}"
                      f" = {expected}，相差 {abs(in_force - expected)}。"
                      f"如本年开展了文件清理，请在正文中说明；否则请核对这三个数。")


CONTINUITY_CHECKS = (check_carried_over, check_documents_in_force)


def check_compare_needs_previous(report: Report) -> Iterator[Problem]:
    """Y4, when no last year's workbook was given: the switch 与上年对比 asks for a table that
    cannot be made. Said, so that the unit is not surprised by a report without it."""
    if report.compare:
        label = UNIT_FIELD["compare"].label
        cell = report.addresses.get("compare") or FIELD_INPUTS["compare"].place.address
        yield Problem("Y4", (cell,),
                      f"“{label}”选了“是”，但这次检查没有本单位上年的工作簿，报告不加“{COMPARE_HEADING}”表。"
                      f"不需要此表时请改选“否”。",
                      advice=(("terminal", "要加此表，请在检查时给出上年工作簿（命令行 --previous 上年工作簿.xlsx；"
                                           "批量检查时 --previous 上年文件夹）。"),
                              ("browser", "要加此表，请县政务公开办在服务中提供本单位上年的工作簿。"),
                              ("paper", "要加此表，请县政务公开办提供本单位上年的工作簿。")))
