"""What staff are told: the 填报说明 sheet and the README's field guide and list of checks.

Both are generated from the declaration and the problem catalogue, so the guide staff read in the
workbook, the README and what the checker enforces are one text. ``python -m pipeline docs`` rewrites
the README's generated part; a test fails when it is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.core.problems import CODES
from pipeline.format.layout import CONTACT_INPUTS, FIELD_INPUTS, TABLE_INPUTS, TEXT_INPUTS
from pipeline.format.official import CONTACT_FIELDS, NARRATIVES, TABLES, UNIT_FIELDS, CellKind, narrative_label

GUIDE_ROWS: tuple[tuple[str, str], ...] = (
    ("填什么", "“基本信息”填单位名称、报告年度、单位类别和填报人；“正文”填报告的文字部分；"
               "“表二”“表三”“表四”填三张统计表。"
               "其余内容（标题、章节标题、表格标签）由工具自动生成。"),
    ("颜色", "浅黄色单元格是填报处；浅蓝色是总计，由公式按明细自动计算，不用填写，已锁定；灰色是官方表格标签，"
             "已锁定；深灰色表示官方表格在此没有单元格。填报中如某个数变红，说明该数所在的勾稽关系不成立"
             "（见“校验”工作表）。“校验”表第一行和“基本信息”表下方写着检查结论：“本表检查：全部通过”或几条不通过。"),
    ("填报人", "“基本信息”中的填报人、联系电话、审核人、填报日期供政务公开办联系核对，不印入报告。"),
    ("数字", "只填阿拉伯数字，不带“件”“万元”等单位，不用逗号分隔；没有的填 0，不要留空，也不要填“无”“/”。"
             "件数为整数；行政事业性收费单位为万元，可保留小数，按填写的位数原样打印。"),
    ("粘贴", "从其他表格复制数据时，请用“选择性粘贴 → 数值”，不要粘贴公式和格式。"),
    ("文字", "每个部分填在一个单元格里；需要分段时按 Alt+Enter（WPS 同），每段成为报告中的一个自然段；"
             "段首不必空格，报告会自动首行缩进两字。"),
    ("不要改动", "不要插入或删除行、列和工作表，不要合并或拆分单元格，不要修改模板版本。"
                 "如表格被改乱，请重新下载 workbook_template.xlsx，把数据粘贴为数值后再填。"),
    ("检查", "提交前可让政务公开办运行检查：每个问题都会指出单元格（如 表三!D7）、发现了什么、应该是什么。"),
)




def field_guide() -> str:
    """Markdown: every cell staff fill, where it is and what goes in it."""
    lines = ["| 位置 | 项目 | 填写要求 |", "|---|---|---|"]
    for f in UNIT_FIELDS:
        lines.append(f"| {FIELD_INPUTS[f.key].place.address} | {f.label} | {f.help} |")
    for f in CONTACT_FIELDS:
        lines.append(f"| {CONTACT_INPUTS[f.key].place.address} | {f.label} | {f.help}（不印入报告） |")
    for n in NARRATIVES:
        label = narrative_label(n.key).replace("\n", " ")
        lines.append(f"| {TEXT_INPUTS[n.key].place.address} | {label} | {n.help} |")
    for t in TABLES:
        inputs = list(TABLE_INPUTS[t.key].values())
        span = f"{inputs[0].place.address} 至 {inputs[-1].place.coordinate}"
        amounts = [i for i in inputs if i.kind is CellKind.AMOUNT]
        rule = "非负整数（件）" + ("；行政事业性收费为非负数（万元，小数照填）" if amounts else "")
        lines.append(f"| {span} | {t.heading}（{len(inputs)} 个数） | {rule} |")
    return "\n".join(lines)


def check_list() -> str:
    """Markdown: every problem code the checker can report."""
    lines = ["| 代码 | 级别 | 检查内容 |", "|---|---|---|"]
    lines += [f"| {c.code} | {c.severity.label} | {c.title} |" for c in CODES.values()]
    return "\n".join(lines)


# A block is the lines between its markers (none in a fresh README): never reach past its own end.
_BLOCK = re.compile(r"(<!-- generated:(\w+) -->\n)(?:(?:(?!<!--).)*?\n)?(<!-- /generated -->)", re.S)


def update_readme(path: Path) -> bool:
    """Rewrite the generated blocks of the README; True if anything changed."""
    text = path.read_text(encoding="utf-8")
    blocks = {"field_guide": field_guide(), "checks": check_list()}
    new = _BLOCK.sub(lambda m: m.group(1) + blocks[m.group(2)] + "\n" + m.group(3), text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
