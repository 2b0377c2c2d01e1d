"""The county office's documents from the data folder: 问题清单, the 汇总, the workbooks as received.

Each is made by the command line's own function (``IssueList`` and ``compare`` as ``batch`` uses them,
``aggregate_folder``) over every unit's latest submission, in a temporary folder, and handed back as bytes.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.names import file_name
from pipeline.core.problems import sort_problems
from pipeline.format.official import UnitKind
from pipeline.units.roster import RosterEntry
from pipeline.units.submissions import Submission
from pipeline.web.names import ZipNames
from pipeline.web.service import DOCX, XLSX, Download, problems_of
from pipeline.web.storage import Store, Unit, Upload


def issue_list(store: Store) -> Download:
    """问题清单.xlsx over every unit's latest submission, with the units that sent nothing (R1), as batch writes it."""
    from pipeline.units.problem_list import IssueList, SummaryRow
    from pipeline.units.roster import Submitted, compare

    units, latest = store.units(), store.latest()
    issues, summary = IssueList(), []
    for unit in units:
        sub = latest.get(unit.id)
        if sub is None:
            continue
        problems = sort_problems(problems_of(sub.result))
        issues.add(unit.name, sub.file_name, problems)
        state = "无法读取" if not sub.readable else "有错误，退回修改" if sub.errors else "可生成报告"
        summary.append(SummaryRow(unit.name, sub.file_name, sub.errors, sub.warnings, state))
    for problem, file in compare([roster_entry(u) for u in units], [Submitted(r.unit, r.file) for r in summary]):
        if problem.code == "U1":
            continue  # each upload already said how its name was paired with its link's unit
        issues.add(problem.unit, file, [problem])
        if problem.code == "R1":
            summary.append(SummaryRow(problem.unit, "", 1, 0, "未提交"))
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / "issues.xlsx"
        issues.save(summary, out)
        return Download("问题清单.xlsx", out.read_bytes(), XLSX)


def aggregate(store: Store, county: str, kind: UnitKind, year: int | None) -> Download:
    """The 汇总 workbook over every unit's latest submission, by ``aggregate``'s own functions."""
    from pipeline.units.aggregate import aggregate_folder, write_aggregate

    latest = store.latest()
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        folder = Path(tmp) / "units"
        folder.mkdir()
        for i, unit in enumerate(store.units()):
            sub = latest.get(unit.id)
            if sub is not None and sub.readable:  # named by us: the roster order and the unit's name
                (folder / f"{i + 1:03d}_{file_name(unit.name)}.xlsx").symlink_to(store.file_path(sub.sha256))
        if not any(folder.iterdir()):
            raise CannotRun("还没有单位提交可读取的工作簿，无法汇总。")
        agg = aggregate_folder(folder, county, kind, year)
        out = Path(tmp) / "aggregate.xlsx"
        write_aggregate(agg, out)
        return Download(f"{file_name(county)}{agg.report.year}年汇总.xlsx", out.read_bytes(), XLSX)




def original(store: Store, unit: Unit, sha256: str, received: str) -> Download:
    """The workbook exactly as the unit sent it, named by the unit and the time it came."""
    stamp = received.replace("-", "").replace(":", "").replace("T", "_")
    return Download(f"{file_name(unit.name)}_{stamp}.xlsx", store.file_path(sha256).read_bytes(), XLSX)


def latest_workbooks(store: Store) -> Download:
    """Every unit's latest workbook in one zip, one file per unit named after it: a folder ready for
    ``batch`` or ``aggregate`` on the command line, and an archive of what was received."""
    latest, names = store.latest(), ZipNames()  # one entry per unit, even for “某局” and “某局.”
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for unit in store.units():
            sub = latest.get(unit.id)
            if sub is not None:
                z.write(store.file_path(sub.sha256), names(unit.name, ".xlsx"))
    if not latest:
        raise CannotRun("还没有单位提交工作簿。")
    return Download("各单位最新工作簿.zip", out.getvalue(), "application/zip")


def roster_entry(unit: Unit) -> RosterEntry:
    return RosterEntry(unit.name, UnitKind(unit.kind) if unit.kind else None, unit.parent,
                       date.fromisoformat(unit.deadline))


def submissions(store: Store) -> list[Submission]:
    """Each unit of the roster as the 报送情况表 sees it: when it first sent a workbook (on time or
    late against its deadline) and what its latest one says."""
    latest, first = store.latest(), store.first_received()
    out = []
    for unit in store.units():
        entry, sub = roster_entry(unit), latest.get(unit.id)
        s = Submission(unit.name, kind=entry.kind, parent=unit.parent, deadline=entry.deadline)
        if sub is not None:
            s.file, s.readable, s.errors, s.warnings = sub.file_name, sub.readable, sub.errors, sub.warnings
            s.received = datetime.fromisoformat(first[unit.id])
        out.append(s)
    return out


def submissions_table(store: Store, year: int, today: date) -> Download:
    """报送情况表.xlsx, by ``batch``'s own function."""
    from pipeline.units.submissions import NAME, write_submissions

    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / "submissions.xlsx"
        write_submissions(submissions(store), out, year, today)
        return Download(NAME, out.read_bytes(), XLSX)


def bulletin(store: Store, year: int, office: str, today: date) -> Download:
    """审核情况通报.docx over every unit's latest submission, by ``batch``'s own functions."""
    from pipeline.units.notices import bulletin_context, write_bulletin

    latest = store.latest()
    problems = {u.name: problems_of(latest[u.id].result) for u in store.units() if u.id in latest}
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / "bulletin.docx"
        write_bulletin(bulletin_context(submissions(store), problems, year, office, today), out)
        return Download("审核情况通报.docx", out.read_bytes(), DOCX)


def return_notice(unit: Unit, sub: Upload, year: int, office: str, today: date) -> Download:
    """The 退回通知 of one submission with problems, by ``batch``'s own functions."""
    from pipeline.units.notices import return_context, write_return_notice

    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / "notice.docx"
        context = return_context(unit.name, sub.file_name, year, problems_of(sub.result), office, today)
        write_return_notice(context, out)
        return Download(f"{file_name(unit.name)}_退回通知.docx", out.read_bytes(), DOCX)
