"""The 勾稽 equations H1–H6 and the 总计 cells, declared once as data.

Each equation is "sum of these cells = sum of those cells". The Python checks evaluate them; the
workbook template turns the same declarations into conditional formatting and the 校验 sheet, so what
staff see turn red while typing is exactly what the checker reports.

``TOTALS`` says which cells are the sum of which details. The template writes them as formulas
(staff type details only), the reader computes them itself (a cached formula value is never trusted)
and an equation that only restates a total (H2, H3, H4–H6) can then no longer fail: it is checked
all the same, because a workbook made from an older template holds totals typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.format.official import T3_RESULT_ROWS, T4_GROUPS, T4_RESULTS, TABLE3, TABLE4

CellKey = tuple[str, str]  # (row key, column key)


@dataclass(frozen=True)
class Equation:
    code: str
    table: str  # table key
    scope: str  # which column/row it is about, for the message: “自然人”列
    left_label: str
    left: tuple[CellKey, ...]
    right_label: str
    right: tuple[CellKey, ...]
    hint: str  # how to fix it

    @property
    def restates(self) -> bool:
        """"This 总计 = the sum of its details": holds by construction once the 总计 is a formula."""
        return len(self.left) == 1 and self.left[0] in TOTAL_CELLS[self.table]


def _h1_h2() -> list[Equation]:
    out = []
    for c in TABLE3.cols:
        scope = f"“{c.label}”列"
        out.append(Equation(
            "H1", "t3", scope,
            "第一项（本年新收）加第二项（上年结转）之和", (("new", c.key), ("carried", c.key)),
            "第三项（（七）总计）加第四项（结转下年度继续办理）之和", (("total", c.key), ("next", c.key)),
            "每件申请要么在本年办结，要么结转下年度；请核对这四个数。"))
        out.append(Equation(
            "H2", "t3", scope,
            "“（七）总计”", (("total", c.key),),
            "21 个办理结果明细行之和", tuple((r, c.key) for r in T3_RESULT_ROWS),
            "每件办结的申请只计入一个明细行（区分处理的只计“部分公开”）；请核对总计或各明细行。"))
    return out


def _h3() -> list[Equation]:
    parts = tuple(c.key for c in TABLE3.cols if c.key != "total")
    return [Equation(
        "H3", "t3", f"“{r.label}”行",
        "“总计”", ((r.key, "total"),),
        "自然人与五类法人或其他组织之和", tuple((r.key, c) for c in parts),
        "总计应等于本行前六列之和；请核对本行各数。") for r in TABLE3.rows]


def _h4_h6() -> list[Equation]:
    out = []
    for code, (group, path) in zip(("H4", "H5", "H6"), T4_GROUPS, strict=True):
        parts = tuple(("cases", f"{group}_{k}") for k in T4_RESULTS)
        total = TABLE4.col(f"{group}_total")
        out.append(Equation(
            code, "t4", f"“{'—'.join(path)}”",
            f"“{total.label}”", (("cases", total.key),),
            "、".join(TABLE4.col(c).label for _, c in parts) + "之和", parts,
            "总计应等于四种结果之和；请核对这五个数。"))
    return out


EQUATIONS: tuple[Equation, ...] = (*_h1_h2(), *_h3(), *_h4_h6())


@dataclass(frozen=True)
class Total:
    table: str
    cell: CellKey
    parts: tuple[CellKey, ...]  # details, or totals listed earlier in TOTALS


def _totals() -> tuple[Total, ...]:
    """Every 总计 as the sum of its parts, in an order where parts come before the sums they feed:
    table 三's （七）总计 row over the 21 result rows, then every row's 总计 column over the six
    applicant columns (the corner cell last, over the （七）总计 row), then table 四's three 总计."""
    details = tuple(c.key for c in TABLE3.cols if c.key != "total")
    out = [Total("t3", ("total", c), tuple((r, c) for r in T3_RESULT_ROWS)) for c in details]
    out += [Total("t3", (r.key, "total"), tuple((r.key, c) for c in details)) for r in TABLE3.rows]
    out += [Total("t4", ("cases", f"{g}_total"), tuple(("cases", f"{g}_{k}") for k in T4_RESULTS))
            for g, _ in T4_GROUPS]
    return tuple(out)


TOTALS = _totals()
#: table key -> the cells that are totals (formulas in the template, computed by the reader).
TOTAL_CELLS: dict[str, frozenset[CellKey]] = {
    key: frozenset(t.cell for t in TOTALS if t.table == key) for key in ("t2", "t3", "t4")}
#: The equations that can fail in a workbook made from the current template: shown live in it.
LIVE_EQUATIONS = tuple(eq for eq in EQUATIONS if not eq.restates)


def details(table: str, keys: tuple[CellKey, ...]) -> frozenset[CellKey]:
    """The cells staff type that ``keys`` stand for: each computed total replaced by its details."""
    parts = {t.cell: t.parts for t in TOTALS if t.table == table}
    out: set[CellKey] = set()
    for key in keys:
        out |= details(table, parts[key]) if key in parts else {key}
    return frozenset(out)
