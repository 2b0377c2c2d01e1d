"""What a batch settles once every unit is checked: two workbooks of one unit (D1), the roster (R1, R2,
U1, U2), the batch's year. ``Row`` is what is kept of each unit until then: its summary row and its
problems (for its 退回通知)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.core.manifest import remove_owned
from pipeline.core.problems import Problem
from pipeline.format.official import UnitKind
from pipeline.units.folder import same_unit_groups
from pipeline.units.problem_list import IssueList, SummaryRow
from pipeline.units.roster import RosterEntry, Submitted, compare


@dataclass
class Row:
    """All that is kept of a unit once its result has been handled: the summary row, and its problems
    for the unit's 退回通知."""

    unit: str
    year: int | None
    kind: UnitKind | None
    received: datetime | None
    readable: bool
    summary: SummaryRow
    problems: list[Problem]
    contact: dict[str, str] = field(default_factory=dict)

    def add(self, issues: IssueList, problem: Problem) -> None:
        issues.add(self.unit, self.summary.file, [problem])
        self.problems.append(problem)
        self.summary.errors += problem.is_error
        self.summary.warnings += not problem.is_error



def settle_duplicates(rows: list[Row], written: dict[int, Path], issues: IssueList) -> None:
    """Two workbooks of one unit and year: report both, render neither (we cannot tell which is right).
    Names spelled differently are named too: they may be two units the office must tell apart."""
    for members in same_unit_groups([(r.unit, r.year) for r in rows]):
        files = "、".join(rows[i].summary.file for i in members)
        spellings = list(dict.fromkeys(rows[i].unit for i in members))
        names = (f"（单位名称写作{'、'.join(f'“{n}”' for n in spellings)}，按同一单位处理；如不是同一单位，"
                 f"请在工作簿中写单位全称以便区分）") if len(spellings) > 1 else ""
        for i in members:
            row = rows[i]
            if i in written:
                report = written.pop(i)
                remove_owned(report)
                remove_owned(report.with_suffix(".html"))
            message = (f"“{row.unit}”的 {row.year} 年度工作簿共有 {len(members)} 份：{files}{names}。"
                       f"无法确定以哪一份为准，均未生成报告；请只保留一份后重新提交。")
            row.add(issues, Problem("D1", (), message, unit=row.unit))
            row.summary.report = "未生成（重复提交）"


def settle_roster(expected: list[RosterEntry], rows: list[Row], issues: IssueList) -> None:
    """Who has not submitted (a row each), who is not on the roster, who is on it under another name."""
    named = [r for r in rows if r.unit]
    by_file = {r.summary.file: r for r in named}
    for problem, file in compare(expected, [Submitted(r.unit, r.summary.file) for r in named]):
        if problem.code == "R1":
            issues.add(problem.unit, file, [problem])
            rows.append(Row(problem.unit, None, None, None, True, SummaryRow(problem.unit, "", 1, 0, "未提交"),
                            [problem]))
        else:
            by_file[file].add(issues, problem)


def batch_year(rows: list[Row]) -> int | None:
    """The batch's report year: the one most units give."""
    years = Counter(r.year for r in rows if r.year is not None)
    return years.most_common(1)[0][0] if years else None
