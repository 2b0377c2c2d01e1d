"""Checks over a read report: small functions that yield problems, run in the order listed.

Each check takes the ``Report`` and yields ``Problem`` values; none raises on bad data. Equations
come from ``rules``, so the checker and the workbook's live highlighting cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pipeline.checks.continuity import CONTINUITY_CHECKS
from pipeline.checks.punctuation import PUNCTUATION_CHECKS
from pipeline.checks.text import TEXT_NUMBER_CHECKS
from pipeline.checks.text_copy import TEXT_COPY_CHECKS, check_copied
from pipeline.core.model import Report
from pipeline.core.problems import Problem, cell_order
from pipeline.format.official import MAY_MAKE_RULES, TABLE2
from pipeline.format.rules import EQUATIONS, Equation

Check = Callable[[Report], Iterator[Problem]]
CrossCheck = Callable[[Report, Report], Iterator[Problem]]  # (this year, the year before)


def equation_problem(eq: Equation, report: Report) -> Problem | None:
    """The problem with one 勾稽 equation in ``report``, or None when it holds."""
    data = report.tables[eq.table]
    left, right = data.total(eq.left), data.total(eq.right)
    if left == right:
        return None
    cells = sorted({data.address(r, c) for r, c in (*eq.left, *eq.right)}, key=cell_order)
    return Problem(eq.code, tuple(cells),
                   f"{data.table.sheet}{eq.scope}：{eq.left_label} = {left}，"
                   f"{eq.right_label} = {right}，两者应相等，现相差 {abs(left - right)}。{eq.hint}")


def check_equations(report: Report) -> Iterator[Problem]:
    """H1–H6: every 勾稽 equation, over every column and row."""
    for eq in EQUATIONS:
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


CHECKS: tuple[Check, ...] = (check_equations, check_rules_plausible, *TEXT_NUMBER_CHECKS, *TEXT_COPY_CHECKS,
                             *PUNCTUATION_CHECKS)
#: Run only when the same unit's previous-year workbook is given (``--previous``).
CROSS_YEAR_CHECKS: tuple[CrossCheck, ...] = (*CONTINUITY_CHECKS, check_copied)


def run_checks(report: Report, previous: Report | None = None) -> list[Problem]:
    problems = [p for check in CHECKS for p in check(report)]
    if previous is not None:
        problems += [p for check in CROSS_YEAR_CHECKS for p in check(report, previous)]
    return problems
