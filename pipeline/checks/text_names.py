"""Other units' names in a narrative, read with a real Chinese segmenter (T6's reading).

A name is a token of its own: “红星镇” in “红星镇坚持……”, never “公开镇” in “依法依规主动公开镇政府政务信息”
(公开 | 镇政府) or “乡村” in “乡村振兴”. jieba segments each sentence, with a user dictionary of the
official terms (so 镇政府, 主动公开, 政务信息 stay whole) and of every unit name the run knows (so a
roster's “红星镇” is one token). Where a name comes from:

- the run's known units (the roster of batch or the web page): found in any sentence, wherever it stands,
  except where the sentence works with that unit rather than as it (“与红星镇联合”, “指导红星镇”, “红星镇、
  白云镇等”), and never the unit's own spellings or an area government (its 上级);
- without a roster, only in a township's (or a 局's) report: a 镇/乡/街道 (局) that is not its own,
  standing as the subject of the work — at the head of a clause (after a date at most) and followed
  by what it does.

jieba is imported on first use: only a report with such a word loads its dictionary (about a second).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from pipeline.checks.text_kinds import KINDS

#: Terms of the 政务公开 trade that jieba's own dictionary splits: kept whole, so a name is never made
#: of their pieces (公开镇, 信息乡).
OFFICIAL_TERMS = ("镇政府", "乡政府", "镇党委", "乡党委", "街道党工委", "街道办事处", "镇人民政府", "乡人民政府",
                  "主动公开", "依申请公开", "政府信息", "政务信息", "政务公开", "政务服务", "信息公开",
                  "政府信息公开", "公开目录", "公开指南", "乡村振兴", "城乡", "乡镇", "村镇", "集镇", "城镇",
                  "全镇", "全乡", "本镇", "本乡", "我镇", "我乡", "该镇", "各镇", "各乡", "各乡镇", "镇村", "乡村",
                  "镇级", "乡级", "镇属", "镇直", "乡直", "本街道", "全街道", "各街道", "我局", "本局")
#: Parts of speech a place name's own part may have: names (ns, nr, nz, nt, j) and plain nouns.
_NAME_FLAGS = ("ns", "nr", "nz", "nt", "j", "n")
#: Nouns that are kinds of town, not names: 重点镇, 中心镇, 特色小镇, 示范乡, 文明街道 …
_NOT_NAMES = {"重点", "中心", "特色", "示范", "文明", "美丽", "卫生", "生态", "旅游", "工业", "农业", "商贸", "边境",
              "民族", "历史", "文化", "小", "大", "各", "全", "本", "该", "我", "其", "城", "乡", "村", "集", "新型",
              "全国", "省级", "市级", "县级", "区级", "街道", "社区", "一", "两", "三"}
KIND_WORDS = (*KINDS, "局")
#: After a name, what makes it the one doing the work: a verb, an adverb, or its own 党委/政府.
_DOING = re.compile(r"(?:人民政府|政府|党委|党工委|办事处)?(?:共|全年|始终|坚持|高度|严格|认真|积极|进一步|持续|"
                    r"不断|按照|依法|依据|根据|围绕|扎实|全面|深入|切实|通过|结合|注重|聚焦|强化|加强|推进|推动|把|将|已|大力|着力|"
                    r"紧扣|紧紧|立足|落实|贯彻|成立|建立|健全|完善|制定|组织|开展|召开|主动公开|公开|收到|受理|办结|未|无)")
#: Before a name in its clause, what makes the sentence work with that unit, not as it.
_WITH = re.compile(r"与|和|同|跟|会同|联合|协同|配合|协助|指导|督促|帮助|帮扶|结对|对口|对接|联动|赴|到|前往|学习|借鉴|"
                   r"向|对|及|、|为|给|邻近|相邻|毗邻|交界|辖|所属|下属|各")
#: After a name: a list or a joint action (“红星镇、白云镇等”, “红星镇共同”).
_WITH_AFTER = re.compile(r"\s*(?:、|和|及|与|等|共同|一起|联合|携手|交界|接壤|毗邻|相邻)")
#: The head of a clause: its start, or a date opening it (“2024年，”, “今年以来，”, “全年”).
_HEAD = re.compile(r"(?:^|[,，;；。:：!！?？])\s*(?:\d{4}\s*年度?\s*[,，]?\s*|今年以来\s*[,，]?\s*|一年来\s*[,，]?\s*|"
                   r"全年\s*|年内\s*|本年度\s*[,，]?\s*)?$")


def _cache_folder() -> str | None:
    """Where jieba keeps its prefix dictionary between runs (building it takes seconds): the user's cache
    folder, not the temporary folder a run cleans up nor an output folder; None when it cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "gov-info-annual-report")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import jieba
    import jieba.posseg

    # Its “Building prefix dict” lines, and its failure to keep a cache, are not the clerk's business.
    jieba.setLogLevel(logging.CRITICAL + 10)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _cache_folder()  # None (a home that cannot be written): jieba's own, the temporary folder
    for term in OFFICIAL_TERMS:
        tokenizer.add_word(term, freq=100000, tag="n")
    return jieba.posseg.POSTokenizer(tokenizer)


def _add_names(names: Iterable[str]) -> None:
    for name in names:
        if len(name) >= 3:
            _segmenter().tokenizer.add_word(name, freq=200000, tag="ns")


def _tokens(sentence: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, part of speech) of every token of ``sentence``."""
    out, at = [], 0
    for pair in _segmenter().cut(sentence):
        out.append((at, at + len(pair.word), pair.word, pair.flag))
        at += len(pair.word)
    return out


def is_name(sentence: str, start: int, end: int) -> bool:
    """Whether ``sentence[start:end]`` (a name ending in 镇/乡/街道/局) is a name of its own there: it
    begins a token, and its part before the kind word is name-like tokens, not a verb (公开|镇政府)."""
    kind = next((k for k in KIND_WORDS if sentence[start:end].endswith(k)), None)
    if kind is None:
        return False
    toks = _tokens(sentence)
    starts = {s for s, _, _, _ in toks}
    if start not in starts:
        return False
    body_end = end - len(kind)
    parts = [(w, f) for s, e, w, f in toks if s >= start and e <= body_end]
    whole = [(w, f) for s, e, w, f in toks if s == start and e >= end]
    if whole:  # one token for the whole name (城关镇, a roster's 红星镇): a name if tagged as one
        return whole[0][1].startswith(("ns", "nt", "nz")) and whole[0][0][:-len(kind)] not in _NOT_NAMES
    covered = sum(len(w) for w, _ in parts) == body_end - start
    return covered and bool(parts) and all(f.startswith(_NAME_FLAGS) and w not in _NOT_NAMES for w, f in parts)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    for m in re.finditer(r"[^。;；!！?？\n]+", text):
        yield m.start(), m.group(0)


def _works_with(sentence: str, start: int, end: int) -> bool:
    clause = max(sentence.rfind(c, 0, start) for c in ",，:：") + 1
    return bool(_WITH.search(sentence[clause:start])) or bool(_WITH_AFTER.match(sentence, end))


def known_names(text: str, names: Iterable[str]) -> Iterator[str]:
    """Each of ``names`` (other units' spellings) that ``text`` names as a unit of its own, not as one
    it works with."""
    wanted = [n for n in dict.fromkeys(names) if len(n) >= 3 and n in text]
    if not wanted:
        return
    _add_names(wanted)
    for _, sentence in _sentences(text):
        for name in sorted(wanted, key=len, reverse=True):
            for m in re.finditer(re.escape(name), sentence):
                starts = {s for s, _, _, _ in _tokens(sentence)}
                if m.start() in starts and not _works_with(sentence, m.start(), m.end()):
                    yield name
                    break


_CANDIDATE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:街道|镇|乡|局)")


def subject_names(text: str, kinds: tuple[str, ...]) -> Iterator[tuple[str, int]]:
    """Without a roster: (name, position) of a unit of one of ``kinds`` at the head of a clause, doing
    the work (“2024年，红星镇坚持……”, “…，东坝镇认真落实……”)."""
    if not any(k in text for k in kinds):
        return
    for base, sentence in _sentences(text):
        for start, _, _, _ in _tokens(sentence):
            m = _CANDIDATE.match(sentence, start)
            if m is None or not m.group(0).endswith(kinds) or not _HEAD.search(sentence[:start]):
                continue
            if is_name(sentence, start, m.end()) and _DOING.match(sentence, m.end()):
                yield m.group(0), base + start
