"""The county office's documents from the data folder: 问题清单, the 汇总, the workbooks as received.

Each is made by the command line's own function (``IssueList`` and ``compare`` as ``batch`` uses them,
``aggregate_folder``) over every unit's latest submission, in a temporary folder, and handed back as bytes.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.output import file_name
from pipeline.core.problems import sort_problems
from pipeline.format.official import UnitKind
from pipeline.web.service import XLSX, Download, problems_of
from pipeline.web.storage import Store, Unit


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
    for problem, file in compare([u.name for u in units], [Submitted(r.unit, r.file) for r in summary]):
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
    latest = store.latest()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for unit in store.units():
            sub = latest.get(unit.id)
            if sub is not None:
                z.write(store.file_path(sub.sha256), f"{file_name(unit.name)}.xlsx")
    if not latest:
        raise CannotRun("还没有单位提交工作簿。")
    return Download("各单位最新工作簿.zip", out.getvalue(), "application/zip")
