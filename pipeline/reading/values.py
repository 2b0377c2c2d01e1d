"""Turning one raw cell value into a count (件) or an amount (万元), or saying why it cannot be.

Staff type, paste and export from other systems: "12", full-width "１２", "12件", "1,234", 12.0.
What is unambiguous is accepted with a warning (so the cell gets fixed); anything else is an error
that quotes what was read. Amounts are Decimals: binary floating point must never change a 万元 figure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from pipeline.format.official import CellKind

#: Far above any real count (a city's 行政处罚 runs to millions), far below float trouble.
MAX_COUNT = 10**9
MAX_AMOUNT = Decimal(10) ** 9
#: Words staff write for "none"; read as 0 with a warning, since the meaning is not in doubt.
ZERO_WORDS = frozenset({"无", "没有", "零"})
#: Units staff type after a number; stripped only where they agree with the cell's unit.
_SUFFIX = {CellKind.COUNT: re.compile(r"(件|个|次|宗|份|项)$"), CellKind.AMOUNT: re.compile(r"万元$")}
#: "1,234" and "1,234,567.5": commas only as thousands separators; "1,2" could be a decimal comma.
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
#: Marks that stand for "nothing" or "not applicable" in printed tables. Which one is meant is not
#: certain (not applicable, not known, not counted), so they are errors that suggest 0.
_NIL_MARKS = frozenset({"-", "--", "—", "——", "/", "\\", "N/A", "NA", "n/a", "×", "x", "X", "空", "不适用"})
_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                           "#GETTING_DATA", "#SPILL!", "#CALC!"})


@dataclass(frozen=True)
class Parsed:
    value: int | Decimal | None  # None: blank (the caller decides; tables print 0)
    error: str = ""  # why the value cannot be used (the cell is an error)
    warning: str = ""  # what was assumed (the value is used, the cell should be fixed)


def shown(raw: object) -> str:
    """The value as staff would recognise it in a message."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, bool):  # as Excel and WPS show it, not Python's True
        return f"“{str(raw).upper()}”"
    if isinstance(raw, datetime) and raw.time() == time(0):  # a date as typed, without 00:00:00
        raw = raw.date()
    text = str(raw)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def _expected(kind: CellKind) -> str:
    if kind is CellKind.COUNT:
        return "应填写不小于 0 的整数（件），没有请填 0"
    return "应填写不小于 0 的金额（单位：万元），没有请填 0"


def _check_range(value: int | Decimal, raw: object, kind: CellKind) -> Parsed:
    if value < 0:
        return Parsed(None, error=f"填写的是负数 {shown(raw)}，{_expected(kind)}。")
    limit = MAX_COUNT if kind is CellKind.COUNT else MAX_AMOUNT
    if value > limit:
        return Parsed(None, error=f"数值 {shown(raw)} 大得不合理，请核对；{_expected(kind)}。")
    if isinstance(value, Decimal):
        # "-0.00" would print with its sign; "1E+3" (typed as 1e3) would print in exponent form.
        value = abs(value) if value == 0 else value
        value = value.quantize(1) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]
    return Parsed(value)


def _from_number(raw: int | float | Decimal, kind: CellKind) -> Parsed:
    if isinstance(raw, float) and not math.isfinite(raw):
        return Parsed(None, error=f"读到的不是有效数字 {shown(raw)}，{_expected(kind)}。")
    if kind is CellKind.AMOUNT:
        # repr() of a float is the shortest text that reads back the same: what Excel showed.
        return _check_range(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw), raw, kind)
    if isinstance(raw, int):
        return _check_range(raw, raw, kind)
    if raw != int(raw):
        return Parsed(None, error=f"件数不能有小数，读到 {shown(raw)}；{_expected(kind)}。")
    return _check_range(int(raw), raw, kind)


def _from_text(raw: str, kind: CellKind) -> Parsed:
    text = unicodedata.normalize("NFKC", raw).strip()  # full-width １２ → 12
    if not text:
        return Parsed(None)
    if text in _EXCEL_ERRORS:
        return Parsed(None, error=f"单元格显示错误值 {text}（公式出错），{_expected(kind)}。")
    if text in ZERO_WORDS:
        return Parsed(0 if kind is CellKind.COUNT else Decimal(0),
                      warning=f"填写的是文字 {shown(raw)}，已按 0 读取；请改为数字 0。")
    if text in _NIL_MARKS:
        return Parsed(None, error=f"读到符号 {shown(raw)}，不是数字；如表示没有或不适用，请填 0，"
                                  f"否则填写实际件数或金额（{_expected(kind)}）。")
    if text.endswith("%"):
        return Parsed(None, error=f"读到百分数 {shown(raw)}；表格只填件数或金额，不填比例（{_expected(kind)}）。")
    if kind is CellKind.AMOUNT and text.endswith("元") and not text.endswith("万元"):
        return Parsed(None, error=f"读到 {shown(raw)}，单位是“元”；本栏单位为万元，请换算后只填数字"
                                  f"（如 12000 元填 1.2）。")
    plain = _SUFFIX[kind].sub("", text.replace(" ", "")).strip()
    if "," in plain and set(plain) <= set("0123456789,.-+"):
        if not _GROUPED.match(plain):
            return Parsed(None, error=f"读到 {shown(raw)}，其中的逗号无法确定含义（千位分隔还是小数点）；"
                                      f"请去掉逗号，只填数字（{_expected(kind)}）。")
        plain = plain.replace(",", "")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        return Parsed(None, error=f"读到文字 {shown(raw)}，不是数字；{_expected(kind)}。")
    if not number.is_finite():
        return Parsed(None, error=f"读到文字 {shown(raw)}，不是数字；{_expected(kind)}。")
    parsed = _from_number(number if kind is CellKind.AMOUNT else _as_int(number), kind)
    if parsed.error:
        return parsed
    assert parsed.value is not None
    return Parsed(parsed.value, warning=f"数字以文字形式填写（读到 {shown(raw)}），已按 "
                                        f"{_plain(parsed.value)} 读取；请改为纯数字。")


def _plain(value: int | Decimal) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _as_int(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def parse(raw: object, kind: CellKind) -> Parsed:
    """Read one table cell. ``raw`` is what openpyxl gives (int, float, str, datetime, bool, None)."""
    if raw is None:
        return Parsed(None)
    if isinstance(raw, bool):  # before int: bool is an int subclass
        return Parsed(None, error=f"读到逻辑值 {shown(raw)}，{_expected(kind)}。")
    if isinstance(raw, (datetime, date, time, timedelta)):
        return Parsed(None, error=f"读到日期或时间 {shown(raw)}（单元格可能被设成日期格式），"
                                  f"{_expected(kind)}。")
    if isinstance(raw, (int, float, Decimal)):
        return _from_number(raw, kind)
    if isinstance(raw, str):
        return _from_text(raw, kind)
    return Parsed(None, error=f"无法识别的内容 {shown(raw)}，{_expected(kind)}。")
