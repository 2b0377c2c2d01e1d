"""The county's collection round: one piece of code behind both doors, ``batch`` and ``serve``.

A round is a report year, the roster (maybe none), the office's deadline for all and its 落款. Each
door hands it the workbooks it received as ``Receipt``s — ``batch`` one a file of its folder, the web
each unit's latest upload (and a later wrong one) — and ``collect`` settles them, the same way for
both: what counts as a unit's submission (its own workbook, of the round's year, readable: a file with
W1, W2 or F1 is recorded and shown but never counted, and never stands for another unit), who sent
nothing (R1), who is not on the roster (R2), who came late (R3), each unit's contact. The county's
documents are then written from the ``Collected`` by ``round_docs``, whichever door asked.

API: ``Round``; ``Receipt``; ``judge_year(problems, year, round)``; ``collect(round, receipts) ->
Collected``; ``roster_office(roster)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.core.problems import Audience, Problem, count
from pipeline.core.unit_names import canonical
from pipeline.format.layout import FIELD_INPUTS
from pipeline.format.official import UnitKind
from pipeline.units.deadlines import deadline_for, show_date, show_time
from pipeline.units.roster import RosterEntry, Submitted, compare, match_roster
from pipeline.units.submissions import Submission


@dataclass(frozen=True)
class Round:
    year: int | None  # the report year collected (None: a batch that found none)
    roster: tuple[RosterEntry, ...] = ()
    deadline: date | None = None  # the office's date for every unit (a roster's own date still wins)
    office: str = ""  # the 落款 the office typed; else the roster's 上级单位 (``signer``)
    today: date = field(default_factory=date.today)
    chosen: bool = False  # the year was set by the county (the web, ``batch --year``), not guessed

    @property
    def signer(self) -> str:
        return self.office or roster_office(self.roster)


def roster_office(roster: Sequence[RosterEntry]) -> str:
    """The office the roster's units answer to (its 上级单位, the one most give): who signs the 通报."""
    parents = Counter(e.parent for e in roster if e.parent)
    return parents.most_common(1)[0][0] if parents else ""


@dataclass
class Receipt:
    """One workbook a door received, with what its check found."""

    file: str  # its name as shown (batch: the path in the folder; web: the name the browser gave)
    unit: str = ""  # its 单位名称 ("" when it cannot be read)
    year: int | None = None
    kind: UnitKind | None = None
    received: datetime | None = None
    readable: bool = True
    problems: list[Problem] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)  # 填报人, 联系电话 … (workbooks that have them)
    via: int | None = None  # the roster unit whose own link it came through (web); None: paired by name
    source: Path | None = None  # the workbook itself, for the 汇总
    first_passed: bool = False  # no errors at its unit's first check in this round
    ref: object = None  # the door's own handle on it (the web's stored submission id)

    @property
    def errors(self) -> int:
        return count(self.problems)[0]

    @property
    def warnings(self) -> int:
        return count(self.problems)[1]

    @property
    def refusal(self) -> str:
        """Why this file is not its unit's submission of the round; "" when it is."""
        codes = {p.code for p in self.problems}
        if not self.readable or "F1" in codes:
            return "文件无法读取"
        if "W1" in codes:
            return "不是本单位的工作簿"
        if "W2" in codes:
            return f"是 {self.year} 年度的工作簿" if self.year else "报告年度不符"
        return ""

    @property
    def verdict(self) -> str:
        """What the check means for the office, in the words of its documents."""
        if self.refusal:
            return f"不计为报送（{self.refusal}）"
        if any(p.code == "D1" for p in self.problems):
            return "重复提交，退回"
        if self.errors:
            return f"退回修改（错误 {self.errors} 条）"
        return f"仅有警告（{self.warnings} 条）" if self.warnings else "通过"


def contact_text(fields: dict[str, str]) -> str:
    """填报人 and 联系电话 as one short text: whom the office calls about this workbook."""
    return " ".join(v for v in (fields.get("filler", ""), fields.get("phone", "")) if v)


def year_problem(year: int, expected: int) -> Problem:
    place = FIELD_INPUTS["year"].place.address
    return Problem("W2", (place,), f"这份工作簿的“报告年度”是 {year}，本次收集的是 {expected} 年度的报告，"
                                   f"这份不计为报送。请提交 {expected} 年度的工作簿。",
                   advice=((Audience.BROWSER.value, "可在本单位的填报页面下载已填好单位名称和年度的填报表，"
                                                    "填好后重新上传。"),
                           (Audience.PAPER.value, "请使用已填好单位名称和年度的填报表重新填写后提交。")))


def judge_year(problems: list[Problem], year: int | None, rnd: Round) -> list[Problem]:
    """The workbook's year judged against the round's, so that no advice contradicts the round: W2
    when it differs; “报告年度是今年” (H8-YEAR) only when the year is the round's and the round's year
    was guessed, not chosen. Judging again gives the same problems."""
    if year is None or rnd.year is None:
        return problems
    kept = [p for p in problems if p.code != "W2" and not (p.code == "H8-YEAR" and (rnd.chosen or year != rnd.year))]
    return [*kept, year_problem(year, rnd.year)] if year != rnd.year else kept


def round_year(years: Sequence[int | None], today: date) -> int | None:
    """The year of a round nobody chose: the one most workbooks give among years already over (a
    report is written after its year ends), else the one most give."""
    over = Counter(y for y in years if y is not None and y < today.year)
    every = Counter(y for y in years if y is not None)
    best = over or every
    return best.most_common(1)[0][0] if best else None


@dataclass
class Collected:
    """A settled round: every receipt, one ``Submission`` a unit (the roster's in its order, then each
    unit not on it) with the receipts that are its (``members``), and R1 for each unit that sent none."""

    round: Round
    receipts: list[Receipt]
    subs: list[Submission]
    members: list[list[int]]
    missing: dict[int, Problem]

    @property
    def year(self) -> int | None:
        return self.round.year

    def rows(self) -> Iterator[tuple[Submission, Receipt | None, list[Problem]]]:
        """(unit, receipt, its problems) in the documents' order; (unit, None, [R1]) for one that sent nothing."""
        for k, sub in enumerate(self.subs):
            for i in self.members[k]:
                yield sub, self.receipts[i], self.receipts[i].problems
            if k in self.missing:
                yield sub, None, [self.missing[k]]

    def problems_by_unit(self) -> dict[str, list[Problem]]:
        """Each unit's problems from the workbooks it sent (the 通报's most common problems)."""
        out: dict[str, list[Problem]] = {}
        for sub, receipt, problems in self.rows():
            if receipt is not None:
                out.setdefault(sub.unit or receipt.file, []).extend(problems)
        return out

    def counted(self) -> list[tuple[Submission, Receipt]]:
        """Every unit's workbook that counts as its submission of the round (the 汇总's sources)."""
        return [(sub, self.receipts[i]) for k, sub in enumerate(self.subs) for i in self.members[k]
                if not self.receipts[i].refusal]


def _groups(rnd: Round, receipts: list[Receipt]) -> list[tuple[RosterEntry | None, list[int]]]:
    """Which receipts are which unit's: by link (web), else by the one unit-name rule; a receipt of a
    unit not on the roster groups with the others of its name; an unreadable one stands alone."""
    roster = list(rnd.roster)
    by_entry: dict[int, list[int]] = {i: [] for i in range(len(roster))}
    # A file that names no unit (it cannot be read) is paired by its file's name, which is most often
    # the unit's own: the unit is then shown what it sent, not a nameless row beside the roster.
    named = [i for i, r in enumerate(receipts) if r.via is None]
    for i, r in enumerate(receipts):
        if r.via is not None and r.via in by_entry:
            by_entry[r.via].append(i)
    said = [Submitted(receipts[i].unit or Path(receipts[i].file).stem, receipts[i].file) for i in named]
    paired = match_roster(roster, said) if roster else {}
    for j, e in paired.items():
        by_entry[e].append(named[j])
    groups: list[tuple[RosterEntry | None, list[int]]] = [(roster[e], sorted(m)) for e, m in by_entry.items()]
    placed = {i for _, m in groups for i in m}
    extra: dict[str, list[int]] = {}
    for i, r in enumerate(receipts):
        if i not in placed:
            extra.setdefault(canonical(r.unit) if r.unit else f"\0{i}", []).append(i)
    return groups + [(None, m) for m in extra.values()]


def _roster_notes(rnd: Round, receipts: list[Receipt]) -> None:
    """U1, U2 and R2 for the workbooks paired by name (a link's upload said its own U1 when it came)."""
    if not rnd.roster:
        return
    named = [i for i, r in enumerate(receipts) if r.via is None and r.unit]
    by_file = {receipts[i].file: i for i in named}
    for problem, file in compare(list(rnd.roster), [Submitted(receipts[i].unit, receipts[i].file) for i in named]):
        if problem.code != "R1" and file in by_file:
            receipts[by_file[file]].problems.append(problem)


def _late(sub: Submission, receipt: Receipt) -> Problem:
    assert sub.received is not None and sub.deadline is not None
    return Problem("R3", (), f"“{sub.unit}”的工作簿（{receipt.file}）于 {show_time(sub.received)} 报送，截止日期是 "
                             f"{show_date(sub.deadline)}，逾期 {sub.late} 天。", unit=sub.unit)


def _missing(sub: Submission, refused: list[Receipt]) -> Problem:
    if refused:
        why = "、".join(f"{r.file}（{r.refusal}）" for r in refused)
        said = f"名单上的“{sub.unit}”没有报送符合要求的工作簿：收到的 {why}不计为报送。请通知其改正后重新报送。"
    else:
        said = f"名单上的“{sub.unit}”没有提交工作簿。请催报，或确认其工作簿的“单位名称”与名单一致。"
    return Problem("R1", (), said, unit=sub.unit)


def _submission(rnd: Round, entry: RosterEntry | None, members: list[Receipt]) -> Submission:
    counted = [r for r in members if not r.refusal]
    # The unit's own workbook says its kind (and, off the roster, its name); another unit's never does.
    first = next((r for r in [*counted, *members] if r.unit), None)
    kind = (entry.kind if entry else None) or (first.kind if first else None)
    due = deadline_for(kind, rnd.year, entry.deadline if entry else None, rnd.deadline) if rnd.year else None
    # The roster's name is the office's own: a workbook under a short name is listed under it.
    sub = Submission(entry.name if entry else first.unit if first else "", kind=kind, deadline=due,
                     parent=entry.parent if entry else "", on_roster=entry is not None or not rnd.roster)
    refused = [r for r in members if r.refusal]
    sub.refused = "、".join(f"{r.file}（{r.refusal}）" for r in refused)
    if not counted:
        return sub
    sub.file = "、".join(r.file for r in counted)
    times = [r.received for r in counted if r.received is not None]
    sub.received = (entry.received if entry else None) or (min(times) if times else None)
    sub.errors, sub.warnings = sum(r.errors for r in counted), sum(r.warnings for r in counted)
    sub.contact = next((contact_text(r.contact) for r in counted if contact_text(r.contact)), "")
    sub.first_passed = any(r.first_passed for r in counted)
    if rnd.roster and sub.late:
        for r in counted:
            r.problems.append(_late(sub, r))
        sub.warnings += len(counted)
    return sub


def collect(rnd: Round, receipts: list[Receipt]) -> Collected:
    """Settle the round over ``receipts`` (their problems gain the round's: W2, R2, R3, U1, U2)."""
    for r in receipts:
        r.problems = judge_year(r.problems, r.year, rnd)
    _roster_notes(rnd, receipts)
    subs: list[Submission] = []
    members: list[list[int]] = []
    missing: dict[int, Problem] = {}
    for entry, group in _groups(rnd, receipts):
        sub = _submission(rnd, entry, [receipts[i] for i in group])
        if not sub.submitted and entry is not None:
            missing[len(subs)] = _missing(sub, [receipts[i] for i in group])
        subs.append(sub)
        members.append(group)
    return Collected(rnd, receipts, subs, members, missing)
