"""Checks over a read report: small functions that yield problems, run in the order listed.

Each check takes the ``Report`` and yields ``Problem`` values; none raises on bad data. Equations
come from ``rules``, so the checker and the workbook's live highlighting cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from pipeline.checks.continuity import CONTINUITY_CHECKS, check_compare_needs_previous
from pipeline.checks.punctuation import PUNCTUATION_CHECKS
from pipeline.checks.related import link_related
from pipeline.checks.text import TEXT_NUMBER_CHECKS
from pipeline.checks.text_copy import TEXT_COPY_CHECKS, check_copied, check_names
from pipeline.core.model import Report
from pipeline.core.problems import Problem, cell_order
from pipeline.format.official import MAY_MAKE_RULES, TABLE, TABLE2
from pipeline.format.rules import EQUATIONS, CellKey, Equation, details

Check = Callable[[Report], Iterator[Problem]]
CrossCheck = Callable[[Report, Report], Iterator[Problem]]  # (this year, the year before)


#: Said after a restating equation fails: only a 总计 typed by hand (an older template) can make it fail.
TYPED_TOTAL = ("这个总计是手工填写的；现行模板中总计由公式按明细自动计算，不必填写。请先核对明细，再改正总计"
               "（或把明细“选择性粘贴 → 数值”到最新的 workbook_template.xlsx）。")


def equation_problem(eq: Equation, report: Report, culprit: str = "") -> Problem | None:
    """The problem with one 勾稽 equation in ``report``, or None when it holds; ``culprit`` (a cell
    address) is named first when it is the likely single wrong number."""
    data = report.tables[eq.table]
    left, right = data.total(eq.left), data.total(eq.right)
    if left == right:
        return None
    cells = sorted({data.address(r, c) for r, c in (*eq.left, *eq.right)}, key=cell_order)
    lead = f"最可能出错的是 {culprit}（{CULPRIT_WHY}）。" if culprit else ""
    typed = "（手工填写）" if eq.restates else ""
    hint = f"{eq.hint}{TYPED_TOTAL}" if eq.restates else eq.hint
    return Problem(eq.code, tuple(cells),
                   f"{lead}{data.table.sheet}{eq.scope}：{eq.left_label}{typed} = {left}，"
                   f"{eq.right_label} = {right}，两者应相等，现相差 {abs(left - right)}。{hint}", culprit=culprit)


CULPRIT_WHY = "它是同一张表所有不成立的勾稽关系中唯一共同的单元格，只改错了一个数时正是这种情形"


def likely_culprit(failing: list[Equation], holding: list[Equation], report: Report) -> str:
    """The one cell that lies in every failing equation of a table and in none that holds, or "".

    One wrong number breaks every equation it takes part in and no other; so when exactly one cell
    fits, correcting it alone may set everything right. A single failing equation never has one."""
    if len(failing) < 2:
        return ""
    data = report.tables[failing[0].table]
    common = set.intersection(*({*eq.left, *eq.right} for eq in failing))
    common -= {k for eq in holding for k in (*eq.left, *eq.right)}
    return data.address(*common.pop()) if len(common) == 1 else ""


def line_cells(failing: list[Equation], holding: list[Equation]) -> frozenset[CellKey]:
    """The details of table 三 that would break exactly the ``failing`` equations with the totals
    computed (empty when typed totals are involved, or fewer than two equations fail)."""
    if len(failing) < 2 or any(eq.restates for eq in failing):  # a typed total: not the formulas' world
        return frozenset()
    holding = [eq for eq in holding if not eq.restates]  # identities once the totals are computed
    table = failing[0].table
    common = set.intersection(*(set(details(table, (*eq.left, *eq.right))) for eq in failing))
    common -= {k for eq in holding for k in details(table, (*eq.left, *eq.right))}
    return frozenset(common) if len(common) >= 2 else frozenset()


def likely_line(failing: list[Equation], holding: list[Equation], report: Report) -> str:
    """Where one wrong detail must be when the totals are formulas and no single cell can be named:
    the one column (or row) of table 三 holding every detail that would break exactly the failing
    equations. D7 + 1 and D8 + 1 break the same two H1 rows, but both are in the 自然人 column."""
    common = line_cells(failing, holding)
    if not common:
        return ""
    table = failing[0].table
    data, shape = report.tables[table], TABLE[table]
    cells = sorted((data.address(*k) for k in common), key=cell_order)
    span = f"{cells[0]} 至 {cells[-1].split('!')[1]} 的 {len(cells)} 个数"
    if len({c for _, c in common}) == 1:
        return f"出错的数很可能在“{shape.col(next(iter(common))[1]).label}”列（{span}之中），请逐个核对这一列。"
    if len({r for r, _ in common}) == 1:
        return f"出错的数很可能在“{shape.row(next(iter(common))[0]).label}”行（{span}之中），请逐个核对这一行。"
    return ""


def _statement(eq: Equation, report: Report) -> str:
    data = report.tables[eq.table]
    left, right = data.total(eq.left), data.total(eq.right)
    typed = "（手工填写）" if eq.restates else ""
    return f"{data.table.sheet}{eq.scope}：{eq.left_label}{typed} = {left}，{eq.right_label} = {right}，两者应相等"


def _one_problem(failing: list[Equation], report: Report, culprit: str, line: str) -> Problem:
    """The equations one wrong number breaks (its column and the 总计 column; or a typed total's row
    and column), as one problem: one wrong number, one thing to fix, one line in every list."""
    data = report.tables[failing[0].table]
    gaps = {abs(data.total(eq.left) - data.total(eq.right)) for eq in failing}
    lead = f"最可能出错的是 {culprit}（{CULPRIT_WHY}）。" if culprit else line
    gap = f"都相差 {gaps.pop()}" if len(gaps) == 1 else "各有相差"
    said = "；".join(_statement(eq, report) for eq in failing)
    hints = "".join(dict.fromkeys(eq.hint for eq in failing))
    typed = TYPED_TOTAL if any(eq.restates for eq in failing) else ""
    cells = tuple(sorted({data.address(r, c) for eq in failing for r, c in (*eq.left, *eq.right)}, key=cell_order))
    return Problem(failing[0].code, cells,
                   f"{lead}这一个数使 {len(failing)} 个勾稽关系不成立，{gap}：{said}。{hints}{typed}", culprit=culprit)


def check_equations(report: Report) -> Iterator[Problem]:
    """H1–H6: every 勾稽 equation, over every column and row. Where one wrong number explains every
    failing equation of a table (one cell, or one column of details), they are one problem naming it."""
    for table in dict.fromkeys(eq.table for eq in EQUATIONS):
        equations = [eq for eq in EQUATIONS if eq.table == table]
        data = report.tables[table]
        failing = [eq for eq in equations if data.total(eq.left) != data.total(eq.right)]
        holding = [eq for eq in equations if eq not in failing]
        culprit = likely_culprit(failing, holding, report)
        line = "" if culprit else likely_line(failing, holding, report)
        if culprit or line:
            yield _one_problem(failing, report, culprit, line)
            continue
        for eq in failing:
            problem = equation_problem(eq, report)
            if problem is not None:
                yield problem


def check_rules_plausible(report: Report) -> Iterator[Problem]:
    """P1: only some kinds of unit may make 规章; a non-zero 规章 row elsewhere is suspicious."""
    if report.unit_kind is None or report.unit_kind in MAY_MAKE_RULES:
        return
    t2 = report.tables[TABLE2.key]
    block = TABLE2.blocks[0]
    nonzero = [(c, t2.value("rules", c.key)) for c in block.cols if t2.value("rules", c.key)]
    if nonzero:
        found = "，".join(f"{c.label} {v}" for c, v in nonzero)
        *others, last = (k.value for k in MAY_MAKE_RULES)
        yield Problem("P1", tuple(t2.address("rules", c.key) for c, _ in nonzero),
                      f"{TABLE2.sheet}“{TABLE2.row('rules').label}”一行填了 {found}，"
                      f"但“{report.unit_kind.value}”无权制定规章（只有{'、'.join(others)}和{last}可以）。"
                      f"本单位制发的文件一般应计入“{TABLE2.row('normative').label}”；请核实后改为 0。")


CHECKS: tuple[Check, ...] = (check_equations, check_rules_plausible, *TEXT_NUMBER_CHECKS, check_names,
                             *TEXT_COPY_CHECKS, *PUNCTUATION_CHECKS)
#: Run only when the same unit's previous-year workbook is given (``--previous``).
CROSS_YEAR_CHECKS: tuple[CrossCheck, ...] = (*CONTINUITY_CHECKS, check_copied)


def t3_line(report: Report) -> frozenset[CellKey]:
    """The details of table 三 one of which alone explains its failing equations (``line_cells``)."""
    equations = [eq for eq in EQUATIONS if eq.table == "t3"]
    data = report.tables["t3"]
    failing = [eq for eq in equations if data.total(eq.left) != data.total(eq.right)]
    holding = [eq for eq in equations if eq not in failing]
    return frozenset() if likely_culprit(failing, holding, report) else line_cells(failing, holding)


def run_checks(report: Report, previous: Report | None = None, known_units: Sequence[str] = ()) -> list[Problem]:
    """Every check of ``report``; ``previous``: last year's report of the unit; ``known_units``: every
    unit name the run knows (the roster of batch or the web page, 曾用名 included), for T6."""
    own = (previous.unit_name,) if previous is not None else ()  # last year's spelling is still its own
    problems = [p for check in CHECKS
                for p in (check_names(report, tuple(known_units), own) if check is check_names else check(report))]
    if previous is not None:
        problems += [p for check in CROSS_YEAR_CHECKS for p in check(report, previous)]
    else:
        problems += check_compare_needs_previous(report)
    return link_related(report, problems, t3_line(report))
