"""Deadlines (截止日期) and lateness: when each unit's report is due, and how many days late it came.

条例第四十九条: 各级人民政府部门 submit and publish by 1月31日; the 主管部门 publishes the 本级政府's own
report by 3月31日. 乡镇、街道 are not named there; local rules commonly set them with the departments,
1月31日. The year is the report year + 1. An office's earlier internal date replaces the default, for
all units (``batch --deadline``) or for one (the roster's 截止日期 column, which wins).

API: ``statutory(kind, report_year) -> date``; ``deadline_for(kind, report_year, own, for_all) -> date``;
``parse_date(value, year) -> date | None`` and ``parse_time(value) -> datetime | None`` for what staff
type in a roster (the whole cell, or nothing); ``days_late(received, deadline) -> int``;
``early_warnings(report_year, for_all, deadlines)`` for deadlines set before the report year is over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

from pipeline.format.official import UnitKind

#: Governments publish their own report by 3月31日; everyone else by 1月31日 (条例第四十九条).
GOVERNMENTS = frozenset({UnitKind.COUNTY_GOV, UnitKind.CITY_GOV, UnitKind.PROVINCE_GOV})
GOVERNMENT_DAY, DEFAULT_DAY = (3, 31), (1, 31)

#: The whole cell must be the date: “2025-01-2O” or “2025-01-201” is a typo to show, not 1月2日 or 1月20日.
_DAY = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_FULL = re.compile(rf"{_DAY}")
_SHORT = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
#: A date with a time of day: “2025-01-20 10:30”, “2025年1月20日 10时30分”, “2025-01-20T10:30:00”.
_CLOCK = r"\s*T?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*\d{1,2}(?:\.\d+)?\s*秒?)?"
_MOMENT = re.compile(rf"{_DAY}(?:{_CLOCK})?")
#: An Excel date stored as a number (a cell formatted “常规”): 2000-01-01 … 2099-12-31.
_SERIALS = range(36526, 73051)


def _serial(value: object) -> datetime | None:
    """A date Excel keeps as its serial number (45677 is 2025-01-20) when the cell is not formatted
    as a date; a number outside this century is no date staff typed."""
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) not in _SERIALS:
        return None
    moment = from_excel(value)
    return moment if isinstance(moment, datetime) else None


def statutory(kind: UnitKind | None, report_year: int) -> date:
    month, day = GOVERNMENT_DAY if kind in GOVERNMENTS else DEFAULT_DAY
    return date(report_year + 1, month, day)


def deadline_for(kind: UnitKind | None, report_year: int, own: date | None = None,
                 for_all: date | None = None) -> date:
    """The unit's own date (roster) first, then the office's date for all, then the 条例."""
    return own or for_all or statutory(kind, report_year)


def parse_date(value: object, year: int | None = None) -> date | None:
    """A date as staff give it: a date cell, “2025-01-20”, “2025/1/20”, “2025年1月20日”, or “1月20日”
    (of ``year``), the whole cell; an Excel serial number (a date cell formatted as a number). None
    when it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if (moment := _serial(value)) is not None:
        return moment.date()
    text = str(value or "").strip()
    try:
        if m := _FULL.fullmatch(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if (m := _SHORT.fullmatch(text)) and year is not None:
            return date(year, int(m.group(1)), int(m.group(2)))
    except ValueError:  # 2月30日
        return None
    return None


def parse_time(value: object) -> datetime | None:
    """A moment as staff give it: a date-time cell, or text that is a date and maybe a time of day."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if (moment := _serial(value)) is not None:
        return moment
    m = _MOMENT.fullmatch(str(value or "").strip())
    if m is None:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    hour, minute = (int(m.group(4)), int(m.group(5))) if m.group(4) else (0, 0)
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute)


def early(deadline: date, report_year: int) -> bool:
    """A deadline before the report year is over: its figures cannot be final by then (a slip for
    the year after, as ``--deadline 2024-01-20`` for the 2024 reports)."""
    return deadline <= date(report_year, 12, 31)


def early_warning(deadline: date, report_year: int, whose: str) -> str | None:
    """The warning for ``early``, naming whose deadline it is; None when the deadline is after the year."""
    if not early(deadline, report_year):
        return None
    meant = show_date(_next_year(deadline, report_year))
    return (f"警告：{whose}截止日期 {show_date(deadline)} 在 {report_year} 年度结束之前，{report_year} 年度的报告"
            f"在次年初才能编写。是否应为 {meant}？逾期天数按所写日期计算，请核对。")


def early_warnings(report_year: int | None, for_all: date | None,
                   deadlines: Iterable[tuple[str, date | None]]) -> list[str]:
    """The warnings of a batch: the office's date for all (``--deadline``), then each unit's own date
    (the roster's 截止日期; ``deadlines``: each unit with the deadline it was held to), by date."""
    if report_year is None:
        return []
    found = [early_warning(for_all, report_year, "--deadline 给的") if for_all else None]
    own: dict[date, list[str]] = {}
    for unit, day in deadlines:
        if day is not None and day != for_all and early(day, report_year):  # 条例's dates never are
            own.setdefault(day, []).append(unit)
    for day, units in sorted(own.items()):
        shown = "、".join(f"“{u}”" for u in units[:5]) + (f"等 {len(units)} 个单位" if len(units) > 5 else "")
        found.append(early_warning(day, report_year, f"名单上{shown}的"))
    return [line for line in found if line]


def _next_year(deadline: date, report_year: int) -> date:
    try:
        return deadline.replace(year=report_year + 1)
    except ValueError:  # 2月29日
        return date(report_year + 1, 2, 28)


def days_late(received: datetime | date, deadline: date) -> int:
    """Whole days after the deadline (the deadline day itself is on time)."""
    day = received.date() if isinstance(received, datetime) else received
    return max(0, (day - deadline).days)


def show_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def show_time(moment: datetime) -> str:
    return f"{show_date(moment.date())} {moment.hour:02d}:{moment.minute:02d}"
