"""Properties over random input: whatever arrives, every run ends with an exit code and a message,
never a traceback; when a report is made, its numbers are the workbook's numbers.

Three generators: random values in random input cells of the example; random byte corruptions of
the example file; random data in which every equation holds, written into a fresh workbook. Each
example runs the real command line (``render``) and reads the Word report back.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.core.model import Report, TableData
from pipeline.format.grid import table_grid
from pipeline.format.layout import TABLE_INPUTS, TEXT_INPUTS, Input
from pipeline.format.official import T3_RESULT_ROWS, T4_GROUPS, TABLES, CellKind, UnitKind
from pipeline.format.rules import TOTALS
from pipeline.report.context import number
from pipeline.workbook.writer import write_workbook

from .docx_helpers import table_cells
from .helpers import EXAMPLE, sha256, time_limit
from .seed import seed_report

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED = seed_report()
CELLS: list[tuple[str, str, str, Input]] = [(t, r, c, inp) for t, cells in TABLE_INPUTS.items()
                                            for (r, c), inp in cells.items()]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> Run:
    """The command line in-process, as staff run it; a traceback would surface as an exception."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit(60):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def assert_answered(run: Run, codes: tuple[int, ...] = (0, 1, 2)) -> None:
    """An exit code staff can act on, and a Chinese answer that is not an internal error."""
    event(f"exit {run.code}")  # --hypothesis-show-statistics: every branch must be exercised
    assert run.code in codes, run
    assert "内部错误" not in run.err and "Traceback" not in run.out + run.err, run.err
    if run.code == 2:
        assert run.err.startswith("无法继续：") and run.err.count("\n") == 1, run.err
    else:
        assert "个错误" in run.out or "检查通过" in run.out, run.out


def printed_tables(report: Path) -> list[list[str]]:
    return table_cells(report)


def expected_tables(values: dict[tuple[str, str, str], str]) -> list[list[str]]:
    """Each table's cells as the grid lays them out: labels as declared, numbers from ``values``."""
    return [[values[(t.key, *c.key)] if c.key else c.text for c in table_grid(t)] for t in TABLES]


def seed_values() -> dict[tuple[str, str, str], str]:
    return {(t, r, c): number(SEED.tables[t].value(r, c)) for t, r, c, _ in CELLS}


# --- 1. random values in random input cells -------------------------------------------------------

#: (what is written into the cell, the number it unambiguously means, or None if it means none)
Written = tuple[object, str | None]


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in text)


def _same_count(n: int) -> st.SearchStrategy[Written]:
    """The same count written the ways staff write it: each must be read as ``n``."""
    forms = [n, float(n), str(n), f"{n}件", f" {n} ", _full_width(str(n)), f"{n:,}"]
    return st.sampled_from([(f, str(n)) for f in forms])


def _no_number_text() -> st.SearchStrategy[Written]:
    # No digits of any kind (NFKC turns ① into 1), no characters a workbook cannot hold.
    text = st.text(st.characters(exclude_categories=("Nd", "Nl", "No", "Cc", "Cs")), min_size=1, max_size=12)
    zero = {"无", "没有", "零"}
    return text.map(lambda s: (s, "0" if unicodedata.normalize("NFKC", s).strip() in zero
                               else ("__blank__" if not s.strip() else None)))


def _any_count() -> st.SearchStrategy[Written]:
    return st.one_of(
        st.integers(0, 10**6).map(lambda n: (n, str(n))),
        st.integers(-10**6, -1).map(lambda n: (n, None)),
        st.floats(0.01, 1e6).filter(lambda x: not x.is_integer()).map(lambda x: (x, None)),
        st.sampled_from([(1e20, None), (True, None), (False, None), (datetime(2024, 5, 1), None),
                         ("#DIV/0!", None), ("#REF!", None), ("—", None), ("-", None), ("/", None),
                         ("N/A", None), ("50%", None), ("1,2", None), ("12万元", None), (None, "__blank__")]),
        _no_number_text(),
    )


def _amount_text() -> st.SearchStrategy[Written]:
    decimals = st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False, allow_infinity=False)
    return st.one_of(decimals.map(lambda d: (format(d, "f"), format(d, "f"))),
                     decimals.map(lambda d: (f"{format(d, 'f')}万元", format(d, "f"))),
                     st.sampled_from([(-1, None), ("12元", None), ("1,2", None), (True, None)]))


@st.composite
def cell_edits(draw: st.DrawFn) -> dict[int, Written]:
    """A few input cells, each given the same number in another form or a random value."""
    chosen = draw(st.lists(st.integers(0, len(CELLS) - 1), min_size=1, max_size=4, unique=True))
    edits = {}
    for i in chosen:
        table, row, col, inp = CELLS[i]
        if inp.kind is CellKind.AMOUNT:
            edits[i] = draw(_amount_text())
        elif draw(st.booleans()):
            edits[i] = draw(_same_count(int(SEED.tables[table].value(row, col))))
        else:
            edits[i] = draw(_any_count())
    return edits


@SETTINGS
@given(edits=cell_edits(), narrative=st.one_of(st.none(), st.text(
    st.characters(exclude_categories=("Cc", "Cs")), max_size=200)))
def test_random_values_in_random_cells(edits: dict[int, Written], narrative: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "wb.xlsx", Path(folder) / "r.docx"
        wb = load_workbook(EXAMPLE)
        for i, (value, _) in edits.items():
            place = CELLS[i][3].place
            wb[place.sheet][place.coordinate] = value
        if narrative is not None:
            place = TEXT_INPUTS["s6"].place
            wb[place.sheet][place.coordinate] = narrative
        wb.save(path)
        before = sha256(path)
        run = run_cli("render", path, "-o", out)
        assert sha256(path) == before
        assert_answered(run, (0, 1))  # values alone never make a workbook unreadable
        if run.code != 0:
            assert not out.exists()
            return
        expected = seed_values()
        typed = set()
        for i, (_, meaning) in edits.items():
            assert meaning is not None, f"{CELLS[i][3].place.address}: {edits[i]!r} made a report"
            expected[CELLS[i][:3]] = "0" if meaning == "__blank__" else meaning
            if meaning != "__blank__":
                typed.add(CELLS[i][:3])
        assert printed_tables(out) == expected_tables(with_totals(expected, typed))


def with_totals(values: dict[tuple[str, str, str], str], typed: set[tuple[str, str, str]]) -> dict[
        tuple[str, str, str], str]:
    """Every 总计 not typed over its formula is the sum of its details, as the reader computes it
    (a typed one made a report only if it agreed)."""
    for total in TOTALS:
        key = (total.table, *total.cell)
        if key not in typed:
            values[key] = str(sum(int(values[(total.table, *part)]) for part in total.parts))
    return values


# --- 2. random byte corruptions of the example file ------------------------------------------------

EXAMPLE_BYTES = EXAMPLE.read_bytes()


@st.composite
def corruptions(draw: st.DrawFn) -> bytes:
    data = bytearray(EXAMPLE_BYTES)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "zero"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        else:
            data[at:at + 64] = bytes(len(data[at:at + 64]))
        if not data:
            break
    return bytes(data)


@SETTINGS
@given(data=corruptions())
def test_random_corruptions_of_the_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "wb.xlsx", Path(folder) / "r.docx"
        path.write_bytes(data)
        run = run_cli("render", path, "-o", out)
        assert path.read_bytes() == data
        assert_answered(run)
        if run.code == 0:  # the damage missed everything that matters: the seed's numbers, all of them
            assert printed_tables(out) == expected_tables(seed_values())


# --- 3. random data in which every equation holds --------------------------------------------------

@st.composite
def consistent_reports(draw: st.DrawFn) -> Report:
    small = st.integers(0, 60)
    tables = {t.key: TableData.empty(t.key) for t in TABLES}
    t2 = tables["t2"]
    for r, c, kind in TABLES[0].cells():
        t2.values.at[r.key, c.key] = (draw(st.integers(0, 10**6)) if kind is CellKind.COUNT else
                                      draw(st.decimals(0, 10**6, places=draw(st.integers(0, 6)),
                                                       allow_nan=False, allow_infinity=False)))
    t3 = tables["t3"]
    parts = [c.key for c in TABLES[1].cols if c.key != "total"]
    for col in parts:
        for row in T3_RESULT_ROWS:
            t3.values.at[row, col] = draw(small)
        done = sum(t3.values.at[row, col] for row in T3_RESULT_ROWS)
        t3.values.at["total", col] = done
        t3.values.at["next", col] = draw(small)
        t3.values.at["carried", col] = draw(st.integers(0, done + t3.values.at["next", col]))
        t3.values.at["new", col] = done + t3.values.at["next", col] - t3.values.at["carried", col]
    for row in (r.key for r in TABLES[1].rows):
        t3.values.at[row, "total"] = sum(t3.values.at[row, col] for col in parts)
    t4 = tables["t4"]
    for group, _ in T4_GROUPS:
        keys = [f"{group}_{k}" for k in ("upheld", "corrected", "other", "pending")]
        for key in keys:
            t4.values.at["cases", key] = draw(st.integers(0, 500))
        t4.values.at["cases", f"{group}_total"] = sum(t4.values.at["cases", k] for k in keys)
    kind = draw(st.sampled_from(list(UnitKind)))
    return Report(unit_name=SEED.unit_name, year=SEED.year, unit_kind=kind, texts=SEED.texts, tables=tables)


@SETTINGS
@given(report=consistent_reports())
def test_consistent_random_data_is_reported_cell_for_cell(report: Report) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "wb.xlsx", Path(folder) / "r.docx"
        write_workbook(report, path)
        run = run_cli("render", path, "-o", out)
        assert_answered(run, (0,))
        printed = printed_tables(out)
        values = {(t, r, c): str(report.tables[t].value(r, c)) for t, r, c, _ in CELLS}
        amounts = {(t, r, c) for t, r, c, inp in CELLS if inp.kind is CellKind.AMOUNT}
        expected = expected_tables(values)
        for (t, r, c) in amounts:  # an amount keeps its value; trailing zeros are the cell format's business
            i = next(i for i, t2 in enumerate(TABLES) if t2.key == t)
            j = [g.key for g in table_grid(TABLES[i])].index((r, c))
            assert Decimal(printed[i][j]) == report.tables[t].value(r, c) and "E" not in printed[i][j]
            printed[i][j] = expected[i][j]
        assert printed == expected
