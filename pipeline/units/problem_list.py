"""问题清单.xlsx: every problem of a batch, one row each, ready to filter by unit and send out.

Rows are streamed into a write-only workbook as units finish, so a city's several hundred units
never sit in memory together. A second sheet holds the summary: one row per file. Both print
(``printing``): landscape, one page wide, header row on every page, wrapped and bordered, the title
with the date and the counts at the top of every page.

API: ``IssueList()``, ``.add(unit, file, problems)`` as units finish, ``.save(summary, path, year, today)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from pipeline.core.cells import RowSheet, as_data
from pipeline.core.names import display_width
from pipeline.core.output import atomic_write
from pipeline.core.problems import Problem, entries
from pipeline.units import printing
from pipeline.units.deadlines import show_date

PROBLEM_SHEET = "问题清单"
SUMMARY_SHEET = "单位汇总"
PROBLEM_HEADER = ("单位", "文件", "单元格", "代码", "级别", "说明")
SUMMARY_HEADER = ("单位", "文件", "错误", "警告", "检查结论", "填报人及电话")
#: The terminal's summary after a batch: what became of each report.
TERMINAL_HEADER = ("单位", "文件", "错误", "警告", "报告")
#: Column widths (characters): the 说明 column takes what one landscape page has left.
_WIDTHS = {PROBLEM_SHEET: (18, 22, 20, 9, 6, 72), SUMMARY_SHEET: (24, 32, 7, 7, 56, 20)}


@dataclass
class SummaryRow:
    unit: str
    file: str
    errors: int
    warnings: int
    report: str  # the check's verdict (问题清单); at the terminal, where the report was written or why not
    contact: str = ""  # 填报人 and 联系电话, for the office to call

    def cells(self) -> tuple[str, str, int, int, str, str]:
        return (self.unit, self.file, self.errors, self.warnings, self.report, self.contact)


def _cell(ws: RowSheet, value: object, bold: bool = False) -> WriteOnlyCell:
    cell = as_data(WriteOnlyCell(ws, value))  # unit and file names come from staff: “=…” stays text
    cell.border = printing.BORDER
    cell.alignment = printing.CENTRE if bold or isinstance(value, int) else printing.WRAP
    if bold:
        cell.font = printing.BOLD
    return cell


def _sheet(wb: Workbook, title: str, header: tuple[str, ...]) -> RowSheet:
    ws: RowSheet = wb.create_sheet(title)
    printing.setup(ws, "1:1", _WIDTHS[title])  # before the first row
    ws.freeze_panes = "A2"  # the header stays visible while scrolling through hundreds of rows
    ws.append([_cell(ws, text, bold=True) for text in header])
    return ws


def _append(ws: RowSheet, row: int, values: tuple[object, ...], widths: tuple[int, ...]) -> None:
    ws.row_dimensions[row].height = printing.row_height(values, widths)
    ws.append([_cell(ws, v) for v in values])


class IssueList:
    """Open while a batch runs: ``add`` each unit's problems, then ``save`` with the summary."""

    def __init__(self) -> None:
        self._wb = Workbook(write_only=True)
        self._problems = _sheet(self._wb, PROBLEM_SHEET, PROBLEM_HEADER)
        self._rows = 1
        self._counts = [0, 0]
        self._units: set[str] = set()

    def add(self, unit: str, file: str, problems: Iterable[Problem]) -> None:
        for p in entries(problems):  # one wrong number and the warnings it causes: one row
            self._rows += 1
            values = (p.unit or unit, file, "、".join(p.cells), p.code, p.severity.label, p.message)
            _append(self._problems, self._rows, values, _WIDTHS[PROBLEM_SHEET])
            self._counts[0 if p.is_error else 1] += 1
            self._units.add(p.unit or unit or file)

    def heading(self, year: int | None, today: date) -> tuple[str, str]:
        """The title and the counts: what every printed page says at its top."""
        title = f"{year or ''}{'年度' if year else ''}政府信息公开工作年度报告问题清单"
        errors, warnings = self._counts
        return title, f"涉及 {len(self._units)} 个单位：错误 {errors} 条，警告 {warnings} 条"

    def save(self, summary: list[SummaryRow], path: Path, year: int | None = None,
             today: date | None = None) -> None:
        title, counts = self.heading(year, today or date.today())
        self._problems.auto_filter.ref = f"A1:F{self._rows}"
        ws = _sheet(self._wb, SUMMARY_SHEET, SUMMARY_HEADER)
        for i, row in enumerate(summary, 2):
            _append(ws, i, row.cells(), _WIDTHS[SUMMARY_SHEET])
        ws.auto_filter.ref = f"A1:F{len(summary) + 1}"
        for sheet in (self._problems, ws):
            sheet.oddHeader.center.text, sheet.oddHeader.center.size = title, 14
            sheet.oddHeader.left.text = show_date(today or date.today())
            sheet.oddHeader.right.text = counts
            sheet.page_margins.top, sheet.page_margins.header = 0.9, 0.3  # the title clear of the table
        with atomic_write(path) as tmp:
            self._wb.save(tmp)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def summary_table(rows: list[SummaryRow]) -> str:
    """The summary as aligned text for the terminal (Chinese characters are two columns wide)."""
    table = [TERMINAL_HEADER, *((r.unit or "—", r.file, str(r.errors), str(r.warnings), r.report) for r in rows)]
    widths = [max(display_width(str(line[i])) for line in table) for i in range(4)]
    return "\n".join("  ".join([*(_pad(str(c), w) for c, w in zip(line, widths, strict=False)), str(line[-1])])
                     for line in table)
