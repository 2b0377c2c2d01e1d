"""A read document (``source.Doc``) → a ``Report`` and its import note.

The title gives the unit and the year; the section headings of the declaration divide the rest:
paragraphs before 一 are the introduction, those under 一 go to its lead or to the sub-part whose
heading precedes them, 五 and 六 are one part each, and the cells under 二, 三 and 四 are that table.
Statistical sentences the tool itself generated from the tables are recognised and switched back on
(自动生成统计语句), so a report the tool rendered reads back to the very workbook it came from.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.sentences import generated_paragraphs
from pipeline.format.official import (
    FIRST_YEAR,
    NARRATIVES,
    OPTIONAL_NARRATIVES,
    SECTION,
    SECTIONS,
    TABLE,
    TRIAL_FORMAT,
    UnitKind,
    narrative_label,
)
from pipeline.importing.labels import S1_PARTS, fold, section_of, subheading_of, title_parts, trial_marks
from pipeline.importing.note import ImportNote
from pipeline.importing.source import Block, Cell, Doc, Para, Rows, tokens
from pipeline.importing.tables import read_table

_TABLE_SECTIONS = {t.heading: t.key for t in TABLE.values()}
#: The 落款's date line, as the tool prints it (GB/T 9704: 2025年1月20日).
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
#: Lines a website puts around or inside an article that are not the report's text.
_FURNITURE = re.compile(r"^(?:【?(?:打印|关闭|收藏|分享)|(?:浏览|访问|阅读|点击)(?:次数|量|数)|字号|来源[:：]|"
                        r"发布(?:时间|日期)|信息来源|索引号|责任编辑|相关附件|扫一扫)")


def _said(key: str) -> str:
    """A narrative part's label on one line, quoted (as the checks' ``text_common.label``, a layer above)."""
    return "“" + narrative_label(key).replace("\n", "") + "”"


def _title(doc: Doc, note: ImportNote) -> tuple[int, str, int]:
    """(index of the title block, unit, year); the page's own title when the article has none. A
    title set on two lines (“某某县人民政府” / “2024年政府信息公开工作年度报告”) takes its unit from the
    line above."""
    for i, block in enumerate(doc.blocks[:30]):
        if isinstance(block, Para) and (parts := title_parts(block.text)):
            unit, year = parts
            above = doc.blocks[i - 1] if i else None
            if not unit and isinstance(above, Para) and 2 <= len(fold(above.text)) <= 40:
                unit = "".join(above.text.split())
            return i, unit, year
    if doc.title and (parts := title_parts(doc.title)):
        return -1, *parts
    raise CannotRun(f"{note.source} 不是政府信息公开工作年度报告：找不到“某单位某年政府信息公开工作年度报告”"
                    f"这样的标题。请给出本单位按国办公开办函〔2021〕30号格式发布的年度报告。")


def _refuse_other_format(doc: Doc, year: int, note: ImportNote) -> None:
    texts = [part for c in tokens(doc.blocks) for part in c.text.split("\t")]
    marks = trial_marks(texts)
    if year < FIRST_YEAR or marks:
        found = f"表中有“{'”“'.join(marks)}”，" if marks else ""
        raise CannotRun(f"{note.source} 是 {year} 年度的报告，{found}用的是 {TRIAL_FORMAT}。"
                        f"导入只接受 {FIRST_YEAR} 年度及以后按现行格式发布的报告。")


def _text_key(section: str | None, part: int) -> str:
    if section is None:
        return "intro"
    if section == "s1":
        return "s1_lead" if part < 0 else S1_PARTS[part][0]
    return section


def _as_rows(block: Block) -> Block:
    """A paragraph of tab-separated cells (a table pasted as text) is a row of the table."""
    if isinstance(block, Para) and "\t" in block.text:
        return Rows([[Cell(t, block.where) for t in block.text.split("\t")]])
    return block


def _split(doc: Doc, start: int, note: ImportNote) -> tuple[dict[str, list[Para]], dict[str, list[Block]]]:
    texts: dict[str, list[Para]] = {n.key: [] for n in NARRATIVES}
    cells: dict[str, list[Block]] = {key: [] for key in _TABLE_SECTIONS.values()}
    section: str | None = None
    part, upcoming = -1, list(SECTIONS)
    for block in doc.blocks[start + 1:]:
        if isinstance(block, Para):
            if not block.text.strip() or _FURNITURE.match(block.text.strip()):
                continue
            found = section_of(block.text, upcoming)
            if found is not None:
                section, upcoming = found.key, upcoming[upcoming.index(found) + 1:]
                continue
            if section == "s1" and (sub := subheading_of(block.text, part)) is not None:
                part, rest = sub
                if not rest:
                    continue
                block = Para(rest, block.where)
        table = _TABLE_SECTIONS.get(SECTION[section].heading) if section else None
        if table is not None:
            cells[table].append(_as_rows(block))
        elif isinstance(block, Para):
            texts[_text_key(section, part)].append(block)
        else:
            note.remarks.append(f"{_said(_text_key(section, part))}中有一个表格，不属于表二、表三、表四，未导入")
    return texts, cells


def _signature(report: Report, texts: dict[str, list[Para]]) -> None:
    """The 落款 after 六 (unit name, then the date): the workbook's 成文日期, not text of 六."""
    six = texts["s6"]
    if len(six) >= 3 and fold(six[-2].text) == fold(report.unit_name):
        m = _DATE.match(fold(six[-1].text))
        if m:
            report.sign_date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            del six[-2:]


def _generated(report: Report, note: ImportNote) -> None:
    """Paragraphs identical to the sentences the tool generates from these tables: the switch
    自动生成统计语句 was on. They are taken out of the text and the switch set, so that rendering
    the workbook prints them again, once."""
    found = False
    try:
        generated = generated_paragraphs(report)
    except KeyError:  # a table cell not read: the sentences cannot be composed to compare
        generated = {}
    for key, sentences in generated.items():
        text = report.texts[key]
        while text and text[-1] in sentences:
            text.pop()
            found = True
    report.auto_sentences = found
    if found:
        note.remarks.append("（一）（二）末尾的统计语句与本工具按表格生成的完全一致，已设“自动生成统计语句”为“是”")


#: Names that say the unit is a 乡镇、街道 by themselves; any other kind is not said in a report.
_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处)(?:人民政府)?$")


def _kind(report: Report, note: ImportNote) -> None:
    if _TOWNSHIP.search(report.unit_name):
        report.unit_kind = UnitKind.TOWNSHIP
        note.remarks.append(f"单位类别按名称“{report.unit_name}”定为“{UnitKind.TOWNSHIP.value}”")
    else:
        note.lack("基本信息“单位类别”", "报告中不写单位类别，请在下拉列表中选择", required=False)


def assemble(doc: Doc, source: str) -> tuple[Report, ImportNote]:
    note = ImportNote(source, doc.kind)
    start, unit, year = _title(doc, note)
    _refuse_other_format(doc, year, note)
    report = Report(unit_name=unit, year=year, source=source)
    _kind(report, note)
    texts, cells = _split(doc, start, note)
    if not any(texts[n.key] for n in NARRATIVES if n.section) and not any(cells.values()):
        raise CannotRun(f"{note.source} 只有标题“{unit}{year}年……年度报告”，找不到“{SECTIONS[0].heading}”等"
                        f"各部分的标题和统计表，不是按国办公开办函〔2021〕30号格式写的年度报告，无法导入。")
    _signature(report, texts)
    for n in NARRATIVES:
        paras = texts[n.key]
        report.texts[n.key] = [p.text.strip() for p in paras]
        if paras:
            note.read.append((f"正文{_said(n.key)}", f"{paras[0].where} 起 {len(paras)} 段"))
    for key in TABLE:
        report.tables[key] = read_table(key, list(tokens(cells[key])), note)
    _generated(report, note)
    _missing(report, cells, note)
    return report, note


def _missing(report: Report, cells: dict[str, list[Block]], note: ImportNote) -> None:
    for n in NARRATIVES:
        optional = n.key in OPTIONAL_NARRATIVES or (n.key == "s1_request" and report.auto_sentences)
        if not report.texts[n.key] and not optional:
            note.lack(f"正文{_said(n.key)}", "报告中没有这一部分（或其标题与官方格式不同）")
    for key, table in TABLE.items():
        if not cells[key]:
            note.remarks.append(f"报告中没有找到“{table.heading}”下的表格")

