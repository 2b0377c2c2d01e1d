"""The native reader compared with openpyxl's normal mode: cell by cell on every kind of workbook
(tests/test_xlsx_cells.py), and on every cell the reader reads in each workbook a test makes
(conftest.py, after the test)."""

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


def assert_inputs_as_openpyxl(path: Path) -> None:
    """The lighter comparison, for the many workbooks tests make: sheet names, defined names, and
    every cell a defined name points at (what the reader reads), in normal mode; a formula's cached
    result with ``data_only`` (loaded only then: half the time of the full comparison). Nothing to
    compare when openpyxl cannot open the file either (damaged on purpose)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            normal = load_workbook(path)
    except Exception:  # damaged on purpose, so that openpyxl cannot open it: nothing to compare with
        return
    book = Book(path)  # what openpyxl opens, the reader opens too
    cached = None
    try:
        assert book.sheetnames == normal.sheetnames
        assert book.defined_names == {n: d.attr_text for n, d in normal.defined_names.items()}
        for name, dn in normal.defined_names.items():
            dests = list(dn.destinations) if "#REF" not in (dn.attr_text or "") else []
            for sheet, ref in dests:
                if sheet not in normal.sheetnames or ":" in ref:
                    continue
                coord, ws = ref.replace("$", ""), normal[sheet]
                cell, where = ws[coord], f"{path.name} {name} {sheet}!{coord}"
                merged = any(coord in r for r in ws.merged_cells.ranges)
                assert book.is_merged(sheet, coord) == merged, where
                if merged and not any(r.start_cell.coordinate == coord for r in ws.merged_cells.ranges):
                    continue
                assert book.cell(sheet, coord) == (_normal(cell.value), cell.data_type), where
                assert book.number_format(sheet, coord) == cell.number_format, where
                if cell.data_type == "f":
                    if cached is None:
                        cached = load_workbook(path, data_only=True)
                    value = cached[sheet][coord]
                    assert book.cached(sheet, coord) == (value.value, value.data_type), where
    finally:
        book.close()
        normal.close()
        if cached is not None:
            cached.close()


def agrees_if_readable(path: Path) -> None:
    """The lighter comparison for a workbook a test made, unless it is one made to be refused: the
    safety gate turns it away, or openpyxl cannot open it either."""
    if not path.is_file():
        return
    try:
        check_file(path)
    except CannotRun:
        return
    assert_inputs_as_openpyxl(path)
