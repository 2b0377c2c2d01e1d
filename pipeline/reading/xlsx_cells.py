"""The cells of a workbook as the reader needs them: values, formula flags, number formats, merges
and defined names, read from the file's own parts with the standard library.

An .xlsx file is a zip of XML parts (ECMA-376): xl/workbook.xml lists the sheets and the defined
names, xl/_rels/workbook.xml.rels says which part holds each sheet, xl/styles.xml the number formats,
xl/sharedStrings.xml the texts, and each sheet part its rows of cells. Reading them directly takes a
few milliseconds; openpyxl builds a styled object for every cell and formats every merged range, some
twenty times longer, and the reader needs none of it. openpyxl stays for writing workbooks.

Every cell is parsed once: its value as the file stores it (for a formula, the result Excel or WPS
last calculated, which ``cached`` gives) and whether it is a formula. tests/test_xlsx_cells.py checks,
cell by cell on every workbook the tests hold, that ``cell`` and ``cached`` equal what openpyxl's
normal mode gives with and without ``data_only``.

The XML is parsed by Python's expat-based ElementTree, and only after ``xlsx_sheet.parse`` has refused
any part that carries a DTD: without one no entity can be declared (billion laughs, external
entities), and ElementTree never fetches anything. ``safety.check_file`` has bounded the zip's sizes
before. A sheet part's elements and merges are found by ``xlsx_sheet``; the values are decoded here.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.core.fatal import CannotRun
from pipeline.reading import xlsx_formats as fmt
from pipeline.reading.xlsx_sheet import EMPTY, Cell, Sheet, item_text, local, parse, read_sheet

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _why(exc: BaseException) -> str:
    """One line for the maintainer: the error's type and the first words of its message."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text if len(text) <= 80 else text[:80] + '…'}"


def _damaged(path: Path, exc: Exception) -> CannotRun:
    return CannotRun(f"{path.name} 无法作为 Excel 工作簿读取（{_why(exc)}）。"
                     f"文件可能已损坏；请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新提交。")


def _part_name(target: str) -> str:
    """A relationship's target as a part name: relative to xl/, or absolute from the package root
    (/xl/worksheets/sheet1.xml), as different writers put it."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


class Book:
    """One workbook, opened for reading. Sheets are parsed on first use, each once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
            self._names = set(self._zip.namelist())
            self._read_workbook()
            self._strings: list[str] | None = None
            self._formats: fmt.Formats | None = None
        except CannotRun:
            raise
        except Exception as exc:  # zip, XML or attribute errors on a damaged file: none fixable here
            raise _damaged(path, exc) from exc
        self._sheets: dict[str, Sheet] = {}

    def _part(self, name: str) -> ET.Element | None:
        return parse(self._zip.read(name)) if name in self._names else None

    def _read_workbook(self) -> None:
        root = self._part("xl/workbook.xml")
        if root is None:
            raise CannotRun(f"{self.path.name} 不是 Excel 工作簿（缺少工作簿内容）。")
        rels = self._part("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): _part_name(r.get("Target", "")) for r in (rels if rels is not None else [])}
        # The shared strings and the styles are found through the relationships too, by type.
        kinds = {r.get("Type", "").rpartition("/")[2]: _part_name(r.get("Target", ""))
                 for r in (rels if rels is not None else [])}
        self._strings_part = kinds.get("sharedStrings", "xl/sharedStrings.xml")
        self._styles_part = kinds.get("styles", "xl/styles.xml")
        self.epoch = fmt.WINDOWS_EPOCH
        self._parts: dict[str, str] = {}  # sheet name -> its part
        self.sheetnames: list[str] = []
        #: Workbook-wide defined names -> their formula text (sheet-local and reserved names are not
        #: the template's: the reader finds its inputs only among these).
        self.defined_names: dict[str, str] = {}
        for child in root:
            name = local(child.tag)
            if name == "workbookPr" and child.get("date1904", "").lower() in ("1", "true"):
                self.epoch = fmt.MAC_EPOCH
            elif name == "sheets":
                for sheet in child:
                    part = targets.get(sheet.get(f"{_REL_NS}id"), "")
                    if part in self._names:
                        self.sheetnames.append(sheet.get("name", ""))
                        self._parts[sheet.get("name", "")] = part
            elif name == "definedNames":
                for dn in child:
                    if dn.get("localSheetId") is None and dn.get("name"):
                        self.defined_names[dn.get("name", "")] = (dn.text or "").strip()

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            root = self._part(self._strings_part)
            # openpyxl drops "x005F_" (the escape of a literal "_x"), leaving other _xHHHH_ escapes
            # to cell_text.clean_text: done the same here, so the two read the same text.
            self._strings = [item_text(si).replace("x005F_", "") for si in (root if root is not None else [])
                             if local(si.tag) == "si"]
        return self._strings

    def _styles(self) -> fmt.Formats:
        if self._formats is None:
            root = self._part(self._styles_part)
            custom: dict[int, str] = {}
            xfs: list[int] = []
            for child in root if root is not None else []:
                name = local(child.tag)
                if name == "numFmts":
                    custom = {int(n.get("numFmtId", "0")): n.get("formatCode", "") for n in child}
                elif name == "cellXfs":
                    xfs = [int(xf.get("numFmtId", "0")) for xf in child]
            self._formats = fmt.Formats(fmt.style_codes(custom, xfs))
        return self._formats

    def _cell(self, c: ET.Element, coord: str, sheet: Sheet) -> Cell:
        kind = c.get("t", "n")
        style = int(c.get("s") or 0)
        value: Any = None
        formula: str | None = None
        master: tuple[str, str] | None = None
        inline = None
        for child in c:
            name = local(child.tag)
            if name == "v":
                value = child.text or None
            elif name == "f":
                formula = "=" + (child.text or "")
                if child.get("t") == "shared":
                    master = sheet.master(child.get("si", ""), coord)
                    formula = None if master is not None else formula
            elif name == "is":
                inline = child
        if kind == "inlineStr":
            value, kind = (None, kind) if inline is None else (item_text(inline), "s")
        elif value is not None:
            if kind == "n":
                value = float(value) if "." in value or "E" in value or "e" in value else int(value)
                formats = self._styles()
                if style in formats.dates:
                    kind = "d"
                    try:
                        value = fmt.from_serial(value, self.epoch, style in formats.durations)
                    except (OverflowError, ValueError):  # outside the calendar: shown as an error
                        kind, value = "e", "#VALUE!"
            elif kind == "s":
                value = self._shared_strings()[int(value)]
            elif kind == "b":
                value = bool(int(value))
            elif kind == "str":
                kind = "s"
            elif kind == "d":
                value = datetime.fromisoformat(value)
        return Cell(value, kind, formula, style, master)

    def _sheet(self, sheet: str) -> Sheet:
        if sheet not in self._sheets:
            try:
                part = self._parts.get(sheet)
                self._sheets[sheet] = read_sheet(parse(self._zip.read(part)) if part else None)
            except Exception as exc:  # malformed sheet XML
                raise _damaged(self.path, exc) from exc
        return self._sheets[sheet]

    def get(self, sheet: str, coord: str) -> Cell:
        s = self._sheet(sheet)
        cell = s.cells.get(coord)
        if cell is None:
            element = s.elements.get(coord)
            if element is None:
                return EMPTY
            try:
                cell = s.cells[coord] = self._cell(element, coord, s)
            except Exception as exc:  # a string index past the table, a number that is none, …
                raise _damaged(self.path, exc) from exc
        return cell

    def cell(self, sheet: str, coord: str) -> tuple[Any, str]:
        """(value, data type) as openpyxl's normal mode gives them: a formula as its text, type "f"."""
        c = self.get(sheet, coord)
        if c.shared is not None:
            return self.formula(sheet, coord), "f"
        return (c.formula, "f") if c.formula is not None else (c.value, c.data_type)

    def cached(self, sheet: str, coord: str) -> tuple[Any, str]:
        """(value, data type) as openpyxl gives them with ``data_only``: a formula's last result."""
        c = self.get(sheet, coord)
        return c.value, c.data_type

    def is_formula(self, sheet: str, coord: str) -> bool:
        c = self.get(sheet, coord)
        return c.formula is not None or c.shared is not None

    def formula(self, sheet: str, coord: str) -> str | None:
        """The formula as Excel shows it in that cell; a shared formula moved to the cell."""
        c = self.get(sheet, coord)
        if c.shared is None:
            return c.formula
        # Only for showing a formula (never on the reading path): openpyxl's public translator.
        from openpyxl.formula.translate import Translator

        text, origin = c.shared
        return str(Translator(text, origin=origin).translate_formula(coord))

    def number_format(self, sheet: str, coord: str) -> str:
        """The cell's number format code, as openpyxl's ``Cell.number_format`` gives it."""
        return self._styles().code(self.get(sheet, coord).style)

    def coordinates(self, sheet: str) -> list[str]:
        """Every cell the sheet's part holds, in the order written."""
        return list(self._sheet(sheet).elements)

    def is_merged(self, sheet: str, coord: str) -> bool:
        return coord in self._sheet(sheet).merged

    def close(self) -> None:
        self._zip.close()
