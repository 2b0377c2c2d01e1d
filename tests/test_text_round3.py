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


# 《条例》第五十条（四）'s words are every format's; only what only the old format has is T11.
OLD_FORMAT = [
    ("intro", "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、"
              "行政诉讼情况、政府信息公开工作存在的主要问题及改进情况、其他需要报告的事项。", None),
    ("intro", "根据国办公开办函〔2019〕60号要求编制本报告。", "国办公开办函〔2019〕60号"),
    ("s1_active", "全年本年新制作数量12件。", "本年新制作数量"),
    ("intro", "报告包括概述、政府信息公开的收费及减免情况等七个部分。", "政府信息公开的收费及减免情况"),
]


@pytest.mark.parametrize(("key", "text", "quoted"), OLD_FORMAT, ids=[t[:12] for _, t, _ in OLD_FORMAT])
def test_old_format_only_from_what_only_the_old_format_has(key: str, text: str, quoted: str | None) -> None:
    report = busy_town()
    report.texts[key] = [text]
    found = [p for p in text_problems(report) if p.code == "T11"]
    if quoted is None:
        assert found == []
    else:
        (problem,) = found
        assert f"“{quoted}”" in problem.message and problem.cells == (cell(key),)


# Each contradiction family on its variants, against the busy town (结转下年度 1, 上年结转 2, 复议 1).
FAMILIES = [
    "全年共收到政府信息公开申请12件，均已办理完成。",
    "全年共收到政府信息公开申请12件，全部办结。",
    "全年共收到政府信息公开申请12件，都已依法依规办理完毕，无结转。",
    "全年共收到政府信息公开申请12件，均已按时答复完毕。",
    "全年共收到政府信息公开申请12件，已全部处理完毕。",
    "2024年度本镇没有结转下一年度的申请。",
    "本年度无上年结转申请。",
    "本年度未发生政府信息公开申请行政复议和行政诉讼。",
    "本镇全年未产生政府信息公开行政复议。",
    "本年度没有发生因政府信息公开引起的行政复议。",
]


@pytest.mark.parametrize("text", FAMILIES)
def test_each_contradiction_family_fires_once_on_its_variants(text: str) -> None:
    report = busy_town()
    report.texts["s1_request"] = [text]
    assert [(p.code, p.cells[0]) for p in text_problems(report)] == [("T4", cell("s1_request"))]


ALLOWED = [
    "全年共收到政府信息公开申请12件，除1件结转下年度外均已办理完成。",
    "上年结转的2件均已办结。",
    "全年共收到政府信息公开申请12件，均在法定时限内完成答复。",  # said of those answered, on time
]


@pytest.mark.parametrize("text", ALLOWED)
def test_a_family_word_that_allows_for_what_is_left_is_silent(text: str) -> None:
    report = busy_town()
    report.texts["s1_request"] = [text]
    assert text_problems(report) == []


def test_a_split_by_channel_is_not_a_count_of_requests() -> None:
    """“其中网络平台收到3件,线下邮件收到1件” (瑞安市塘下镇 2024, tests/corpus): parts of the requests by how
    they came, in no cell of table 三."""
    report = busy_town()
    report.texts["s1_request"] = ["全年共收到政府信息公开申请12件，其中网络平台收到3件，线下邮件收到9件。"]
    assert text_problems(report) == []
