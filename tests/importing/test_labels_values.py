"""One printed cell → a number or why not; one printed label → the declaration's row; a title → unit
and year. Each case is a spelling seen on real published pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.format.official import SECTIONS, CellKind
from pipeline.importing.labels import TABLE_ROWS, same_label, section_of, subheading_of, title_parts
from pipeline.importing.values import is_value, read_value


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("12", CellKind.COUNT, 12), ("１２", CellKind.COUNT, 12), (" 12 件", CellKind.COUNT, 12),
    ("\u00a03\u00a0", CellKind.COUNT, 3), ("1,234", CellKind.COUNT, 1234), ("0", CellKind.COUNT, 0),
    ("5949.088667", CellKind.AMOUNT, Decimal("5949.088667")), ("3.50万元", CellKind.AMOUNT, Decimal("3.50")),
    ("０．５", CellKind.AMOUNT, Decimal("0.5")),
])
def test_numbers_as_printed(text: str, kind: CellKind, value: object) -> None:
    got = read_value(text, kind)
    assert got.value == value and type(got.value) is type(value)


@pytest.mark.parametrize(("text", "why"), [
    ("", "单元格为空"), ("\u00a0", "单元格为空"), ("—", "单元格中是“—”，不是数字"), ("/", "单元格中是“/”，不是数字"),
    ("无", "单元格中是“无”，不是数字"), ("2.5", "单元格中是“2.5”，件数应为整数"),
    ("约5", "单元格中是“约5”，不是数字"), ("-3", "单元格中是“-3”，不是数字"),
])
def test_what_is_not_a_count_is_left_empty_with_the_reason(text: str, why: str) -> None:
    assert read_value(text, CellKind.COUNT).value is None
    assert read_value(text, CellKind.COUNT).why == why


def test_yuan_where_wan_yuan_is_printed_is_not_converted() -> None:
    got = read_value("251000元", CellKind.AMOUNT)
    assert got.value is None and "单位是元" in got.why


def test_labels_are_not_values() -> None:
    assert not is_value("规章") and not is_value("3.其他") and is_value("") and is_value("—") and is_value("12件")


def test_row_labels_as_printed() -> None:
    rows = {key: label for key, label, _ in TABLE_ROWS["t3"]}
    assert same_label("（一） 予以公开", rows["open"])
    assert same_label("1．属于国家秘密", rows["deny_secret"])  # full-width period
    assert same_label("属于国家秘密", rows["deny_secret"])  # numbering left out
    assert same_label("3.危及\u201c三安全一稳定\u201d", rows["deny_safety"])
    assert same_label("结转下年度\n继续办理", rows["next"])
    assert not same_label("其他", rows["other_no_fee"]) and not same_label("总计", rows["new"])
    t2 = {key: label for key, label, _ in TABLE_ROWS["t2"]}
    assert same_label("规范性文件", t2["normative"]) and not same_label("文件", t2["normative"])


@pytest.mark.parametrize(("title", "parts"), [
    ("盘江镇 2024 年政府信息公开工作年度报告", ("盘江镇", 2024)),
    ("沭阳县发展和改革局2023年政府信息公开年度报告", ("沭阳县发展和改革局", 2023)),
    ("某市（某区）人民政府2024年度政府信息公开工作年度报告", ("某市（某区）人民政府", 2024)),
    ("2024年政府信息公开工作年度报告", ("", 2024)),
    ("关于做好2024年政府信息公开工作年度报告编制工作的通知", None),
])
def test_titles(title: str, parts: object) -> None:
    assert title_parts(title) == parts


def test_section_headings_as_units_print_them() -> None:
    five = next(s for s in SECTIONS if s.key == "s5")
    assert section_of("五、存在的主要问题及整改措施", SECTIONS[4:]) is five
    assert section_of("五、存在的主要问题及改进情况。", SECTIONS[4:]) is five
    assert section_of("五是加强培训，提高工作人员业务能力。", SECTIONS[4:]) is None
    assert section_of("一、总体情况", SECTIONS[1:]) is None  # already past: never goes back


def test_sub_headings_of_section_one() -> None:
    assert subheading_of("（一）主动公开", -1) == (0, "")
    assert subheading_of("(二)依申请公开情况", 0) == (1, "")
    assert subheading_of("（三）政府信息管理。建立健全制度。", 1) == (2, "建立健全制度。")
    assert subheading_of("（一）主动公开", 2) is None  # a part already passed
