"""Issue 20's failures of the text checks, each on the busy town (10 新收 + 2 上年结转, 11 办结, 1 结转下年度;
复议 1): structure words are not data, the 条例's words are not the old format, and each family of
contradictions fires on its variants."""

from __future__ import annotations

import pytest

from .narratives import busy_town
from .test_textchecks import cell, text_problems

# The report's own structure counted as 复议/诉讼 cases or requests (T3 read “六个部分” as 6 cases).
STRUCTURE = [
    ("intro", "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、"
              "行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分组成。"),
    ("intro", "全文共六个部分组成，包括行政复议、行政诉讼情况。"),
    ("intro", "报告分6个部分，其中第4部分为行政复议、行政诉讼情况。"),
    ("s1_request", "依照《条例》第五十条规定，全年办结11件。"),
    ("s1_request", "按照国办公开办函〔2021〕30号要求，全年办结11件。"),
    ("s1_request", "从3个方面规范依申请公开办理，全年办结11件。"),
]


@pytest.mark.parametrize(("key", "text"), STRUCTURE, ids=[t[:12] for _, t in STRUCTURE])
def test_structure_words_are_not_figures(key: str, text: str) -> None:
    report = busy_town()
    report.texts[key] = [text]
    assert text_problems(report) == []
