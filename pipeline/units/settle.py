"""What a batch settles across units: two workbooks of one unit (D1, before any unit is rendered) and,
once every unit is checked, the roster (R1, R2, U1, U2) and the batch's year. ``Row`` is what is kept
of each unit until then: its summary row and its problems (for its 退回通知)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

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


#: The summary's and the progress line's word for a unit that sent two workbooks.
DUPLICATE_STATE = "未生成（重复提交）"


def duplicate_problems(units: Sequence[tuple[str, int | None]], files: Sequence[str]) -> dict[int, Problem]:
    """Two workbooks of one unit and year (``units[i]``, the 单位名称 and 报告年度 of ``files[i]``): a D1
    for each, by index. Found before any unit is rendered, so that none of them is (we cannot tell
    which is right) and no report is written and then removed, however many workers run.
    Names spelled differently are named too: they may be two units the office must tell apart."""
    found: dict[int, Problem] = {}
    for members in same_unit_groups(units):
        listed = "、".join(files[i] for i in members)
        spellings = list(dict.fromkeys(units[i][0] for i in members))
        names = (f"（单位名称写作{'、'.join(f'“{n}”' for n in spellings)}，按同一单位处理；如不是同一单位，"
                 f"请在工作簿中写单位全称以便区分）") if len(spellings) > 1 else ""
        for i in members:
            unit, year = units[i]
            found[i] = Problem("D1", (), f"“{unit}”的 {year} 年度工作簿共有 {len(members)} 份：{listed}{names}。"
                                         f"无法确定以哪一份为准，均未生成报告；请只保留一份后重新提交。", unit=unit)
    return found


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
