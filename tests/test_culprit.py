"""The likely culprit: one wrong number in table 三 is named first, and marked apart in the copy."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from pipeline.checks.suite import check_equations
from pipeline.format.layout import TABLE_INPUTS
from pipeline.format.official import TABLE3
from pipeline.format.rules import TOTAL_CELLS
from pipeline.reading.reader import read
from pipeline.reading.totals import fill_totals
from pipeline.workbook.annotate import CULPRIT_FILL, PROBLEM_FILL

from .helpers import EXAMPLE, edit_workbook
from .older import older_workbook


def test_one_wrong_number_anywhere_in_table_3_is_named_first(tmp_path: Path) -> None:
    """In a workbook with typed totals (every one of the 175 cells typed), +1 in any cell names
    exactly that cell first in every message."""
    report, _ = read(older_workbook(tmp_path / "old.xlsx"))
    data = report.tables["t3"]
    for (row, col), inp in TABLE_INPUTS["t3"].items():
        original = data.value(row, col)
        data.values.at[row, col] = original + 1
        problems = list(check_equations(report))
        data.values.at[row, col] = original
        address = inp.place.address
        assert len(problems) >= 2, address
        assert all(p.culprit == address for p in problems), address
        assert all(p.message.startswith(f"最可能出错的是 {address}（") for p in problems), address


def test_the_issue_example_d7(cli, tmp_path: Path) -> None:
    old = older_workbook(tmp_path / "old.xlsx")
    wrong = edit_workbook(old, tmp_path / "d7.xlsx", {"表三!D7": load_workbook(old)["表三"]["D7"].value + 1})
    marked = tmp_path / "marked.xlsx"
    code, out, _ = cli("check", wrong, "--json", "--annotate", marked)
    errors = [p for p in json.loads(out)["problems"] if p["severity"] == "error"]
    assert code == 1 and sorted(p["code"] for p in errors) == ["H2", "H3"]
    assert all(p["culprit"] == "表三!D7" and p["message"].startswith("最可能出错的是 表三!D7") for p in errors)
    assert all("（手工填写）" in p["message"] for p in errors)  # only a typed total can disagree
    sheet = load_workbook(marked)["表三"]
    assert sheet["D7"].fill.fgColor.rgb.endswith(CULPRIT_FILL.fgColor.rgb)
    assert "最可能出错" in sheet["D7"].comment.text
    for other in ("D28", "J7", "E7"):  # in a failing equation, but not the culprit
        assert sheet[other].fill.fgColor.rgb.endswith(PROBLEM_FILL.fgColor.rgb), other
        assert "最可能出错的单元格" not in sheet[other].comment.text


def test_no_culprit_is_invented_when_the_equations_cannot_tell(make_workbook) -> None:
    """With totals computed, D7 + 1 and D8 + 1 break the same two equations: no cell is named."""
    report, _ = read(make_workbook({"t3_deny_law_natural": 1}))
    problems = list(check_equations(report))
    assert [p.code for p in problems] == ["H1", "H1"]
    assert not any(p.culprit or "最可能出错的是" in p.message for p in problems)
    # A 总计 typed over its formula is checked against its details; one failing equation never has
    # a single common cell.
    report, _ = read(make_workbook({"t4_cases_review_total": 9}))
    problems = list(check_equations(report))
    assert [p.code for p in problems] == ["H4"] and not problems[0].culprit
    assert "手工填写" in problems[0].message and "= 9" in problems[0].message


def test_with_computed_totals_the_column_of_a_wrong_detail_is_named(tmp_path: Path) -> None:
    """In the current template a wrong detail cannot be told from its column's others, but its column
    can: +1 in any detail of table 三 names that column first, and no single cell."""
    report, _ = read(EXAMPLE)
    data = report.tables["t3"]
    for (row, col), inp in TABLE_INPUTS["t3"].items():
        if (row, col) in TOTAL_CELLS["t3"]:
            continue
        original = data.value(row, col)
        data.values.at[row, col] = original + 1
        fill_totals(report)
        problems = list(check_equations(report))
        data.values.at[row, col] = original
        fill_totals(report)
        label = TABLE3.col(col).label
        assert len(problems) == 2, inp.place.address
        assert all(p.message.startswith(f"出错的数很可能在“{label}”列") and not p.culprit for p in problems)
