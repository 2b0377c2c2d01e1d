"""查缺: who has not submitted, who submitted twice, and whose workbook is not on the roster."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import MANIFEST
from pipeline.units.problem_list import PROBLEM_SHEET, SUMMARY_SHEET
from pipeline.units.roster import NAME_HEADER, SHEET, read_entries, read_roster

from .synth import unit_names, write_units

TITLE = "已生成 {}2024年政府信息公开工作年度报告.docx"


def _roster(cli, folder: Path, names: list[str]) -> Path:
    path = folder / "名单.xlsx"
    assert cli("roster-template", "-o", path)[0] == 0
    wb = load_workbook(path)
    assert wb[SHEET]["A1"].value == NAME_HEADER
    for name in names:
        wb[SHEET].append([name])
    wb.save(path)
    return path


def test_missing_duplicate_and_unknown_units_are_listed(cli, tmp_path: Path) -> None:
    a, b, c = unit_names(3)
    units = tmp_path / "units"
    write_units(units, [a, b, "未列入镇"])
    shutil.copy(units / f"{b}.xlsx", units / f"{b}-第二份.xlsx")
    # The roster spells 第1镇 with a stray space: still the same unit.
    roster = _roster(cli, tmp_path, [a.replace("县", "县 "), b, c, "", "示例县第9镇"])
    out = tmp_path / "out"
    # Two workers: the two workbooks of 第2镇 are found before either is rendered, so they never
    # race for the one report name (which once gave an F2 or a report written and then removed).
    code, printed, _ = cli("batch", units, "-o", out, "--roster", roster, "-j", "2")
    assert code == 1
    report = TITLE.removeprefix("已生成 ").format(b)
    assert not (out / report).exists() and report not in (out / MANIFEST).read_text("utf-8"), "never written"
    log = {line.split()[1]: line for line in printed.splitlines() if line.startswith("[")}
    assert log[f"{b}.xlsx"].endswith("未生成（重复提交）") and log[f"{b}-第二份.xlsx"].endswith("未生成（重复提交）")
    assert log[f"{a}.xlsx"].endswith(TITLE.format(a)), "the log says what happened, when it says it"
    rows = [(r[0], r[1], r[3]) for r in load_workbook(out / "问题清单.xlsx")[PROBLEM_SHEET].values][1:]
    # The files were written today, long after the 2024 reports' deadline: R3 is tested on its own.
    rows = [r for r in rows if r[2] != "R3"]
    assert sorted(rows) == sorted([
        (b, f"{b}-第二份.xlsx", "D1"), (b, f"{b}.xlsx", "D1"),
        (c, None, "R1"), ("示例县第9镇", None, "R1"),
        ("未列入镇", "未列入镇.xlsx", "R2"),
    ])
    summary = {r[0]: r[4] for r in load_workbook(out / "问题清单.xlsx")[SUMMARY_SHEET].values}
    assert summary[c] == "未报送" and summary["示例县第9镇"] == "未报送"
    assert "未提交" in printed


def test_roster_reads_names_once_in_order(cli, tmp_path: Path) -> None:
    roster = _roster(cli, tmp_path, ["甲镇", "  乙镇 ", None, "甲镇"])  # type: ignore[list-item]
    assert read_roster(roster) == ["甲镇", "乙镇"]


def test_roster_without_the_header_is_refused(cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["甲镇"])
    wb.save(tmp_path / "名单.xlsx")
    write_units(tmp_path / "units", unit_names(1))
    code, _, err = cli("batch", tmp_path / "units", "-o", tmp_path / "out", "--roster", tmp_path / "名单.xlsx")
    assert code == 2 and NAME_HEADER in err and not (tmp_path / "out").exists()


def test_roster_and_last_years_folder_kept_among_the_units_are_not_units(cli, tmp_path: Path) -> None:
    # The office keeps 名单.xlsx and last year's workbooks in the folder it collects submissions in.
    a, b, c = unit_names(3)
    units = tmp_path / "units"
    write_units(units, [a, b])
    write_units(units / "2023", ["去年镇"], year=2023)  # matches no unit: Y0 warnings only
    roster = _roster(cli, units, [a, b, c])
    code, printed, _ = cli("batch", units, "-o", tmp_path / "out", "--roster", roster,
                           "--previous", units / "2023", "-j", "1")
    rows = list(load_workbook(tmp_path / "out" / "问题清单.xlsx")[SUMMARY_SHEET].values)[1:]
    assert sorted((r[0], r[1], r[4]) for r in rows) == sorted([
        (a, f"{a}.xlsx", "仅有警告（2 条）"), (b, f"{b}.xlsx", "仅有警告（2 条）"), (c, None, "未报送")])
    assert code == 1
    assert "0 个文件有错误" in printed and "名单上 1 个单位未提交" in printed


def _full_roster(path: Path, rows: list[list[object]]) -> Path:
    from pipeline.units.roster import HEADERS, write_roster_template

    write_roster_template(path)
    wb = load_workbook(path)
    assert tuple(c.value for c in wb[SHEET][1]) == HEADERS
    for row in rows:
        wb[SHEET].append(row)
    wb.save(path)
    return path


def test_roster_columns_kind_parent_deadline_time_code_and_former_names(tmp_path: Path) -> None:
    from datetime import date, datetime

    from pipeline.format.official import UnitKind

    roster = _full_roster(tmp_path / "名单.xlsx", [
        ["某某县发展和改革局", "县级人民政府部门", "某某县人民政府", "2025年1月15日", "2025-01-14 16:30",
         "11320000MB0000000X", "某某县发展计划局、某某县物价局", None],
        ["盘江镇", None, None, "1月20日", datetime(2025, 1, 18, 9, 5), None, None, "镇"],
    ])
    first, second = read_entries(roster, year=2024)
    assert (first.kind, first.parent, first.deadline, first.received) == (
        UnitKind.COUNTY_DEPT, "某某县人民政府", date(2025, 1, 15), datetime(2025, 1, 14, 16, 30))
    assert first.code == "11320000MB0000000X" and first.former == ("某某县发展计划局", "某某县物价局")
    assert (second.kind, second.deadline, second.received) == (None, date(2025, 1, 20), datetime(2025, 1, 18, 9, 5))
    assert read_entries(roster)[1].deadline is not None, "before the year is known, “1月20日” is still a date"


@pytest.mark.parametrize(("row", "said"), [
    (["盘江镇", "乡镇"], "不是可选的类别"),
    (["盘江镇", None, None, "下周一"], "不是日期"),
    (["盘江镇", None, None, None, "昨天"], "不是日期"),
])
def test_a_roster_value_that_cannot_be_read_names_its_row(tmp_path: Path, row: list[object], said: str) -> None:
    roster = _full_roster(tmp_path / "名单.xlsx", [row])
    with pytest.raises(CannotRun, match=said) as caught:
        read_entries(roster)
    assert "第 2 行" in caught.value.message and "盘江镇" in caught.value.message


def test_the_example_roster_is_what_its_script_writes(tmp_path: Path) -> None:
    from .conftest import formulas
    from .roster_example import ENTRIES, EXAMPLE_ROSTER, write_example_roster

    fresh = tmp_path / "名单示例.xlsx"
    write_example_roster(fresh)

    def rows(path: Path) -> list[tuple[object, ...]]:
        return list(load_workbook(path)[SHEET].values)

    assert rows(EXAMPLE_ROSTER) == rows(fresh), "make example regenerates examples/名单示例.xlsx"
    assert formulas(EXAMPLE_ROSTER) == [] and all(
        c.data_type == "s" for row in load_workbook(EXAMPLE_ROSTER)[SHEET].iter_rows() for c in row if c.value)
    assert read_entries(EXAMPLE_ROSTER) == list(ENTRIES)
    assert all(e.kind is not None for e in ENTRIES), "every unit has its 单位类别"


def test_batch_with_the_example_roster(cli, tmp_path: Path) -> None:
    # 盘江镇 submits (the bundled example); the other four units of the example roster have not.
    from .conftest import EXAMPLE
    from .roster_example import EXAMPLE_ROSTER

    units = tmp_path / "units"
    units.mkdir()
    shutil.copy(EXAMPLE, units / "盘江镇2024.xlsx")
    out = tmp_path / "out"
    code, printed, err = cli("batch", units, "-o", out, "--roster", EXAMPLE_ROSTER, "-j", "2",
                             "--deadline", "2099-01-31")
    assert code == 1 and err == "" and "名单上 4 个单位未提交" in printed
    assert (out / "盘江镇2024年政府信息公开工作年度报告.docx").is_file()
    problems = [(r[0], r[3]) for r in list(load_workbook(out / "问题清单.xlsx")[PROBLEM_SHEET].values)[1:]]
    assert sorted(u for u, c in problems if c == "R1") == sorted(
        ["某某县教育局", "某某县财政局", "某某县卫生健康委员会", "某某街道办事处"])
    sheet = list(load_workbook(out / "报送情况表.xlsx").active.values)
    header = next(i for i, r in enumerate(sheet) if r and r[0] == "序号")
    kinds = {r[2]: (r[1], r[3]) for r in sheet[header + 1:] if r and r[2]}
    assert kinds["盘江镇"] == ("某某县人民政府", "乡镇、街道")
    assert kinds["某某县教育局"] == ("某某县人民政府", "县级人民政府部门"), "the roster's 单位类别, not a workbook's"


# Issue 22: dates read whole, deadlines before the year is over, one code one unit, big rosters.

@pytest.mark.parametrize("typed", ["2025-01-2O", "2025-01-201", "2025-01-20 之前", "20250120"])
def test_a_deadline_with_a_typo_is_refused_naming_its_cell_not_read_as_another_day(tmp_path: Path,
                                                                                  typed: str) -> None:
    """“2025-01-2O” was read as 1月2日 and “2025-01-201” as 1月20日: the start of the cell matched."""
    roster = _full_roster(tmp_path / "名单.xlsx", [["盘江镇"], ["红星镇", None, None, typed]])
    with pytest.raises(CannotRun, match="不是日期") as caught:
        read_entries(roster, year=2024)
    assert f"D3 单元格（第 3 行“红星镇”的截止日期）“{typed}”" in caught.value.message


@pytest.mark.parametrize("given", ["2025-01-20", "2025年1月20日", "2025/1/20", " 2025.1.20 ", "1月20日",
                                   "datetime", "serial"])
def test_a_deadline_as_staff_and_excel_write_it(tmp_path: Path, given: str) -> None:
    from datetime import date, datetime

    path = _full_roster(tmp_path / "名单.xlsx", [["盘江镇"]])
    wb = load_workbook(path)
    cell = wb[SHEET]["D2"]
    if given == "datetime":  # a date cell, as Excel and WPS store a typed date
        cell.value = datetime(2025, 1, 20)
    elif given == "serial":  # the same date in a cell formatted as a number (常规)
        cell.value, cell.number_format = 45677, "General"
    else:
        cell.value = given
    wb.save(path)
    assert read_entries(path, year=2024)[0].deadline == date(2025, 1, 20)


def test_two_units_with_one_code_are_named(tmp_path: Path) -> None:
    roster = _full_roster(tmp_path / "名单.xlsx", [
        ["某某县发展和改革局", None, None, None, None, "11320000MB0000000X"],
        ["盘江镇", None, None, None, None, "11320000MB0000001X"],
        ["某某县财政局", None, None, None, None, "11320000mb0000000x"]])
    with pytest.raises(CannotRun, match="单位代码") as caught:
        read_entries(roster)
    said = caught.value.message
    assert "第 2 行“某某县发展和改革局”" in said and "第 4 行“某某县财政局”" in said and "盘江镇" not in said


def test_a_roster_over_the_size_limit_is_refused_in_the_rosters_own_words(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from pipeline.reading.safety import MAX_SHEET_ROWS

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([NAME_HEADER])
    for i in range(MAX_SHEET_ROWS):
        ws.append([f"单位{i}"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    with pytest.raises(CannotRun) as caught:
        read_entries(path)
    said = caught.value.message
    assert said.startswith("名单 名单.xlsx 超过 10000 行") and "填报表" not in said and "模板" not in said


def test_a_deadline_before_the_report_year_ends_is_a_warning(cli, tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    write_units(units, ["盘江镇", "红星镇"])
    roster = _full_roster(tmp_path / "名单.xlsx", [["盘江镇", None, None, "2024-12-31"], ["红星镇"]])
    code, printed, _ = cli("batch", units, "-o", tmp_path / "out", "--roster", roster, "--deadline", "2024-01-20",
                           "-j", "1")
    assert code in (0, 1)
    warnings = [line for line in printed.splitlines() if line.startswith("警告：")]
    assert len(warnings) == 2, printed
    assert "--deadline 给的截止日期 2024年1月20日 在 2024 年度结束之前" in warnings[0]
    assert "是否应为 2025年1月20日" in warnings[0]
    assert "名单上“盘江镇”的截止日期 2024年12月31日" in warnings[1]
    code, printed, _ = cli("batch", units, "-o", tmp_path / "out2", "--deadline", "2025-01-20", "-j", "1")
    assert "警告：" not in printed


def test_the_submissions_table_is_written_in_linear_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It asked the sheet for its last row after every row appended, and openpyxl finds that by looking
    at every cell: 10,000 units took 50 s. (The time itself is in ``make bench``.)"""
    from datetime import date

    from pipeline.units.submissions import Submission, write_submissions
    from tests.sheet_scans import count_sheet_scans

    asked = count_sheet_scans(monkeypatch)
    subs = [Submission(f"单位{i}", f"单位{i}.xlsx", deadline=date(2025, 1, 31)) for i in range(500)]
    write_submissions(subs, tmp_path / "报送情况表.xlsx", 2024, date(2025, 2, 1))
    assert asked["max_row"] + asked["max_column"] < 20, asked
    rows = list(load_workbook(tmp_path / "报送情况表.xlsx").active.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 500 and rows[-1][:3] == (500, None, "单位499")
