"""总计 are formulas in the template and computed by the reader, never read from a cached value."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from pipeline.core.problems import count
from pipeline.format.layout import CHECK_FIRST_ROW, CHECK_VERDICT, TABLE_INPUTS, UNIT_VERDICT
from pipeline.format.rules import EQUATIONS, TOTALS
from pipeline.reading.reader import read
from pipeline.run import check_workbook

from .helpers import EXAMPLE, office_round_trip, rezip
from .older import older_workbook


def test_libreoffice_recalculates_the_totals_the_reader_computes(tmp_path: Path) -> None:
    """The example is written by a library (formulas, no results); LibreOffice computes them, and its
    results are the totals the reader computes from the details."""
    computed, _ = read(EXAMPLE)
    saved = office_round_trip(EXAMPLE, tmp_path)
    cached = load_workbook(saved, data_only=True)
    for total in TOTALS:
        place = TABLE_INPUTS[total.table][total.cell].place
        assert cached[place.sheet][place.coordinate].value == computed.tables[total.table].value(*total.cell), \
            place.address
    again, problems = read(saved)
    for total in TOTALS:
        assert again.tables[total.table].value(*total.cell) == computed.tables[total.table].value(*total.cell)
    assert not [p for p in problems if p.code.startswith("H7")]  # no formula warnings for the totals
    for place in (CHECK_VERDICT, UNIT_VERDICT):  # the live verdict, as the office application shows it
        assert cached[place.sheet][place.coordinate].value == "本表检查：全部通过"


def test_the_verdict_counts_failing_rows(make_workbook, tmp_path: Path) -> None:
    saved = office_round_trip(make_workbook({"t3_next_natural": 99}), tmp_path)
    cached = load_workbook(saved, data_only=True)
    # 自然人 and 总计 columns: D29 and the J29 computed from it break two H1 rows.
    assert cached[CHECK_VERDICT.sheet][CHECK_VERDICT.coordinate].value == "本表检查：2 条不通过，见下表"
    assert cached[UNIT_VERDICT.sheet][UNIT_VERDICT.coordinate].value == "本表检查：2 条不通过，见校验表"
    rows = [cached["校验"].cell(r, 8).value for r in range(CHECK_FIRST_ROW, CHECK_FIRST_ROW + 7)]
    assert rows.count("不通过") == 2


def test_a_wrong_cached_total_is_not_trusted(tmp_path: Path) -> None:
    saved = office_round_trip(EXAMPLE, tmp_path)
    sheet = _sheet_part(saved, "表三")

    def lie(name: str, body: bytes) -> bytes:  # the cached result of J28 says 999
        if name != sheet:
            return body
        return re.sub(rb'(<c r="J28"[^>]*>.*?<v>)[^<]*', rb"\g<1>999", body, count=1, flags=re.S)

    forged = rezip(tmp_path / "forged.xlsx", source=saved, edit=lie)
    assert load_workbook(forged, data_only=True)["表三"]["J28"].value == 999
    report, _ = read(forged)
    assert report.tables["t3"].value("total", "total") == read(EXAMPLE)[0].tables["t3"].value("total", "total")


def _sheet_part(path: Path, title: str) -> str:
    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index(title) + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


def test_an_older_workbook_with_typed_totals_reads_and_passes(tmp_path: Path) -> None:
    outcome = check_workbook(older_workbook(tmp_path / "old.xlsx"))
    assert count(outcome.problems)[0] == 0


def test_a_typed_total_that_disagrees_is_reported_precisely(tmp_path: Path) -> None:
    old = older_workbook(tmp_path / "old.xlsx")
    wb = load_workbook(old)
    typed = wb["表三"]["D28"].value
    wb["表三"]["D28"] = typed + 2
    wb.save(old)
    problems = [p for p in check_workbook(old).problems if p.is_error]
    (h2,) = problems  # H1, H2 and row 28's H3: one wrong number, one problem
    assert f"（手工填写） = {typed + 2}" in h2.message and f"= {typed}，" in h2.message and "相差 2" in h2.message
    assert "表三!D28" in h2.cells and h2.culprit == "表三!D28" and "这一个数使 3 个勾稽关系不成立" in h2.message


def test_restating_equations_are_exactly_those_over_a_total() -> None:
    restating = {eq.code for eq in EQUATIONS if eq.restates}
    assert restating == {"H2", "H3", "H4", "H5", "H6"}
    assert {eq.code for eq in EQUATIONS if not eq.restates} == {"H1"}


def test_a_blank_typed_total_in_an_older_workbook_is_computed_and_said(tmp_path: Path) -> None:
    """A v2 workbook whose typed 总计 were left blank: each is computed from its details, and one
    warning per table names every such cell with the value the report will print."""
    old = older_workbook(tmp_path / "old.xlsx")
    wb = load_workbook(old)
    expected = wb["表三"]["J5"].value
    wb["表三"]["J5"] = None
    wb["表三"]["D28"] = None
    wb["表四"]["E5"] = None
    wb.save(old)
    outcome = check_workbook(old)
    blank = [p for p in outcome.problems if p.code == "H7-TOTAL"]
    assert count(outcome.problems)[0] == 0 and outcome.report.tables["t3"].value("new", "total") == expected
    assert [p.cells for p in blank] == [("表三!J5", "表三!D28"), ("表四!E5",)]
    assert f"表三!J5 总计为空，已按明细计算为 {expected}" in blank[0].message
    assert not blank[0].is_error and "旧版模板" in blank[0].message


def test_the_current_template_never_says_its_totals_are_blank(tmp_path: Path) -> None:
    assert not [p for p in check_workbook(EXAMPLE).problems if p.code == "H7-TOTAL"]
