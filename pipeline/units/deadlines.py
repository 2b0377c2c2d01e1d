"""Deadlines (截止日期) and lateness: when each unit's report is due, and how many days late it came.

条例第四十九条: 各级人民政府部门 submit and publish by 1月31日; the 主管部门 publishes the 本级政府's own
report by 3月31日. 乡镇、街道 are not named there; local rules commonly set them with the departments,
1月31日. The year is the report year + 1. An office's earlier internal date replaces the default, for
all units (``batch --deadline``) or for one (the roster's 截止日期 column, which wins).

API: ``statutory(kind, report_year) -> date``; ``deadline_for(kind, report_year, own, for_all) -> date``;
``parse_date(value, year) -> date | None`` and ``parse_time(value) -> datetime | None`` for what staff
type in a roster; ``days_late(received, deadline) -> int``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pipeline.format.official import UnitKind

#: Governments publish their own report by 3月31日; everyone else by 1月31日 (条例第四十九条).
GOVERNMENTS = frozenset({UnitKind.COUNTY_GOV, UnitKind.CITY_GOV, UnitKind.PROVINCE_GOV})
GOVERNMENT_DAY, DEFAULT_DAY = (3, 31), (1, 31)

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_SHORT = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_CLOCK = re.compile(r"(\d{1,2})\s*[:：时]\s*(\d{1,2})")


def statutory(kind: UnitKind | None, report_year: int) -> date:
    month, day = GOVERNMENT_DAY if kind in GOVERNMENTS else DEFAULT_DAY
    return date(report_year + 1, month, day)


def deadline_for(kind: UnitKind | None, report_year: int, own: date | None = None,
                 for_all: date | None = None) -> date:
    """The unit's own date (roster) first, then the office's date for all, then the 条例."""
    return own or for_all or statutory(kind, report_year)


def parse_date(value: object, year: int | None = None) -> date | None:
    """A date as staff give it: a date cell, “2025-01-20”, “2025/1/20”, “2025年1月20日”, or “1月20日”
    (of ``year``). None when it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    try:
        if m := _FULL.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if (m := _SHORT.match(text)) and year is not None:
            return date(year, int(m.group(1)), int(m.group(2)))
    except ValueError:  # 2月30日
        return None
    return None


def parse_time(value: object) -> datetime | None:
    """A moment as staff give it: a date-time cell, or text with a date and maybe a time of day."""
    if isinstance(value, datetime):
        return value
    day = parse_date(value)
    if day is None:
        return None
    clock = _CLOCK.search(str(value)[8:]) if not isinstance(value, date) else None
    hour, minute = (int(clock.group(1)), int(clock.group(2))) if clock else (0, 0)
    return datetime(day.year, day.month, day.day, min(hour, 23), min(minute, 59))


def days_late(received: datetime | date, deadline: date) -> int:
    """Whole days after the deadline (the deadline day itself is on time)."""
    day = received.date() if isinstance(received, datetime) else received
    return max(0, (day - deadline).days)


def show_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def show_time(moment: datetime) -> str:
    return f"{show_date(moment.date())} {moment.hour:02d}:{moment.minute:02d}"
