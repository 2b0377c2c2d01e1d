"""The data of one report in memory: unit details, narrative paragraphs and three labelled tables.

Tables are pandas DataFrames indexed by the row and column keys of ``official``; values are Python
ints (件) and Decimals (万元) in object columns, so sums stay exact. Alongside each frame a second
frame of the same shape holds the address each value was read from (``表三!D7``), so every check can
name the cell it is about, even in a workbook where staff inserted rows. A table built in code (the
汇总, tests) names the cells of a fresh template, where it would be written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from pipeline.format.layout import TABLE_INPUTS
from pipeline.format.official import TABLE, Table, UnitKind


@dataclass
class TableData:
    table: Table
    values: pd.DataFrame  # int / Decimal; None where the official table has no cell
    cells: pd.DataFrame  # the address each value came from

    def value(self, row: str, col: str) -> int | Decimal:
        v: object = self.values.at[row, col]
        if not isinstance(v, (int, Decimal)):  # NaN / None: the official table has no such cell
            raise KeyError(f"{self.table.key} has no cell {row}/{col}")
        return v

    def address(self, row: str, col: str) -> str:
        return str(self.cells.at[row, col])

    def total(self, keys: tuple[tuple[str, str], ...]) -> int | Decimal:
        return sum((self.value(r, c) for r, c in keys), start=0)

    @classmethod
    def empty(cls, key: str) -> TableData:
        """No values yet, each cell at its address in a fresh template (the reader puts in its own)."""
        table = TABLE[key]
        index = [r.key for r in table.rows]
        columns = [c.key for c in table.cols]
        values = pd.DataFrame(None, index=index, columns=columns, dtype=object)
        cells = values.copy()
        for (row, col), inp in TABLE_INPUTS[key].items():
            cells.at[row, col] = inp.place.address
        return cls(table, values, cells)


@dataclass
class Report:
    unit_name: str = ""
    year: int | None = None
    unit_kind: UnitKind | None = None
    #: The workbook's switch 自动生成统计语句: add sentences generated from the tables to the narrative.
    auto_sentences: bool = True
    texts: dict[str, list[str]] = field(default_factory=dict)  # narrative key -> paragraphs
    tables: dict[str, TableData] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)  # field / narrative key -> 正文!B3
    #: 填报人, 联系电话, 审核人, 填报日期 by ``official.CONTACT_FIELDS`` key: for the county's lists only.
    contact: dict[str, str] = field(default_factory=dict)
    source: str = ""  # the file it was read from
