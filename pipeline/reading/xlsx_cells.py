"""The cells of a workbook as the reader needs them: values, formula flags, merges and names.

openpyxl's normal mode builds a styled ``Cell`` for every cell and formats every merged range —
two thirds of the time it takes to open one of our workbooks, and the reader uses none of it. Its
read-only mode skips that but trusts the sheet's dimension record (wrong in WPS files) and does not
expose merges. So each sheet is parsed here with openpyxl's own sheet parser — the same code that
turns XML into values in normal mode (shared strings, shared formulas, dates, array formulas) —
reading every row present and the merges, nothing else, lazily, one sheet at a time.

Those are openpyxl internals: openpyxl is pinned to a minor release in pyproject.toml, and
tests/test_xlsx_cells.py checks that a ``Book`` sees every cell as openpyxl's normal mode does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse  # defusedxml's when installed (safety.py requires it)

from pipeline.core.fatal import CannotRun

Cell = tuple[Any, str]  # (value, openpyxl data type: n, s, f, b, e, d)
_MERGE_CELL = f"{{{SHEET_MAIN_NS}}}mergeCell"


def _why(exc: BaseException) -> str:
    """One line for the maintainer: the root cause's type (EntitiesForbidden, …) and the first words
    of what openpyxl said, which often runs over several lines and names the full path."""
    root = exc
    while root.__cause__ or root.__context__:
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    text = " ".join(str(exc).split())
    text = text if len(text) <= 80 else text[:80] + "…"
    return f"{type(root).__name__}: {text}" if root is not exc else f"{type(exc).__name__}: {text}"


def _damaged(path: Path, exc: Exception) -> CannotRun:
    return CannotRun(f"{path.name} 无法作为 Excel 工作簿读取（{_why(exc)}）。"
                     f"文件可能已损坏；请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新提交。")


class Book:
    """One workbook, opened for reading; ``data_only`` gives cached formula results instead."""

    def __init__(self, path: Path, data_only: bool = False) -> None:
        self.path = path
        try:
            self._wb = load_workbook(path, read_only=True, data_only=data_only, keep_links=False, rich_text=False)
        except Exception as exc:  # openpyxl raises anything on a damaged file; none of it is fixable here
            raise _damaged(path, exc) from exc
        self.defined_names = self._wb.defined_names
        self.sheetnames: list[str] = self._wb.sheetnames
        self._sheets: dict[str, tuple[dict[str, Cell], frozenset[str]]] = {}
        self._styles: dict[tuple[str, str], int] = {}  # (sheet, coordinate) -> style id, for number formats

    def _parse(self, sheet: str) -> tuple[dict[str, Cell], frozenset[str]]:
        if sheet not in self._sheets:
            wb, ws = self._wb, self._wb[sheet]
            cells: dict[str, Cell] = {}
            merged: set[str] = set()
            try:
                with ws._get_source() as src:
                    parser = WorkSheetParser(src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                                             date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
                    # Only rows and merges: conditional formatting and validations are not data.
                    for _, element in iterparse(src):
                        if element.tag == ROW_TAG:
                            for c in parser.parse_row(element)[1]:
                                coord = f"{get_column_letter(c['column'])}{c['row']}"
                                cells[coord] = (c["value"], c["data_type"])
                                if c["style_id"]:
                                    self._styles[(sheet, coord)] = c["style_id"]
                            element.clear()
                        elif element.tag == _MERGE_CELL:
                            min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                            merged.update(f"{get_column_letter(col)}{row}" for row in range(min_row, max_row + 1)
                                          for col in range(min_col, max_col + 1))
            except Exception as exc:  # malformed sheet XML
                raise _damaged(self.path, exc) from exc
            self._sheets[sheet] = (cells, frozenset(merged))
        return self._sheets[sheet]

    def cell(self, sheet: str, coord: str) -> Cell:
        return self._parse(sheet)[0].get(coord, (None, "n"))

    def number_format(self, sheet: str, coord: str) -> str:
        """The cell's number format code, as openpyxl's ``Cell.number_format`` gives it."""
        self._parse(sheet)
        styles = self._wb._cell_styles
        style_id = self._styles.get((sheet, coord), 0)
        index = styles[style_id].numFmtId if style_id < len(styles) else 0
        if index < BUILTIN_FORMATS_MAX_SIZE:
            return str(BUILTIN_FORMATS.get(index, "General"))
        return str(self._wb._number_formats[index - BUILTIN_FORMATS_MAX_SIZE])

    def is_merged(self, sheet: str, coord: str) -> bool:
        return coord in self._parse(sheet)[1]

    def close(self) -> None:
        self._wb.close()
