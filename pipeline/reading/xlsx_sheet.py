"""One worksheet part of an .xlsx file, and the XML helpers every part is read with.

``xlsx_cells.Book`` finds the parts and turns cell elements into values; here, a sheet part becomes
its cell elements by coordinate (references filled in where the writer left them out), its merged
cells, and the masters of its shared formulas. See ``xlsx_cells`` for why the XML is read directly
and why ``parse`` refuses a DTD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from pipeline.format.layout import column_letter, column_number

_COORD = re.compile(r"([A-Za-z]{1,3})(\d+)$")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$")


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any  # the stored value (a formula's cached result), typed: int, float, str, bool, datetime
    data_type: str  # openpyxl's letters for that value: n s b e d
    formula: str | None = None  # "=…" as written; for a shared formula's other cells, see ``shared``
    style: int = 0
    shared: tuple[str, str] | None = None  # (master's formula, master's coordinate): text to translate


EMPTY = Cell(None, "n")


def local(tag: str) -> str:
    """The element name without its namespace: Excel, WPS, LibreOffice and strict OOXML differ there."""
    return tag.rpartition("}")[2]


def parse(data: bytes) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # see xlsx_cells' module docstring
        raise ValueError("XML part declares a DTD")
    return ET.fromstring(data)


def item_text(si: ET.Element) -> str:
    """A string item (``<si>`` or ``<is>``): its plain text and its rich-text runs, joined; phonetic
    guides (``<rPh>``) are not part of the text."""
    parts = []
    for child in si:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if local(t.tag) == "t"]
    return "".join(parts)


class Sheet:
    """One sheet's cell elements by coordinate, the values worked out so far, and its merges."""

    def __init__(self, elements: dict[str, ET.Element], merged: frozenset[str]) -> None:
        self.elements, self.merged = elements, merged
        self.cells: dict[str, Cell] = {}
        self._masters: dict[str, tuple[str, str, int]] | None = None
        self._order: dict[str, int] = {}

    def master(self, si: str, coord: str) -> tuple[str, str] | None:
        """For a cell of shared formula ``si``: (the formula, the cell it is written in) when that
        cell comes before this one; None when this is the master (or a cell before it)."""
        if self._masters is None:  # the first cell of each group, in the order written, holds the text
            self._masters = {}
            for i, (at, c) in enumerate(self.elements.items()):
                self._order[at] = i
                for f in c:
                    if local(f.tag) == "f" and f.get("t") == "shared" and f.text:
                        self._masters.setdefault(f.get("si", ""), ("=" + f.text, at, i))
        found = self._masters.get(si)
        if found is None or self._order.get(coord, -1) <= found[2]:
            return None
        return found[0], found[1]


def read_sheet(root: ET.Element | None) -> Sheet:
    """Where each cell's element is, and the merges; a cell's value is worked out when asked for."""
    elements: dict[str, ET.Element] = {}
    merged: set[str] = set()
    row_number = 0
    for child in root if root is not None else []:
        name = local(child.tag)
        if name == "sheetData":
            for row in child:
                # Row and cell references are optional: without one, the next row or column.
                r = row.get("r")
                row_number = int(float(r)) if r else row_number + 1
                last = ""  # the previous cell's coordinate
                for c in row:
                    ref = c.get("r")
                    if ref:
                        last = ref.upper()
                    else:
                        before = _COORD.match(last)
                        last = f"{column_letter((column_number(before.group(1)) if before else 0) + 1)}{row_number}"
                    elements[last] = c
        elif name == "mergeCells":
            for m in child:
                found = _RANGE.match(m.get("ref", ""))
                if found:
                    c1, r1, c2, r2 = found.groups()
                    c2, r2 = c2 or c1, r2 or r1
                    merged.update(f"{column_letter(c)}{r}" for r in range(int(r1), int(r2) + 1)
                                  for c in range(column_number(c1), column_number(c2) + 1))
    return Sheet(elements, frozenset(merged))
