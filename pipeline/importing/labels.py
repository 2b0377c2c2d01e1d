"""Matching what a published report prints against the declaration's labels, derived, never retyped.

Published copies differ from the declaration in ways that do not change a label: full-width and
half-width brackets and digits, spaces and line breaks inside a cell (“结果\\n维持”), a period after
a heading, numbering written “1．” or left out. ``fold`` removes exactly those differences; anything
else is a different label and is not matched.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from pipeline.format.official import (
    NARRATIVES,
    TABLE2,
    TABLE3,
    TABLE4,
    Section,
)

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_NUMBERING = re.compile(r"^(?:\d+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")


def fold(text: str) -> str:
    """The label as compared: NFKC (full-width → half-width), no spaces, no closing period."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).rstrip("。.:：")


def bare(text: str) -> str:
    """``fold`` without the leading numbering (“1.”, “(三)”, “四、”)."""
    return _NUMBERING.sub("", fold(text))


# --- the title ------------------------------------------------------------------------------------

#: “盘江镇 2024 年政府信息公开工作年度报告”, “某局2023年度政府信息公开年度报告”: the unit and the year.
_TITLE = re.compile(r"^(?P<unit>.*?)(?:关于)?(?P<year>\d{4})年度?的?政府信息公开(?:工作)?年度报告$")


def title_parts(text: str) -> tuple[str, int] | None:
    """(unit, year) of a report title, or None when ``text`` is not one."""
    folded = fold(text)
    if len(folded) > 80 or "年度报告" not in folded:
        return None
    m = _TITLE.match(folded)
    if m is None:
        return None
    # The unit as printed (full-width brackets kept): folding maps one character to one here.
    return _SPACE.sub("", text)[:len(m.group("unit"))], int(m.group("year"))


# --- sections and sub-headings ------------------------------------------------------------------

def section_of(text: str, expected: list[Section]) -> Section | None:
    """The section whose heading ``text`` is, among those that may come next. Units rename a
    heading a little (“五、存在的主要问题及整改情况”): the number must agree and the words mostly."""
    folded = fold(text)
    if len(folded) > 40:
        return None
    for section in expected:
        heading = fold(section.heading)
        number = heading.split("、")[0] + "、"
        if folded == heading:
            return section
        if folded.startswith(number) and SequenceMatcher(None, folded, heading).ratio() >= 0.6:
            return section
    return None


#: The sub-headings of 一 in order: (narrative key, its folded numbering “(一)”).
S1_PARTS = [(n.key, fold(n.label)[:3]) for n in NARRATIVES if n.section == "s1" and n.label]


def subheading_of(text: str, after: int) -> tuple[int, str] | None:
    """(index in ``S1_PARTS``, the text after it) when ``text`` opens with the sub-heading of a later
    part of 一: a heading line of its own (“（一）主动公开”), or a heading run into its paragraph up to
    the first 。 (“（一）主动公开。2024年，……”), as many units print it. A long paragraph that merely
    begins “（一）” with no such heading is text."""
    folded = fold(text)
    part = next((i for i in range(after + 1, len(S1_PARTS)) if folded.startswith(S1_PARTS[i][1])), None)
    if part is None:
        return None
    if len(folded) <= 30 and "。" not in folded[:-1]:
        return part, ""
    stripped = text.strip()
    end = stripped.find("。")
    if end > 0 and len(fold(stripped[:end])) <= 30:
        return part, stripped[end + 1:].strip()
    return None


# --- the tables -------------------------------------------------------------------------------

#: Each table's labelled rows in order: (row key, folded label, the column keys its values fill).
def _rows_t2() -> list[tuple[str, str, tuple[str, ...]]]:
    return [(r.key, fold(r.label), tuple(c.key for c in b.cols)) for b in TABLE2.blocks for r in b.rows]


TABLE_ROWS = {
    "t2": _rows_t2(),
    "t3": [(r.key, fold(r.label), tuple(c.key for c in TABLE3.cols)) for r in TABLE3.rows],
}
#: Table 四 has one unlabelled row: its 15 values in the declaration's column order.
T4_ROW = TABLE4.blocks[0].rows[0].key
T4_COLS = tuple(c.key for c in TABLE4.cols)


def same_label(text: str, label: str) -> bool:
    """Whether the printed ``text`` is the declared ``label`` (folded): the same words, with or without
    the numbering; or the label's end of four characters or more — units print “规范性文件” for
    “行政规范性文件”, and the forward search (``tables``) never lets an ending match an earlier row."""
    folded, official = bare(text), bare(label)
    if not folded:
        return False
    return folded == official or (len(folded) >= 4 and official.endswith(folded))


# --- the 2019 trial format ----------------------------------------------------------------------

#: Labels only the trial format (国办公开办函〔2019〕60号) printed in its table 二.
_TRIAL_LABELS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "政府集中采购", "其他对外管理服务事项",
                 "上一年项目数量")


def trial_marks(texts: list[str]) -> list[str]:
    """The trial format's own labels found among ``texts``."""
    found = {fold(t) for t in texts}
    return [label for label in _TRIAL_LABELS if label in found]

