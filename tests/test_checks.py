"""The 勾稽 checks: every cell of tables 三 and 四 is guarded, every message is actionable."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from pipeline.checks.suite import run_checks
from pipeline.format.layout import SHEETS, TABLE_INPUTS
from pipeline.format.official import UnitKind
from pipeline.format.rules import TOTAL_CELLS, TOTALS
from pipeline.reading.reader import read

from .helpers import EXAMPLE


def _plus_one(parts: dict[str, bytes], sheet_part: str, coord: str, target: Path) -> None:
    """The example with 1 added to one number, changed in the sheet's XML: ~200 copies in seconds,
    where saving each through openpyxl took minutes."""
    pattern = re.compile(rb'(<c r="' + coord.encode() + rb'"[^>]*><v>)(\d+)(</v>)')
    sheet, n = pattern.subn(lambda m: m.group(1) + str(int(m.group(2)) + 1).encode() + m.group(3), parts[sheet_part])
    assert n == 1, coord
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, sheet if name == sheet_part else data)


def test_every_detail_of_table_3_is_guarded(tmp_path: Path) -> None:
    """Adding 1 to any detail of table 三 breaks an equation (its column's and the 总计 column's H1),
    and the error names that cell or the 总计 the template computes from it."""
    with zipfile.ZipFile(EXAMPLE) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    target = tmp_path / "plus_one.xlsx"
    for key, inp in TABLE_INPUTS["t3"].items():
        if key in TOTAL_CELLS["t3"]:
            continue
        sheet, coord = inp.place.sheet, inp.place.coordinate
        _plus_one(parts, f"xl/worksheets/sheet{SHEETS.index(sheet) + 1}.xml", coord, target)
        report, problems = read(target)
        problems += run_checks(report)
        errors = [p for p in problems if p.is_error]
        assert errors and {p.code for p in errors} == {"H1"}, inp.place.address
        fed, keys = set(), {key}
        for t in TOTALS:  # parts come first: one pass follows D7 → D28 → J28
            if t.table == "t3" and keys & set(t.parts):
                keys.add(t.cell)
                fed.add(TABLE_INPUTS["t3"][t.cell].place.address)
        assert all(({inp.place.address} | fed) & set(p.cells) for p in errors), inp.place.address


def test_table_4_totals_follow_their_details(make_workbook) -> None:
    """Table 四 has only sums: with the 总计 computed, a detail changed changes its 总计, no error."""
    report, problems = read(make_workbook({"t4_cases_review_upheld": 5}))
    assert report.tables["t4"].value("cases", "review_total") == 5
    assert not [p for p in problems + run_checks(report) if p.is_error]


def _numbers_for(report, changes: dict[tuple[str, str, str], int]):
    for (table, row, col), value in changes.items():
        report.tables[table].values.at[row, col] = value
    # The seed's text warnings (and those new numbers make) are test_textchecks' business.
    return [p for p in run_checks(report) if not p.code.startswith("T")]


def test_h1_message_has_both_sides_the_difference_and_every_cell() -> None:
    report, _ = read(EXAMPLE)
    problems = _numbers_for(report, {("t3", "new", "natural"): 3, ("t3", "new", "total"): 3,
                                     ("t3", "open", "natural"): 2, ("t3", "open", "total"): 2,
                                     ("t3", "total", "natural"): 2, ("t3", "total", "total"): 2})
    # One wrong number in 自然人 breaks its column and the 总计 column: one problem naming both.
    (h1,) = problems
    assert h1.code == "H1" and h1.cells == ("表三!D5", "表三!J5", "表三!D6", "表三!J6", "表三!D28", "表三!J28",
                                            "表三!D29", "表三!J29")
    assert "= 3" in h1.message and "= 2" in h1.message and "都相差 1" in h1.message
    assert "“自然人”列" in h1.message and "“总计”列" in h1.message


@pytest.mark.parametrize(("row", "col"), [("deny_secret", "natural"), ("nh_mass", "legal")])
def test_h2_and_h3_name_the_row_and_column(row: str, col: str) -> None:
    report, _ = read(EXAMPLE)
    problems = _numbers_for(report, {("t3", row, col): 1})
    # The totals left as they were (as if typed): the detail's column (H2) and its row (H3), one problem.
    (problem,) = problems
    assert problem.culprit == report.tables["t3"].address(row, col) and problem.code == "H2"
    assert "（七）总计”（手工填写）" in problem.message and "“总计”（手工填写）" in problem.message


@pytest.mark.parametrize(("col", "code"), [("review_upheld", "H4"), ("direct_pending", "H5"),
                                           ("after_total", "H6")])
def test_table_4_groups(col: str, code: str) -> None:
    report, _ = read(EXAMPLE)
    problems = _numbers_for(report, {("t4", "cases", col): 2})
    assert [p.code for p in problems] == [code]
    assert len(problems[0].cells) == 5 and "相差" in problems[0].message


@pytest.mark.parametrize(("kind", "warned"), [(UnitKind.TOWNSHIP, True), (UnitKind.COUNTY_DEPT, True),
                                              (UnitKind.CITY_GOV, False), (UnitKind.STATE_DEPT, False)])
def test_rules_are_suspicious_for_units_that_cannot_make_them(kind: UnitKind, warned: bool) -> None:
    report, _ = read(EXAMPLE)
    report.unit_kind = kind
    problems = _numbers_for(report, {("t2", "rules", "issued"): 2, ("t2", "rules", "in_force"): 2})
    assert [p.code for p in problems] == (["P1"] if warned else [])
    if warned:
        assert problems[0].cells == ("表二!B4", "表二!D4") and not problems[0].is_error
        assert kind.value in problems[0].message


def test_missing_unit_details_are_errors(make_workbook, cli) -> None:
    code, out, _ = cli("check", make_workbook({"unit_name": None, "year": 1999, "unit_kind": "村委会"}), "--json")
    result = json.loads(out)
    assert code == 1
    # The example's half-width commas (T-PUNCT) are its own, whatever the unit details say.
    assert [(p["code"], p["cells"]) for p in result["problems"] if p["code"] != "T-PUNCT"] == [
        ("H8", ["基本信息!B2"]), ("H8", ["基本信息!B3"]), ("H8", ["基本信息!B4"])]
    assert "1999" in result["problems"][1]["message"]
