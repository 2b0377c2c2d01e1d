"""The numbers a narrative states, against the tables (T3).

``text_reading`` decides what each number names from the words of its own clause; this module says
what the tables hold for it and whether the text agrees. A count agrees when it equals the sum of
any one reading of its clause (“受理749件”: 新收, or 新收 + 上年结转); a share when any rounding of
it to the digits stated fits (largest remainder moves one unit) over any of its denominators.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipeline.checks.text_reading import Reading, readings
from pipeline.checks.text_words import ALL, HANDLED, NEW, Cells
from pipeline.core.model import Report
from pipeline.format.official import T3_GROUPS, TABLE2, TABLE3, TABLE4

__all__ = ["Expect", "contradictions", "stated", "table_sum"]


@dataclass(frozen=True)
class Expect:
    values: tuple[Decimal, ...]  # any of these agrees with the tables
    said: str  # what the tables say, for the message
    cells: tuple[tuple[str, str, str], ...]  # (table, row, column) taking part


def table_sum(report: Report, cells: Cells) -> Decimal:
    return sum((Decimal(report.tables[t].value(r, c)) for t, r, c in cells), start=Decimal(0))


_GROUP_LABEL = {rows: label for label, rows in T3_GROUPS.items()}


def _name(cells: Cells) -> str:
    """How the tables label ``cells``: “表三“（七）总计”” …"""
    table = cells[0][0]
    if table == "t2":
        _, row, col = cells[0]
        if col == "amount":
            return f"{TABLE2.sheet}“{TABLE2.row(row).label}”"
        return f"{TABLE2.sheet}“{TABLE2.row(row).label}”的“{TABLE2.col(col).label}”"
    if table == "t4":
        cols = [TABLE4.col(c) for _, _, c in cells]
        if all(c.label == "总计" for c in cols):
            names = "、".join(f"“{c.path[-2]}”" for c in cols)
            return f"{TABLE4.sheet}{names}的总计{'合计' if len(cols) > 1 else ''}"
        names = "、".join(f"“{'”“'.join(c.path[-2:])}”" for c in cols)
        return f"{TABLE4.sheet}{names}{'合计' if len(cols) > 1 else ''}"
    rows = tuple(r for _, r, _ in cells)
    if rows in _GROUP_LABEL and len(rows) > 1:
        return f"{TABLE3.sheet}“{_GROUP_LABEL[rows]}”各项合计"
    if len(rows) == 1:
        label = TABLE3.row(rows[0]).label
        return f"{TABLE3.sheet}“{label}”{'' if label.endswith('总计') else '总计'}"
    groups = [label for grouped, label in _GROUP_LABEL.items() if set(grouped) <= set(rows)]
    return f"{TABLE3.sheet}{'、'.join(f'“{g}”' for g in groups)}合计"


def _said(report: Report, options: tuple[Cells, ...]) -> str:
    if options[0] == NEW and ALL in options:
        new, both = table_sum(report, NEW), table_sum(report, ALL)
        return f"{_name(NEW)}为 {new} 件" + (f"，加上年结转共 {both} 件" if both != new else "")
    if options[0] == HANDLED and ALL in options:
        return (f"{_name(HANDLED)}为 {table_sum(report, HANDLED)} 件，"
                f"本年新收加上年结转共 {table_sum(report, ALL)} 件")
    parts = list(dict.fromkeys(f"{_name(o)}为 {table_sum(report, o)} 件" for o in options))
    return parts[0] + "".join(f"（{p}）" for p in parts[1:])


def expect(report: Report, reading: Reading) -> Expect | None:
    """What the tables hold for ``reading``; None when they cannot say (a share of nothing)."""
    cells = tuple(dict.fromkeys(c for option in (*reading.cells, *reading.bases) for c in option))
    if reading.cells == ((("t2", "fees", "amount"),),):
        amount = table_sum(report, reading.cells[0])
        return Expect((amount,), f"{_name(reading.cells[0])}为 {amount} 万元", cells)
    if not reading.percent:
        values = tuple(table_sum(report, o) for o in reading.cells)
        return Expect(values, _said(report, reading.cells), cells)
    part = table_sum(report, reading.cells[0])
    bases = [b for b in (table_sum(report, o) for o in reading.bases) if b]
    if not bases:
        return None
    shares = tuple(part * 100 / b for b in bases)
    what = _name(reading.cells[0])
    whole = "办结" if reading.bases[0] == HANDLED else "收到"
    return Expect(shares, f"按{what}为 {part} 件计，占{whole}总数的 {shares[0]:.1f}%", cells)


def agrees(reading: Reading, expected: Decimal) -> bool:
    if not reading.percent:
        return reading.value == expected
    exponent = reading.value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    return abs(reading.value - expected) < Decimal(1).scaleb(-places)


def contradictions(report: Report, key: str, paragraph: str) -> Iterator[tuple[Reading, Expect]]:
    """Every number of ``paragraph`` that no reading of the tables supports."""
    for reading in readings(paragraph, key):
        found = expect(report, reading)
        if found is not None and not any(agrees(reading, v) for v in found.values):
            yield reading, found


def stated(report: Report, key: str) -> set[str]:
    """The topics (requests, reviews, documents) whose figures the unit's own text states in ``key``."""
    return {r.topic for paragraph in report.texts.get(key, []) for r in readings(paragraph, key)}
