"""The data of one report in memory: unit details, narrative paragraphs and three labelled tables.

Plain Python on purpose: a report is read, checked and rendered cell by cell (some 1,300 single-value
reads and writes), which a dict does in nanoseconds and a pandas frame in microseconds each; pandas
is kept for the many-units table of the 汇总 (``units/frame.py``). Each table is two grids keyed by
the ``(row key, column key)`` pairs of ``official``: the values, Python ints (件) and Decimals (万元)
so sums stay exact, and the address each value was read from (``表三!D7``), so every check can name
the cell it is about, even in a workbook where staff inserted rows. A table built in code (the 汇总,
tests) names the cells of a fresh template, where it would be written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from pipeline.format.layout import TABLE_INPUTS
from pipeline.format.official import TABLE, Table, UnitKind

Key = tuple[str, str]  # (row key, column key) of the declaration
Number = int | Decimal
T = TypeVar("T")


class Grid(dict[Key, T]):
    """A table's cells by ``(row, col)``. ``grid.at[row, col]`` is ``grid[row, col]`` and
    ``equals`` is ``==``: the spellings of the pandas frames this replaced, kept so that code and
    tests written against them read and write the same cells."""

    @property
    def at(self) -> Grid[T]:
        return self

    def equals(self, other: object) -> bool:
        return isinstance(other, dict) and dict(self) == dict(other)


@dataclass
class TableData:
    table: Table
    values: Grid[Number]  # int / Decimal; no entry where the official table has no cell
    cells: Grid[str]  # the address each value came from

    def value(self, row: str, col: str) -> Number:
        v = self.values.get((row, col))
        if not isinstance(v, (int, Decimal)):  # the official table has no such cell, or it is unread
            raise KeyError(f"{self.table.key} has no cell {row}/{col}")
        return v

    def address(self, row: str, col: str) -> str:
        return self.cells[row, col]

    def total(self, keys: tuple[Key, ...]) -> Number:
        return sum((self.value(r, c) for r, c in keys), start=0)

    @classmethod
    def empty(cls, key: str) -> TableData:
        """No values yet, each cell at its address in a fresh template (the reader puts in its own)."""
        cells = Grid({k: inp.place.address for k, inp in TABLE_INPUTS[key].items()})
        return cls(TABLE[key], Grid(), cells)


@dataclass
class Report:
    unit_name: str = ""
    year: int | None = None
    unit_kind: UnitKind | None = None
    #: The workbook's switch 自动生成统计语句: add sentences generated from the tables to the narrative.
    auto_sentences: bool = True
    #: The workbook's switch 图解: add a page of charts drawn from the tables to the report.
    charts: bool = False
    #: The workbook's switch 与上年对比: with last year's workbook, a table of the main figures of
    #: both years after table 四.
    compare: bool = False
    #: The workbook's 成文日期: with it, the report ends with the 落款 (the organ and the date).
    sign_date: date | None = None
    #: The 落款's 发文机关 (红星镇人民政府 for 红星镇): as typed on 基本信息, else ``official.default_organ``.
    organ: str = ""
    texts: dict[str, list[str]] = field(default_factory=dict)  # narrative key -> paragraphs
    tables: dict[str, TableData] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)  # field / narrative key -> 正文!B3
    #: 填报人, 联系电话, 审核人, 填报日期 by ``official.CONTACT_FIELDS`` key: for the county's lists only.
    contact: dict[str, str] = field(default_factory=dict)
    source: str = ""  # the file it was read from
