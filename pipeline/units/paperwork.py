"""After a batch is checked: who came when (报送情况表, R3 for the late), and the county's documents.

Runs in the parent once every unit is settled (duplicates, roster). Writes into the batch's output
folder 报送情况表.xlsx, a 退回通知 for each unit with problems (in ``退回通知/``; one left by an
earlier run for a unit that has none now is removed) and 审核情况通报.docx.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import remove_owned
from pipeline.core.names import file_name
from pipeline.core.output import guard_output, write_bytes
from pipeline.core.problems import Problem
from pipeline.core.unit_names import canonical
from pipeline.units import notices
from pipeline.units import submissions as submitted
from pipeline.units.deadlines import deadline_for, show_date, show_time
from pipeline.units.roster import RosterEntry, Submitted, match_roster
from pipeline.units.submissions import Submission, write_submissions

if TYPE_CHECKING:
    from pipeline.units.batch import BatchResult
    from pipeline.units.problem_list import IssueList
    from pipeline.units.settle import Row

SUBMISSIONS_NAME = submitted.NAME
NOTICE_FOLDER = "退回通知"
BULLETIN_NAME = "审核情况通报.docx"
#: Each unit's first check into this output folder: the 通报's “首次检查即通过” survives the re-runs
#: that follow resubmissions.
RECORD_NAME = "审核记录.json"


def remember_first_checks(outdir: Path, subs: list[Submission], today: date) -> None:
    """Mark each submission that had no errors at its unit's first check, keeping the first checks in
    ``outdir/审核记录.json`` (a damaged or missing record starts afresh)."""
    path = outdir / RECORD_NAME
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict):
            record = {}
    except (OSError, ValueError):
        record = {}
    for s in (s for s in subs if s.submitted):
        key = canonical(s.unit) or s.file
        first = record.setdefault(key, {"单位": s.unit, "首次检查": today.isoformat(),
                                        "首次错误": s.errors if s.readable else -1})
        s.first_passed = first.get("首次错误") == 0
    write_bytes(path, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def check_templates() -> None:
    notices.check_notice_templates()


def _late(row: Row, sub: Submission) -> Problem:
    assert sub.received is not None and sub.deadline is not None
    return Problem("R3", (), f"“{row.unit}”的工作簿（{row.summary.file}）于 {show_time(sub.received)} 报送，"
                             f"截止日期是 {show_date(sub.deadline)}，逾期 {sub.late} 天。"
                             f"如报送时间有误，请在名单的“报送时间”列填写实际收到的时间。", unit=row.unit)


def submissions(rows: list[Row], roster: list[RosterEntry], year: int | None, for_all: date | None,
                issues: IssueList) -> list[Submission]:
    """One ``Submission`` a unit of the roster (in its order) and a workbook not on it; with a roster,
    each late workbook also gets R3 in its problems."""
    sent = [r for r in rows if r.summary.file]
    on_roster = match_roster(roster, [Submitted(r.unit, r.summary.file) for r in sent]) if roster else {}
    by_entry: dict[int, list[Row]] = {}
    for j, i in on_roster.items():
        by_entry.setdefault(i, []).append(sent[j])

    def of(row: Row | None, entry: RosterEntry | None) -> Submission:
        kind = (entry.kind if entry else None) or (row.kind if row else None)
        when = (row.year if row and row.year else year)
        due = deadline_for(kind, when, entry.deadline if entry else None, for_all) if when else None
        # The roster's name is the office's own: a workbook under a short name is listed under it.
        sub = Submission(entry.name if entry else row.unit if row else "", kind=kind, deadline=due,
                         parent=entry.parent if entry else "", on_roster=entry is not None or not roster)
        if row is not None:
            sub.file, sub.readable = row.summary.file, row.readable
            sub.received = (entry.received if entry else None) or row.received
            if roster and sub.late:
                row.add(issues, _late(row, sub))
            sub.errors, sub.warnings = row.summary.errors, row.summary.warnings
            sub.contact = row.summary.contact
        return sub

    out: list[Submission] = []
    for i, entry in enumerate(roster):
        out += [of(row, entry) for row in by_entry.get(i, [])] or [of(None, entry)]
    paired = {id(sent[j]) for j in on_roster}
    out += [of(row, None) for row in sent if id(row) not in paired]
    return out


def write_all(done: BatchResult, rows: list[Row], outdir: Path, office: str, today: date) -> None:
    """报送情况表.xlsx, the 退回通知 and the 审核情况通报 of a finished batch."""
    write_submissions(done.submissions, outdir / SUBMISSIONS_NAME, done.year, today)
    folder = outdir / NOTICE_FOLDER
    written: set[Path] = set()
    for row in rows:
        if not row.summary.file or not row.problems:
            continue
        stem = file_name(Path(row.summary.file).with_suffix("").as_posix().replace("/", "_"), "_退回通知")
        path = folder / f"{stem}.docx"
        # A file that could not be read names no unit: the notice is addressed by the file's name.
        unit = row.unit or Path(row.summary.file).stem
        context = notices.return_context(unit, row.summary.file, row.year or done.year, row.problems, office, today)
        written.add(path)
        try:
            guard_output(path)
        except CannotRun:  # a notice the office has edited since (not the tool's any more) is kept
            done.notices_kept.append(path)
            continue
        notices.write_return_notice(context, path)  # a template failing here is a failure, said as one
    if folder.is_dir():  # a unit that has fixed everything since the last run gets no notice
        for stale in folder.glob("*_退回通知.docx"):
            if stale not in written:
                remove_owned(stale)  # only what the tool wrote: a notice edited by hand stays
    done.notices = sorted(written - set(done.notices_kept))
    by_unit = {row.unit or row.summary.file: row.problems for row in rows if row.summary.file}
    context = notices.bulletin_context(done.submissions, by_unit, done.year, office, today)
    notices.write_bulletin(context, outdir / BULLETIN_NAME)
