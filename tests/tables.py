"""Reports with tables of a chosen shape that satisfy H1–H6: the inputs of the sentence tests."""

from __future__ import annotations

from decimal import Decimal

from pipeline.core.model import Report, TableData
from pipeline.format.official import T4_GROUPS, TABLES, UnitKind


def make_tables(t3: dict[str, int] | None = None, t4: dict[str, int] | None = None,
                t2: dict[tuple[str, str], int] | None = None) -> dict[str, TableData]:
    """Tables with every cell 0 except those given. ``t3`` gives rows of table 三 (all requests from
    自然人; 总计 and （七）总计 follow); ``t4`` gives columns of table 四 (each group's 总计 follows)."""
    tables = {}
    for table in TABLES:
        data = TableData.empty(table.key)
        for r, c, _ in table.cells():
            data.values[r.key, c.key] = Decimal(0) if c.key == "amount" else 0
        tables[table.key] = data
    rows = dict(t3 or {})
    results = sum(v for k, v in rows.items() if k not in ("new", "carried", "next", "total"))
    rows["total"] = results
    for row, value in rows.items():
        for col in ("natural", "total"):
            tables["t3"].values.at[row, col] = value
    cols = dict(t4 or {})
    for group, _ in T4_GROUPS:
        cols[f"{group}_total"] = sum(v for k, v in cols.items() if k.startswith(group + "_") and k != f"{group}_total")
    for col, value in cols.items():
        tables["t4"].values.at["cases", col] = value
    for (row, col), value in (t2 or {}).items():
        tables["t2"].values.at[row, col] = value
    return tables


def report_with(texts: dict[str, list[str]] | None = None, **tables: dict) -> Report:  # type: ignore[type-arg]
    """盘江镇's 2024 report with these narratives and the tables ``make_tables`` makes of ``tables``
    (not docx_helpers.complete_report, which fills every narrative and cell)."""
    return Report(unit_name="盘江镇", year=2024, unit_kind=UnitKind.TOWNSHIP, texts=dict(texts or {}),
                  tables=make_tables(**tables))
