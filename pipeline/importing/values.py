"""One printed table cell → a number, or why it is not one. Never a guess.

What a published cell may hold besides digits: full-width digits, thousands separators, the unit
(“12件”, “3.5万元”). Those are read. A dash, a slash, “无” or an empty cell is not a number — the
unit may have meant 0, or not known — so it is left empty and listed, like any other text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from pipeline.format.official import CellKind

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(件|万元|元|项|个|条)?$")
#: A printed cell that stands for “nothing to report” without saying 0.
_EMPTYISH = re.compile(r"^[-—–―‐一/／\\无空]*$")


@dataclass(frozen=True)
class Read:
    value: int | Decimal | None
    why: str = ""  # when value is None: what the cell holds instead of a number


def is_value(text: str) -> bool:
    """Whether ``text`` is a table value (or an empty/dash cell standing in one's place), not a label."""
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return bool(_NUMBER.match(folded) or _EMPTYISH.match(folded))


def read_value(text: str, kind: CellKind) -> Read:
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    if not folded:
        return Read(None, "单元格为空")
    m = _NUMBER.match(folded)
    if m is None:
        return Read(None, f"单元格中是“{text.strip()}”，不是数字")
    digits, decimals, unit = m.group(1).replace(",", ""), m.group(2) or "", m.group(3) or ""
    if unit == "元":  # 元 where 万元 is printed would be a 10 000-fold error: not converted
        return Read(None, f"单元格中是“{text.strip()}”，单位是元，表中应为万元")
    if kind is CellKind.AMOUNT:
        return Read(Decimal(digits + decimals))
    if decimals:
        return Read(None, f"单元格中是“{text.strip()}”，件数应为整数")
    return Read(int(digits))
