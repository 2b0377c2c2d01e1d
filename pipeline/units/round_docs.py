"""The county's documents of a settled round (``round.Collected``), the same whichever door asks:
报送情况表.xlsx, 问题清单.xlsx, the 汇总, each 退回通知 and the 审核情况通报.

Every problem in them is in the words of a document on paper (``words``: no flag, no page, no bare
code; the 问题清单 keeps the code in its own small column for the office's staff). ``batch`` writes
them into its output folder; the web makes each in a temporary folder and hands it to the browser.

API: ``write_submissions_table(c, path)``, ``write_issue_list(c, path)``, ``issue_rows(c)``,
``notice_context(c, receipt)``, ``bulletin_context(c, published=())``, ``aggregate(c, unit, kind)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.core.problems import Audience, Problem, sort_problems
from pipeline.format.official import UnitKind
from pipeline.units import notices
from pipeline.units.problem_list import IssueList, SummaryRow
from pipeline.units.round import Collected, Receipt, contact_text
from pipeline.units.submissions import write_submissions
from pipeline.units.words import for_reader


def on_paper(problems: list[Problem]) -> list[Problem]:
    """The problems as a printed document says them; the unit is the row's (the roster's name)."""
    return [for_reader(p, Audience.PAPER) for p in sort_problems(problems)]


def write_submissions_table(c: Collected, path: Path) -> None:
    write_submissions(c.subs, path, c.year, c.round.today)


def issue_rows(c: Collected) -> tuple[list[tuple[str, str, list[Problem]]], list[SummaryRow]]:
    """The 问题清单's problem rows (unit, file, problems) and its summary: one row a workbook, and one
    for each unit on the roster that sent none."""
    problems, summary = [], []
    for sub, receipt, found in c.rows():
        if receipt is None:
            problems.append((sub.unit, "", on_paper(found)))
            said = "未报送（收到的文件不计为报送）" if sub.refused else "未报送"
            summary.append(SummaryRow(sub.unit, "", 1, 0, said))
            continue
        unit = sub.unit or receipt.unit
        problems.append((unit, receipt.file, on_paper(found)))
        summary.append(SummaryRow(unit, receipt.file, receipt.errors, receipt.warnings, receipt.verdict,
                                  contact_text(receipt.contact)))
    return problems, summary


def write_issue_list(c: Collected, path: Path) -> None:
    issues = IssueList()
    rows, summary = issue_rows(c)
    for unit, file, found in rows:
        issues.add(unit, file, [_anonymous(p) for p in found])
    issues.save(summary, path, c.year, c.round.today)


def _anonymous(p: Problem) -> Problem:
    from dataclasses import replace

    return replace(p, unit="")  # listed under the row's unit: the roster's name, not the workbook's spelling


def unit_of(c: Collected, receipt: Receipt) -> str:
    """The name a receipt is listed under: its unit's on the roster, else its own."""
    index = next((i for i, r in enumerate(c.receipts) if r is receipt), -1)
    return next((sub.unit for sub, members in zip(c.subs, c.members, strict=True) if index in members and sub.unit),
                receipt.unit or Path(receipt.file).stem)


def notice_context(c: Collected, receipt: Receipt, unit: str = "") -> dict[str, Any]:
    """The 退回通知 of one workbook with problems (``unit``: its unit's name, when the door knows it)."""
    return notices.return_context(unit or unit_of(c, receipt), receipt.file, receipt.year or c.year,
                                  on_paper(receipt.problems), c.round.signer, c.round.today)


def bulletin_context(c: Collected, published: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """``published``: each publication pack's folder name and fingerprint, when the round published."""
    return notices.bulletin_context(c.subs, c.problems_by_unit(), c.year, c.round.signer, c.round.today,
                                    published)




def aggregate_name(unit: str, year: int | None) -> str:
    """The 汇总's file name, the same from every door (batch, the web, ``aggregate``): a unit name too
    long for a file name is cut, the year and 年汇总 kept whole."""
    from pipeline.core.names import file_name

    kept = f"{year or ''}年汇总"
    return f"{file_name(unit, kept)}.xlsx"


def aggregate(c: Collected, unit: str, kind: UnitKind) -> Any:
    """The 汇总 of every unit's counted workbook, listed under the unit's roster name (``aggregate.Aggregate``)."""
    from pipeline.core.fatal import CannotRun
    from pipeline.units.aggregate import aggregate_sources

    if c.year is None:
        raise CannotRun("本轮没有确定报告年度，无法汇总。")
    sources = [(r.source, r.file, sub.unit or r.unit) for sub, r in c.counted() if r.source is not None]
    return aggregate_sources(sources, unit, kind, c.year)


def write_aggregate_into(c: Collected, outdir: Path, unit: str, kind: UnitKind,
                         inputs: tuple[Path | None, ...] = ()) -> Path:
    """The round's 汇总 written into ``outdir`` (``batch --aggregate``), under the web's name for it."""
    from pipeline.core.output import guard_output
    from pipeline.units.aggregate import write_aggregate

    target = outdir / aggregate_name(unit, c.year)
    guard_output(target, inputs=inputs)
    write_aggregate(aggregate(c, unit, kind), target)
    return target
