"""The statistical sentences of the narrative, composed from the checked tables.

Reports usually state in words what tables 二, 三 and 四 state in numbers, and evaluations find the
two disagreeing every year. Sentences written from the tables cannot disagree with them. They are
meant for a report whose tables passed H1–H6, and read as an official would write them: nothing is
said as “0件”; a unit with nothing to report gets one short sentence.

Labels are derived from ``official`` (the result groups from ``T3_GROUPS``, the results of table 四
from its columns), so a sentence names a group exactly as the table does, only without its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.core.model import Report
from pipeline.format.official import T3_GROUPS, T4_GROUPS, T4_RESULTS, TABLE2, TABLE4

#: Shares of the result groups are given only where they say something: several groups, and enough
#: requests that a percentage is not just a restatement of “1件”.
SHARES_FROM = 10


def group_name(label: str) -> str:
    """“（二）部分公开（区分处理的，…）” → “部分公开”: the group as the narrative speaks of it."""
    return re.sub(r"^（[一二三四五六七八九十]+）", "", label).split("（")[0]


@dataclass(frozen=True)
class Group:
    name: str  # 予以公开 …
    rows: tuple[str, ...]  # the detail rows of table 三 it sums
    count: int


def result_groups(report: Report) -> list[Group]:
    """The six result groups of table 三 with their totals (sums of the detail rows, 总计 column)."""
    t3 = report.tables["t3"]
    return [Group(group_name(label), rows, int(t3.total(tuple((r, "total") for r in rows))))
            for label, rows in T3_GROUPS.items()]


def shares(counts: list[int]) -> list[Decimal]:
    """Percentages to one decimal place that add up to exactly 100.0 (largest remainder), so the
    shares printed in one sentence never sum to 99.9 or 100.1."""
    total = sum(counts)
    exact = [c * 1000 / total for c in counts]
    tenths = [int(e) for e in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - tenths[i], reverse=True)
    for i in by_remainder[: 1000 - sum(tenths)]:
        tenths[i] += 1
    return [Decimal(t) / 10 for t in tenths]


def _t3(report: Report, row: str) -> int:
    return int(report.tables["t3"].value(row, "total"))


def _handled(report: Report, handled: int) -> str:
    groups = [g for g in result_groups(report) if g.count]
    if len(groups) == 1:
        return f"全年办结{handled}件，办理结果{'均' if handled > 1 else ''}为{groups[0].name}"
    percent = shares([g.count for g in groups]) if handled >= SHARES_FROM else None
    parts = [f"{g.name}{g.count}件" + (f"（占{percent[i]}%）" if percent else "") for i, g in enumerate(groups)]
    return f"全年办结{handled}件，其中" + "、".join(parts)


def request_sentences(report: Report) -> str:
    """Applications received, handled by result group, and carried over (table 三, 总计 column)."""
    new, carried, handled, left = (_t3(report, r) for r in ("new", "carried", "total", "next"))
    who = f"{report.year}年，{report.unit_name}"
    if new + carried == 0:
        return f"{who}未收到政府信息公开申请。"
    if carried == 0:
        received = f"{who}共收到政府信息公开申请{new}件。"
    elif new == 0:
        received = f"{who}未收到新的政府信息公开申请，上年结转{carried}件。"
    else:
        received = f"{who}共收到政府信息公开申请{new + carried}件，其中本年新收{new}件、上年结转{carried}件。"
    if handled == 0:
        return received + f"截至年底均未办结，结转下年度继续办理{left}件。"
    closing = f"；结转下年度继续办理{left}件。" if left else "。"
    return received + _handled(report, handled) + closing


def _results(report: Report, groups: tuple[str, ...]) -> str:
    """“结果维持2件、尚未审结1件”: the results of table 四, summed over ``groups``, zeros left out."""
    t4 = report.tables["t4"]
    parts = []
    for result in T4_RESULTS:
        n = sum(int(t4.value("cases", f"{g}_{result}")) for g in groups)
        if n:
            parts.append(f"{TABLE4.col(f'{groups[0]}_{result}').label}{n}件")
    return "、".join(parts)


def review_sentence(report: Report) -> str:
    """行政复议 and 行政诉讼 with their results (table 四)."""
    t4 = report.tables["t4"]
    review, direct, after = (int(t4.value("cases", f"{g}_total")) for g, _ in T4_GROUPS)
    if review + direct + after == 0:
        return "全年未发生政府信息公开行政复议、行政诉讼案件。"
    parts = []
    if review:
        parts.append(f"因政府信息公开被申请行政复议{review}件（{_results(report, ('review',))}）")
    else:
        parts.append("未发生政府信息公开行政复议案件")
    if direct + after:
        paths = ""
        if direct and after:
            paths = f"其中未经复议直接起诉{direct}件、复议后起诉{after}件；"
        parts.append(f"被提起政府信息公开行政诉讼{direct + after}件（{paths}{_results(report, ('direct', 'after'))}）")
    else:
        parts.append("未发生政府信息公开行政诉讼案件")
    return "全年" + "，".join(parts) + "。"


def _documents(report: Report, row: str) -> str | None:
    t2 = report.tables["t2"]
    issued, repealed, in_force = (int(t2.value(row, c)) for c in ("issued", "repealed", "in_force"))
    what = TABLE2.row(row).label
    if issued == repealed == 0:
        # Nobody reports “0件” of a kind of document they never make.
        return f"未制发、废止{what}，现行有效{what}{in_force}件" if in_force else None
    said = f"制发{what}{issued}件" if issued else f"未制发{what}"
    if repealed:
        said += f"{'、' if issued else '，'}废止{repealed}件"
    return said + (f"，现行有效{in_force}件" if in_force else "")


def documents_sentence(report: Report) -> str:
    """规章 and 行政规范性文件 issued, repealed and in force (table 二); "" when there are none at all.

    Unlike the requests, whose absence is itself a statement the reports make, a unit that has no
    such documents (most townships) has nothing to say about them in 主动公开: table 二 shows it."""
    said = [s for s in (_documents(report, "rules"), _documents(report, "normative")) if s]
    return f"{report.year}年，{report.unit_name}" + "；".join(said) + "。" if said else ""


def generated_paragraphs(report: Report) -> dict[str, list[str]]:
    """Narrative key -> the generated paragraphs that belong under that sub-heading."""
    return {
        "s1_active": [s for s in [documents_sentence(report)] if s],
        "s1_request": [request_sentences(report), review_sentence(report)],
    }
