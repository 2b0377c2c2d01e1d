"""The 汇总: a county's or city's report sums the tables of all its units, cell by cell.

The sum is a ``Report`` written into a fresh template, so the aggregating office checks it, writes its
own narrative into it and renders it like any workbook. Counts add as ints, 万元 as Decimals: exact.
Units with errors are left out unless asked; when they are included, each 勾稽 equation the sum fails
names the units whose own data fails it — linear equations that hold for every unit hold for the sum.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from openpyxl.styles import Font

from pipeline.checks.suite import equation_problem, run_checks
from pipeline.core.cells import data_cells
from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.names import shown_path
from pipeline.core.output import atomic_write
from pipeline.core.problems import Problem, as_text, count
from pipeline.format.official import UnitKind
from pipeline.format.rules import EQUATIONS
from pipeline.reading.reader import read
from pipeline.units.folder import find_workbooks, ordered_map, unit_key
from pipeline.units.frame import row_of, totals, units_frame
from pipeline.workbook.writer import fill_workbook

MEMBERS_SHEET = "汇总单位"


@dataclass
class Member:
    """One unit's workbook as the 汇总 sees it: what to add, and whether it may be added."""

    file: str
    unit: str = ""
    year: int | None = None
    errors: int = 0
    failing: frozenset[int] = frozenset()  # the EQUATIONS its own data fails
    values: list[int | Decimal] = field(default_factory=list)  # in ``frame.COLUMNS`` order
    reason: str = ""  # why it is not in the sum; "" when it is
    forcible: bool = False  # left out only for its own errors: ``--include-invalid`` would add it


@dataclass
class Aggregate:
    report: Report
    problems: list[Problem]
    included: list[Member]
    excluded: list[Member]

    @property
    def ok(self) -> bool:
        """Nothing to fix: the sum passes and no unit was left out or added with errors."""
        return count(self.problems)[0] == 0 and not self.excluded and not any(m.errors for m in self.included)


def read_member(task: tuple[Path, Path]) -> Member:
    """Read one unit of a folder (in a worker process)."""
    folder, path = task
    return read_source((path, shown_path(path.relative_to(folder).as_posix()), ""))


def read_source(task: tuple[Path, str, str]) -> Member:
    """Read one unit's workbook (``path``, the name shown, the unit's name to list it under or ""):
    its values and which equations its own data fails."""
    path, shown, name = task
    member = Member(shown)
    try:
        report, problems = read(path)
    except CannotRun as exc:
        member.reason = f"无法读取：{exc.message}"
        return member
    except Exception as exc:  # a bug of ours must not stop the 汇总 of the others (as in batch)
        member.reason = f"内部错误（{type(exc).__name__}: {exc}），请把该文件发给工具维护人员"
        return member
    problems += run_checks(report)
    member.unit, member.year, member.errors = name or report.unit_name, report.year, count(problems)[0]
    member.failing = frozenset(i for i, eq in enumerate(EQUATIONS) if equation_problem(eq, report))
    member.values = row_of(report)
    return member


def _exclude(members: list[Member], unit: str, year: int, include_invalid: bool) -> None:
    """Give every member that must stay out of the sum its reason, most fundamental first."""
    copies = Counter(unit_key(m.unit) for m in members if not m.reason and m.year == year)
    for m in members:
        if m.reason:
            continue
        if unit_key(m.unit) == unit_key(unit):
            m.reason = "是汇总单位本身的工作簿（可能是上次汇总的结果），不计入，以免重复计算"
        elif m.year != year and m.year is not None:
            m.reason = f"报告年度为 {m.year}，本次汇总的是 {year} 年度"
        elif copies[unit_key(m.unit)] > 1:
            m.reason = (f"同一单位提交了 {copies[unit_key(m.unit)]} 份 {year} 年度工作簿，无法确定用哪一份；"
                        f"请删除多余的一份后重新汇总")
        elif m.errors and not include_invalid:
            m.reason, m.forcible = f"本身有 {m.errors} 个错误", True


def sum_members(members: list[Member], unit: str, year: int, kind: UnitKind) -> Report:
    """The cell-wise sum of ``members``' tables as the aggregating unit's report (narrative empty):
    the column sums of the many-units frame."""
    # By place, not by file name: two units may send files of one name (the web: “填报表.xlsx”).
    return totals(units_frame({str(i): m.values for i, m in enumerate(members)}), unit, year, kind)


def _blame(report: Report, problems: list[Problem], included: list[Member]) -> list[Problem]:
    """Every failing equation of the sum, naming the units whose own data fails it."""
    blamed: dict[frozenset[str], list[str]] = {}
    for i, eq in enumerate(EQUATIONS):
        problem = equation_problem(eq, report)
        if problem is not None:
            blamed[frozenset(problem.cells)] = [m.unit or m.file for m in included if i in m.failing]
    out = []
    for p in problems:
        # A check's problem may hold several equations (one wrong number breaks its column and 总计).
        units = list(dict.fromkeys(u for cells, us in blamed.items() if p.code.startswith("H") and cells <= set(p.cells)
                                   for u in us))
        out.append(replace(p, message=f"{p.message}汇总数不满足此关系，是因为以下单位本身的数据就不满足："
                                      f"{'、'.join(units)}。请这些单位更正后重新汇总。", unit="、".join(units))
                   if units else p)
    return out


def aggregate_folder(folder: Path, unit: str, kind: UnitKind = UnitKind.COUNTY_GOV, year: int | None = None,
                     include_invalid: bool = False, jobs: int = 1) -> Aggregate:
    """Sum every unit's workbook under ``folder`` into the report of ``unit``."""
    paths = find_workbooks(folder)
    if not paths:
        raise CannotRun(f"{folder} 中没有找到 .xlsx 工作簿。请指定存放各单位工作簿的文件夹。")
    members = list(ordered_map(read_member, [(folder, p) for p in paths], jobs))
    return sum_up(members, unit, kind, year, include_invalid, str(folder))


def aggregate_sources(sources: list[tuple[Path, str, str]], unit: str, kind: UnitKind, year: int) -> Aggregate:
    """The 汇总 of a round: each unit's workbook that counts (``path``, the name shown, the unit's
    name), wherever it is kept (the web's data folder, a batch's folder)."""
    if not sources:
        raise CannotRun("还没有单位提交可以计入汇总的工作簿，无法汇总。")
    return sum_up([read_source(s) for s in sources], unit, kind, year, False, "已报送的工作簿")


def sum_up(members: list[Member], unit: str, kind: UnitKind, year: int | None, include_invalid: bool,
           where: str) -> Aggregate:
    years = Counter(m.year for m in members if m.year is not None and unit_key(m.unit) != unit_key(unit))
    if year is None:
        if not years:
            raise CannotRun(f"{where} 中没有一个工作簿能读出报告年度，无法汇总。请先用 batch 命令检查各单位的工作簿。")
        year = years.most_common(1)[0][0]
    _exclude(members, unit, year, include_invalid)
    included = [m for m in members if not m.reason]
    if not included:
        raise CannotRun(f"{where}中没有可以计入 {year} 年度汇总的工作簿（共 {len(members)} 个，均被排除）。"
                        f"请先查看各单位的问题。")
    report = sum_members(included, unit, year, kind)
    problems = _blame(report, run_checks(report), included)
    return Aggregate(report, problems, included, [m for m in members if m.reason])


def write_aggregate(agg: Aggregate, path: Path) -> None:
    """The sum in a fresh template, plus a sheet listing which units are in it and which are not."""
    wb = fill_workbook(agg.report)
    ws = wb.create_sheet(MEMBERS_SHEET)
    ws.append(["序号", "单位名称", "文件", "是否计入", "说明"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, m in enumerate([*agg.included, *agg.excluded], 1):
        note = m.reason or (f"本身有 {m.errors} 个错误，按要求仍计入" if m.errors else "")
        ws.append(data_cells(ws, [i, m.unit, m.file, "否" if m.reason else "是", note]))
    for col, width in zip("ABCDE", (6, 28, 36, 10, 60), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    with atomic_write(path) as tmp:
        wb.save(tmp)


def aggregate_text(agg: Aggregate) -> str:
    """What ``aggregate`` prints: who is in the sum, who is not and why, and the checks of the sum."""
    r = agg.report
    kind = r.unit_kind.value if r.unit_kind else ""
    lines = [f"汇总单位：{r.unit_name}（{r.year} 年度，{kind}）", f"计入汇总的单位（{len(agg.included)} 个）："]
    for i, m in enumerate(agg.included, 1):
        flag = f"（本身有 {m.errors} 个错误，按 --include-invalid 计入）" if m.errors else ""
        lines.append(f"  {i}. {m.unit}　{m.file}{flag}")
    if agg.excluded:
        lines.append(f"未计入的单位（{len(agg.excluded)} 个）：")
        lines += [f"  {i}. {m.unit or '（未读出单位名称）'}　{m.file}：{m.reason}"
                  + ("（加 --include-invalid 可强行计入）" if m.forcible else "")
                  for i, m in enumerate(agg.excluded, 1)]
    lines.append("汇总数据的检查结果：")
    lines.append(as_text(agg.problems))
    return "\n".join(lines)
