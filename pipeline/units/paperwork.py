"""After a batch is checked: the round's documents, written into the batch's output folder.

Runs in the parent once the round is settled (``round.collect``). Writes 报送情况表.xlsx, 问题清单.xlsx,
a 退回通知 for each workbook with problems (in ``退回通知/``; one left by an earlier run for a unit
that has none now is removed) and 审核情况通报.docx (``round_docs`` makes each, as for the web), and
keeps each unit's first check (审核记录.json) for the 通报's “首次检查即通过”. It knows nothing of the
batch that calls it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import remove_owned
from pipeline.core.names import file_name
from pipeline.core.output import guard_output, write_bytes
from pipeline.core.unit_names import canonical
from pipeline.units import notices, round_docs
from pipeline.units import submissions as submitted
from pipeline.units.round import Collected
from pipeline.units.submissions import Submission

SUBMISSIONS_NAME = submitted.NAME
ISSUES_NAME = "问题清单.xlsx"
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


@dataclass
class Written:
    """The 退回通知 a batch wrote, and those kept because the office has edited them since."""

    notices: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def write_all(c: Collected, outdir: Path) -> Written:
    """报送情况表.xlsx, 问题清单.xlsx, the 退回通知 and the 审核情况通报 of a settled round."""
    round_docs.write_submissions_table(c, outdir / SUBMISSIONS_NAME)
    round_docs.write_issue_list(c, outdir / ISSUES_NAME)
    folder = outdir / NOTICE_FOLDER
    done, written = Written(), set()
    for receipt in c.receipts:
        if not receipt.problems:
            continue
        stem = file_name(Path(receipt.file).with_suffix("").as_posix().replace("/", "_"), "_退回通知")
        path = folder / f"{stem}.docx"
        written.add(path)
        try:
            guard_output(path)
        except CannotRun:  # a notice the office has edited since (not the tool's any more) is kept
            done.kept.append(path)
            continue
        # A template failing here is a failure, said as one (not taken for a notice edited by hand).
        notices.write_return_notice(round_docs.notice_context(c, receipt), path)
    if folder.is_dir():  # a unit that has fixed everything since the last run gets no notice
        for stale in folder.glob("*_退回通知.docx"):
            if stale not in written:
                remove_owned(stale)  # only what the tool wrote: a notice edited by hand stays
    done.notices = sorted(written - set(done.kept))
    write_bulletin(c, outdir)
    return done


def write_bulletin(c: Collected, outdir: Path, published: Iterable[tuple[str, str]] = ()) -> None:
    """The 审核情况通报; written again by ``batch --publish`` once the packs exist, with each pack's
    folder name and fingerprint (``published``), so the paper kept outside the packs carries them."""
    notices.write_bulletin(round_docs.bulletin_context(c, published), outdir / BULLETIN_NAME)
