"""The official labels of the three tables, as the workbook holds them.

A number typed over a row label (or a label edited) does not stop reading — inputs are found by
their defined names — but it means the sheet no longer says what the numbers are, and often that a
number meant for a yellow cell landed beside it. Each such cell is a warning naming the cell and
the label it should hold. Labels are found relative to the inputs of their own grid row, so rows a
person inserted move the expected places with them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from pipeline.format.grid import table_grid
from pipeline.format.layout import TABLE_INPUTS, column_letter, grid_place
from pipeline.format.official import TABLES
from pipeline.reading.named_cells import Note, Where
from pipeline.reading.xlsx_cells import Book


def _norm(value: object) -> str:
    """Labels compare without whitespace and width differences (an office suite may re-wrap them)."""
    return "".join(unicodedata.normalize("NFKC", str(value)).split()) if value is not None else ""


def _row_col(coordinate: str) -> tuple[int, int]:
    letters = coordinate.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(coordinate[len(letters):]), col


def check_labels(wb: Book, where: Where, problem: Note, shown: Callable[[object], str]) -> None:
    for table in TABLES:
        inputs = TABLE_INPUTS[table.key]
        shifts: dict[int, tuple[int, int]] = {}  # template row -> (row, column) shift of its inputs
        for inp in inputs.values():
            row, col = _row_col(where[inp.name][1])
            shifts.setdefault(inp.place.row, (row - inp.place.row, col - inp.place.col))
        first = next(iter(shifts.values()), (0, 0))
        for cell in table_grid(table):
            if cell.role == "data":
                continue
            place = grid_place(table, cell)
            dr, dc = shifts.get(place.row, first)
            coordinate = f"{column_letter(place.col + dc)}{place.row + dr}"
            value = wb.cell(table.sheet, coordinate)[0]
            if _norm(value) != _norm(cell.text):
                found = "是空的" if value in (None, "") else f"现为 {shown(value)}"
                problem("L1", (f"{table.sheet}!{coordinate}",),
                        f"这里应是官方表格的标签“{cell.text}”，{found}。标签不要改动；如果是把数字填到了这里，"
                        f"请移到同一行的浅黄色单元格，并恢复原标签（也可用新模板重新填写）。")
