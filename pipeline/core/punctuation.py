"""Half-width punctuation between Chinese characters: where it is, and the text with it full-width.

A clerk who types the narrative with the input method in English mode writes “公开,依法” or
“(含转办)”; in a printed 公文 these look cramped and are a common review remark. Only marks with
Chinese on the side the mark belongs to count: “http://”, “(1)”, “3.5:1” and English stay as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL_WIDTH = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！"}
_CJK = r"[\u3400-\u9fff\uf900-\ufaff“”‘’（），。、：；？！《》【】]"
#: A mark after Chinese and before Chinese (or the end of the paragraph, or full-width punctuation);
#: an opening bracket before Chinese; a closing bracket after Chinese. Spaces around it go with it.
_MARK = re.compile(
    rf"(?<={_CJK}) *[,:;?!] *(?={_CJK}|$)"
    rf"|(?:(?<={_CJK})|^) *\( *(?={_CJK})"
    rf"|(?<={_CJK}) *\) *")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    excerpt: str  # the mark with a few characters either side, as the clerk will find it


def half_width_marks(text: str) -> list[Mark]:
    marks = []
    for m in _MARK.finditer(text):
        a, b = max(0, m.start() - 4), min(len(text), m.end() + 4)
        marks.append(Mark(m.start(), m.end(), text[a:b]))
    return marks


def full_width(text: str) -> str:
    """``text`` with each half-width mark between Chinese characters printed full-width."""
    return _MARK.sub(lambda m: FULL_WIDTH[m.group(0).strip()], text)
