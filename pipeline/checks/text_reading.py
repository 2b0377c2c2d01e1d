"""What each number of a narrative names, decided from the words of its own clause.

A number is read only with a counter (件/条/份/个/起, or %) and only from its own clause: the words
since the previous number or the previous ，；。：, and, where those words name nothing, the words
right after it (“另有5件申请转结下年度”, “1件结果维持”). The sentence around it only says what the
text is about (information requests, not 来信, 留言 or 热线) and which case (复议 or 诉讼) a result
belongs to. A reading lists every table quantity the words allow (“受理749件” may be 新收 or 新收 +
上年结转; “办理” may be 办结 or all requests); the text agrees with the tables when any of them holds.
Where the words are unclear the number gets no reading, and no check speaks: precision first.

Text is matched after folding full-width digits and punctuation one character for one, so every
position still points into the original for quoting. The quantities and the words for them are in
``text_words``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipeline.checks.text_tokens import BOUNDARY, SENTENCE_END, back_to, fold, sentence_end, tokens
from pipeline.checks.text_words import (
    ALL,
    ANY_KEYWORD,
    APPLICANT_WORDS,
    CARRIED,
    CARRIED_WORDS,
    CASE_CELLS,
    CASE_WORDS,
    CHANGE_WORDS,
    CHANNEL_WORDS,
    DOC_COL_WORDS,
    DOC_ROW_WORDS,
    DOCUMENTS,
    FEES,
    GROUP_OF,
    GROUPS,
    HANDLE_WORDS,
    HANDLED,
    NEW,
    NEW_WORDS,
    NEXT,
    NEXT_WORDS,
    OTHER_SUBJECT,
    PROCESS_WORDS,
    RATE_WORDS,
    RECEIVE_WORDS,
    REQUEST_SUBJECT,
    REQUESTS,
    RESULT_WORDS,
    REVIEWS,
    SHARE_OF_PREVIOUS,
    TOTAL_ONLY,
    Cells,
    case_named,
    groups_named,
    results_named,
    rows_named,
    t3,
)

Count = tuple[tuple[Cells, ...], str]  # the options for a count's cells, and its topic


@dataclass(frozen=True)
class Reading:
    """One number of the text and the table quantities its clause allows."""

    value: Decimal
    percent: bool
    cells: tuple[Cells, ...]  # a count: the sum of any one of these; a share: its part
    bases: tuple[Cells, ...]  # a share: its denominator, any one of these
    topic: str  # REQUESTS / REVIEWS / DOCUMENTS
    start: int  # the clause with the number and its counter, in the paragraph
    end: int


class _Sentence:
    """What the sentence says before a number: the subject and the case last named."""

    def __init__(self, text: str, start: int, key: str) -> None:
        self.text, self.start, self.key = text, start, key

    def before(self, at: int) -> str:
        return self.text[self.start:at]

    def about_requests(self, at: int) -> bool:
        before = self.before(at)
        other = [m.end() for m in OTHER_SUBJECT.finditer(before)]
        requests = [m.end() for m in REQUEST_SUBJECT.finditer(before)]
        if other and (not requests or other[-1] > requests[-1]):
            return False
        sentence = self.text[self.start:sentence_end(self.text, at)]
        return self.key == "s1_request" or ("申请" in sentence and "公开" in sentence)

    def about_cases(self, at: int) -> bool:
        return self.key == "s1_request" or "公开" in self.text[self.start:sentence_end(self.text, at)]

    def last_case(self, at: int) -> str | None:
        """The case named by the last clause that names one (“行政复议、行政诉讼案件”: both)."""
        clauses = re.split(f"[{BOUNDARY}]", self.before(at))
        return next((c for c in map(case_named, reversed(clauses)) if c), None)


def _count(words: str, tail: str, s: _Sentence, at: int) -> Count | None:
    """The table quantities a count's own clause names, with its topic; where the words before the
    number name nothing (“另有5件申请转结下年度”, “1件结果维持”, “有1件…行政复议”), the words after it."""
    if ANY_KEYWORD.search(words) or not tail:
        return _count_words(words, s, at)
    if NEXT_WORDS.search(tail):
        return ((NEXT,), REQUESTS) if s.about_requests(at) else None
    if CASE_WORDS.search(tail) or any(re.search(p, tail) for p in RESULT_WORDS.values()):
        return _cases(tail, s, at)
    return None


def _cases(words: str, s: _Sentence, at: int) -> Count | None:
    """Table 四: cases and their results."""
    if not s.about_cases(at):
        return None
    case = case_named(words)
    results = results_named(words, case or s.last_case(at) or "")
    if results:
        return (results,), REVIEWS
    if case is None:  # “相关案件74件”: the cases the sentence named before
        case = s.last_case(at)
        if case != "both":
            return None
    return (CASE_CELLS[case],), REVIEWS


def _count_words(words: str, s: _Sentence, at: int) -> Count | None:
    if case_named(words) or "案件" in words or any(re.search(p, words) for p in RESULT_WORDS.values()):
        return _cases(words, s, at)
    # Table 二: documents issued, repealed, in force.
    doc = _documents(words, s, at)
    if doc is not None:
        return doc
    # Table 三: requests.
    if not s.about_requests(at) or OTHER_SUBJECT.search(words):
        return None
    if CARRIED_WORDS.search(words):
        return (CARRIED,), REQUESTS
    if NEXT_WORDS.search(words):
        return (NEXT,), REQUESTS
    rows, groups = rows_named(words), groups_named(words)
    if rows or groups:
        return _results_of(rows, groups, words, s)
    if TOTAL_ONLY.match(words):
        before = s.before(at)
        return ((ALL,), REQUESTS) if RECEIVE_WORDS.search(before) and CARRIED_WORDS.search(before) else None
    if APPLICANT_WORDS.search(words) and not (RECEIVE_WORDS.search(words) or PROCESS_WORDS.search(words)):
        return None  # “其中自然人申请741件”: a split by applicant, in another column
    if CHANNEL_WORDS.search(words) and "其中" in s.before(at):
        return None  # “其中网络平台收到3件”: a split by channel, in no cell of the tables
    options: list[Cells] = []
    if NEW_WORDS.search(words):
        options.append(NEW)
    elif RECEIVE_WORDS.search(words):
        options += [NEW, ALL]
    if HANDLE_WORDS.search(words):
        options.append(HANDLED)
    elif PROCESS_WORDS.search(words):
        options += [HANDLED, ALL]  # 办理 is 办结 in some reports, every request in hand in others
    return (tuple(dict.fromkeys(options)), REQUESTS) if options else None


def _results_of(rows: list[str], groups: list[str], words: str,
                s: _Sentence) -> tuple[tuple[Cells, ...], str] | None:
    options: list[Cells] = []
    for row in rows:
        group = GROUP_OF[row]
        if group in groups and "等" in words:  # “因本机关不掌握等原因无法提供”: the whole group
            continue
        options.append(t3(row))
        if group in groups:  # “因本机关不掌握相关政府信息无法提供”: the row, or the group
            options.append(t3(*GROUPS[group]))
        if len(rows) > 1:
            return None
    if not options:
        # A group whose detail row the sentence names on its own (“逾期未补正2件，其他处理5件”) is
        # the rest of the group here: too unsure to check.
        elsewhere = {GROUP_OF[r] for r in rows_named(s.text[s.start:])} - {GROUP_OF[r] for r in rows}
        if set(groups) & elsewhere:
            return None
        options.append(t3(*(r for g in groups for r in GROUPS[g])))
    return tuple(options), REQUESTS


def _documents(words: str, s: _Sentence, at: int) -> tuple[tuple[Cells, ...], str] | None:
    col = next((c for c, p in DOC_COL_WORDS.items() if p.search(words)), None)
    if col is None:
        return None
    named = DOC_ROW_WORDS.findall(words) or DOC_ROW_WORDS.findall(s.before(at))
    if not named or words.lstrip("(").startswith("含"):
        return None  # “规章13件（含新制定5件…）”: parts of a number that is not in the tables
    if col == "repealed" and "失效" in s.text[s.start:]:
        return None  # 失效 and 废止 side by side: which of them table 二 counts is unknown
    row = "rules" if named[-1] == "规章" else "normative"
    return ((("t2", row, col),),), DOCUMENTS


def _share(words: str, previous: Reading | None, s: _Sentence, at: int) -> tuple[Cells, tuple[Cells, ...]] | None:
    """A percentage: the share of some result groups in the requests handled, or the 办结率."""
    if CHANGE_WORDS.search(words) or not s.about_requests(at) or OTHER_SUBJECT.search(words):
        return None
    rows, groups = rows_named(words), groups_named(words)
    if groups and not rows:
        return t3(*(r for g in groups for r in GROUPS[g])), (HANDLED, ALL)
    if SHARE_OF_PREVIOUS.match(words) and previous is not None and previous.topic == REQUESTS \
            and not previous.percent and len(previous.cells) == 1 and previous.cells[0] not in (NEW, ALL, HANDLED):
        return previous.cells[0], (HANDLED, ALL)  # “予以公开6件（占54.5%）”
    if RATE_WORDS.search(words) and not rows:
        return HANDLED, (NEW, ALL)
    return None


def readings(paragraph: str, key: str) -> Iterator[Reading]:
    """Every number of ``paragraph`` (narrative ``key``) whose clause names a table quantity."""
    text = fold(paragraph)
    previous_end = 0
    last: Reading | None = None
    found = tokens(text)
    for i, tok in enumerate(found):
        s_start = back_to(text, tok.start, SENTENCE_END)
        if last is not None and last.start < s_start:
            last = None
        start = max(back_to(text, tok.start, BOUNDARY), previous_end, s_start)
        previous_end = tok.end
        words = text[start:tok.start]
        words = words[words.rfind("其中") + 2:] if "其中" in words else words
        words = words.strip().lstrip("(、").strip()
        following = found[i + 1].start if i + 1 < len(found) else len(text)
        tail_end = min([following, *(j for j in (text.find(c, tok.end) for c in BOUNDARY) if j != -1)])
        tail = text[tok.end:tail_end]
        sentence = _Sentence(text, s_start, key)
        reading: Reading | None = None
        if tok.amount:
            # 万元 is only ever table 二's 行政事业性收费, and only when the clause says so.
            if "行政事业性收费" in words:
                reading = Reading(tok.value, False, ((("t2", "fees", "amount"),),), (), FEES, start, tok.end)
        elif tok.percent:
            share = _share(words, last, sentence, tok.start)
            if share:
                reading = Reading(tok.value, True, (share[0],), share[1], REQUESTS, start, tok.end)
        else:
            count = _count(words, tail.strip(), sentence, tok.start)
            if count:
                end = tok.end + (len(tail.rstrip(") ")) if not ANY_KEYWORD.search(words) else 0)
                reading = Reading(tok.value, False, count[0], (), count[1], start, end)
        if reading is not None:
            last = reading
            yield reading
        elif not tok.percent:
            last = None  # a share names what the count right before it names, or nothing
