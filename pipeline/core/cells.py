"""Text the tool writes into a spreadsheet is data, never a formula.

openpyxl stores a str beginning with “=” as a formula: a unit named ``=HYPERLINK("http://…","点我")``
or a file named ``=1+1.xlsx`` would become a live formula (a link, a lookup, a DDE call) in the
问题清单 the office opens. Every string cell the tool writes goes through here and is typed as a
string, so it is stored and shown exactly as typed (no quote prefix, nothing escaped). Numbers stay
numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet


class RowSheet(Protocol):
    """A worksheet rows are appended to: openpyxl's ordinary one or its streaming (write-only) one,
    whose class openpyxl names only in a private module; so it is typed by what is done with it."""

    row_dimensions: Any
    freeze_panes: Any
    auto_filter: Any
    oddHeader: Any  # openpyxl's spelling
    page_margins: Any

    def append(self, iterable: Iterable[Any]) -> None: ...


def as_data(cell: Cell) -> Cell:
    """``cell`` with a text value typed as a string (whatever it begins with)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def data_cells(ws: RowSheet, values: Iterable[object]) -> list[Cell]:
    """One row for ``ws.append``, each text a string cell; a cell given as a Cell is kept (styled)."""
    return [as_data(v if isinstance(v, Cell) else WriteOnlyCell(ws, v)) for v in values]


def put(ws: Worksheet, coordinate: str, value: object) -> Cell:
    """``ws[coordinate] = value`` for data: a text is stored as a string."""
    cell = ws[coordinate]
    cell.value = value
    return as_data(cell)
