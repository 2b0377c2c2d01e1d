"""Checks for text copied from another unit or another year, and text never finished (T6–T10, Y3).

A copied report shows itself by names: another unit's name, or 本乡 in a 镇's report. An unfinished
one by leftovers: XX, 【】, “请填写”, the template's own help text, an empty section, a 六 silent about
the 信息处理费. Each pattern is narrow on purpose (see ``textchecks``): 乡村振兴, 城乡, 乡镇 are words,
not kinds of unit, and must never be mistaken for one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from pipeline.checks.text_common import label, quote, text_cell, year_of
from pipeline.checks.text_kinds import KINDS, check_kind_words, core_name, own_kind
from pipeline.checks.text_names import is_name, known_names, subject_names
from pipeline.checks.text_tokens import fold
from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.core.unit_names import same_name, text_forms, unit_class
from pipeline.format.official import NARRATIVES


def _is_own(report: Report, name: str) -> bool:
    own, other = core_name(report.unit_name), core_name(name)
    return bool(other) and (other in own or own in other)


_SUFFIXES = ("街道", "镇", "乡", "县", "区", "市", "局", "委", "办", "厅", "院", "署", "中心")
_GENERIC = "本全我该各每此其所辖和与及等、在对由向"
#: A name that opens a sentence after the year: “2024年，盘江镇坚持……”.
_OPENING = r"\d{4}\s*年度?\s*[,，]\s*"


def _sentence_of(text: str, at: int) -> tuple[int, str]:
    start = max(text.rfind(c, 0, at) for c in "。;；!！?？\n") + 1
    ends = [i for i in (text.find(c, at) for c in "。;；!！?？\n") if i != -1]
    return start, text[start:min(ends, default=len(text))]


def _generic(name: str) -> bool:
    """“县教体局”, “区财政局”: a department of the area named by its level only, most often the
    unit itself in a short form (教体局 for 教育体育局) or its own area's; never a name to blame."""
    return name.endswith("局") and name[0] in "县区市省州旗"


def _names(report: Report, text: str, known: tuple[str, ...]) -> Iterator[str]:
    """Names of other units in ``text``: those the run knows (``known``) wherever the text names them
    as a unit of its own; without them, those standing as the subject of the work."""
    published = re.search(r"(?:现将公布|现予公布|现公布|现将)\s*([\u4e00-\u9fff]{2,20}?)\s*\d{4}\s*年", text)
    if published and published.group(1)[0] not in _GENERIC and not _is_own(report, published.group(1)):
        yield published.group(1)
    yield from known_names(text, [n for n in known if not _is_own(report, n)])
    kind = own_kind(report)
    suffix = kind or next((s for s in _SUFFIXES if core_name(report.unit_name).endswith(s)), None)
    if suffix is None:
        return
    for m in re.finditer(_OPENING + f"([\u4e00-\u9fff]{{2,5}}?{suffix})", text):
        name = m.group(1)
        if not set(name[:-len(suffix)]) & set(_GENERIC) and name[-2:] not in ("城镇", "乡镇", "村镇", "集镇", "城乡") \
                and not _is_own(report, name) and not _generic(name):
            yield name
    if kind or suffix == "局":
        # Anywhere in a sentence, a 镇/乡/街道 (or, in a 局's report, a 局) not its own doing the work.
        yield from (name for name, _ in subject_names(text, KINDS if kind else ("局",))
                    if not _is_own(report, name) and not _generic(name))
    if kind:
        # A township's text naming another township's 政府 or 党委 (盘江镇's report: 红星镇人民政府);
        # a name only where the segmenter finds one (not “公开镇政府”).
        for k in KINDS:
            for m in re.finditer(f"([\u4e00-\u9fff]{{2}}){k}(?=人民政府|党委|政府|党工委|办事处)", text):
                name = m.group(0)
                base, sentence = _sentence_of(text, m.start())
                if not set(m.group(1)) & set(_GENERIC + "城乡村集小镇") and not _is_own(report, name) \
                        and is_name(sentence, m.start() - base, m.end() - base):
                    yield name


def check_names(report: Report, known: tuple[str, ...] = (), own: tuple[str, ...] = ()) -> Iterator[Problem]:
    """T6: another unit's name where the report speaks of itself; ``known``: every unit name the run
    knows (the roster of batch or the web page), the report's own among them or not; ``own``: the
    unit's other spellings (last year's), one unit with it by ``unit_names.same_name``."""
    spellings = (report.unit_name, *own)
    # Only a peer is a copy's source: a township's report naming another township, a department's
    # another department. A county naming its towns, a town its county (上级): jurisdiction, silent.
    mine = unit_class(report.unit_name)
    known = tuple(form for n in known if mine in ("township", "department") and unit_class(n) == mine
                  and not any(same_name(n, o) for o in spellings if o) for form in text_forms(n))
    for n in NARRATIVES:
        found = [name for p in report.texts.get(n.key, []) for name in _names(report, fold(p), known)]
        found = list(dict.fromkeys(a for a in found if not any(a != b and a in b for b in found)))
        if found:
            yield Problem("T6", (text_cell(report, n.key),),
                          f"{label(n.key)}中出现{quote(found)}，而本单位是“{report.unit_name}”。"
                          f"这多是从其他单位的报告复制来的文字；请改为本单位名称，并核对这部分内容是否属于本单位。")


_PLACEHOLDERS = re.compile(r"(?<![A-Za-z])[XxＸｘ]{2,}(?![A-Za-z])|×{2,}|【[^】]{0,20}】|请填写|请输入|此处填写|"
                           r"[（(]\s*文字描述\s*[）)]")


def check_leftovers(report: Report) -> Iterator[Problem]:
    """T8: placeholders and the template's sample text left in the narrative."""
    helps = {n.help for n in NARRATIVES}
    for n in NARRATIVES:
        found = [m.group(0) for p in report.texts.get(n.key, []) for m in _PLACEHOLDERS.finditer(p)]
        found += [p for p in report.texts.get(n.key, []) if p in helps]
        if found:
            yield Problem("T8", (text_cell(report, n.key),),
                          f"{label(n.key)}中有未替换的占位内容{quote(found)}。"
                          f"请换成本单位的实际内容（模板中的示例和说明文字不要留在报告里）。")


_NOTHING = {"无", "暂无", "没有", "略", "/", "-", "—", "无相关内容", "无相关情况"}


def _said(report: Report, key: str) -> str:
    return re.sub(r"[\s。.，,；;：:！!]", "", "".join(report.texts.get(key, [])))


def check_nothing(report: Report) -> Iterator[Problem]:
    """T9: a section that says only “无” (an empty one is the reader's H8 error)."""
    for n in NARRATIVES:
        if _said(report, n.key) in _NOTHING:
            found = "".join(report.texts.get(n.key, []))
            yield Problem("T9", (text_cell(report, n.key),),
                          f"{label(n.key)}只写了“{found}”。这一部分是报告必备的内容（{n.help.rstrip('。')}），"
                          f"只写“无”会被视为敷衍；请如实填写，确无相关工作的，"
                          f"写明“{year_of(report)}，{report.unit_name or '本单位'}未……”及原因。")


#: A fee statement in any wording: “未收取信息处理费”, “未发生收费情况”, “没有收取任何费用”,
#: “未发生政府信息公开收费事项”, “收取信息处理费共计380元”.
_FEE = re.compile(r"处理费|收费|收取[^,;。]{0,6}费用|费用")


def check_fees(report: Report) -> Iterator[Problem]:
    """T10: 六 must state the 信息处理费 situation, even “未收取”."""
    key = "s6"
    if _said(report, key) in ("", *_NOTHING) or any(_FEE.search(fold(p)) for p in report.texts.get(key, [])):
        return  # an empty 六 is already H8, one saying only “无” T9
    yield Problem("T10", (text_cell(report, key),),
                  f"{label(key)}没有说明信息处理费的收取情况。按《政府信息公开信息处理费管理办法》，"
                  f"本部分应写明本年收取信息处理费的情况；没有收取的，写明“{year_of(report)}，"
                  f"{report.unit_name or '本单位'}未收取信息处理费。”")


#: Two texts this short say the same thing every year by nature (“未收取信息处理费”); only longer
#: texts can be 雷同.
SIMILAR_FROM_CHARS = 50
SIMILAR_RATIO = 0.85


def similarity(a: str, b: str) -> float:
    # Years are blanked first: last year's text with this year's date is still last year's text.
    a, b = (re.sub(r"\d{4}", "####", fold(x)) for x in (a, b))
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _requests(report: Report) -> int:
    t3 = report.tables["t3"]
    return int(t3.value("new", "total")) + int(t3.value("carried", "total"))


def check_copied(report: Report, previous: Report) -> Iterator[Problem]:
    """Y3: a section nearly identical to last year's (“内容雷同”)."""
    for n in NARRATIVES:
        if n.key == "intro" or (n.key == "s1_request" and not _requests(report)):
            # Fixed formulas, rightly the same every year: the introduction, and “未收到申请”.
            continue
        now, then = ("".join(r.texts.get(n.key, [])) for r in (report, previous))
        if min(len(now), len(then)) < SIMILAR_FROM_CHARS:
            continue
        ratio = similarity(now, then)
        if ratio >= SIMILAR_RATIO:
            yield Problem("Y3", (text_cell(report, n.key),),
                          f"{label(n.key)}与上年报告的同一部分相似度为 {ratio:.0%}，几乎相同。"
                          f"国办公开办函〔2021〕30号把“内容雷同、敷衍塞责”列为追责情形；"
                          f"请按本年实际工作重写这一部分。")


TEXT_COPY_CHECKS = (check_kind_words, check_leftovers, check_nothing, check_fees)
