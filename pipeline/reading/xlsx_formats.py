"""Number formats of an .xlsx file, read from xl/styles.xml: which code each cell style shows its
value with, and which of them turn a stored number into a date, a time or a duration.

A spreadsheet stores dates as day numbers; only the cell's number format says "this is a date".
The rules are ECMA-376 Part 1 §18.8.30–31 (built-in formats, custom ``numFmt`` codes) and §18.17.4.1
(the day count starting at 1900-01-00, with Lotus's 29 February 1900, or at 1904-01-01).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

#: The built-in formats (numFmtId below 164) a file may use without declaring them, spelled as
#: openpyxl spells them so that a code read here equals ``Cell.number_format`` there.
BUILTIN: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
    20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
GENERAL = BUILTIN[0]

# In the first section of a code (positive numbers), text in quotes and bracketed parts other
# than elapsed-time units ([h], [mm], [ss]) — colours, locales, conditions — are not date letters.
_NOT_DATE = re.compile(r'"[^"]*"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)

WINDOWS_EPOCH = datetime(1899, 12, 30)  # day 1 is 1900-01-01 counting Lotus's 29 February 1900
MAC_EPOCH = datetime(1904, 1, 1)


def is_date(code: str) -> bool:
    return _DATE_LETTER.search(_NOT_DATE.sub("", code.split(";")[0])) is not None


def is_duration(code: str) -> bool:
    return _ELAPSED.search(code.split(";")[0]) is not None


def from_serial(value: float, epoch: datetime, duration: bool = False) -> datetime | time | timedelta:
    """A stored day number as the date, time of day or duration it shows; OverflowError or
    ValueError when it is outside the calendar."""
    if duration:
        td = timedelta(days=value)
        if td.microseconds:  # to the millisecond, as the file can hold no finer
            td = timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:  # a time of day
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:  # before Lotus's 29 February 1900
        day += 1
    return epoch + timedelta(days=day) + diff


class Formats:
    """The number format of each cell style (the ``s`` attribute of a cell indexes ``cellXfs``)."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        self.dates = frozenset(i for i, c in enumerate(codes) if is_date(c))
        self.durations = frozenset(i for i, c in enumerate(codes) if is_duration(c))

    def code(self, style: int) -> str:
        return self.codes[style] if 0 <= style < len(self.codes) else GENERAL


def style_codes(custom: dict[int, str], xf_ids: list[int]) -> list[str]:
    """The code of each cell style: a custom code the file declares, else the built-in one."""
    return [custom.get(i, BUILTIN.get(i, GENERAL)) for i in xf_ids]
