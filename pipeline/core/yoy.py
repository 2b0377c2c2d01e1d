"""同比: the change of the main figures from last year, in the words offices write by hand.

“较上年增加3件，增长25%”; “与上年持平”; when last year was 0 a percentage means nothing, so the
sentence says “上年为0件” instead. Percentages are rounded half up to one decimal, and a whole number
is written without “.0”. Composed from two checked reports (this year's and last year's), so the
figures are the tables' own. The same figures make the comparison table (``comparison``): the
sentence and the table cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pipeline.core.model import Report
from pipeline.format.official import TABLE4


def change(now: int, last: int) -> str:
    """“较上年增加3件，增长25%”, “较上年减少2件，下降40%”, “与上年持平”, “上年为0件”."""
    if now == last:
        return "与上年持平"
    if last == 0:
        return "上年为0件"
    more = now > last
    return f"较上年{'增加' if more else '减少'}{abs(now - last)}件，{'增长' if more else '下降'}{percent(now, last)}%"


def percent(now: int, last: int) -> str | None:
    """The change as a percentage of last year's figure ("25", "33.3"), None when last year was 0."""
    if last == 0:
        return None
    pct = (Decimal(abs(now - last)) * 100 / Decimal(last)).quantize(Decimal("0.1"), ROUND_HALF_UP).normalize()
    return f"{pct:f}"


@dataclass(frozen=True)
class Figure:
    """One figure a reader compares year on year, with what it is called where it is printed."""

    said: str  # in the 同比 sentence: “本年新收政府信息公开申请101件，…”
    label: str  # a row of the table 主要数据与上年对比
    chart: str  # a bar of the 图解's “与上年比较”
    cells: tuple[tuple[str, str, str], ...]  # (table, row, column) of the cells it adds up


#: Table 四's two top headings, as the declaration writes them.
_REVIEW, _SUITS = TABLE4.col("review_total").path[0], TABLE4.col("direct_total").path[0]
#: Table 三's 总计 column and table 四's totals: the sentence, the table and the chart all use these.
FIGURES = (
    Figure("本年新收政府信息公开申请", "新收政府信息公开申请（件）", "新收申请", (("t3", "new", "total"),)),
    Figure("办结", "办结政府信息公开申请（件）", "办结申请", (("t3", "total", "total"),)),
    Figure(f"政府信息公开{_REVIEW}", f"政府信息公开{_REVIEW}（件）", _REVIEW, (("t4", "cases", "review_total"),)),
    Figure(f"政府信息公开{_SUITS}", f"政府信息公开{_SUITS}（件）", _SUITS,
           (("t4", "cases", "direct_total"), ("t4", "cases", "after_total"))),
)


def value(report: Report, figure: Figure) -> int:
    return sum(int(report.tables[t].value(r, c)) for t, r, c in figure.cells)


def figures(report: Report) -> list[tuple[str, int]]:
    """(what the sentence calls it, value) of each figure."""
    return [(f.said, value(report, f)) for f in FIGURES]


def yoy_sentence(report: Report, previous: Report) -> str:
    """One sentence: each figure this year and its change; figures 0 in both years are left out.
    "" when every figure is 0 in both years (nothing to compare)."""
    parts = [f"{what}{now}件，{change(now, last)}"
             for (what, now), (_, last) in zip(figures(report), figures(previous), strict=True)
             if now or last]
    return f"与{previous.year}年相比，{'；'.join(parts)}。" if parts else ""


#: The comparison table (not part of the official format: the 上年 column offices add), after table 四.
COMPARE_HEADING = "主要数据与上年对比"
#: Its column heads; the two years' heads come from the context (“2023年”, “2024年”).
COMPARE_ITEM, COMPARE_DIFF, COMPARE_PCT = "项目", "增减", "增减幅度"
#: The section it closes: the figures are tables 三's and 四's, so it follows table 四.
COMPARE_AFTER = "s4"

def comparison(report: Report, previous: Report) -> list[dict[str, str]]:
    """The rows of the table 主要数据与上年对比: label, last year, this year, the change (+3, -2, 0) and
    the change in per cent (+25%, -40%, 0%; “—” when last year was 0, where a percentage means nothing)."""
    rows = []
    for figure in FIGURES:
        now, last = value(report, figure), value(previous, figure)
        pct = percent(now, last)
        sign = "+" if now > last else "-" if now < last else ""
        rows.append({"label": figure.label, "last": str(last), "now": str(now), "diff": f"{sign}{abs(now - last)}",
                     "pct": "—" if pct is None else f"{sign}{pct}%"})
    return rows
