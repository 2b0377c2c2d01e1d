"""Problems in the words of their reader (``core.problems.Audience``).

The catalogue's titles (``core.problems.CODES``) are the README's list of checks, written for whoever
runs the command line: they name flags (“--roster”), the web command (“serve”) and exit codes. A
document on paper or a page names none of these, nor the bare code: ``title`` gives each code's line
for its reader, from ``PLAIN`` for the codes whose catalogue line speaks to the terminal. A test holds
that every other catalogue line is already plain.
"""

from __future__ import annotations

from pipeline.core.problems import CODES, Audience, Problem

#: The catalogue lines that speak to the terminal, said for a clerk or a county office.
PLAIN = {
    "T-PUNCT": "正文中汉字之间用了半角标点 , ( ) : ; ? !",
    "Y3": "正文某部分与上年报告几乎相同（内容雷同）",
    "Y0": "未能核对与上年的衔接（上年工作簿缺失、重复或不匹配）",
    "F0": "文件读不了或不是本模板",
    "F0-ARGS": "操作有误",
    "F0-INTERNAL": "工具内部错误",
    "F1": "文件无法读取（已损坏、格式不对或不是本模板）",
    "F2": "报告生成失败",
    "R1": "名单上的单位没有报送符合要求的工作簿",
    "R2": "报送工作簿的单位不在名单上",
    "R3": "逾期报送：报送时间晚于截止日期",
    "W1": "报送的工作簿“单位名称”不是本单位",
    "W2": "报送的工作簿“报告年度”不是本次收集的年度",
}


def title(code: str, audience: Audience = Audience.PAPER) -> str:
    """The one line about ``code`` for ``audience``: the catalogue's at the terminal, plain elsewhere."""
    if audience is Audience.TERMINAL:
        return CODES[code].title
    return PLAIN.get(code, CODES[code].title)


def for_reader(problem: Problem, audience: Audience) -> Problem:
    """``problem`` with its message as ``audience`` reads it (its advice for that reader in it)."""
    from dataclasses import replace

    return replace(problem, message=problem.text(audience), advice=())
