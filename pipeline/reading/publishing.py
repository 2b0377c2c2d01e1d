"""The unit's publishing choices on 基本信息: the switches 图解 and 与上年对比, and the 成文日期 of the 落款.

All are optional: blank means no charts, no comparison table and no 落款, so a workbook filled before
they existed prints exactly as before (a v3 workbook has no 与上年对比 cell at all: read as blank).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pipeline.core.model import Report
from pipeline.format.official import UNIT_FIELD, YES_NO
from pipeline.reading.values import shown

PUBLISHING_FIELDS = ("charts", "compare", "sign_date")
#: What an answer other than 是/否 is taken as, per switch: said in the warning.
_SWITCH_OFF = {"charts": "报告不加图解", "compare": "报告不加与上年对比表"}


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


def read_publishing(values: dict[str, tuple[Any, str]], report: Report,
                    problem: Callable[[str, tuple[str, ...], str], None]) -> None:
    """``values``: field key -> (raw value, cell address); a field the workbook lacks is (None, "")."""
    label = {k: f"“{UNIT_FIELD[k].label}”" for k in PUBLISHING_FIELDS}
    yes, no = YES_NO
    for key, off in _SWITCH_OFF.items():
        raw, where = values[key]
        switch = "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip()
        setattr(report, key, switch == yes)
        if switch not in ("", yes, no):
            problem("H8-SWITCH", (where,),
                    f"{label[key]}填写的是“{switch}”，只能选“{yes}”或“{no}”；已按“{no}”处理，{off}。请从下拉列表中选择。")
    raw, where = values["sign_date"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return
    report.sign_date = sign_date(raw)
    if report.sign_date is None:
        problem("H8-DATE", (where,),
                f"{label['sign_date']}填写的是 {shown(raw)}，不是日期，报告未加落款。"
                f"请填写如 2025年1月20日 的日期（或把单元格设为日期格式后填写）。")
