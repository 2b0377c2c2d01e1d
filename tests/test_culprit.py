"""The likely culprit: one wrong number in table 三 is named first, and marked apart in the copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.checks.suite import check_equations, run_checks
from pipeline.core.problems import entries
from pipeline.format.layout import TABLE_INPUTS
from pipeline.format.official import TABLE3
from pipeline.format.rules import TOTAL_CELLS
from pipeline.reading.reader import read
from pipeline.reading.totals import fill_totals
from pipeline.workbook.annotate import CULPRIT_FILL, PROBLEM_FILL

from .helpers import EXAMPLE, edit_workbook
from .older import older_workbook


def test_one_wrong_number_anywhere_in_table_3_is_named_first(tmp_path: Path) -> None:
    """In a workbook with typed totals (every one of the 175 cells typed), +1 in any cell is one
    problem naming exactly that cell first."""
    report, _ = read(older_workbook(tmp_path / "old.xlsx"))
    data = report.tables["t3"]
    for (row, col), inp in TABLE_INPUTS["t3"].items():
        original = data.value(row, col)
        data.values.at[row, col] = original + 1
        problems = list(check_equations(report))
        data.values.at[row, col] = original
        address = inp.place.address
        assert len(problems) == 1, address
        assert problems[0].culprit == address and address in problems[0].cells, address
        assert problems[0].message.startswith(f"最可能出错的是 {address}（"), address
        assert "这一个数使" in problems[0].message and "相差 1" in problems[0].message, address


@pytest.mark.parametrize("table", ["t3", "t4"])
def test_single_cell_mutation_names_the_cell_in_exactly_one_entry(tmp_path: Path, table: str) -> None:
    """The issue's measure, on every check of the run: every input cell of 表三 and 表四 of a typed-totals
    workbook, +1, is named in exactly one entry of the lists (问题清单, 退回通知), for every cell."""
    report, _ = read(older_workbook(tmp_path / "old.xlsx"))
    data = report.tables[table]
    missed = []
    for (row, col), inp in TABLE_INPUTS[table].items():
        original = data.value(row, col)
        data.values.at[row, col] = original + 1
        found = entries(run_checks(report))
        data.values.at[row, col] = original
        naming = [p for p in found if inp.place.address in p.cells]
        if len(naming) != 1 or not naming[0].is_error:
            missed.append((inp.place.address, [p.code for p in naming]))
    assert missed == []


def test_the_issue_example_d7(cli, tmp_path: Path) -> None:
    old = older_workbook(tmp_path / "old.xlsx")
    wrong = edit_workbook(old, tmp_path / "d7.xlsx", {"表三!D7": load_workbook(old)["表三"]["D7"].value + 1})
    marked = tmp_path / "marked.xlsx"
    code, out, _ = cli("check", wrong, "--json", "--annotate", marked)
    errors = [p for p in json.loads(out)["problems"] if p["severity"] == "error"]
    assert code == 1 and [p["code"] for p in errors] == ["H2"]  # its column and its row: one problem
    assert all(p["culprit"] == "表三!D7" and p["message"].startswith("最可能出错的是 表三!D7") for p in errors)
    assert "“（七）总计”（手工填写）" in errors[0]["message"] and "“总计”（手工填写）" in errors[0]["message"]
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
    assert [p.code for p in problems] == ["H1"]  # its column and the 总计 column, one problem
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
        assert len(problems) == 1, inp.place.address
        assert problems[0].message.startswith(f"出错的数很可能在“{label}”列") and not problems[0].culprit
        assert "这一个数使 2 个勾稽关系不成立，都相差 1" in problems[0].message


def test_a_text_warning_on_the_wrong_column_names_the_culprit_and_is_one_entry() -> None:
    """With the totals computed, 结转下年度 自然人 + 1 breaks H1 of its column and of 总计; the text's
    “全部申请均已办结” (T4) points at 结转下年度: that row of the wrong column is the likely culprit, the
    two problems are linked, and every list shows them as one entry."""
    from datetime import date

    from pipeline.core.problems import as_json
    from pipeline.units.notices import return_context
    from pipeline.units.problem_list import IssueList

    report, _ = read(EXAMPLE)
    report.texts["s1_request"] = ["全年共收到政府信息公开申请，全部申请均已办结。"]
    report.tables["t3"].values.at["next", "natural"] += 1
    fill_totals(report)
    problems = run_checks(report)
    (h1,) = [p for p in problems if p.code == "H1"]
    (t4,) = [p for p in problems if p.code == "T4"]
    culprit = TABLE_INPUTS["t3"][("next", "natural")].place.address
    assert h1.culprit == culprit and h1.message.startswith(f"最可能出错的是 {culprit}（正文")
    assert h1.related == (t4.ref,) and t4.related == (h1.ref,)
    shown = {p["code"]: p for p in json.loads(as_json(problems))["problems"]}
    assert shown["H1"]["related"] == [t4.ref] and shown["T4"]["related"] == [h1.ref]
    (entry,) = [p for p in entries(problems) if p.code in ("H1", "T4")]
    assert entry.code == "H1" and "同一个数还引起的警告：" in entry.message and t4.cells[0] in entry.cells
    notice = return_context("盘江镇", "盘江镇.xlsx", 2024, problems, "", date(2025, 1, 20))
    assert notice["errors"] == 1 and len(notice["problems"]) == len(problems) - 1
    issues = IssueList()
    issues.add("盘江镇", "盘江镇.xlsx", problems)
    assert issues._rows == len(problems)  # the header and one row per entry
