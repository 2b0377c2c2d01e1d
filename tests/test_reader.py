"""Reading real workbooks: the example, office-saved copies, edited cells and modified templates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.core.fatal import CannotRun
from pipeline.core.problems import sort_problems
from pipeline.reading.reader import read

from .helpers import edit_workbook, office_round_trip, sha256
from .seed import seed_report


def _codes(problems) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.code, p.cells) for p in problems]


def test_example_holds_the_seed(example: Path) -> None:
    report, problems = read(example)
    seed = seed_report()
    assert problems == []
    assert (report.unit_name, report.year, report.unit_kind) == (seed.unit_name, seed.year, seed.unit_kind)
    assert report.texts == seed.texts
    for key, data in seed.tables.items():
        assert report.tables[key].values == data.values, key
    assert report.tables["t2"].value("punishment", "decisions") == 286
    assert report.tables["t3"].address("new", "natural") == "表三!D5"


def test_reading_never_writes_the_workbook(example: Path) -> None:
    before = sha256(example)
    read(example)
    assert sha256(example) == before


def test_office_saved_copy_reads_the_same(example: Path, tmp_path: Path) -> None:
    amounts = edit_workbook(example, tmp_path / "amounts.xlsx", {"t2_fees_amount": 5949.088667})
    saved = office_round_trip(amounts, tmp_path)
    original, _ = read(amounts)
    again, problems = read(saved)
    assert problems == []
    assert again.texts == original.texts
    for key, data in original.tables.items():
        assert again.tables[key].values == data.values, key
    assert again.tables["t2"].value("fees", "amount") == Decimal("5949.088667")


def test_blank_cells_are_zero_with_one_warning_per_table(make_workbook) -> None:
    report, problems = read(make_workbook({"表三!D5": None, "表三!E5": None, "表四!A5": None}))
    assert _codes(problems) == [("H7-BLANK", ("表三!D5", "表三!E5")), ("H7-BLANK", ("表四!A5",))]
    assert report.tables["t3"].value("new", "natural") == 0


def test_a_table_left_blank_is_its_own_warning(make_workbook) -> None:
    edits = {f"t4_cases_{g}_{k}": None for g in ("review", "direct", "after")
             for k in ("upheld", "corrected", "other", "pending", "total")}
    _, problems = read(make_workbook(edits))
    assert [p.code for p in problems] == ["H7-EMPTY"]
    assert "整张表都没有填写" in problems[0].message


def test_text_numbers_warn_and_bad_values_error_naming_the_cell(make_workbook) -> None:
    report, problems = read(make_workbook({"表三!D5": "１２", "表三!E5": "12.5", "表二!B15": "abc"}))
    problems = sort_problems(problems)
    assert _codes(problems) == [("H7", ("表二!B15",)), ("H7", ("表三!E5",)), ("H7-TEXT", ("表三!D5",))]
    assert "“abc”" in problems[0].message and "“12.5”" in problems[1].message
    assert report.tables["t3"].value("new", "natural") == 12


def test_formula_without_cached_value_is_an_error(make_workbook) -> None:
    _, problems = read(make_workbook({"表三!D5": "=1+1"}))
    assert _codes(problems)[0] == ("H7-FORMULA", ("表三!D5",))
    assert "粘贴为数值" in problems[0].message


def test_formula_with_cached_value_is_read_with_a_warning(make_workbook, tmp_path: Path) -> None:
    saved = office_round_trip(make_workbook({"表二!B11": "=280+6"}), tmp_path)
    report, problems = read(saved)
    assert _codes(problems) == [("H7-FORMULA-CACHED", ("表二!B11",))]
    assert report.tables["t2"].value("punishment", "decisions") == 286


def test_inserted_rows_move_the_cells_and_the_messages_follow(example: Path, tmp_path: Path) -> None:
    saved = office_round_trip(example, tmp_path)  # LibreOffice rewrites names when rows move
    wb = load_workbook(saved)
    wb["表三"].insert_rows(1)  # openpyxl does not move names: emulate what Excel does
    for dn in list(wb.defined_names.values()):
        if dn.attr_text.startswith("'表三'") or dn.attr_text.startswith("表三"):
            _, cell = next(iter(dn.destinations))
            col, row = cell.replace("$", " ").split()
            dn.attr_text = f"'表三'!${col}${int(row) + 1}"
    wb["表三"]["D6"] = 1  # 一、本年新收 · 自然人, now one row lower
    wb.save(tmp_path / "moved.xlsx")
    report, _ = read(tmp_path / "moved.xlsx")
    assert report.tables["t3"].address("new", "natural") == "表三!D6"
    assert report.tables["t3"].value("new", "natural") == 1


@pytest.mark.parametrize(("change", "words"), [
    ("version", "模板版本"), ("rename", "结构被改动"), ("delete_name", "结构被改动"), ("merge", "被合并"),
    ("foreign", "不是用本工具的填报模板"),
])
def test_modified_or_foreign_workbooks_cannot_run(example: Path, tmp_path: Path, change: str, words: str) -> None:
    wb = load_workbook(example)
    if change == "version":
        wb["填报说明"]["B2"] = "old-1"
    elif change == "rename":
        wb["表三"].title = "表3"
    elif change == "delete_name":
        del wb.defined_names["t3_new_natural"]
    elif change == "merge":
        wb["表三"].merge_cells("D5:E5")
    else:
        for name in list(wb.defined_names):
            del wb.defined_names[name]
    wb.save(tmp_path / "changed.xlsx")
    with pytest.raises(CannotRun) as caught:
        read(tmp_path / "changed.xlsx")
    assert words in caught.value.message and "\n" not in caught.value.message
