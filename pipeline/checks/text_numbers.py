"""The numbers a narrative states, read with the words that say what they count, against the tables.

A claim is “N件” or “N%” with the clause before it: “共收到政府信息公开申请12件” claims 12 received
requests. The word nearest before the number decides what is claimed; context words in the same
sentence make sure the sentence is about information requests at all (“收到群众来信15件” is not).
Precision first: a number whose meaning is unclear is not checked, since a checker that cries wolf
is not read. Text is matched after folding full-width digits and punctuation, character for
character, so every position still points into the original for quoting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipeline.core.model import Report
from pipeline.core.sentences import group_name, result_groups
from pipeline.format.official import T3_RESULT_ROWS, T3_ROWS, TABLE2, TABLE3, TABLE4

_FOLD = str.maketrans("０１２３４５６７８９，．％：；！？", "0123456789,.%:;!?")
_CLAUSE_END = ",;。!?:："
_SENTENCE_END = ";。!?"
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(件|%)(?!次)")


def fold(text: str) -> str:
    """Full-width digits and punctuation to ASCII, one character for one (positions are kept)."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Claim:
    value: Decimal
    percent: bool
    window: str  # the clause before the number (for a count, only back to the previous number)
    sentence: str  # the whole sentence, for context words
    phrase: str  # the original text to quote: the window with the number and its unit


def _back_to(text: str, end: int, stops: str) -> int:
    i = end
    while i > 0 and text[i - 1] not in stops:
        i -= 1
    return i


def claims(paragraph: str) -> Iterator[Claim]:
    text = fold(paragraph)
    # A claim's words end at the previous claim of its kind: in “行政复议3件（结果维持2件” the 2 is not
    # about 行政复议; in “予以公开6件（占54.5%）、部分公开2件（占18.2%）” the 18.2 is 部分公开's alone.
    previous_end = {"件": 0, "%": 0}
    for m in _NUMBER.finditer(text):
        percent = m.group(2) == "%"
        start = max(_back_to(text, m.start(), _CLAUSE_END), previous_end[m.group(2)])
        previous_end[m.group(2)] = m.end()
        s_start = _back_to(text, m.start(), _SENTENCE_END)
        s_end = next((i for i in range(m.end(), len(text)) if text[i] in _SENTENCE_END), len(text))
        phrase = paragraph[start:m.end()].strip().lstrip("（(、,，").strip()
        yield Claim(Decimal(m.group(1)), percent, text[start:m.start()], text[s_start:s_end], phrase)


@dataclass(frozen=True)
class Expect:
    values: tuple[Decimal, ...]  # any of these agrees with the tables
    said: str  # what the tables say, for the message
    cells: tuple[tuple[str, str, str], ...]  # (table, row, column) taking part


Topic = Callable[[Report, Claim], "Expect | None"]


def _t3(report: Report, row: str) -> Decimal:
    return Decimal(int(report.tables["t3"].value(row, "total")))


def _row_said(row: str, value: Decimal) -> str:
    label = TABLE3.row(row).label
    return f"{TABLE3.sheet}“{label}”{'' if label.endswith('总计') else '总计'}为 {value} 件"


def _row(row: str) -> Topic:
    return lambda r, c: Expect((_t3(r, row),), _row_said(row, _t3(r, row)), (("t3", row, "total"),))


def _received(report: Report, claim: Claim) -> Expect:
    new, carried = _t3(report, "new"), _t3(report, "carried")
    said = _row_said("new", new) + (f"，加上年结转共 {new + carried} 件" if carried else "")
    return Expect((new, new + carried), said, (("t3", "new", "total"), ("t3", "carried", "total")))


def _group(name: str) -> Topic:
    def expect(report: Report, claim: Claim) -> Expect:
        group = next(g for g in result_groups(report) if g.name == name)
        label = next(r.path[1] for r in T3_ROWS if r.key == group.rows[0])
        return Expect((Decimal(group.count),), f"{TABLE3.sheet}“{label}”各项合计为 {group.count} 件",
                      tuple(("t3", row, "total") for row in group.rows))
    return expect


def _t4(*groups: str) -> Topic:
    def expect(report: Report, claim: Claim) -> Expect:
        t4 = report.tables["t4"]
        n = Decimal(sum(int(t4.value("cases", f"{g}_total")) for g in groups))
        names = "、".join(f"“{TABLE4.col(f'{g}_total').path[-2]}”" for g in groups)
        return Expect((n,), f"{TABLE4.sheet}{names}的总计{'合计' if len(groups) > 1 else ''}为 {n} 件",
                      tuple(("t4", "cases", f"{g}_total") for g in groups))
    return expect


def _documents(col: str) -> Topic:
    def expect(report: Report, claim: Claim) -> Expect | None:
        rows = [r for r, word in (("normative", "规范性文件"), ("rules", "规章")) if word in claim.sentence]
        values = tuple(Decimal(int(report.tables["t2"].value(r, col))) for r in rows)
        said = "，".join(f"{TABLE2.sheet}“{TABLE2.row(r).label}”的“{TABLE2.col(col).label}”为 {v} 件"
                        for r, v in zip(rows, values, strict=True))
        return Expect(values, said, tuple(("t2", r, col) for r in rows)) if rows else None
    return expect


def _share(names: tuple[str, ...]) -> Topic:
    """The share of some result groups in the requests handled (or received); with no group, the
    share handled: 办结率."""
    def expect(report: Report, claim: Claim) -> Expect | None:
        handled, received = _t3(report, "total"), _t3(report, "new") + _t3(report, "carried")
        bases: tuple[Decimal, ...]
        if not names:
            if "按时" in claim.window or "及时" in claim.window:
                return None  # timeliness is not in the tables
            part, bases = handled, (received,)
        else:
            part = Decimal(sum(g.count for g in result_groups(report) if g.name in names))
            bases = (handled, received)
        bases = tuple(b for b in bases if b)
        if not bases:
            return None
        shares = tuple(part * 100 / b for b in bases)
        what = "、".join(names) or "办结"
        said = f"按{TABLE3.sheet}，{what} {part} 件占{'办结' if names else '收到'}总数的 {shares[0]:.1f}%"
        return Expect(shares, said, (("t3", "total", "total"),))
    return expect


#: What a sentence must be about for a keyword to count (precision: “收到群众来信15件”,
#: “受理行政许可申请300件” and “办结率” of 政务服务 are not about information requests).
REQUESTS, REVIEWS, DOCUMENTS, RECEIVED = "requests", "reviews", "documents", "received"
_NOT_REQUESTS = ("许可", "审批", "信访", "来信", "投诉", "诉求", "政务服务", "热线")


def _about(subject: str, claim: Claim, key: str) -> bool:
    if subject == REVIEWS:
        return "公开" in claim.sentence
    if subject == DOCUMENTS:
        return "规范性文件" in claim.sentence or "规章" in claim.sentence
    if any(word in claim.window for word in _NOT_REQUESTS):
        return False
    if subject == RECEIVED and "申请" not in claim.window:
        return False  # “收到/受理” say what of: only “收到……申请N件” is a count of requests
    return key == "s1_request" or ("申请" in claim.sentence and "公开" in claim.sentence)


def _group_pattern(name: str) -> re.Pattern[str]:
    return re.compile(("(?<!不)" if name == "予以公开" else "") + re.escape(name))  # 不予以公开 is not 予以公开


_GROUPS = [group_name(label) for label in dict.fromkeys(r.path[1] for r in T3_ROWS if r.key in T3_RESULT_ROWS)]
_DETAILS = [(r.key, re.sub(r"^\d+\.", "", r.label)) for r in T3_ROWS if r.key in T3_RESULT_ROWS]
Topics = list[tuple[re.Pattern[str], str, Topic]]

COUNT_TOPICS: Topics = [
    (re.compile(r"上一?年度?结转"), REQUESTS, _row("carried")),
    (re.compile(r"结转(?:至|到)?下一?年|转入下一?年"), REQUESTS, _row("next")),
    (re.compile(r"新收"), REQUESTS, _row("new")),
    (re.compile(r"收到|受理|接收"), RECEIVED, _received),
    (re.compile(r"办结(?!率)"), REQUESTS, _row("total")),
    *((_group_pattern(name), REQUESTS, _group(name)) for name in _GROUPS),
    # Detail rows by their label (“属于国家秘密1件”); “3.其他” is too common a word to look for.
    *((re.compile(re.escape(label)), REQUESTS, _row(key)) for key, label in _DETAILS
      if len(label) >= 4 and label not in _GROUPS),
    (re.compile(r"行政复议"), REVIEWS, _t4("review")),
    (re.compile(r"行政诉讼"), REVIEWS, _t4("direct", "after")),
    (re.compile(r"直接起诉"), REVIEWS, _t4("direct")),
    (re.compile(r"复议后起诉"), REVIEWS, _t4("after")),
    (re.compile(r"制发|印发|出台|制定"), DOCUMENTS, _documents("issued")),
    (re.compile(r"废止"), DOCUMENTS, _documents("repealed")),
    (re.compile(r"现行有效"), DOCUMENTS, _documents("in_force")),
]


def _topic(claim: Claim, key: str) -> Topic | None:
    """The topic of the keyword nearest before the number, if the sentence is about its subject."""
    if claim.percent:
        if not _about(REQUESTS, claim, key):
            return None
        named = tuple(n for n in _GROUPS if _group_pattern(n).search(claim.window))
        if named:  # “予以公开和部分公开的占72.7%”: the groups named, together
            return _share(named)
        return _share(()) if "办结率" in claim.window else None
    best: tuple[int, Topic] | None = None
    for pattern, subject, topic in COUNT_TOPICS:
        if not _about(subject, claim, key):
            continue
        for m in pattern.finditer(claim.window):
            if best is None or m.end() > best[0]:
                best = (m.end(), topic)
    if best and "行政复议" in claim.window and "行政诉讼" in claim.window:
        return _t4("review", "direct", "after")  # “行政复议、行政诉讼案件共3件”
    return best[1] if best else None


def _agrees(claim: Claim, expected: Decimal) -> bool:
    if not claim.percent:
        return claim.value == expected
    # Any rounding of the share to the digits stated agrees (largest remainder moves one unit).
    exponent = claim.value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    return abs(claim.value - expected) < Decimal(1).scaleb(-places)


def contradictions(report: Report, key: str, paragraph: str) -> Iterator[tuple[Claim, Expect]]:
    """Every claim of ``paragraph`` that no reading of the tables supports."""
    for claim in claims(paragraph):
        topic = _topic(claim, key)
        expect = topic(report, claim) if topic else None
        if expect and expect.values and not any(_agrees(claim, v) for v in expect.values):
            yield claim, expect
