"""The many-units table: one row per unit, one column per input cell of tables 二, 三 and 四.

This is where pandas is the right tool: the 汇总, a comparison of units or of years are operations on
whole columns over hundreds of rows. (One report is plain Python: ``core.model``.) Counts are int64
columns; 万元 amounts stay object columns of Decimals, so their sums are exact, as the units typed
them (a float column would turn 0.1 + 0.2 into 0.30000000000000004). pandas is imported by the
commands that need it, never by ``check`` or ``render``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

from pipeline.core.model import Report, TableData
from pipeline.format.official import TABLES, CellKind, UnitKind


def column(table: str, row: str, col: str) -> str:
    """The frame's column of a cell: ``t3:new:natural``."""
    return f"{table}:{row}:{col}"


#: Every input cell, in the declaration's order, and which of them are 万元 amounts.
COLUMNS = [column(t.key, r.key, c.key) for t in TABLES for r, c, _ in t.cells()]
AMOUNTS = frozenset(column(t.key, r.key, c.key) for t in TABLES for r, c, k in t.cells() if k is CellKind.AMOUNT)


def row_of(report: Report) -> list[int | Decimal]:
    """One unit's values in ``COLUMNS`` order."""
    return [report.tables[t.key].value(r.key, c.key) for t in TABLES for r, c, _ in t.cells()]


def units_frame(rows: Mapping[str, Sequence[int | Decimal]]) -> pd.DataFrame:
    """The table of ``rows`` (unit or file -> values in ``COLUMNS`` order), typed as above."""
    frame = pd.DataFrame.from_dict(dict(rows), orient="index", columns=COLUMNS, dtype=object)
    counts = [c for c in COLUMNS if c not in AMOUNTS]
    return frame.astype(dict.fromkeys(counts, "int64"))


def totals(frame: pd.DataFrame, unit: str, year: int, kind: UnitKind) -> Report:
    """The column sums of ``frame`` as one report (the 汇总's tables; no narrative)."""
    sums = frame.sum(axis=0)
    report = Report(unit_name=unit, year=year, unit_kind=kind)
    for table in TABLES:
        data = TableData.empty(table.key)
        for r, c, k in table.cells():
            total = sums[column(table.key, r.key, c.key)]
            # int64 back to int; an amount column sums Decimals (0 when there are no units)
            data.values[r.key, c.key] = Decimal(total) if k is CellKind.AMOUNT else int(total)
        report.tables[table.key] = data
    return report
