"""What a batch settles across units before any is rendered: two workbooks of one unit (D1). The
rest of what concerns all units at once — the roster, the round's year, who is late — is the round's
(``units.round``), shared with the web."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.problems import Problem
from pipeline.units.folder import same_unit_groups

#: The summary's and the progress line's word for a unit that sent two workbooks.
DUPLICATE_STATE = "未生成（重复提交）"


def duplicate_problems(units: Sequence[tuple[str, int | None]], files: Sequence[str]) -> dict[int, Problem]:
    """Two workbooks of one unit and year (``units[i]``, the 单位名称 and 报告年度 of ``files[i]``): a D1
    for each, by index. Found before any unit is rendered, so that none of them is (we cannot tell
    which is right) and no report is written and then removed, however many workers run.
    Names spelled differently are named too: they may be two units the office must tell apart."""
    found: dict[int, Problem] = {}
    for members in same_unit_groups(units):
        listed = "、".join(files[i] for i in members)
        spellings = list(dict.fromkeys(units[i][0] for i in members))
        names = (f"（单位名称写作{'、'.join(f'“{n}”' for n in spellings)}，按同一单位处理；如不是同一单位，"
                 f"请在工作簿中写单位全称以便区分）") if len(spellings) > 1 else ""
        for i in members:
            unit, year = units[i]
            found[i] = Problem("D1", (), f"“{unit}”的 {year} 年度工作簿共有 {len(members)} 份：{listed}{names}。"
                                         f"无法确定以哪一份为准，均未生成报告；请只保留一份后重新提交。", unit=unit)
    return found
