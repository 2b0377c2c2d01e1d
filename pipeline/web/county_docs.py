"""The county office's round in the data folder: its settings, its receipts, and its documents.

The round is ``units.round``, the one ``batch`` settles through: this module only says what the data
folder holds — the round's year and dates (settings), the roster (the units), and for each unit its
latest upload that counts and a later one that does not (``receipts``) — and hands each document
over as bytes, made by ``units.round_docs`` in a temporary folder. Nothing a request names becomes a path.

API: ``round_of(store, today, office="")``, ``collect(store, today, office="")``, ``set_round(store,
year, deadline)``, ``default_year(today)``; the documents ``issue_list``, ``submissions_table``,
``bulletin``, ``return_notice``, ``aggregate``; ``original``, ``latest_workbooks``.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.core.fatal import CannotRun
from pipeline.core.names import file_name
from pipeline.format.official import UnitKind
from pipeline.units import round_docs
from pipeline.units.deadlines import deadline_for
from pipeline.units.roster import RosterEntry
from pipeline.units.round import Collected, Receipt, Round, judge_year, roster_office
from pipeline.units.round import collect as collect_round
from pipeline.units.submissions import Submission
from pipeline.web.names import ZipNames
from pipeline.web.roster_admin import DEADLINE
from pipeline.web.service import DOCX, XLSX, Download, problems_of
from pipeline.web.storage import Store, Unit, Upload

#: The round's settings in the data folder: its report year, the office's date for all, whether the
#: county has confirmed them (the dashboard asks until it has), the 落款 of its documents.
YEAR, ROUND_SET, OFFICE = "year", "round_set", "office"  # settings; DEADLINE is the roster's (roster_admin)


def default_year(today: date) -> int:
    """The year to suggest: reports for year Y are written and collected from January of Y + 1, so a
    round started in any month of a year collects the year before; the county may choose another."""
    return today.year - 1


def round_of(store: Store, today: date, office: str = "") -> Round:
    year = store.setting(YEAR)
    for_all = store.setting(DEADLINE)
    return Round(int(year) if year else default_year(today), tuple(roster_entry(u) for u in store.units()),
                 date.fromisoformat(for_all) if for_all else None, office or store.setting(OFFICE) or "", today,
                 chosen=True)


def set_round(store: Store, year: int, deadline: date | None) -> None:
    """The county's choice of year and date for all; every unit's deadline worked out again (its own
    from the roster, else the date for all, else 条例第四十九条)."""
    store.set_setting(YEAR, str(year))
    store.set_setting(DEADLINE, deadline.isoformat() if deadline else "")
    store.set_setting(ROUND_SET, "1")
    store.set_deadlines({u.id: deadline_for(UnitKind(u.kind) if u.kind else None, year,
                                            date.fromisoformat(u.own_deadline) if u.own_deadline else None,
                                            deadline).isoformat() for u in store.units(active_only=False)})


def roster_entry(unit: Unit) -> RosterEntry:
    return RosterEntry(unit.name, UnitKind(unit.kind) if unit.kind else None, unit.parent,
                       date.fromisoformat(unit.deadline))


def facts(store: Store, sub: Upload) -> dict[str, Any]:
    """What the upload's workbook says of itself (unit, year, kind, contact): kept with its check
    since the round began; read again from the stored file for an upload kept before."""
    kept = json.loads(sub.result).get("workbook")
    return kept if isinstance(kept, dict) else dict(_read_facts(store.file_path(sub.sha256)))


@lru_cache(maxsize=4096)  # a stored file is named by its fingerprint and never changes: read it once
def _read_facts(path: Path) -> tuple[tuple[str, Any], ...]:
    from pipeline.reading.reader import identify, read

    try:
        report, _ = read(path)
        return (("unit", report.unit_name), ("year", report.year),
                ("kind", report.unit_kind.value if report.unit_kind else ""),
                ("contact", dict(getattr(report, "contact", None) or {})))
    except Exception:  # the reader refuses it: its name and year may still be there
        try:
            unit, year = identify(path)
            return (("unit", unit), ("year", year))
        except Exception:
            return ()


def _receipt(store: Store, sub: Upload, rnd: Round, via: int) -> Receipt:
    known = facts(store, sub)
    kind = known.get("kind") or ""
    year = known.get("year") if isinstance(known.get("year"), int) else None
    return Receipt(sub.file_name, str(known.get("unit") or ""), year, UnitKind(kind) if kind else None,
                   datetime.fromisoformat(sub.received), sub.readable, judge_year(problems_of(sub.result), year, rnd),
                   dict(known.get("contact") or {}), via=via, source=store.file_path(sub.sha256), ref=sub.id)


def unit_receipts(store: Store, unit: Unit, rnd: Round, via: int) -> list[Receipt]:
    """A unit's latest upload that counts (received when its first counting upload came; passed at
    first if that one had no errors), and its latest upload when that one does not count."""
    history = [_receipt(store, sub, rnd, via) for sub in store.submissions(unit.id)]  # newest first
    counting = [r for r in history if not r.refusal]
    out = []
    if counting:
        latest, first = counting[0], counting[-1]
        latest.received, latest.first_passed = first.received, first.errors == 0
        out.append(latest)
    if history and history[0].refusal:  # shown, never counted, never anyone else's
        out.append(history[0])
    return out


def receipts(store: Store, rnd: Round) -> list[Receipt]:
    """Every unit's receipts (``unit_receipts``), in the roster's order."""
    return [r for k, unit in enumerate(store.units()) for r in unit_receipts(store, unit, rnd, k)]


def unit_submission(store: Store, unit: Unit, today: date) -> Submission:
    """One unit as the round sees it (its own page): submitted or not, on time or late, its verdict."""
    rnd = round_of(store, today)
    alone = Round(rnd.year, (roster_entry(unit),), rnd.deadline, rnd.office, today, chosen=True)
    return collect_round(alone, unit_receipts(store, unit, alone, 0)).subs[0]


def collect(store: Store, today: date, office: str = "") -> Collected:
    rnd = round_of(store, today, office)
    return collect_round(rnd, receipts(store, rnd))


def _made(write: Any, name: str, mimetype: str, suffix: str = ".xlsx") -> Download:
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / f"document{suffix}"
        write(out)
        return Download(name, out.read_bytes(), mimetype)


def issue_list(store: Store, today: date) -> Download:
    c = collect(store, today)
    return _made(lambda out: round_docs.write_issue_list(c, out), "问题清单.xlsx", XLSX)


def submissions_table(store: Store, today: date) -> Download:
    from pipeline.units.submissions import NAME

    c = collect(store, today)
    return _made(lambda out: round_docs.write_submissions_table(c, out), NAME, XLSX)


def signer(store: Store, office: str) -> str:
    """The 通报's 落款: what the office typed, else the roster's 上级单位; asked for when neither says."""
    said = office or store.setting(OFFICE) or roster_office([roster_entry(u) for u in store.units()])
    if not said:
        raise CannotRun("请先填写通报的落款（发文单位，如“某某县人民政府办公室”）：名单中没有“上级单位”可用。")
    return said


def bulletin(store: Store, office: str, today: date) -> Download:
    from pipeline.units.notices import write_bulletin

    c = collect(store, today, signer(store, office))
    return _made(lambda out: write_bulletin(round_docs.bulletin_context(c), out), "审核情况通报.docx", DOCX, ".docx")


def return_notice(store: Store, unit: Unit, sub: Upload, today: date) -> Download:
    """The 退回通知 of one upload with problems, as ``batch`` writes it for a workbook (late, R2 … included
    when it is the unit's upload that counts now)."""
    from pipeline.units.notices import write_return_notice

    c = collect(store, today)  # signed as the round signs (Round.signer: the office's 落款, else the roster's 上级单位)
    receipt = next((r for r in c.receipts if r.ref == sub.id), None)
    if receipt is None:  # an older upload: its own check, judged against the round
        receipt = _receipt(store, sub, c.round, -1)
    context = round_docs.notice_context(c, receipt, unit.name)
    return _made(lambda out: write_return_notice(context, out), f"{file_name(unit.name)}_退回通知.docx", DOCX,
                 ".docx")


def return_notices(store: Store, today: date) -> list[tuple[str, Download]]:
    """Every 退回通知 of the round, one for each upload the round holds with problems (as ``batch``
    writes one for each workbook), by the name of the unit whose link it came through."""
    from pipeline.units.notices import write_return_notice

    c = collect(store, today)  # signed as the round signs (Round.signer: the office's 落款, else the roster's 上级单位)
    names = dict(enumerate(u.name for u in store.units()))  # ``via``: the place in the roster (``receipts``)
    out = []
    for receipt in (r for r in c.receipts if r.problems):
        unit = names.get(receipt.via, "") if receipt.via is not None else ""
        context = round_docs.notice_context(c, receipt, unit)
        out.append((unit or receipt.unit or receipt.file,
                    _made(lambda path, context=context: write_return_notice(context, path),
                          f"{file_name(unit or receipt.unit)}_退回通知.docx", DOCX, ".docx")))
    return out


def aggregate(store: Store, county: str, kind: UnitKind, today: date) -> Download:
    """The 汇总 of every unit's workbook that counts, by the round (as ``batch --aggregate``)."""
    from pipeline.units.aggregate import write_aggregate

    c = collect(store, today)
    agg = round_docs.aggregate(c, county, kind)
    return _made(lambda out: write_aggregate(agg, out), round_docs.aggregate_name(county, c.year), XLSX)


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
