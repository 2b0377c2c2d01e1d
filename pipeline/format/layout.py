"""Where each value lives in the workbook: sheets, cells and defined names, all derived.

The reader finds every input by its defined name, never by a typed address; the addresses here are
computed from the declaration in ``official`` and the table grids, and used to write the template
and to name cells in messages (``表三!D7``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.format.grid import GridCell, table_grid
from pipeline.format.official import CONTACT_FIELDS, NARRATIVES, TABLES, UNIT_FIELDS, CellKind, Table

GUIDE_SHEET = "填报说明"
UNIT_SHEET = "基本信息"
TEXT_SHEET = "正文"
CHECK_SHEET = "校验"
#: Sheet order in the workbook, also the order in which problems are listed.
SHEETS = (GUIDE_SHEET, UNIT_SHEET, TEXT_SHEET, *(t.sheet for t in TABLES), CHECK_SHEET)

VERSION_NAME = "template_version"
#: Tables start below a title row; their grid's (0, 0) is this row of the sheet, in column A.
TABLE_TOP = 2


def column_letter(n: int) -> str:
    """1 → A, 27 → AA: a spreadsheet column's letters (here, so that naming a cell loads no library)."""
    letters = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def column_number(letters: str) -> int:
    """A → 1, AA → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@dataclass(frozen=True)
class Place:
    sheet: str
    row: int  # 1-based, as in Excel
    col: int

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.col)}{self.row}"

    @property
    def address(self) -> str:
        """As shown to staff: 表三!D7."""
        return f"{self.sheet}!{self.coordinate}"

    @property
    def reference(self) -> str:
        """As written in a defined name or a formula: '表三'!$D$7."""
        return f"'{self.sheet}'!${column_letter(self.col)}${self.row}"


@dataclass(frozen=True)
class Input:
    name: str  # the defined name
    place: Place
    kind: CellKind | None  # None for text fields


def cell_name(table: str, row: str, col: str) -> str:
    return f"{table}_{row}_{col}"


def grid_place(table: Table, cell: GridCell) -> Place:
    return Place(table.sheet, TABLE_TOP + cell.row, 1 + cell.col)


def _table_inputs(table: Table) -> dict[tuple[str, str], Input]:
    kinds = {(r.key, c.key): kind for r, c, kind in table.cells()}
    out = {}
    for cell in table_grid(table):
        if cell.key is not None:
            out[cell.key] = Input(cell_name(table.key, *cell.key), grid_place(table, cell),
                                  kinds[cell.key])
    return out


#: (table key, row key, column key) -> input cell, for every cell of the three tables.
TABLE_INPUTS: dict[str, dict[tuple[str, str], Input]] = {t.key: _table_inputs(t) for t in TABLES}

#: Unit details on 基本信息 and narrative on 正文: label in A, input in B, from row 2.
FIELD_INPUTS: dict[str, Input] = {
    f.key: Input(f.key, Place(UNIT_SHEET, 2 + i, 2), None) for i, f in enumerate(UNIT_FIELDS)
}
#: 填报人 and the other contact fields, below the unit's details on 基本信息.
CONTACT_INPUTS: dict[str, Input] = {
    f.key: Input(f"contact_{f.key}", Place(UNIT_SHEET, 2 + len(UNIT_FIELDS) + i, 2), None)
    for i, f in enumerate(CONTACT_FIELDS)
}
#: The live one-line verdicts: at the top of 校验 (its rows follow) and below the fields on 基本信息.
CHECK_VERDICT = Place(CHECK_SHEET, 1, 1)
CHECK_FIRST_ROW = 3  # the first equation's row on 校验, under the column headers
UNIT_VERDICT = Place(UNIT_SHEET, 3 + len(UNIT_FIELDS) + len(CONTACT_FIELDS), 1)
TEXT_INPUTS: dict[str, Input] = {
    n.key: Input(f"text_{n.key}", Place(TEXT_SHEET, 2 + i, 2), None) for i, n in enumerate(NARRATIVES)
}
VERSION = Input(VERSION_NAME, Place(GUIDE_SHEET, 2, 2), None)
#: Inputs added after v2, which older workbooks lack (read as blank): v2 the contact fields, v2 and
#: v3 the switch 与上年对比, v2 to v4 发文机关.
ADDED_LATER = frozenset({*(i.name for i in CONTACT_INPUTS.values()), FIELD_INPUTS["compare"].name,
                         FIELD_INPUTS["organ"].name})


def all_inputs() -> list[Input]:
    """Every defined name the template carries: the reader requires each one."""
    return [VERSION, *FIELD_INPUTS.values(), *CONTACT_INPUTS.values(), *TEXT_INPUTS.values(),
            *(i for t in TABLES for i in TABLE_INPUTS[t.key].values())]
