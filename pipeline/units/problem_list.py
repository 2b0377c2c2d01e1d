"""问题清单.xlsx: every problem of a batch, one row each, ready to filter by unit and send out.

Rows are streamed into a write-only workbook as units finish, so a city's several hundred units
never sit in memory together. A second sheet holds the summary: one row per file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pipeline.core.cells import data_cells
from pipeline.core.output import atomic_write, display_width
from pipeline.core.problems import Problem

PROBLEM_SHEET = "问题清单"
SUMMARY_SHEET = "单位汇总"
PROBLEM_HEADER = ("单位", "文件", "单元格", "代码", "级别", "说明")
SUMMARY_HEADER = ("单位", "文件", "错误", "警告", "报告")
_WIDTHS = {PROBLEM_SHEET: (22, 30, 24, 10, 8, 100), SUMMARY_SHEET: (22, 30, 8, 8, 40)}


@dataclass
class SummaryRow:
    unit: str
    file: str
    errors: int
    warnings: int
    report: str  # where the report was written, or why not

    def cells(self) -> tuple[str, str, int, int, str]:
        return (self.unit, self.file, self.errors, self.warnings, self.report)


def _sheet(wb: Workbook, title: str, header: tuple[str, ...]) -> WriteOnlyWorksheet:
    ws = wb.create_sheet(title)
    for i, width in enumerate(_WIDTHS[title]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"  # the header stays visible while scrolling through hundreds of rows
    bold = []
    for text in header:
        cell = WriteOnlyCell(ws, text)
        cell.font = Font(bold=True)
        bold.append(cell)
    ws.append(bold)
    return ws


class IssueList:
    """Open while a batch runs: ``add`` each unit's problems, then ``save`` with the summary."""

    def __init__(self) -> None:
        self._wb = Workbook(write_only=True)
        self._problems = _sheet(self._wb, PROBLEM_SHEET, PROBLEM_HEADER)
        self._rows = 1
        self._wrap = Alignment(wrap_text=True, vertical="top")

    def add(self, unit: str, file: str, problems: Iterable[Problem]) -> None:
        for p in problems:
            message = WriteOnlyCell(self._problems, p.message)
            message.alignment = self._wrap
            # Unit and file names come from staff: =HYPERLINK(…) stays text (core.cells).
            self._problems.append(data_cells(self._problems, [p.unit or unit, file, "、".join(p.cells), p.code,
                                                              p.severity.label, message]))
            self._rows += 1

    def save(self, summary: list[SummaryRow], path: Path) -> None:
        self._problems.auto_filter.ref = f"A1:F{self._rows}"
        ws = _sheet(self._wb, SUMMARY_SHEET, SUMMARY_HEADER)
        for row in summary:
            ws.append(data_cells(ws, row.cells()))
        ws.auto_filter.ref = f"A1:E{len(summary) + 1}"
        with atomic_write(path) as tmp:
            self._wb.save(tmp)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def summary_table(rows: list[SummaryRow]) -> str:
    """The summary as aligned text for the terminal (Chinese characters are two columns wide)."""
    table = [SUMMARY_HEADER, *((r.unit or "—", r.file, str(r.errors), str(r.warnings), r.report) for r in rows)]
    widths = [max(display_width(str(line[i])) for line in table) for i in range(len(SUMMARY_HEADER) - 1)]
    return "\n".join("  ".join([*(_pad(str(c), w) for c, w in zip(line, widths, strict=False)), str(line[-1])])
                     for line in table)


class Progress:
    """On a terminal, one bar that moves and names the current unit; in a log, one line per unit."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()

    def __call__(self, done: int, total: int, unit: str, file: str, errors: int, warnings: int, state: str) -> None:
        if self.tty:
            filled = round(30 * done / total)
            line = f"\r[{'#' * filled}{'-' * (30 - filled)}] {done}/{total} {unit or file}"
            self.stream.write(_pad(line, 79)[:79] + ("\n" if done == total else ""))
        else:
            self.stream.write(f"[{done}/{total}] {file}　{unit or '—'}：错误 {errors}，警告 {warnings}，{state}\n")
        self.stream.flush()
