"""报送情况表.xlsx: every unit due, when its workbook came, on time or how late, and what the check said.

Built from a batch's results and the roster after every unit is checked: one ``Submission`` a unit on
the roster (in roster order) and one a workbook of a unit not on it. A roster's 报送时间 column says
when a workbook arrived; without it the file's modification time does.

API (also for the web page): ``Submission``; ``tally(subs, today) -> Tally``; ``write_submissions(subs,
path, year, today)`` writes the printable table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import NamedStyle

from pipeline.core.output import atomic_write
from pipeline.format.official import UnitKind
from pipeline.units import printing
from pipeline.units.deadlines import days_late, show_date, show_time

NAME = "报送情况表.xlsx"
SHEET = "报送情况"
HEADER = ("序号", "上级单位", "单位名称", "单位类别", "截止日期", "报送时间", "报送情况", "检查结果", "填报人及电话",
          "文件")
_WIDTHS = (6, 16, 24, 14, 15, 18, 20, 18, 18, 28)


@dataclass
class Submission:
    unit: str
    file: str = ""  # "" when nothing came
    kind: UnitKind | None = None
    parent: str = ""
    deadline: date | None = None
    received: datetime | None = None
    errors: int = 0
    warnings: int = 0
    readable: bool = True
    on_roster: bool = True
    first_passed: bool = False  # no errors at the first check of this unit into this output folder
    contact: str = ""  # 填报人 and 联系电话 from 基本信息, when the workbook has them
    refused: str = ""  # the files it sent that do not count (another unit's, another year's, unreadable), and why

    @property
    def submitted(self) -> bool:
        return bool(self.file)

    @property
    def late(self) -> int:
        """Days after the deadline it came (0: on time, or no deadline known)."""
        if self.received is None or self.deadline is None:
            return 0
        return days_late(self.received, self.deadline)

    def timing(self, today: date) -> str:
        if not self.submitted:
            overdue = days_late(today, self.deadline) if self.deadline else 0
            return f"未报送（已逾期 {overdue} 天）" if overdue else "未报送"
        return f"逾期 {self.late} 天" if self.late else "按时"

    @property
    def verdict(self) -> str:
        if not self.submitted:
            return "收到的文件不计为报送" if self.refused else "—"
        if not self.readable:
            return "退回（文件无法读取）"
        if self.errors:
            return f"退回（错误 {self.errors} 条）"
        return f"仅有警告（{self.warnings} 条）" if self.warnings else "通过"

    def cells(self, number: int) -> tuple[object, ...]:
        return (number, self.parent, self.unit or "（未填单位名称）", self.kind.value if self.kind else "",
                show_date(self.deadline) if self.deadline else "", show_time(self.received) if self.received else "",
                "", self.verdict, self.contact, "、".join(f for f in (self.file, self.refused) if f))


@dataclass(frozen=True)
class Tally:
    due: int  # units on the roster (or every unit that sent a workbook, without one)
    submitted: int
    on_time: int
    late: int
    missing: int
    passed: int  # no errors and no warnings
    passed_first: int  # no errors at the unit's first check (``paperwork.remember_first_checks``)
    warnings_only: int
    returned: int  # errors, or a file that cannot be read


def tally(subs: list[Submission]) -> Tally:
    sent = [s for s in subs if s.submitted]
    return Tally(due=sum(s.on_roster for s in subs) or sum(bool(s.unit) for s in subs) or len(subs),
                 submitted=len(sent),
                 on_time=sum(not s.late for s in sent), late=sum(bool(s.late) for s in sent),
                 missing=sum(not s.submitted and bool(s.unit) for s in subs),
                 passed=sum(s.readable and not s.errors and not s.warnings for s in sent),
                passed_first=sum(s.first_passed for s in sent),
                 warnings_only=sum(s.readable and not s.errors and bool(s.warnings) for s in sent),
                 returned=sum(not s.readable or bool(s.errors) for s in sent))


def counts_line(t: Tally, today: date) -> str:
    return (f"截至 {show_date(today)}：应报送 {t.due} 个单位，已报送 {t.submitted} 个（按时 {t.on_time} 个，"
            f"逾期 {t.late} 个），未报送 {t.missing} 个；检查通过 {t.passed} 个，仅有警告 {t.warnings_only} 个，"
            f"退回 {t.returned} 个。")


#: The table's three looks as named styles, registered once a workbook: a cell then takes a copy of
#: one style's index instead of four style objects hashed and looked up, cell by cell.
_HEADER, _CENTRED, _WRAPPED = "报送情况表标题", "报送情况表居中", "报送情况表文字"


def _styles(wb: Workbook) -> None:
    for name, alignment, font in ((_HEADER, printing.CENTRE, printing.BOLD), (_CENTRED, printing.CENTRE, None),
                                  (_WRAPPED, printing.WRAP, None)):
        style = NamedStyle(name, border=printing.BORDER, alignment=alignment)
        if font is not None:
            style.font = font
        wb.add_named_style(style)


def _style(cell: Cell, header: bool = False) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # a unit name starting with “=” stays text, never a formula
    cell.style = _HEADER if header else _CENTRED if isinstance(cell.value, int) else _WRAPPED


def write_submissions(subs: list[Submission], path: Path, year: int | None, today: date) -> None:
    """The printable 报送情况表: a title, the counts as of ``today``, one bordered row a unit."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    _styles(wb)
    printing.setup(ws, "3:3", _WIDTHS)
    last = chr(ord("A") + len(HEADER) - 1)
    ws["A1"] = f"{year or ''}{'年度' if year else ''}政府信息公开工作年度报告报送情况表"
    ws["A1"].font, ws["A1"].alignment = printing.TITLE_FONT, printing.CENTRE
    ws["A2"] = counts_line(tally(subs), today)
    ws["A2"].alignment = printing.WRAP
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[1].height = 30
    ws.row_dimensions[2].height = printing.row_height([ws["A2"].value], [sum(_WIDTHS)])
    ws.append(list(HEADER))
    for cell in ws[3]:
        _style(cell, header=True)
    row = 3
    for i, s in enumerate(subs, 1):
        values = list(s.cells(i))
        values[6] = s.timing(today)
        ws.append(values)
        row += 1
        # The row by its number: ``ws.max_row`` (and ``ws[row]``, through max_column) looks at every
        # cell of the sheet, which made the table quadratic in the number of units.
        for col in range(1, len(values) + 1):
            _style(ws.cell(row, col))
        ws.row_dimensions[row].height = printing.row_height(values, _WIDTHS)
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:{last}{row}"
    with atomic_write(path) as tmp:
        wb.save(tmp)
