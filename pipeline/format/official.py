"""The official report format (国办公开办函〔2021〕30号), declared once.

Everything else derives from this module: the workbook template, the reader, the checks, the Word
context, the HTML page and the README's field guide. Labels are verbatim from the format, full-width
brackets and quotes included; do not retype them anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: Written into the workbook template; a workbook whose version differs was not made from this
#: template (or from an older one), and its cells cannot be trusted to be where we expect them.
TEMPLATE_VERSION = "GB2021-30号-v5"
#: Older templates the reader still takes (every cell found by its defined name): v4 has no 发文机关
#: (the 落款's organ: derived from the name and kind); v3 no switch 与上年对比 either; v2 has every
#: 总计 typed by hand (checked by the equations restating them) and no 填报人 fields.
READABLE_VERSIONS = (TEMPLATE_VERSION, "GB2021-30号-v4", "GB2021-30号-v3", "GB2021-30号-v2")

REPORT_TITLE_SUFFIX = "年政府信息公开工作年度报告"
#: The first report year of the 2021 format; 2019 and 2020 used the trial format (60号).
FIRST_YEAR = 2021
#: The trial format, and what the 2021 format changed, for messages about an old report or old text.
TRIAL_FORMAT = ("2019 年的试行格式（国办公开办函〔2019〕60号，用于 2019、2020 年度报告）。自 2021 年度起使用"
                "国办公开办函〔2021〕30号的格式：表二改为“本年制发件数”“本年废止件数”“现行有效件数”，不再有"
                "“政府集中采购”等项目；表三“（六）其他处理”分为 3 项；第五部分标题为“存在的主要问题及改进情况”")


class CellKind(Enum):
    COUNT = "count"  # 件: a non-negative whole number
    AMOUNT = "amount"  # 万元: a non-negative decimal, kept exactly as typed


@dataclass(frozen=True)
class Line:
    """A row or a column of a table: a stable key and its label path, outermost label first.

    The path is the merged-header hierarchy: ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    is a leaf under two merged group labels. Rows and columns that share a leading label are
    merged there in every rendering (workbook, Word, HTML).
    """

    key: str
    path: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class Block:
    """A rectangle of input cells under one header. Table 二 stacks four of them, each under a
    第二十条 item title; tables 三 and 四 are one block each."""

    rows: tuple[Line, ...]
    cols: tuple[Line, ...]
    kind: CellKind = CellKind.COUNT
    title: str = ""  # 第二十条第（一）项 …, printed above the block
    corner: str = ""  # the merged cell above the row labels and left of the column headers


@dataclass(frozen=True)
class Table:
    key: str  # t2 / t3 / t4: the name used in code and in the Word context
    sheet: str  # the workbook sheet, also the prefix of every cell address in messages
    heading: str  # the section heading the table stands under
    blocks: tuple[Block, ...]

    @property
    def rows(self) -> tuple[Line, ...]:
        return tuple(dict.fromkeys(r for b in self.blocks for r in b.rows))

    @property
    def cols(self) -> tuple[Line, ...]:
        # Table 二's blocks share the column 本年处理决定数量: one frame column serves both.
        return tuple(dict.fromkeys(c for b in self.blocks for c in b.cols))

    def cells(self) -> list[tuple[Line, Line, CellKind]]:
        """Every input cell (row, column, kind) in reading order."""
        return [(r, c, b.kind) for b in self.blocks for r in b.rows for c in b.cols]

    def row(self, key: str) -> Line:
        return next(r for r in self.rows if r.key == key)

    def col(self, key: str) -> Line:
        return next(c for c in self.cols if c.key == key)


# --- 1. Sections ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    key: str
    heading: str


SECTIONS = (
    Section("s1", "一、总体情况"),
    Section("s2", "二、主动公开政府信息情况"),
    Section("s3", "三、收到和处理政府信息公开申请情况"),
    Section("s4", "四、政府信息公开行政复议、行政诉讼情况"),
    Section("s5", "五、存在的主要问题及改进情况"),
    Section("s6", "六、其他需要报告的事项"),
)
SECTION = {s.key: s for s in SECTIONS}


# --- 2. The unit's details and the narrative ----------------------------------------------------

class UnitKind(Enum):
    TOWNSHIP = "乡镇、街道"
    COUNTY_DEPT = "县级人民政府部门"
    COUNTY_GOV = "县级人民政府"
    CITY_DEPT = "设区的市级人民政府部门"
    CITY_GOV = "设区的市（自治州）人民政府"
    PROVINCE_DEPT = "省级人民政府部门"
    PROVINCE_GOV = "省级人民政府"
    STATE_DEPT = "国务院部门"


#: 《立法法》: only these may make 规章, so a 规章 count from anyone else is suspicious. In the order
#: the P1 message names them.
MAY_MAKE_RULES = (UnitKind.STATE_DEPT, UnitKind.PROVINCE_GOV, UnitKind.CITY_GOV)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    help: str


UNIT_FIELDS = (
    Field("unit_name", "单位名称", "本单位的规范全称或简称，与报告标题一致，如“盘江镇”“某某县教育局”。"),
    Field("year", "报告年度", f"统计年度，四位数字，如 2024（本格式自 {FIRST_YEAR} 年度起使用）。"),
    Field("unit_kind", "单位类别", "从下拉列表中选择；用于判断“规章”等数据是否合理。"),
    Field("auto_sentences", "自动生成统计语句",
          "选“是”（留空同“是”）：工具按表格写出依申请公开、行政复议和诉讼、行政规范性文件的统计语句，"
          "接在（一）（二）本单位文字之后；选“否”：这些数字由本单位自己在正文中写。"),
    Field("charts", "图解",
          "选“是”：报告末尾加一页按表格绘制的图解（办理结果、申请人、复议诉讼结果，有上年工作簿时还有与上年比较）；"
          "选“否”或留空：不加。"),
    Field("compare", "与上年对比",
          "选“是”并提供本单位上年工作簿时：表四之后加“主要数据与上年对比”表（上年、本年、增减、增减幅度）；"
          "选“否”或留空：不加。上年工作簿在检查时给出（命令行 --previous，批量检查时的上年文件夹）。"),
    Field("sign_date", "成文日期",
          "要盖章印发的版本填写成文日期，如 2025年1月20日（或日期格式）：报告末尾按 GB/T 9704 加落款"
          "（发文机关和成文日期）；留空则不加落款。"),
    Field("organ", "发文机关（落款）",
          "落款处的发文机关（加盖印章的机关）。已按单位名称和类别填好，如“某某镇人民政府”"
          "“某某街道办事处”，部门为其名称；不对时直接改写。"),
)
UNIT_FIELD = {f.key: f for f in UNIT_FIELDS}
#: Who signs the 落款 when 发文机关 is left to its default: a 乡镇 or a people's government signs as
#: its 人民政府 (a 街道 as its 办事处), added to its name unless the name already ends so; a department
#: signs with its own name. The workbook's default formula and the reader both follow this.
SIGNS_AS_GOVERNMENT = (UnitKind.TOWNSHIP, UnitKind.COUNTY_GOV, UnitKind.CITY_GOV, UnitKind.PROVINCE_GOV)
#: (name ending, what a government's name gets), tried in order; "" ends every name.
ORGAN_ENDINGS = (("人民政府", ""), ("办事处", ""), ("街道", "办事处"), ("", "人民政府"))


def default_organ(name: str, kind: UnitKind | None) -> str:
    """The 发文机关 of the 落款 for a unit called ``name`` of ``kind`` (``SIGNS_AS_GOVERNMENT``)."""
    if not name or kind not in SIGNS_AS_GOVERNMENT:
        return name
    return name + next(added for ending, added in ORGAN_ENDINGS if name.endswith(ending))
#: Who filled the workbook and how to reach them: for the county office's 问题清单 and 报送情况表,
#: never printed in the published report. Optional: workbooks made before these fields read as blank.
CONTACT_FIELDS = (
    Field("filler", "填报人", "填写本表的工作人员姓名；县政务公开办有疑问时联系此人。"),
    Field("phone", "联系电话", "填报人的办公电话或手机号码。"),
    Field("reviewer", "审核人", "审核本表的负责人姓名。"),
    Field("filled_on", "填报日期", "填写完成的日期，如 2025-01-15。"),
)
CONTACT_FIELD = {f.key: f for f in CONTACT_FIELDS}
#: The switch's answers, in the drop-down order; blank means the first (on).
YES_NO = ("是", "否")


@dataclass(frozen=True)
class Narrative:
    key: str
    label: str  # the sub-heading printed in the report ("" for text without a heading)
    section: str | None  # the section it belongs to; None for the introduction
    help: str


NARRATIVES = (
    Narrative("intro", "", None, "报告开头的引言：依据《条例》、单位名称、统计期限。"),
    Narrative("s1_lead", "", "s1", "总体情况的导语段落（可留空）。"),
    Narrative("s1_active", "（一）主动公开", "s1", "主动公开工作情况。"),
    Narrative("s1_request", "（二）依申请公开", "s1", "依申请公开工作情况。"),
    Narrative("s1_management", "（三）政府信息管理", "s1", "政府信息管理情况。"),
    Narrative("s1_platform", "（四）政府信息公开平台建设", "s1", "公开平台建设情况。"),
    Narrative("s1_supervision", "（五）监督保障", "s1", "监督保障、考核、社会评议和责任追究情况。"),
    Narrative("s5", "", "s5", "本年存在的主要问题、上年问题的整改情况和下一年的改进措施。"),
    Narrative("s6", "", "s6", "信息处理费收取情况（含“未收取”）及其他需要报告的事项。"),
)
NARRATIVE = {n.key: n for n in NARRATIVES}


def narrative_label(key: str) -> str:
    """How staff recognise a narrative cell: the section and sub-heading it is printed under."""
    n = NARRATIVE[key]
    if n.section is None:
        return "报告开头（引言）"
    heading = SECTION[n.section].heading
    return f"{heading}\n{n.label}" if n.label else (heading if key != "s1_lead" else f"{heading}\n（导语）")
#: May be left empty; every other narrative cell is required (an empty section is a defect).
OPTIONAL_NARRATIVES = frozenset({"s1_lead"})


# --- 3. The three tables -------------------------------------------------------------------------

def _lines(prefix: tuple[str, ...], *items: tuple[str, str]) -> tuple[Line, ...]:
    return tuple(Line(key, (*prefix, label)) for key, label in items)


_T2_DECISIONS = "本年处理决定数量"
TABLE2 = Table(
    key="t2",
    sheet="表二",
    heading=SECTION["s2"].heading,
    blocks=(
        Block(_lines((), ("rules", "规章"), ("normative", "行政规范性文件")),
              _lines((), ("issued", "本年制发件数"), ("repealed", "本年废止件数"),
                     ("in_force", "现行有效件数")),
              title="第二十条第（一）项", corner="信息内容"),
        Block(_lines((), ("license", "行政许可")), _lines((), ("decisions", _T2_DECISIONS)),
              title="第二十条第（五）项", corner="信息内容"),
        Block(_lines((), ("punishment", "行政处罚"), ("coercion", "行政强制")),
              _lines((), ("decisions", _T2_DECISIONS)),
              title="第二十条第（六）项", corner="信息内容"),
        Block(_lines((), ("fees", "行政事业性收费")), _lines((), ("amount", "本年收费金额（单位：万元）")),
              CellKind.AMOUNT, title="第二十条第（八）项", corner="信息内容"),
    ),
)

_RESULTS = "三、本年度办理结果"
_DENY = (_RESULTS, "（三）不予公开")
_UNABLE = (_RESULTS, "（四）无法提供")
_NOT_HANDLED = (_RESULTS, "（五）不予处理")
_OTHER = (_RESULTS, "（六）其他处理")

T3_ROWS = (
    Line("new", ("一、本年新收政府信息公开申请数量",)),
    Line("carried", ("二、上年结转政府信息公开申请数量",)),
    Line("open", (_RESULTS, "（一）予以公开")),
    Line("partial", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    *_lines(_DENY,
            ("deny_secret", "1.属于国家秘密"),
            ("deny_law", "2.其他法律行政法规禁止公开"),
            ("deny_safety", "3.危及“三安全一稳定”"),
            ("deny_third_party", "4.保护第三方合法权益"),
            ("deny_internal", "5.属于三类内部事务信息"),
            ("deny_process", "6.属于四类过程性信息"),
            ("deny_enforcement", "7.属于行政执法案卷"),
            ("deny_query", "8.属于行政查询事项")),
    *_lines(_UNABLE,
            ("unable_not_held", "1.本机关不掌握相关政府信息"),
            ("unable_to_make", "2.没有现成信息需要另行制作"),
            ("unable_unclear", "3.补正后申请内容仍不明确")),
    *_lines(_NOT_HANDLED,
            ("nh_petition", "1.信访举报投诉类申请"),
            ("nh_repeat", "2.重复申请"),
            ("nh_publication", "3.要求提供公开出版物"),
            ("nh_mass", "4.无正当理由大量反复申请"),
            ("nh_confirm", "5.要求行政机关确认或重新出具已获取信息")),
    *_lines(_OTHER,
            ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_other", "3.其他")),
    Line("total", (_RESULTS, "（七）总计")),
    Line("next", ("四、结转下年度继续办理",)),
)
#: The 21 result rows: each handled request is counted in exactly one of them.
T3_RESULT_ROWS = tuple(r.key for r in T3_ROWS if r.path[0] == _RESULTS and r.key != "total")
#: Result groups as the narrative speaks of them (the official table has no subtotal rows).
T3_GROUPS: dict[str, tuple[str, ...]] = {}
for _r in T3_ROWS:
    if _r.key in T3_RESULT_ROWS:
        T3_GROUPS.setdefault(_r.path[1], ())
        T3_GROUPS[_r.path[1]] += (_r.key,)

_APPLICANT = "申请人情况"
_LEGAL_PERSON = (_APPLICANT, "法人或其他组织")
T3_COLS = (
    Line("natural", (_APPLICANT, "自然人")),
    *_lines(_LEGAL_PERSON,
            ("business", "商业企业"),
            ("research", "科研机构"),
            ("charity", "社会公益组织"),
            ("legal", "法律服务机构"),
            ("other", "其他")),
    Line("total", (_APPLICANT, "总计")),
)

TABLE3 = Table(
    key="t3",
    sheet="表三",
    heading=SECTION["s3"].heading,
    blocks=(Block(T3_ROWS, T3_COLS,
                  corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),),
)

_RESULT_COLS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
                ("pending", "尚未审结"), ("total", "总计"))
#: The four results of each group of table 四, which add up to the group's 总计.
T4_RESULTS = tuple(k for k, _ in _RESULT_COLS if k != "total")
#: Table 四's three groups, each "结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计" (rules H4–H6).
T4_GROUPS = (
    ("review", ("行政复议",)),
    ("direct", ("行政诉讼", "未经复议直接起诉")),
    ("after", ("行政诉讼", "复议后起诉")),
)
TABLE4 = Table(
    key="t4",
    sheet="表四",
    heading=SECTION["s4"].heading,
    # One data row without a label: the official table has no row-label column.
    blocks=(Block((Line("cases", ()),),
                  tuple(Line(f"{g}_{k}", (*path, label))
                        for g, path in T4_GROUPS for k, label in _RESULT_COLS)),),
)

TABLES = (TABLE2, TABLE3, TABLE4)
TABLE = {t.key: t for t in TABLES}
