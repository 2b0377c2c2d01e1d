"""One cell value at a time: what is accepted, what is accepted with a warning, what is an error."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pipeline.format.official import CellKind
from pipeline.reading.values import parse

COUNT, AMOUNT = CellKind.COUNT, CellKind.AMOUNT


@pytest.mark.parametrize(("raw", "value"), [(0, 0), (12, 12), (12.0, 12), (286, 286)])
def test_whole_numbers_are_read_as_such(raw: object, value: int) -> None:
    parsed = parse(raw, COUNT)
    assert (parsed.value, parsed.error, parsed.warning) == (value, "", "")


@pytest.mark.parametrize(("raw", "value"), [("12", 12), ("１２", 12), (" 12 ", 12), ("12件", 12),
                                            ("1,234", 1234), ("无", 0)])
def test_numbers_typed_as_text_are_accepted_with_a_warning(raw: str, value: int) -> None:
    parsed = parse(raw, COUNT)
    assert parsed.value == value and not parsed.error
    assert "读" in parsed.warning


@pytest.mark.parametrize(("raw", "words"), [
    (-1, "负数"), (1.5, "小数"), (1e20, "大得不合理"), ("/", "不是数字"), ("—", "不是数字"),
    ("N/A", "不是数字"), (True, "逻辑值"), (datetime(2024, 1, 1), "日期"), ("#DIV/0!", "错误值"),
    ("#REF!", "错误值"), ("12.5", "小数"), ("-3", "负数"), (float("nan"), "有效数字"),
])
def test_anything_else_is_an_error_quoting_what_was_read(raw: object, words: str) -> None:
    parsed = parse(raw, COUNT)
    assert parsed.value is None and words in parsed.error
    assert "应填写不小于 0 的整数" in parsed.error


def test_blank_is_none_without_a_message() -> None:
    assert parse(None, COUNT) == parse("  ", COUNT) == parse(None, COUNT).__class__(None)


@pytest.mark.parametrize(("raw", "value"), [
    (5949.088667, Decimal("5949.088667")), (0, Decimal(0)), (0.1, Decimal("0.1")),
    ("5949.088667", Decimal("5949.088667")), ("12.50", Decimal("12.50")),
])
def test_amounts_keep_every_decimal(raw: object, value: Decimal) -> None:
    parsed = parse(raw, AMOUNT)
    assert parsed.value == value and str(parsed.value) == str(value) and not parsed.error


@pytest.mark.parametrize(("raw", "value"), [("1,234.5", Decimal("1234.5")), ("12万元", Decimal(12))])
def test_amount_with_comma_or_unit_is_accepted_with_a_warning(raw: str, value: Decimal) -> None:
    parsed = parse(raw, AMOUNT)
    assert parsed.value == value and parsed.warning


def test_negative_amount_is_an_error() -> None:
    assert "负数" in parse(-0.5, AMOUNT).error
