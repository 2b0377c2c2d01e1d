"""The comparison of the native reader with openpyxl's normal mode, cell by cell (one place for it:
tests/test_xlsx_cells.py runs it on every kind of workbook, conftest.py on every workbook a test makes)."""

from __future__ import annotations

import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from pipeline.core.fatal import CannotRun
from pipeline.reading.safety import check_file
from pipeline.reading.xlsx_cells import Book


def _normal(value: object) -> object:
    return value.text if isinstance(value, ArrayFormula) else value


def assert_same_as_openpyxl(path: Path) -> None:
    with warnings.catch_warnings():  # "Data Validation extension is not supported" and the like
        warnings.simplefilter("ignore")
        normal, cached = load_workbook(path), load_workbook(path, data_only=True)
    book = Book(path)
    try:
        assert book.sheetnames == normal.sheetnames
        assert book.defined_names == {n: d.attr_text for n, d in normal.defined_names.items()}
        for ws in normal.worksheets:
            values = cached[ws.title]
            merged = {c.coordinate for r in ws.merged_cells.ranges for row in ws[r.coord] for c in row}
            # openpyxl replaces the covered cells of a merge with fresh MergedCells: not data.
            covered = merged - {r.start_cell.coordinate for r in ws.merged_cells.ranges}
            coords = {c.coordinate for row in ws.iter_rows() for c in row} | set(book.coordinates(ws.title))
            for coord in sorted(coords):
                where = f"{path.name} {ws.title}!{coord}"
                assert book.is_merged(ws.title, coord) == (coord in merged), where
                if coord in covered:
                    continue
                cell = ws[coord]
                assert book.cell(ws.title, coord) == (_normal(cell.value), cell.data_type), where
                assert book.cached(ws.title, coord) == (values[coord].value, values[coord].data_type), where
                assert book.is_formula(ws.title, coord) == (cell.data_type == "f"), where
                assert book.number_format(ws.title, coord) == cell.number_format, where
    finally:
        book.close()
        normal.close()
        cached.close()


def agrees_if_readable(path: Path) -> None:
    """The comparison for a workbook a test made, unless it is one made to be refused: the safety
    gate turns it away, or openpyxl cannot open it either."""
    if not path.is_file():
        return
    try:
        check_file(path)
    except CannotRun:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_workbook(path).close()
    except Exception:  # damaged on purpose: there is nothing to compare with
        return
    assert_same_as_openpyxl(path)
