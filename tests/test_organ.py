"""The 落款's 发文机关: the issuing organ (红星镇人民政府), not the workbook's short name (红星镇); filled by
default from the name and kind where the clerk sees it and can correct it; older workbooks still read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.format.layout import FIELD_INPUTS, VERSION
from pipeline.format.official import UnitKind, default_organ
from pipeline.reading.reader import read
from pipeline.report.context import build_context
from pipeline.workbook.next_year import write_next_year
from pipeline.workbook.template import organ_formula

from .helpers import EXAMPLE, edit_workbook, office_round_trip

ORGAN = FIELD_INPUTS["organ"]


@pytest.mark.parametrize(("name", "kind", "organ"), [
    ("红星镇", UnitKind.TOWNSHIP, "红星镇人民政府"),
    ("城关街道", UnitKind.TOWNSHIP, "城关街道办事处"),
    ("某某县", UnitKind.COUNTY_GOV, "某某县人民政府"),
    ("某某县人民政府", UnitKind.COUNTY_GOV, "某某县人民政府"),
    ("某某县教育局", UnitKind.COUNTY_DEPT, "某某县教育局"),
    ("某某县", None, "某某县"),
])
def test_the_default_organ(name: str, kind: UnitKind | None, organ: str) -> None:
    assert default_organ(name, kind) == organ


def test_the_signature_prints_the_organ(tmp_path: Path) -> None:
    book = edit_workbook(EXAMPLE, tmp_path / "红星镇.xlsx", {FIELD_INPUTS["unit_name"].place.address: "红星镇",
                                                           FIELD_INPUTS["sign_date"].place.address: "2025年1月20日"})
    report, _ = read(book)
    assert report.organ == "红星镇人民政府"
    signature = build_context(report)["signature"]
    assert signature == {"unit": "红星镇人民政府", "date": "2025年1月20日"}


def test_the_workbook_shows_the_default_and_the_clerk_corrects_it(tmp_path: Path) -> None:
    cell = load_workbook(EXAMPLE)[ORGAN.place.sheet][ORGAN.place.coordinate]
    assert cell.value == organ_formula(), "the default is shown in the workbook, as a formula"
    corrected = edit_workbook(EXAMPLE, tmp_path / "改.xlsx", {ORGAN.place.address: " 某某县盘江镇人民政府 "})
    report, problems = read(corrected)
    assert report.organ == "某某县盘江镇人民政府" and not [p for p in problems if p.is_error]
    cleared = edit_workbook(EXAMPLE, tmp_path / "空.xlsx", {ORGAN.place.address: None})
    assert read(cleared)[0].organ == "盘江镇人民政府"
    write_next_year(report, [], tmp_path / "next.xlsx")  # the correction stands next year
    assert read(tmp_path / "next.xlsx")[0].organ == "某某县盘江镇人民政府"


def test_the_formula_shows_what_the_report_prints(tmp_path: Path) -> None:
    """LibreOffice computes the default formula to what the reader derives (whose own result is
    never trusted: a cached value is ignored)."""
    book = edit_workbook(EXAMPLE, tmp_path / "城关街道.xlsx", {FIELD_INPUTS["unit_name"].place.address: "城关街道"})
    saved = office_round_trip(book, tmp_path)
    shown = load_workbook(saved, data_only=True)[ORGAN.place.sheet][ORGAN.place.coordinate].value
    assert shown == read(saved)[0].organ == "城关街道办事处"


@pytest.mark.parametrize("version", ["GB2021-30号-v4", "GB2021-30号-v3"])
def test_an_older_workbook_without_the_field_reads(version: str, tmp_path: Path) -> None:
    wb = load_workbook(EXAMPLE)
    wb[VERSION.place.sheet][VERSION.place.coordinate] = version
    wb[ORGAN.place.sheet][ORGAN.place.coordinate] = None
    del wb.defined_names[ORGAN.name]
    if version.endswith("v3"):
        del wb.defined_names[FIELD_INPUTS["compare"].name]
    wb.save(tmp_path / "old.xlsx")
    report, problems = read(tmp_path / "old.xlsx")
    assert report.organ == "盘江镇人民政府" and not [p for p in problems if p.is_error]
    report.sign_date = date(2025, 1, 20)
    assert build_context(report)["signature"]["unit"] == "盘江镇人民政府"
