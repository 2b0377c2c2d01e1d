"""Numbers in narrative text: folding full-width characters, and every number with its counter.

A number counts only with a counter (件/条/份/个/起), as a percentage or in 万元; Chinese numerals
(三件, 十二件) count too, but not in set phrases (“一件事”). Positions are kept through folding, so
every span still points into the original text for quoting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_FOLD = str.maketrans("０１２３４５６７８９，．％：；！？（）", "0123456789,.%:;!?()")
BOUNDARY = ",;。!?:"
SENTENCE_END = ";。!?"


def fold(text: str) -> str:
    """Full-width digits and punctuation to ASCII, one character for one (positions are kept)."""
    return text.translate(_FOLD)


_NUMBER = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)\s*(件|条|份|个|起|%|万元)(?!次)"
                     r"|(?<![第一二两三四五六七八九十百零])([一二两三四五六七八九十百零]{1,4})(件|起|个|份)(?![事一])")
#: The report's own structure is not data: “等六个部分组成”, “6个方面”, “第3部分”, “第五十条”,
#: “〔2021〕30号”, a list's “1.”. A count followed by one of these words names a part of the text.
_STRUCTURE = re.compile(r"\s*(?:部分(?!公开)|方面|板块|章节|篇章|章|节|层面|维度|栏目|款|项)")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105; None for what is not a plain numeral."""
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            return None
    return total + digit


@dataclass(frozen=True)
class Token:
    value: Decimal
    percent: bool
    start: int
    end: int
    amount: bool = False  # 万元


def tokens(text: str) -> list[Token]:
    found = []
    for m in _NUMBER.finditer(text):
        if _STRUCTURE.match(text, m.end()):
            continue
        if m.group(1) is not None:
            found.append(Token(Decimal(m.group(1)), m.group(2) == "%", m.start(), m.end(), m.group(2) == "万元"))
        else:
            n = chinese_number(m.group(3))
            if n is not None:
                found.append(Token(Decimal(n), False, m.start(), m.end()))
    return found


def back_to(text: str, end: int, stops: str) -> int:
    i = end
    while i > 0 and text[i - 1] not in stops:
        i -= 1
    return i


def sentence_end(text: str, at: int) -> int:
    return next((i for i in range(at, len(text)) if text[i] in SENTENCE_END), len(text))
