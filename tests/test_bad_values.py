"""Values that are wrong, through the command line: exit 1, each problem names its cell and says
what was read and what is expected; what is unambiguous is accepted with a warning (exit 0).
The workbook checked is never changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.format.layout import FIELD_INPUTS, TABLE_INPUTS, TEXT_INPUTS, all_inputs, cell_name
from pipeline.reading.reader import read

from .helpers import EXAMPLE, office_round_trip, rezip, sha256
from .seed import without_seed_warnings

# 表二's counts take part in no equation: a bad value there is the only problem in the workbook.
PUNISHMENT = cell_name("t2", "punishment", "decisions")
FEES = cell_name("t2", "fees", "amount")
NEW_NATURAL = cell_name("t3", "new", "natural")


INPUTS = {i.name: i for i in all_inputs()}
#: defined name -> (table, row, column) for every table cell
KEYS = {inp.name: (table, *key) for table, cells in TABLE_INPUTS.items() for key, inp in cells.items()}


def where(name: str) -> str:
    return INPUTS[name].place.address


@pytest.fixture
def checked(cli) -> Callable[[Path], tuple[int, list[dict]]]:
    """``check --json`` on ``path``: (exit code, problems); the file's hash must not change."""

    def run(path: Path) -> tuple[int, list[dict]]:
        before = sha256(path)
        code, out, err = cli("check", path, "--json")
        assert sha256(path) == before
        assert err == "", err
        result = json.loads(out)
        assert result["ok"] == (code == 0)
        return code, without_seed_warnings(result["problems"])

    return run


def the_problem(problems: list[dict], cell: str) -> dict:
    """The single problem naming ``cell``: a bad value is reported once, at its own address."""
    found = [p for p in problems if cell in p["cells"]]
    assert len(found) == 1, problems
    return found[0]


ERRORS = [
    (PUNISHMENT, -1, ("负数", "“-1”", "不小于 0 的整数")),
    (PUNISHMENT, 286.5, ("小数", "286.5")),
    (PUNISHMENT, 1e20, ("大得不合理",)),
    (PUNISHMENT, "1e20", ("大得不合理",)),
    (PUNISHMENT, "/", ("“/”", "请填 0")),
    (PUNISHMENT, "—", ("“—”", "请填 0")),
    (PUNISHMENT, "-", ("“-”", "请填 0")),
    (PUNISHMENT, "N/A", ("“N/A”", "请填 0")),
    (PUNISHMENT, "约300", ("“约300”", "不是数字")),
    (PUNISHMENT, "1,2", ("“1,2”", "逗号")),
    (PUNISHMENT, "50%", ("百分数", "“50%”")),
    (PUNISHMENT, True, ("逻辑值", "“TRUE”")),
    (PUNISHMENT, datetime(2024, 3, 1), ("日期", "“2024-03-01”")),
    (PUNISHMENT, "#DIV/0!", ("错误值", "#DIV/0!")),
    (PUNISHMENT, "#REF!", ("错误值", "#REF!")),
    (PUNISHMENT, "12万元", ("“12万元”", "不是数字")),
    (FEES, "12元", ("“元”", "万元", "换算")),
    (FEES, -0.5, ("负数",)),
    (FEES, "1,2", ("逗号",)),
    (FEES, "1e20", ("大得不合理",)),
]


@pytest.mark.parametrize(("name", "value", "words"), ERRORS)
def test_a_wrong_value_is_an_error_at_its_cell(make_workbook, checked, name: str, value: object,
                                               words: tuple[str, ...]) -> None:
    code, problems = checked(make_workbook({name: value}))
    assert code == 1
    problem = the_problem(problems, where(name))
    assert (problem["code"], problem["severity"]) == ("H7", "error")
    for word in words:
        assert word in problem["message"], (word, problem["message"])


@pytest.mark.parametrize(("name", "value", "read_as"), [
    (PUNISHMENT, "286件", 286), (PUNISHMENT, " 286 ", 286), (PUNISHMENT, "２８６", 286),
    (PUNISHMENT, "1,234", 1234), (PUNISHMENT, "无", 0), (PUNISHMENT, "0件", 0),
    (PUNISHMENT, "-0", 0), (FEES, "1,234.5", Decimal("1234.5")), (FEES, "12万元", Decimal(12)),
    (FEES, "5949.088667", Decimal("5949.088667")),
])
def test_an_unambiguous_value_is_read_with_a_warning(make_workbook, checked, name: str, value: str,
                                                     read_as: object) -> None:
    path = make_workbook({name: value})
    code, problems = checked(path)
    assert code == 0
    problem = the_problem(problems, where(name))
    assert problem["code"] == "H7-TEXT" and problem["severity"] == "warning"
    assert value.strip() in problem["message"] or "２８６" in value
    report, _ = read(path)
    table, row, col = KEYS[name]
    assert report.tables[table].value(row, col) == read_as
    assert str(report.tables[table].value(row, col)) == str(read_as)


@pytest.mark.parametrize(("value", "words"), [(1, ("100%", "百分比格式")), (0.5, ("50%", "百分比格式"))])
def test_a_count_in_a_percentage_cell_is_an_error(checked, tmp_path: Path, value: float,
                                                  words: tuple[str, ...]) -> None:
    """1 formatted 0% shows as 100%: reading it as 1 would put a number staff never saw in the report."""
    wb = load_workbook(EXAMPLE)
    sheet, coord = where(PUNISHMENT).split("!")
    wb[sheet][coord].value = value
    wb[sheet][coord].number_format = "0%"
    wb.save(tmp_path / "percent.xlsx")
    code, problems = checked(tmp_path / "percent.xlsx")
    assert code == 1
    problem = the_problem(problems, where(PUNISHMENT))
    assert all(w in problem["message"] for w in words), problem["message"]


def test_a_zero_in_a_percentage_cell_is_still_zero(checked, tmp_path: Path) -> None:
    wb = load_workbook(EXAMPLE)
    sheet, coord = where(PUNISHMENT).split("!")
    wb[sheet][coord].value = 0
    wb[sheet][coord].number_format = "0%"
    wb.save(tmp_path / "percent.xlsx")
    assert checked(tmp_path / "percent.xlsx") == (0, [])


def test_formulas_without_a_cached_value_are_errors(make_workbook, checked) -> None:
    code, problems = checked(make_workbook({PUNISHMENT: "=280+6"}))
    assert code == 1
    problem = the_problem(problems, where(PUNISHMENT))
    assert problem["code"] == "H7-FORMULA" and "粘贴为数值" in problem["message"]


def test_formulas_with_cached_values_and_cached_errors(make_workbook, checked, tmp_path: Path) -> None:
    """Saved by an office suite: a good result is read with a warning, an error result is an error."""
    saved = office_round_trip(make_workbook({PUNISHMENT: "=280+6", FEES: "=1/0"}), tmp_path)
    code, problems = checked(saved)
    assert code == 1
    good, bad = the_problem(problems, where(PUNISHMENT)), the_problem(problems, where(FEES))
    assert good["code"] == "H7-FORMULA-CACHED" and "286" in good["message"]
    assert bad["code"] == "H7" and "#DIV/0!" in bad["message"]
    assert read(saved)[0].tables["t2"].value("punishment", "decisions") == 286


def test_a_wrong_count_in_an_equation_is_reported_once_at_its_cell(make_workbook, checked) -> None:
    """A bad value counts as 0 for the equations; the equations it then breaks are reported too, but
    the value's own problem is the one that names what was typed."""
    code, problems = checked(make_workbook({NEW_NATURAL: "三"}))
    assert code == 1
    own = [p for p in problems if p["code"] == "H7"]
    assert [p["cells"] for p in own] == [[where(NEW_NATURAL)]] and "“三”" in own[0]["message"]


# --- unit details ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "value", "words"), [
    ("unit_name", None, ("单位名称", "没有填写")),
    ("unit_name", "   ", ("单位名称", "没有填写")),
    ("year", None, ("报告年度", "没有填写")),
    ("year", 1999, ("报告年度", "1999", "四位年份")),
    ("year", 2999, ("2999",)),
    ("year", "二〇二四", ("二〇二四",)),
    ("year", 2024.5, ("2024.5",)),
    ("year", True, ("报告年度",)),
    ("unit_kind", "乡镇", ("单位类别", "“乡镇”", "下拉列表", "“乡镇、街道”、“县级人民政府部门”", "应选“乡镇、街道”")),
    ("year", False, ("“FALSE”",)),
])
def test_missing_or_invalid_unit_details(make_workbook, checked, name: str, value: object,
                                         words: tuple[str, ...]) -> None:
    code, problems = checked(make_workbook({name: value}))
    assert code == 1
    problem = the_problem(problems, FIELD_INPUTS[name].place.address)
    assert problem["code"] == "H8"
    for word in words:
        assert word in problem["message"], (word, problem["message"])


@pytest.mark.parametrize("value", ["2024年", "２０２４", 2024.0, " 2024 "])
def test_a_year_written_unambiguously_is_accepted(make_workbook, checked, value: object) -> None:
    path = make_workbook({"year": value})
    assert checked(path) == (0, [])
    assert read(path)[0].year == 2024


# --- narrative ---------------------------------------------------------------------------------------

S5 = TEXT_INPUTS["s5"]


def test_narrative_with_control_characters_is_cleaned_with_a_warning(make_workbook, checked) -> None:
    # Excel stores control characters as _xHHHH_ escapes; openpyxl passes them through as text.
    path = make_workbook({S5.name: "第一段_x0001_内容\r\n第二段_x000B_结束\t。"})
    code, problems = checked(path)
    assert code == 0
    assert the_problem(problems, S5.place.address)["code"] == "T1"
    assert read(path)[0].texts["s5"] == ["第一段内容", "第二段结束\t。"]


@pytest.mark.parametrize("text", [
    "{{ unit_name }}与{% if true %}模板标签{% endif %}{# 注释 #}照原样保留",
    "办理情况良好👍🏻，群众满意度 100%😀",
    "A&B<局>\"引号\"'单引号'",
])
def test_unusual_narrative_is_read_exactly(make_workbook, checked, text: str) -> None:
    path = make_workbook({S5.name: text})
    assert checked(path) == (0, [])
    assert read(path)[0].texts["s5"] == [text]


def test_a_narrative_of_100000_characters_is_read_whole(make_workbook, checked, tmp_path: Path) -> None:
    """Excel cannot hold it and openpyxl cuts it when saving, so it is written into the sheet's XML;
    another program could produce such a file, and not a character may be lost reading it."""
    marker, text = "MARKER", "长" * 99_999 + "。"
    path = rezip(tmp_path / "long.xlsx", source=make_workbook({S5.name: marker}),
                 edit=lambda part, data: data.replace(marker.encode(), text.encode()))
    assert checked(path) == (0, [])
    assert read(path)[0].texts["s5"] == [text]


def test_a_narrative_at_the_excel_limit_may_have_been_cut(make_workbook, checked) -> None:
    path = make_workbook({S5.name: "长" * 100_000})  # openpyxl keeps 32767 of them, as Excel would
    code, problems = checked(path)
    assert code == 0
    problem = the_problem(problems, S5.place.address)
    assert problem["code"] == "T2" and "32767" in problem["message"] and "截" in problem["message"]


@pytest.mark.parametrize("text", [None, "", "   ", " \n\u3000\n "])
def test_an_empty_required_narrative_is_an_error(make_workbook, checked, text: str | None) -> None:
    code, problems = checked(make_workbook({S5.name: text}))
    assert code == 1
    problem = the_problem(problems, S5.place.address)
    assert problem["code"] == "H8" and "五、存在的主要问题及改进情况" in problem["message"]
    assert "没有填写" in problem["message"]


def test_the_optional_lead_may_stay_empty(make_workbook, checked) -> None:
    assert checked(make_workbook({TEXT_INPUTS["s1_lead"].name: "  "})) == (0, [])


def test_this_year_as_report_year_is_a_warning(cli, make_workbook) -> None:
    """The statistics period of the current year has not ended: usually last year was meant."""
    this_year = date.today().year
    _, out, _ = cli("check", make_workbook({"year": this_year}), "--json")
    found = [p for p in json.loads(out)["problems"] if p["code"] == "H8-YEAR"]
    assert len(found) == 1 and found[0]["cells"] == ["基本信息!B3"] and found[0]["severity"] == "warning"
    assert str(this_year - 1) in found[0]["message"]
