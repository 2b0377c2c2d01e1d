"""Text written into any spreadsheet is data: a unit or file name beginning with = + - @ stays text in
问题清单, the annotated copy, the 汇总 and every workbook the tool writes (issue 9). The suite-wide
scan in conftest (no_formula_from_data) checks every spreadsheet any test wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.format.layout import FIELD_INPUTS
from pipeline.units.aggregate import MEMBERS_SHEET
from pipeline.units.problem_list import PROBLEM_SHEET, SUMMARY_SHEET
from pipeline.workbook.writer import write_workbook

from .helpers import HOSTILE_MARK, formulas
from .synth import synth_report

NAMES = [f'=HYPERLINK("http://{HOSTILE_MARK}/x","点我")', f'+"{HOSTILE_MARK}"', f'-1+"{HOSTILE_MARK}"',
         f'@SUM("{HOSTILE_MARK}")']
FILE = f'=HYPERLINK("{HOSTILE_MARK}","文件")'  # no slash: a file name
NAME_CELL = FIELD_INPUTS["unit_name"].place


@pytest.fixture
def units(tmp_path: Path) -> Path:
    """Units with hostile names, one of them with an error (so it is listed and annotated)."""
    folder = tmp_path / "units"
    for i, name in enumerate(NAMES):
        report = synth_report(name)
        if i == 0:
            report.tables["t3"].values.at["new", "natural"] += 1  # H1: totals are formulas, never written
        write_workbook(report, folder / (f"{FILE}.xlsx" if i == 0 else f"u{i}.xlsx"))
    return folder


def _text_cells(path: Path, sheet: str) -> dict[str, str]:
    ws = load_workbook(path)[sheet]
    found = {}
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and HOSTILE_MARK in c.value:
                assert c.data_type == "s", f"{sheet}!{c.coordinate} is {c.data_type}"
                found[c.coordinate] = c.value
    return found


def test_the_workbook_writer_keeps_a_name_as_text(units: Path) -> None:
    path = units / f"{FILE}.xlsx"
    assert _text_cells(path, NAME_CELL.sheet) == {NAME_CELL.coordinate: NAMES[0]}
    assert not any(HOSTILE_MARK in f for f in formulas(path))


def test_batch_problem_list_and_annotated_copy(cli, units: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("batch", units, "-o", out, "-j", "1")[0] == 1
    listing = out / "问题清单.xlsx"
    assert formulas(listing) == []
    values = set(_text_cells(listing, PROBLEM_SHEET).values()) | set(_text_cells(listing, SUMMARY_SHEET).values())
    assert set(NAMES) <= values and f"{FILE}.xlsx" in values
    (annotated,) = (out / "问题标注").glob("*.xlsx")
    assert _text_cells(annotated, NAME_CELL.sheet) == {NAME_CELL.coordinate: NAMES[0]}
    assert not any(HOSTILE_MARK in f for f in formulas(annotated))


def test_check_annotate(cli, units: Path, tmp_path: Path) -> None:
    out = tmp_path / "标注.xlsx"
    assert cli("check", units / f"{FILE}.xlsx", "--annotate", out)[0] == 1
    assert _text_cells(out, NAME_CELL.sheet) == {NAME_CELL.coordinate: NAMES[0]}
    assert not any(HOSTILE_MARK in f for f in formulas(out))


def test_aggregate(cli, units: Path, tmp_path: Path) -> None:
    out = tmp_path / "汇总.xlsx"
    assert cli("aggregate", units, "--unit", NAMES[1], "-o", out, "-j", "1")[0] == 1
    assert _text_cells(out, NAME_CELL.sheet) == {NAME_CELL.coordinate: NAMES[1]}
    members = set(_text_cells(out, MEMBERS_SHEET).values())
    assert {NAMES[0], NAMES[2], NAMES[3], f"{FILE}.xlsx"} <= members
    assert not any(HOSTILE_MARK in f for f in formulas(out))
