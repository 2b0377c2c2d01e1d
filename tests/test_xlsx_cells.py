"""``xlsx_cells.Book`` reads through openpyxl's private sheet parser: it must see exactly what
openpyxl's public, normal mode sees. If an openpyxl release changes those internals, this fails
here, naming the cell, rather than as wrong numbers in reports (openpyxl is pinned in pyproject.toml
for this reason)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.reading.xlsx_cells import Book

from .conftest import EXAMPLE, edit_workbook, office_round_trip

#: One of each kind of value the reader meets: shared and inline strings, ints and floats, a
#: formula, a bool, an error, a date, a percent format and a merge over an empty stretch.
EDITS = {"表二!B11": "=280+6", "表二!B12": 0.5, "表二!C11": True, "表二!D11": datetime(2024, 3, 1),
         "表三!D5": "１２", "表三!E5": 12.25, "表三!F5": "#DIV/0!"}


def _variety(folder: Path) -> Path:
    path = edit_workbook(EXAMPLE, folder / "variety.xlsx", EDITS)
    wb = load_workbook(path)
    wb["表二"]["B12"].number_format = "0%"
    wb["基本信息"].merge_cells("E2:F3")
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("xlsx_cells")
    variety = _variety(folder)
    return [EXAMPLE, variety, office_round_trip(variety, folder)]


@pytest.mark.parametrize("data_only", [False, True])
def test_book_sees_what_openpyxl_sees(workbooks: list[Path], data_only: bool) -> None:
    for path in workbooks:
        public = load_workbook(path, data_only=data_only)
        book = Book(path, data_only=data_only)
        try:
            assert book.sheetnames == public.sheetnames
            assert set(book.defined_names) == set(public.defined_names)
            for ws in public.worksheets:
                merged = {c.coordinate for r in ws.merged_cells.ranges for row in ws[r.coord] for c in row}
                # openpyxl replaces the covered cells of a merge with fresh MergedCells: not data.
                covered = merged - {r.start_cell.coordinate for r in ws.merged_cells.ranges}
                for row in ws.iter_rows():
                    for cell in row:
                        where = f"{path.name} {ws.title}!{cell.coordinate}"
                        assert book.is_merged(ws.title, cell.coordinate) == (cell.coordinate in merged), where
                        if cell.coordinate in covered:
                            continue
                        assert book.cell(ws.title, cell.coordinate) == (cell.value, cell.data_type), where
                        assert book.number_format(ws.title, cell.coordinate) == cell.number_format, where
        finally:
            book.close()
            public.close()


def test_the_variety_is_really_there(workbooks: list[Path]) -> None:
    """The comparison above is only worth as much as the kinds of value it covers."""
    book = Book(workbooks[1])
    try:
        assert book.cell("表二", "B11")[1] == "f"
        assert book.cell("表二", "C11") == (True, "b")
        assert book.cell("表二", "D11")[1] == "d"
        assert book.cell("表三", "F5") == ("#DIV/0!", "e")
        assert book.number_format("表二", "B12") == "0%"
        assert book.is_merged("基本信息", "F3")
    finally:
        book.close()
