"""Last year's report of the same unit: the other half of the continuity checks (Y1–Y3).

A previous workbook is read like any other; it must be the same unit and the year before, or every
continuity check would compare unrelated numbers — that is refused, not warned about. “The same unit”
is the one rule of ``core.unit_names``: “淮安市洪泽区人民政府” last year and “洪泽区人民政府” this year
are paired, and the pairing is said (U1) so that a wrong one can be seen.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.core.unit_names import How, UnitId, match, note
from pipeline.importing.read import import_report, is_published
from pipeline.reading.reader import read


def read_report(path: Path) -> tuple[Report, list[Problem]]:
    """A workbook as read, or a report as published (.docx, page, PDF, text) imported on the way.
    A published report with a table cell that could not be read is refused: last year's figures are
    compared cell by cell, and an empty cell would be compared as a guess."""
    if not is_published(path):
        return read(path)
    report, imported = import_report(path)
    if imported.unread_cells:
        cells = "、".join(imported.unread_cells[:5]) + ("等" if len(imported.unread_cells) > 5 else "")
        raise CannotRun(f"上年报告 {path.name} 的表格有 {len(imported.unread_cells)} 格未能读出（{cells}），"
                        f"不能用来核对衔接关系。请先用 import 命令把它导入为工作簿，对照原报告补全后再指定该工作簿。")
    return report, []


def pairing_note(previous: Report, report: Report, how: How) -> list[Problem]:
    """U1 when last year's and this year's names were paired without being equal."""
    if how is How.EXACT:
        return []
    return [Problem("U1", (), note("上年", previous.unit_name, "本年", report.unit_name), unit=report.unit_name)]


def read_previous(path: Path, report: Report) -> tuple[Report, list[Problem]]:
    """Read ``path`` as the previous-year report of ``report``'s unit, or explain why it is not;
    with it, U1 when the two names are spelled differently."""
    previous, _ = read_report(path)  # last year's own problems were last year's to fix
    how = match(UnitId(previous.unit_name), UnitId(report.unit_name))
    if how is None:
        raise CannotRun(f"上年工作簿 {path.name} 是“{previous.unit_name}”的，本年工作簿是“{report.unit_name}”的，"
                        f"不能用来核对衔接关系。请指定本单位上一年度的工作簿。")
    if report.year is not None and previous.year != report.year - 1:
        raise CannotRun(f"上年工作簿 {path.name} 的报告年度是 {previous.year}，应为 {report.year - 1}"
                        f"（本年为 {report.year}）。请指定上一年度的工作簿。")
    return previous, pairing_note(previous, report, how)
