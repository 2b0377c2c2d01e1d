"""One wrong number, one problem: a text warning that points into the numbers an equation problem
found wrong is linked to it, and names the likely cell where the equations alone could not.

With the totals computed (the current template), one wrong detail of table 三 breaks its column's H1
and the 总计 column's: ``check_equations`` already makes that one problem naming the column. A T3 or
T4 of the same run that points at a cell of those equations (T4: “全部办结”, but 结转下年度 is 1) says
which row the text disagrees with; the one detail of the wrong column in that row is then the likely
culprit. Both problems carry the other's ``ref`` in ``related``, and lists show them as one entry.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.format.rules import EQUATIONS, CellKey

EQUATION_CODES = frozenset(eq.code for eq in EQUATIONS)  # H1–H6, as the rules declare them
TEXT_CODES = {"T3", "T4"}
WHY = "正文中与表格不符的那句话指向这一行，而这一行在出错的那一列中只有这一个数"


def link_related(report: Report, problems: list[Problem], line: frozenset[CellKey]) -> list[Problem]:
    """``problems`` with each equation problem and the text warnings sharing its cells linked;
    ``line``: the details of table 三 one of which alone would explain its failing equations."""
    out = list(problems)
    t3 = report.tables["t3"]
    where = {address: key for key, address in t3.cells.items()}
    for i, eq in enumerate(out):
        if eq.code not in EQUATION_CODES:
            continue
        for j, text in enumerate(out):
            if text.code not in TEXT_CODES or not set(eq.cells) & set(text.cells):
                continue
            eq = out[i]
            culprit = eq.culprit
            if not culprit and line and eq.code == "H1":
                rows = {where[c][0] for c in text.cells if c in where}
                named = [k for k in line if k[0] in rows]
                if len(named) == 1:
                    culprit = t3.address(*named[0])
                    eq = replace(eq, culprit=culprit, message=f"最可能出错的是 {culprit}（{WHY}）。{eq.message}")
            out[i] = replace(eq, related=(*eq.related, text.ref))
            out[j] = replace(text, related=(*text.related, eq.ref))
    return out
