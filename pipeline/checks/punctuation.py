"""T-PUNCT: half-width punctuation between Chinese characters in the narrative (a warning).

The workbook is never changed; ``render --fix-punctuation`` prints the marks full-width in the report.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.checks.text_common import label, text_cell
from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.core.punctuation import half_width_marks
from pipeline.format.official import NARRATIVES

#: Quoted in the message; the count says how many more there are.
SHOWN = 3


def check_punctuation(report: Report) -> Iterator[Problem]:
    for n in NARRATIVES:
        marks = [m for paragraph in report.texts.get(n.key, []) for m in half_width_marks(paragraph)]
        if not marks:
            continue
        shown = "、".join(f"“{m.excerpt}”" for m in marks[:SHOWN]) + ("等" if len(marks) > SHOWN else "")
        yield Problem("T-PUNCT", (text_cell(report, n.key),),
                      f"{label(n.key)}中有 {len(marks)} 处半角标点夹在汉字之间：{shown}。中文正文应使用全角标点"
                      f"（，（）：；？！）。请在工作簿中改为全角。",
                      advice=(("terminal", "也可在生成报告时加 --fix-punctuation，报告中即印为全角（工作簿不变）。"),))


PUNCTUATION_CHECKS = (check_punctuation,)
