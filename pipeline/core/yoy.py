"""同比: the change of the main figures from last year, in the words offices write by hand.

“较上年增加3件，增长25%”; “与上年持平”; when last year was 0 a percentage means nothing, so the
sentence says “上年为0件” instead. Percentages are rounded half up to one decimal, and a whole number
is written without “.0”. Composed from two checked reports (this year's and last year's), so the
figures are the tables' own.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pipeline.core.model import Report


def change(now: int, last: int) -> str:
    """“较上年增加3件，增长25%”, “较上年减少2件，下降40%”, “与上年持平”, “上年为0件”."""
    if now == last:
        return "与上年持平"
    if last == 0:
        return "上年为0件"
    diff = now - last
    pct = (Decimal(abs(diff)) * 100 / Decimal(last)).quantize(Decimal("0.1"), ROUND_HALF_UP).normalize()
    more = diff > 0
    return f"较上年{'增加' if more else '减少'}{abs(diff)}件，{'增长' if more else '下降'}{pct:f}%"


def figures(report: Report) -> list[tuple[str, int]]:
    """The figures a reader compares year on year (table 三 总计 column, table 四 totals)."""
    t3, t4 = report.tables["t3"], report.tables["t4"]
    suits = int(t4.value("cases", "direct_total")) + int(t4.value("cases", "after_total"))
    return [
        ("本年新收政府信息公开申请", int(t3.value("new", "total"))),
        ("办结", int(t3.value("total", "total"))),
        ("政府信息公开行政复议", int(t4.value("cases", "review_total"))),
        ("政府信息公开行政诉讼", suits),
    ]


def yoy_sentence(report: Report, previous: Report) -> str:
    """One sentence: each figure this year and its change; figures 0 in both years are left out.
    "" when every figure is 0 in both years (nothing to compare)."""
    parts = [f"{what}{now}件，{change(now, last)}"
             for (what, now), (_, last) in zip(figures(report), figures(previous), strict=True)
             if now or last]
    return f"与{previous.year}年相比，{'；'.join(parts)}。" if parts else ""
