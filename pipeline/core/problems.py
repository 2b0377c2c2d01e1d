"""Problems found in the data: values, collected and never raised.

A problem says what was found, where (every cell that takes part, as ``表三!D7``), what was expected
and how to fix it. Errors block the report; warnings are shown and never block. The catalogue below
is the one list of codes: the README's table of checks is generated from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from pipeline.format.layout import SHEETS, column_number


class Audience(Enum):
    """Who reads a problem: words for one reader are never shown to another (a flag on paper, a
    page's button at the terminal)."""

    TERMINAL = "terminal"  # the command line: flags allowed
    BROWSER = "browser"  # a clerk on the web page: what to do there
    PAPER = "paper"  # a printed or sent document: plain words only


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str  # one line for the README's list of checks


_CODES = (
    Code("H1", Severity.ERROR, "表三每一列：第一项加第二项之和，等于第三项加第四项之和"),
    Code("H2", Severity.ERROR, "表三每一列：（七）总计等于21个办理结果明细行之和（总计是公式，只有手填的会不符）"),
    Code("H3", Severity.ERROR, "表三每一行：总计等于自然人与五类法人或其他组织之和（同上）"),
    Code("H4", Severity.ERROR, "表四行政复议：结果维持+结果纠正+其他结果+尚未审结=总计（同上）"),
    Code("H5", Severity.ERROR, "表四未经复议直接起诉：结果维持+结果纠正+其他结果+尚未审结=总计（同上）"),
    Code("H6", Severity.ERROR, "表四复议后起诉：结果维持+结果纠正+其他结果+尚未审结=总计（同上）"),
    Code("H7", Severity.ERROR, "件数须为非负整数，行政事业性收费须为非负数（万元）"),
    Code("H7-TEXT", Severity.WARNING, "数字以文本形式填写（已按数字读取）"),
    Code("H7-BLANK", Severity.WARNING, "表格中有空白单元格（按 0 计）"),
    Code("H7-EMPTY", Severity.WARNING, "整张表未填写（全部按 0 计）"),
    Code("H7-TOTAL", Severity.WARNING, "旧版模板中应手工填写的总计为空（已按明细计算并说明其值）"),
    Code("H7-FORMULA", Severity.ERROR, "单元格为公式且没有计算结果"),
    Code("H7-FORMULA-CACHED", Severity.WARNING, "单元格为公式（已按其计算结果读取）"),
    Code("H8", Severity.ERROR, "必填项（单位名称、报告年度、单位类别、正文各部分）缺失或无效"),
    Code("H8-PART", Severity.WARNING, "一、总体情况的某个小标题部分没有填写（报告中略去该小标题）"),
    Code("H8-YEAR", Severity.WARNING, "报告年度是今年（统计期限尚未结束）"),
    Code("H8-SWITCH", Severity.WARNING, "“自动生成统计语句”“图解”或“与上年对比”不是“是”或“否”（按“否”处理）"),
    Code("H8-DATE", Severity.WARNING, "“成文日期”不是日期（不加落款）"),
    Code("L1", Severity.WARNING, "表二、表三、表四的标签文字与官方格式不符（被改动或填进了数字）"),
    Code("P1", Severity.WARNING, "本类单位无权制定规章，表二“规章”一行却不为 0"),
    Code("T1", Severity.WARNING, "正文、单位名称或表格中含有无法显示或无法保存的字符（已删除）"),
    Code("T2", Severity.WARNING, "正文某部分达到 Excel 单元格上限 32767 字，可能已被截断"),
    Code("T3", Severity.WARNING, "正文中的件数、百分比与表二、表三、表四不符"),
    Code("T4", Severity.WARNING, "正文称“无依申请公开”“未发生行政复议”“均已办结”“均获维持”等，表格却不是这样"),
    Code("T5", Severity.WARNING, "正文中的年份与报告年度不符（统计期限、本年工作、五中的下一年计划）"),
    Code("T6", Severity.WARNING, "正文中出现其他单位的名称"),
    Code("T7", Severity.WARNING, "正文中的“本乡”“本镇”“我局”“本县”等与本单位的类别和名称不符"),
    Code("T8", Severity.WARNING, "正文中留有占位符或模板示例文字（XX、××、【】、“请填写”等）"),
    Code("T9", Severity.WARNING, "正文某部分只写了“无”“暂无”等，没有实际内容"),
    Code("T10", Severity.WARNING, "六、其他需要报告的事项没有说明信息处理费收取情况"),
    Code("T11", Severity.WARNING, "正文沿用 2019 年试行格式（国办公开办函〔2019〕60号）的文号、表格项目或标题"),
    Code("T-PUNCT", Severity.WARNING, "正文中汉字之间用了半角标点 , ( ) : ; ? !（--fix-punctuation 在报告中印为全角）"),
    Code("Y1", Severity.ERROR, "表三每一列：本年“上年结转”等于上年报告的“结转下年度继续办理”（需上年工作簿）"),
    Code("Y2", Severity.WARNING, "表二现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（需上年工作簿）"),
    Code("Y3", Severity.WARNING, "正文某部分与上年报告几乎相同（“内容雷同”，需 --previous）"),
    Code("Y4", Severity.WARNING, "“与上年对比”选了“是”，但没有上年工作簿（报告不加对比表）"),
    Code("Y0", Severity.WARNING, "批量检查时未能核对与上年的衔接（上年工作簿缺失、重复或不匹配）"),
    Code("I1", Severity.WARNING, "已发布的报告中有读不出的数或缺少的部分（导入时留空，见导入说明；import、audit）"),
    Code("A1", Severity.WARNING, "两个单位同一年度报告的正文某部分几乎相同（“内容雷同”，audit）"),
    Code("F0", Severity.ERROR, "无法继续：文件读不了、不是本模板、Word 模板或输出位置有误（退出码 2）"),
    Code("F0-ARGS", Severity.ERROR, "无法继续：命令行参数有误（退出码 2）"),
    Code("F0-INTERNAL", Severity.ERROR, "无法继续：工具内部错误，请报告维护人员（退出码 2）"),
    Code("F1", Severity.ERROR, "批量检查或网页上传时文件无法读取（已损坏、格式不对或不是本模板）"),
    Code("F2", Severity.ERROR, "批量检查时报告生成失败"),
    Code("D1", Severity.ERROR, "同一单位同一年度提交了多份工作簿（均不生成报告）"),
    Code("R1", Severity.ERROR, "名单上的单位没有提交工作簿（--roster）"),
    Code("R2", Severity.WARNING, "提交工作簿的单位不在名单上（--roster）"),
    Code("W1", Severity.ERROR, "网页上传的工作簿“单位名称”不是该链接所属的单位（serve）"),
    Code("W2", Severity.ERROR, "网页上传的工作簿“报告年度”不是本次收集的年度（serve）"),
    Code("R3", Severity.WARNING, "逾期报送：报送时间晚于截止日期（--roster）"),
    Code("U1", Severity.WARNING, "单位名称写法不同，已按同一单位核对（上年工作簿、名单）"),
    Code("U2", Severity.ERROR, "单位名称可对应名单或上年的多个单位，无法确定是哪一个"),
)
CODES = {c.code: c for c in _CODES}


@dataclass(frozen=True)
class Problem:
    code: str
    cells: tuple[str, ...]  # every cell that takes part, as 表三!D7, in sheet order
    message: str  # Chinese: what was found, what was expected, how to fix it
    unit: str = ""  # filled in by batch runs and the 汇总, where many units meet
    culprit: str = ""  # the one cell most likely wrong, named first in the message (表三!D7)
    #: ``ref`` of the problems one wrong number also causes (an H1 and the T4 pointing at its cell):
    #: listed as one entry (``entries``), fixed by one correction.
    related: tuple[str, ...] = ()
    #: What to do that only one reader can do, as (``Audience.value``, text): said after the message.
    advice: tuple[tuple[str, str], ...] = ()

    @property
    def ref(self) -> str:
        """How another problem names this one: its code and first cell (“H1 表三!D5”)."""
        return f"{self.code} {self.cells[0]}" if self.cells else self.code

    def text(self, audience: Audience = Audience.TERMINAL) -> str:
        """The message with the advice for ``audience``'s reader."""
        return self.message + "".join(t for a, t in self.advice if a == audience.value)

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "severity": self.severity.value,
                                  "cells": list(self.cells), "message": self.message}
        if self.culprit:
            out["culprit"] = self.culprit
        if self.related:
            out["related"] = list(self.related)
        if self.unit:
            out["unit"] = self.unit
        if self.advice:
            out["advice"] = dict(self.advice)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Problem:
        """The problem ``as_dict`` gave (a stored ``check --json`` result): ``severity`` follows from
        the code and is not read back."""
        cells, related, advice = data.get("cells", ()), data.get("related", ()), data.get("advice") or {}
        assert isinstance(cells, (list, tuple)) and isinstance(related, (list, tuple)) and isinstance(advice, dict)
        return cls(str(data["code"]), tuple(str(c) for c in cells), str(data["message"]),
                   str(data.get("unit", "")), str(data.get("culprit", "")), tuple(str(r) for r in related),
                   tuple(sorted((str(k), str(v)) for k, v in advice.items())))


_ADDRESS = re.compile(r"^(.*)!([A-Z]+)(\d+)$")


def cell_order(address: str) -> tuple[int, int, int]:
    """Sheet (in workbook order), row, column: 表三!J5 comes before 表三!D6."""
    m = _ADDRESS.match(address)
    if not m:
        return (-1, 0, 0)
    sheet = SHEETS.index(m.group(1)) if m.group(1) in SHEETS else len(SHEETS)
    return (sheet, int(m.group(3)), column_number(m.group(2)))


def _sort_key(p: Problem) -> tuple[int, tuple[int, int, int], str]:
    """Errors first, then by the first cell's place in the workbook: the order staff work in."""
    return (0 if p.is_error else 1, cell_order(p.cells[0]) if p.cells else (-1, 0, 0), p.code)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=_sort_key)


def entries(problems: Iterable[Problem]) -> list[Problem]:
    """Problems as lists show them: related ones (``related``) folded into the first of them, its
    cells joined and the others' messages added after it, so one wrong number is one entry."""
    ps = sort_problems(problems)
    by_ref = {p.ref: p for p in ps}
    folded: set[str] = set()
    out = []
    for p in ps:
        if p.ref in folded:
            continue
        others = [by_ref[r] for r in p.related if r in by_ref and r not in folded and r != p.ref]
        if others:
            folded.update(o.ref for o in others)
            cells = tuple(dict.fromkeys(c for q in (p, *others) for c in q.cells))
            # No bare code in the joined words: the entry is read on paper and in the browser too.
            also = "".join(f"同一个数还引起的{o.severity.label}：{o.message}" for o in others)
            advice = p.advice + tuple(a for o in others for a in o.advice if a not in p.advice)
            p = replace(p, cells=cells, message=f"{p.message}{also}", advice=advice)
        out.append(p)
    return out


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    ps = list(problems)
    errors = sum(p.is_error for p in ps)
    return errors, len(ps) - errors


def as_text(problems: Iterable[Problem]) -> str:
    """The readable Chinese list printed by ``check``."""
    ps = sort_problems(problems)
    errors, warnings = count(ps)
    if not ps:
        return "检查通过：未发现问题。"
    lines = []
    for i, p in enumerate(ps, 1):
        where = "、".join(p.cells[:6]) + (f" 等 {len(p.cells)} 个单元格" if len(p.cells) > 6 else "")
        lines.append(f"{i}. [{p.severity.label} {p.code}] {where}\n   {p.text(Audience.TERMINAL)}")
    verdict = "有错误，不能生成报告，请修改后重新检查。" if errors else "没有错误，可以生成报告；警告请逐条核实。"
    lines.append(f"共 {errors} 个错误，{warnings} 个警告。{verdict}")
    return "\n".join(lines)


def as_json(problems: Iterable[Problem]) -> str:
    ps = sort_problems(problems)
    errors, warnings = count(ps)
    return json.dumps({"ok": errors == 0, "errors": errors, "warnings": warnings,
                       "problems": [p.as_dict() for p in ps]}, ensure_ascii=False, indent=2)


def fatal_json(code: str, message: str) -> str:
    """``check --json`` when the run cannot go on: still one JSON object, saying why."""
    assert code in CODES, code
    return json.dumps({"ok": False, "fatal": {"code": code, "message": message}, "errors": 0, "warnings": 0,
                       "problems": []}, ensure_ascii=False, indent=2)
