"""The problem report staff can act on: a copy of their own workbook with every problem marked.

``check WORKBOOK --annotate OUT.xlsx`` writes a copy in which every cell a problem names is filled red
and carries a comment with the message, plus a 问题清单 sheet listing every problem. The office sends
this copy back to the unit: they fix the red cells in the file they know, and the copy still reads as
a workbook (the staff's values and formulas are kept as they were). The original is never written.

openpyxl rewrites the file it saves: images, charts and some WPS extensions of the original do not
survive into the copy. That is acceptable for a copy whose purpose is to point at cells.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.core.cells import data_cells
from pipeline.core.fatal import CannotRun
from pipeline.core.output import atomic_write, guard_output
from pipeline.core.problems import Problem, sort_problems

LIST_SHEET = "问题清单"
LIST_COLUMNS = ("单元格", "代码", "级别", "说明")
PROBLEM_FILL = PatternFill("solid", fgColor="FF7C80")  # red, darker than the template's live 勾稽 red
#: The likely culprit: the one cell in every failing equation, set apart from the others it takes part in.
CULPRIT_FILL = PatternFill("solid", fgColor="C00000")
CULPRIT_FONT = Font(color="FFFFFF", bold=True)
CULPRIT_NOTE = "【最可能出错的单元格】它是所有不成立的勾稽关系中唯一共同的单元格，请先核对这个数。"
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
AUTHOR = "政府信息公开年度报告检查"
_WRAP = Alignment(wrap_text=True, vertical="top")


def check_target(source: Path, out: Path) -> None:
    """Refuse, before any work, a copy that is not .xlsx or would replace ``source`` (or any file
    the tool did not write: ``guard_output``)."""
    if out.suffix.lower() != ".xlsx":
        raise CannotRun(f"标注副本 {out.name} 的扩展名应为 .xlsx（如 {out.stem}_问题标注.xlsx）。")
    if out.resolve() == source.resolve() or (out.exists() and os.path.samefile(out, source)):
        raise CannotRun(f"标注副本不能覆盖被检查的工作簿 {source.name}。请另起一个文件名，"
                        f"如 {source.stem}_问题标注.xlsx。")
    guard_output(out, inputs=(source,))


def _comment_text(problems: list[Problem], old: Comment | None, culprit: bool = False) -> str:
    lines = [CULPRIT_NOTE] if culprit else []
    lines += [f"【{p.severity.label} {p.code}】{p.message}" for p in problems]
    if old is not None and old.text and old.author != AUTHOR:
        lines.append(f"（原批注）{old.text}")  # a comment the unit wrote stays readable
    return "\n\n".join(lines)


def _mark_cells(wb: Workbook, problems: list[Problem]) -> None:
    by_cell: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        for address in p.cells:
            by_cell[address].append(p)
    for address, ps in by_cell.items():
        sheet, _, coord = address.rpartition("!")
        if sheet not in wb.sheetnames:
            continue  # listed in 问题清单 all the same
        cell = wb[sheet][coord]
        culprit = any(p.culprit == address for p in ps)
        # Sheet protection guards values, not formats: openpyxl writes the fill regardless.
        cell.fill = CULPRIT_FILL if culprit else PROBLEM_FILL
        if culprit:
            cell.font = CULPRIT_FONT
        text = _comment_text(ps, cell.comment, culprit)
        # Comments open at a fixed size in Excel: make room for the message instead of a scroll.
        cell.comment = Comment(text, AUTHOR, width=360, height=min(80 + len(text) // 2, 600))


def _problem_list(wb: Workbook, problems: list[Problem]) -> Worksheet:
    if LIST_SHEET in wb.sheetnames:  # annotating an annotated copy: the list is replaced, not doubled
        del wb[LIST_SHEET]
    ws = wb.create_sheet(LIST_SHEET)
    ws.append(LIST_COLUMNS)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for p in problems:
        ws.append(data_cells(ws, ("、".join(p.cells) or "—", p.code, p.severity.label, p.message)))
        row = ws.max_row
        if p.cells and "!" in p.cells[0]:
            sheet, _, coord = p.cells[0].rpartition("!")
            # An internal link (location, not target): a click jumps to the cell in the same file.
            ws.cell(row, 1).hyperlink = Hyperlink(ref=f"A{row}", location=f"'{sheet}'!{coord}")
            ws.cell(row, 1).font = Font(color="0563C1", underline="single")
        for cell in ws[row]:
            cell.alignment = _WRAP
    if not problems:
        ws.append(("—", "—", "—", "检查通过：未发现问题。"))
    for col, width in zip("ABCD", (24, 18, 8, 100), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:D{ws.max_row}"
    return ws


def annotate(source: Path, problems: list[Problem], out: Path) -> Path:
    """Write to ``out`` a copy of ``source`` with ``problems`` marked; ``source`` is only read."""
    check_target(source, out)
    ordered = sort_problems(problems)
    wb = load_workbook(source, rich_text=True)  # formulas, values and formatted text as staff left them
    _mark_cells(wb, ordered)
    listing = _problem_list(wb, ordered)
    # Open on the list, and on it alone: sheets left selected with it would be edited together.
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = False
    wb.active = wb.sheetnames.index(listing.title)
    listing.sheet_view.tabSelected = True
    with atomic_write(out) as tmp:
        wb.save(tmp)
    return out
