"""The unit's publishing choices on 基本信息: the switches 图解 and 与上年对比, and the 成文日期 of the 落款.

All are optional: blank means no charts, no comparison table and no 落款, so a workbook filled before
they existed prints exactly as before (a v3 workbook has no 与上年对比 cell at all: read as blank).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from pipeline.core.model import Report
from pipeline.format.official import UNIT_FIELD, YES_NO
from pipeline.reading.cell_text import clean_text
from pipeline.reading.named_cells import Note
from pipeline.reading.values import shown

PUBLISHING_FIELDS = ("charts", "compare", "sign_date")
#: What “否” means, per 是/否 switch on 基本信息: said when an answer other than 是/否 is taken as 否.
SWITCH_OFF = {"auto_sentences": "统计数字不会自动写入正文", "charts": "报告不加图解", "compare": "报告不加与上年对比表"}


def read_switch(key: str, raw: Any, where: str, blank: bool, problem: Note) -> bool:
    """A 是/否 switch: 是 is on, 否 off, blank ``blank``; anything else is off with an H8-SWITCH warning."""
    text = "" if raw is None else unicodedata.normalize("NFKC", clean_text(raw)[0]).strip()
    yes, no = YES_NO
    if text not in ("", yes, no):
        problem("H8-SWITCH", (where,), f"“{UNIT_FIELD[key].label}”填写的是“{text}”，只能选“{yes}”或“{no}”；"
                                       f"已按“{no}”处理，{SWITCH_OFF[key]}。请从下拉列表中选择。")
    return text == yes or (text == "" and blank)


def sign_date(raw: Any) -> date | None:
    """A date cell, or text such as 2025年1月20日, 2025-01-20, 2025/1/20, 2025.1.20."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    m = re.fullmatch(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?", text)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:  # 2025年2月30日
        return None


def read_publishing(values: dict[str, tuple[Any, str]], report: Report, problem: Note) -> None:
    """``values``: field key -> (raw value, cell address); a field the workbook lacks is (None, "")."""
    report.charts = read_switch("charts", *values["charts"], blank=False, problem=problem)
    report.compare = read_switch("compare", *values["compare"], blank=False, problem=problem)
    raw, where = values["sign_date"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return
    report.sign_date = sign_date(raw)
    if report.sign_date is None:
        problem("H8-DATE", (where,),
                f"“{UNIT_FIELD['sign_date'].label}”填写的是 {shown(raw)}，不是日期，报告未加落款。"
                f"请填写如 2025年1月20日 的日期（或把单元格设为日期格式后填写）。")
