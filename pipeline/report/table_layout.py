"""How the three tables are laid out on the A4 page: column widths and where header labels wrap.

Table 三 must stand whole on one page (29 rows under three header rows) and no header label may
break inside a word (自然/人, （四）无/法提供, 结果维/持 read as nonsense). So its widths are chosen for what
each column holds, at 五号 (one CJK character = 10.5 pt = 3.704 mm; a digit half that), and every
label that needs more than one line gets its line breaks here, between words. A label keeps each of
its lines whole because each line is narrower than the column; tests/test_table_page.py reads the
PDF back to prove it.

The labels themselves come from ``official``: ``WRAPS`` only marks break points in them, and a test
checks that each wrapped label, without its breaks, is a label of the declaration.
"""

from __future__ import annotations

from docx.shared import Mm

from pipeline.format.grid import width
from pipeline.format.official import Table
from pipeline.report.docx_styles import TEXT_WIDTH

#: Leading column widths (mm); the columns not listed share the rest of the 156 mm evenly.
#: Table 三, with 0.4 mm cell padding each side: the group label 2 characters a line (“三、”
#: “年度” “办理” …), the sub-group label 3 (“（三）” “不予” “公开”), the detail labels 13 (the
#: longest one-line detail, “2.其他法律行政法规禁止公开”), 自然人 3, 商业/企业 and 科研/机构 2,
#: 社会公益/组织 and 法律服务/机构 4; every number column holds five digits (9.25 mm).
WIDTHS_MM: dict[str, tuple[float, ...]] = {
    "t2": (44,),
    "t3": (8.5, 12.2, 49.4, 12.2, 10.3, 10.3, 16.0, 16.0),
    "t4": (),
}

#: Labels with their line breaks (``\n``), each line a whole word or phrase.
WRAPS = (
    "（本列数据的勾稽关系为：\n第一项加第二项之和，\n等于第三项加第四项之和）",
    "商业\n企业", "科研\n机构", "社会公益\n组织", "法律服务\n机构",
    "三、\n本\n年度\n办理\n结果",
    "（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）",
    "（三）\n不予\n公开", "（四）\n无法\n提供", "（五）\n不予\n处理", "（六）\n其他\n处理",
    "5.要求行政机关确认\n或重新出具已获取信息",
    "1.申请人无正当理由\n逾期不补正、行政机关\n不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知\n要求缴纳费用、行政机关\n不再处理其政府信息公开申请",
    # Table 四: 15 columns of 10.4 mm hold three characters of 小五 a line; without these breaks
    # “结果维持” prints as 结果维/持.
    "结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结",
)
WRAPPED = {w.replace("\n", ""): w for w in WRAPS}


def wrapped(label: str) -> str:
    """``label`` with its line breaks, if it has any."""
    return WRAPPED.get(label, label)


def column_widths(table: Table) -> list[int]:
    """Column widths in dxa (1/20 pt), adding up exactly to the text width."""
    return _widths(WIDTHS_MM[table.key], width(table))


#: The table 主要数据与上年对比: its labels (“办结政府信息公开申请（件）”, 13 characters) on one line.
COMPARE_WIDTHS_MM = (52.0,)
COMPARE_COLUMNS = 5


def compare_widths() -> list[int]:
    """The comparison table's column widths in dxa: the label, then four equal number columns."""
    return _widths(COMPARE_WIDTHS_MM, COMPARE_COLUMNS)


def _widths(leading_mm: tuple[float, ...], columns: int) -> list[int]:
    total = int(TEXT_WIDTH.twips)
    leading = [int(Mm(mm).twips) for mm in leading_mm]
    rest_cols = columns - len(leading)
    rest = total - sum(leading)
    shared = [rest // rest_cols] * rest_cols
    for i in range(rest - sum(shared)):  # spread the rounding remainder over the first columns
        shared[i] += 1
    return leading + shared
