"""T7: the words a unit calls itself by (本乡, 本镇, 我局, 本县, 乡主要领导) against its own kind and name.

A report copied from another unit shows itself by them: 本乡 in a 镇's report, 我委 in a 局's, 本乡
in a 局's. The unit's kind is read from its name (盘江镇, 某某县教育局, 某某区人民政府). Each pattern is
narrow: 乡村振兴, 城乡, 乡镇, 下乡, 本区域 are ordinary words; a county government naming “红星镇党委”
names a township it oversees; a department's “全县” is the county it serves. What cannot be told
apart from such words is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.checks.text_common import label, quote, text_cell
from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.format.official import NARRATIVES

KINDS = ("街道", "镇", "乡")
#: What a township calls itself and its leaders: 本镇, 全镇, 镇党委, 镇主要领导, 镇长 …
_SELF = "本全我该"
_OFFICE = "党委|党工委|人民政府|政府|主要领导|领导班子|领导|纪委|人大|机关|办事处"
#: Characters that make 乡/镇 part of an ordinary word: 城乡, 乡镇, 下乡, 家乡, 村镇, 集镇 …
_WORD_BEFORE = {"乡": "城镇下返回老家故思同各村", "镇": "乡城村集小重市各", "街道": ""}
_WORD_AFTER = {"乡": "镇村土亲愁情音", "镇": "乡", "街道": ""}


def core_name(name: str) -> str:
    """A unit's name without spaces and its 人民政府 / 办事处 (the part its text calls itself by)."""
    return re.sub(r"\s+|人民政府$|办事处$", "", name)


def own_kind(report: Report) -> str | None:
    """街道 / 镇 / 乡, read from the unit's name (盘江镇, 红星乡人民政府, 新华街道办事处)."""
    core = core_name(report.unit_name)
    return next((k for k in KINDS if core.endswith(k) and len(core) > len(k)), None)


#: Other units, by the last word of their name: a department (局, 委员会, 厅) or an area government.
_OTHER_KINDS = (("委员会", "委"), ("委", "委"), ("局", "局"), ("厅", "厅"), ("县", "县"), ("区", "区"), ("市", "市"))


def unit_word(report: Report) -> str | None:
    """What the unit calls itself: 乡, 镇, 街道, 局, 委, 厅, 县, 区, 市 (None when its name says nothing)."""
    kind = own_kind(report)
    if kind:
        return kind
    core = core_name(report.unit_name)
    return next((word for suffix, word in _OTHER_KINDS if core.endswith(suffix) and len(core) > len(suffix)), None)


def _kind_words(kind: str) -> re.Pattern[str]:
    before, after = _WORD_BEFORE[kind], _WORD_AFTER[kind]
    not_after = f"(?![{after}])" if after else ""
    not_before = f"(?<![{before}{_SELF}])" if before else f"(?<![{_SELF}])"
    offices = "党工委|办事处|主要领导|领导|机关" if kind == "街道" else _OFFICE + "|长"
    return re.compile(f"[{_SELF}]{kind}{not_after}(?:{offices})?|{not_before}{kind}(?:{offices})")


#: A department speaking of itself (我局, 本委) in a township's report: copied from a department.
_DEPARTMENT_SELF = re.compile(r"[本我](?:局|委|厅)(?![限势])")
#: Outside a township: only a township's own words for itself (本乡, 我镇, 本街道) and its leaders
#: at the head of a phrase (“由乡主要领导审批”); “红星镇党委”, “各乡镇” name townships overseen.
_TOWNSHIP_SELF = re.compile(r"[本我](?:乡(?![镇村土亲])|镇(?!乡)|街道)(?:主要领导|党委|党工委)?"
                            r"|(?:(?<=[由经及和与,，。；;、])|^)(?:乡|镇|街道)主要领导")
#: Between other units, only 本/我 + the other's word, where it cannot be an ordinary word: a 局's
#: 我委, a 委's 我局, a 县's 本区 (not 本区域), a 区's 本县. A 县's “本市” may be the city above it.
_WRONG_SELF = {
    "局": r"[本我](?:委|厅)(?![员托会])",
    "委": r"[本我](?:局|厅)(?![限势面部])",
    "厅": r"[本我](?:局|委)(?![限势面部员托会])",
    "县": r"[本我]区(?![域块间别内外])",
    "区": r"[本我]县(?![域城])",
}


def _patterns(word: str) -> list[re.Pattern[str]]:
    if word in KINDS:
        return [_kind_words(other) for other in KINDS if other != word] + [_DEPARTMENT_SELF]
    return [_TOWNSHIP_SELF] + ([re.compile(_WRONG_SELF[word])] if word in _WRONG_SELF else [])


def _replace(phrase: str, word: str) -> str:
    if re.fullmatch(r"[本我].+", phrase):
        return phrase[0] + word + re.sub(r"^[本我](?:街道|.)", "", phrase)
    return re.sub("|".join(KINDS), word, phrase, count=1)


def check_kind_words(report: Report) -> Iterator[Problem]:
    """T7: 本乡 / 乡主要领导 in a 镇's report, 本乡 or 我委 in a 局's, 本区 in a 县's: copied text."""
    word = unit_word(report)
    if word is None:
        return
    patterns = _patterns(word)
    for n in NARRATIVES:
        found: list[str] = []
        for paragraph in report.texts.get(n.key, []):
            spans = sorted((m.start(), m.group(0)) for p in patterns for m in p.finditer(paragraph))
            found += [phrase for _, phrase in spans]
        if found:
            fixes = "".join(dict.fromkeys(f"“{_replace(p, word)}”" for p in found))
            yield Problem("T7", (text_cell(report, n.key),),
                          f"{label(n.key)}中出现{quote(found)}，但本单位是“{report.unit_name}”（{word}）。"
                          f"这多是从其他乡镇、街道或部门的报告复制来的文字；请改为{fixes}，"
                          f"并核对这部分写的是否是本单位的做法。")
