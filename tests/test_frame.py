"""The many-units frame behind the 汇总: one row per unit, sums as column operations, amounts exact."""

from __future__ import annotations

from decimal import Decimal

from pipeline.format.official import TABLES, UnitKind
from pipeline.units.frame import AMOUNTS, COLUMNS, column, row_of, totals, units_frame

from .synth import synth_report, unit_names


def test_sums_are_exact_and_cell_by_cell() -> None:
    reports = [synth_report(name, seed=i) for i, name in enumerate(unit_names(5))]
    fees = column("t2", "fees", "amount")
    assert fees in AMOUNTS
    rows = {}
    for i, report in enumerate(reports):
        row = row_of(report)
        row[COLUMNS.index(fees)] = Decimal("0.1") if i % 2 else Decimal("0.2")  # floats would not add up exactly
        rows[report.unit_name] = row
    frame = units_frame(rows)
    assert list(frame.index) == [r.unit_name for r in reports] and list(frame.columns) == COLUMNS
    assert all(str(frame[c].dtype) == ("object" if c in AMOUNTS else "int64") for c in COLUMNS)
    total = totals(frame, "某县", 2024, UnitKind.COUNTY_GOV)
    assert total.tables["t2"].value("fees", "amount") == Decimal("0.8")
    for table in TABLES:
        for r, c, _ in table.cells():
            if column(table.key, r.key, c.key) == fees:
                continue
            expected = sum(int(rep.tables[table.key].value(r.key, c.key)) for rep in reports)
            got = total.tables[table.key].value(r.key, c.key)
            assert got == expected and type(got) is int, (table.key, r.key, c.key)
