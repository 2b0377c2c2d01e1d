"""Read a filled workbook into a ``Report``, collecting every problem with a value on the way.

Inputs are found by their defined names, so a workbook where staff inserted a row still reads
correctly and messages name the cell where the value really is. What makes reading impossible (not
our template, names deleted, input cells merged over) raises ``CannotRun``; everything about the
values themselves becomes a ``Problem``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report, TableData
from pipeline.core.problems import Problem
from pipeline.format.layout import (
    CONTACT_INPUTS,
    FIELD_INPUTS,
    TABLE_INPUTS,
    TEXT_INPUTS,
    VERSION,
    Input,
    all_inputs,
)
from pipeline.format.official import (
    FIRST_YEAR,
    NARRATIVE,
    NARRATIVES,
    OPTIONAL_NARRATIVES,
    READABLE_VERSIONS,
    SECTION,
    TABLES,
    TEMPLATE_VERSION,
    TRIAL_FORMAT,
    UNIT_FIELD,
    YES_NO,
    UnitKind,
)
from pipeline.format.rules import TOTAL_CELLS, CellKey
from pipeline.reading.labels import check_labels
from pipeline.reading.publishing import PUBLISHING_FIELDS, read_publishing
from pipeline.reading.safety import check_file
from pipeline.reading.totals import fill_totals
from pipeline.reading.values import Parsed, parse, shown
from pipeline.reading.xlsx_cells import Book

RECOVER = ("请重新下载最新的 workbook_template.xlsx，把原来的数据“选择性粘贴 → 数值”到对应单元格后再提交；"
           "不要插入或删除行、列和工作表。")
# Characters Word cannot hold (XML 1.0 forbids them; docxtpl would drop them silently), and lone
# surrogates (Excel's _xD800_), which no file, terminal or UTF-8 text can hold: `check` would pass
# and `render` stop. Removed at reading, with a warning, so every command sees the same text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Excel stores such characters as _xHHHH_ (ECMA-376 ST_Xstring; a literal "_x" is written _x005F_x)
# and openpyxl hands the escape through as text: undone here, or "_x0001_" would be printed.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

#: Excel (and openpyxl when saving) cut a cell's text here without a word.
EXCEL_CELL_LIMIT = 32767

# A defined name pointing at one cell: 表三!$D$5, or '表 三'!D5 with a doubled '' for an apostrophe.
_SINGLE_CELL = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?([1-9]\d*)$")
Where = dict[str, tuple[str, str]]  # defined name -> (sheet, coordinate) as found in the file
Note = Callable[[str, tuple[str, ...], str], None]  # problem(code, cells, message): collects one


def _destination(wb: Book, inp: Input) -> tuple[str, str] | None:
    """The one cell ``inp``'s name points at; None when the name is gone or points elsewhere (#REF!
    after a deleted row, a range, several areas, another sheet's deleted name)."""
    found = _SINGLE_CELL.match(wb.defined_names.get(inp.name, ""))
    if found is None:
        return None
    quoted, plain, col, row = found.groups()
    sheet = quoted.replace("''", "'") if quoted is not None else plain
    return (sheet, col.upper() + row) if sheet in wb.sheetnames else None


def _locate(wb: Book, path: Path) -> Where:
    """Find every input of the template, or explain why this is not a usable copy of it."""
    version = _destination(wb, VERSION)
    if version is None:
        raise CannotRun(f"{path.name} 不是用本工具的填报模板做的（找不到模板版本信息）。{RECOVER}")
    found = wb.cached(*version)[0]
    if found not in READABLE_VERSIONS:
        raise CannotRun(f"{path.name} 的模板版本是“{found}”，本工具需要“{TEMPLATE_VERSION}”。{RECOVER}")
    where: Where = {}
    broken = []
    optional = {i.name for i in CONTACT_INPUTS.values()}  # added later: older workbooks lack them
    for inp in all_inputs():
        dest = _destination(wb, inp)
        if dest is None and inp.name not in optional:
            broken.append(inp.place.address)
        elif dest is not None:
            where[inp.name] = dest
    if broken:
        raise CannotRun(f"{path.name} 的结构被改动过（删除了行、列或工作表），{len(broken)} 个填报单元格已找不到，"
                        f"例如原来的 {'、'.join(broken[:3])}。{RECOVER}")
    merged = [f"{sheet}!{coord}" for sheet, coord in where.values() if wb.is_merged(sheet, coord)]
    if merged:
        raise CannotRun(f"{path.name} 中有填报单元格被合并了：{'、'.join(merged[:5])}。"
                        f"请取消合并（或用新模板重新填写）后再提交。")
    return where


class _Cells:
    """Raw values by defined name."""

    def __init__(self, wb: Book, where: Where) -> None:
        self.wb, self.where = wb, where

    def address(self, name: str) -> str:
        return "!".join(self.where[name])

    def number_format(self, name: str) -> str:
        return self.wb.number_format(*self.where[name])

    def is_formula(self, name: str) -> bool:
        """A total's formula is recomputed from the details: its cached result is never read."""
        return self.wb.is_formula(*self.where[name])

    def raw(self, name: str) -> tuple[Any, bool]:
        """(value, is_formula); for a formula, its cached result (None if it has none)."""
        sheet, coord = self.where[name]
        return self.wb.cached(sheet, coord)[0], self.wb.is_formula(sheet, coord)


def _read_tables(cells: _Cells, report: Report, problem: Note) -> None:
    typed: set[tuple[str, CellKey]] = set()  # totals typed by hand (an older template): kept, and checked
    for table in TABLES:
        data = TableData.empty(table.key)
        blank = []
        asked = 0  # cells staff were to fill: the totals are formulas (or, in older workbooks, optional)
        totals = TOTAL_CELLS[table.key]
        for (row, col), inp in TABLE_INPUTS[table.key].items():
            address = cells.address(inp.name)
            data.cells[row, col] = address
            is_total = (row, col) in totals
            if is_total and cells.is_formula(inp.name):
                continue  # computed from the details by fill_totals
            raw, is_formula = cells.raw(inp.name)
            if isinstance(raw, str):
                raw, removed = clean_text(raw)
                if removed:
                    problem("T1", (address,), "单元格中含有看不见的控制字符或无法保存的字符，已删除；请只填写数字。")
            if is_formula and raw is None:
                problem("H7-FORMULA", (address,), "该单元格是公式，但文件中没有计算结果（文件可能不是由 Excel/WPS "
                        "保存的）。请粘贴为数值（复制后“选择性粘贴 → 数值”），或直接填写数字。")
            assert inp.kind is not None
            parsed = parse(raw, inp.kind)
            if is_formula and raw is not None and not parsed.error:
                problem("H7-FORMULA-CACHED", (address,), f"该单元格是公式，已按其计算结果 {shown(raw)} 读取；"
                        "请粘贴为数值，避免数据随其他单元格变化。")
            percent = isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw != 0
            if percent and "%" in cells.number_format(inp.name):
                # Staff see 50% where the file holds 0.5, or 100% where it holds 1: what they meant
                # cannot be known, and a 1 read silently would put a wrong count in the report.
                parsed = Parsed(None, error=f"单元格被设成了百分比格式，显示为 {float(raw) * 100:g}%，"
                                            f"文件中存的是 {shown(raw)}；表格只填件数或金额，不填比例。"
                                            f"请把单元格格式改为“常规”或“数值”，再填写实际的数。")
            if parsed.error:
                problem("H7", (address,), parsed.error)
            elif parsed.warning:
                problem("H7-TEXT", (address,), parsed.warning)
            if is_total:
                if parsed.value is not None:
                    typed.add((table.key, (row, col)))
                    data.values[row, col] = parsed.value
                continue  # a blank or unreadable total is computed like a formula
            asked += 1
            if parsed.value is None and not parsed.error and not (is_formula and raw is None):
                blank.append(address)
            data.values[row, col] = parsed.value if parsed.value is not None else 0
        if len(blank) == asked:
            problem("H7-EMPTY", tuple(blank[:1]), f"{table.sheet}（{table.heading}）整张表都没有填写，"
                    f"已全部按 0 计。如果确实全部为 0，请逐格填 0 以示确认。")
        elif blank:
            problem("H7-BLANK", tuple(blank), f"{table.sheet}有 {len(blank)} 个单元格为空，已按 0 计："
                    f"{'、'.join(a.split('!')[1] for a in blank[:10])}{'等' if len(blank) > 10 else ''}。"
                    f"没有的请填 0。")
        report.tables[table.key] = data
    fill_totals(report, typed)


def clean_text(raw: Any) -> tuple[str, bool]:
    """The cell's text with Windows line ends unified and XML-illegal characters removed."""
    if raw is None:
        return "", False
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), str(raw))
    # An escaped pair (_xD83D__xDE00_) is one character; only the surrogates left alone are removed.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROL.sub("", text)
    return cleaned, cleaned != text


def paragraphs(text: str) -> list[str]:
    """Alt+Enter separates paragraphs; indentation typed by hand is dropped (the template indents)."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def _read_texts(cells: _Cells, report: Report, problem: Note) -> None:
    empty = []
    for key, inp in TEXT_INPUTS.items():
        address = cells.address(inp.name)
        report.addresses[key] = address
        raw = cells.raw(inp.name)[0]
        text, removed = clean_text(raw)
        if isinstance(raw, str) and len(raw) == EXCEL_CELL_LIMIT:
            problem("T2", (address,), f"该部分正好 {EXCEL_CELL_LIMIT} 个字符，是 Excel 单元格的上限："
                    f"粘贴时超出的部分可能已被截掉。请核对该部分结尾是否完整，必要时精简文字。")
        if removed:
            problem("T1", (address,), "正文中含有看不见的控制字符（多为从其他系统复制而来），已删除；"
                    "请核对该段文字是否完整。")
        report.texts[key] = paragraphs(text)
        # With the switch on, the generated sentences fill 一（二） when the unit writes nothing there.
        optional = key in OPTIONAL_NARRATIVES or (key == "s1_request" and report.auto_sentences)
        if not report.texts[key] and not optional:
            empty.append(key)
    _empty_texts(report, empty, problem)


def _empty_texts(report: Report, empty: list[str], problem: Note) -> None:
    """An empty sub-part of 一 is a warning and the report leaves its sub-heading out: published
    reports with four parts (政府信息管理 written into another) are a real, accepted shape. An empty
    section, or a 一 with nothing written in any part, is an error."""
    s1 = [n.key for n in NARRATIVES if n.section == "s1"]
    s1_written = any(report.texts[k] for k in s1)
    for key in empty:
        n = NARRATIVE[key]
        address = report.addresses[key]
        if n.section == "s1" and not s1_written:
            continue  # said once for the whole section below
        if n.section == "s1":
            problem("H8-PART", (address,), f"“{SECTION['s1'].heading}{n.label}”没有填写，报告中将略去这个小标题。"
                    f"有的单位把这部分并入其他部分写，这是可以的；如确有相关工作，请填写：{n.help}")
            continue
        part = f"“{SECTION[n.section].heading}{n.label}”" if n.section else "报告开头的引言"
        problem("H8", (address,), f"{part}没有填写（或只有空格），报告中这一部分将是空的。请填写：{n.help}")
    if not s1_written:
        problem("H8", tuple(report.addresses[k] for k in s1 if k in empty or k == "s1_lead"),
                f"“{SECTION['s1'].heading}”的各部分都没有填写，报告中这一节将没有本单位的文字。"
                f"请至少在{'、'.join(NARRATIVE[k].label for k in s1 if NARRATIVE[k].label)}中写明本单位的实际工作。")


def _year(raw: Any) -> int | None:
    text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("年").strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    return int(text) if text.isdigit() else None


def _read_unit(cells: _Cells, report: Report, problem: Note) -> None:
    addr = {k: cells.address(i.name) for k, i in FIELD_INPUTS.items()}
    label = {k: f"“{f.label}”" for k, f in UNIT_FIELD.items()}
    report.addresses.update(addr)
    name, removed = clean_text(cells.raw(FIELD_INPUTS["unit_name"].name)[0])
    report.unit_name = " ".join(name.split())
    if removed:  # the name goes into titles and file names: it must be writable everywhere
        problem("T1", (addr["unit_name"],), f"{label['unit_name']}中含有看不见的控制字符或无法保存的字符，已删除，"
                f"按“{report.unit_name}”读取；请核对并改正该单元格。")
    if not report.unit_name:
        problem("H8", (addr["unit_name"],), f"{label['unit_name']}没有填写。请填写本单位名称（与报告标题一致）。")
    raw_year = cells.raw(FIELD_INPUTS["year"].name)[0]
    year = None if raw_year is None or isinstance(raw_year, bool) else _year(raw_year)
    latest = date.today().year
    if year is None or not FIRST_YEAR <= year <= latest:
        found = "没有填写" if raw_year in (None, "") else f"填写的是 {shown(raw_year)}"
        # 2019 and 2020 were reported in the trial format: say which, and what changed, not only “wrong year”.
        trial = f"{year} 年度的报告用的是 {TRIAL_FORMAT}。本工具只处理现行格式的报告；" if year in (2019, 2020) else ""
        problem("H8", (addr["year"],),
                f"{label['year']}{found}，{trial}应为 {FIRST_YEAR}—{latest} 之间的四位年份，如 {latest - 1}。")
    else:
        report.year = year
        if year == latest:  # reports are written after the year ends: this year is usually a slip
            problem("H8-YEAR", (addr["year"],),
                    f"{label['year']}填写的是 {year}，即今年，全年的统计期限（至 12 月 31 日）还没有结束。"
                    f"年度报告在次年初编写，上一年度的报告请填 {year - 1}。")
    kind, _ = clean_text(cells.raw(FIELD_INPUTS["unit_kind"].name)[0])
    kinds = {k.value: k for k in UnitKind}
    report.unit_kind = kinds.get(kind.strip())
    if report.unit_kind is None:
        typed = kind.strip()
        found = "没有选择" if not typed else f"填写的是“{typed}”"
        # Each choice quoted: “乡镇、街道” is one choice, and a bare 、-list would read as two.
        choices = "、".join(f"“{k}”" for k in kinds)
        near = [k for k in kinds if typed and typed in k]
        hint = f"本单位应选“{near[0]}”。" if len(near) == 1 else ""
        problem("H8", (addr["unit_kind"],),
                f"{label['unit_kind']}{found}。请从下拉列表中选择以下之一：{choices}。{hint}")
    switch, _ = clean_text(cells.raw(FIELD_INPUTS["auto_sentences"].name)[0])
    switch = unicodedata.normalize("NFKC", switch).strip()
    # Blank is “是”: a workbook filled before the switch existed keeps the default behaviour.
    yes, no = YES_NO
    report.auto_sentences = switch in ("", yes)
    if switch not in ("", yes, no):
        problem("H8-SWITCH", (addr["auto_sentences"],),
                f"{label['auto_sentences']}填写的是“{switch}”，只能选“{yes}”或“{no}”；已按“{no}”处理，"
                f"统计数字不会自动写入正文。"
                f"请从下拉列表中选择。")


def _read_contact(cells: _Cells, report: Report) -> None:
    """填报人 and the rest: free text, never checked (they are for the county office, not the report)."""
    for key, inp in CONTACT_INPUTS.items():
        if inp.name not in cells.where:
            continue
        raw = cells.raw(inp.name)[0]
        if isinstance(raw, datetime):  # 填报日期 typed as a date: as staff saw it, without 00:00
            raw = raw.date().isoformat() if raw.time() == time(0) else raw.isoformat(" ", "minutes")
        elif isinstance(raw, date):
            raw = raw.isoformat()
        elif isinstance(raw, float) and raw.is_integer():  # a phone number typed as a number
            raw = int(raw)
        text, _ = clean_text(raw)
        if text.strip():
            report.contact[key] = " ".join(text.split())


def read(path: Path) -> tuple[Report, list[Problem]]:
    """Read ``path`` (never written) into a Report and the problems found in its values."""
    check_file(path)
    wb = Book(path)
    try:
        cells = _Cells(wb, _locate(wb, path))
        problems: list[Problem] = []

        def problem(code: str, where: tuple[str, ...], message: str) -> None:
            problems.append(Problem(code, where, message))

        report = Report(source=str(path))
        _read_unit(cells, report, problem)
        _read_contact(cells, report)
        read_publishing({k: (cells.raw(FIELD_INPUTS[k].name)[0], cells.address(FIELD_INPUTS[k].name))
                         for k in PUBLISHING_FIELDS}, report, problem)
        _read_texts(cells, report, problem)
        _read_tables(cells, report, problem)
        check_labels(wb, cells.where, problem, shown)
    finally:  # the zip stays open while sheets are parsed on demand
        wb.close()
    return report, problems





def identify(path: Path) -> tuple[str, int | None]:
    """The 单位名称 and 报告年度 that ``read`` gives ``path`` (year None where ``read`` finds it
    invalid), reading the 基本信息 sheet only: what ``batch`` needs to find two workbooks of one unit
    before any report is written, at half the cost of ``read``. Raises ``CannotRun`` where ``read``
    does about the file, the template version and 基本信息; a fault only in the other sheets (an input
    cell merged over in 表三) is left to ``read``: such a file still counts as a workbook of its unit."""
    check_file(path)
    wb = Book(path)
    try:
        version = _destination(wb, VERSION)
        where = {i.name: dest for i in FIELD_INPUTS.values() if (dest := _destination(wb, i)) is not None}
        if (version is None or wb.cached(*version)[0] not in READABLE_VERSIONS or len(where) < len(FIELD_INPUTS)
                or any(wb.is_merged(*dest) for dest in where.values())):
            where = _locate(wb, path)  # raises, with read's message
        report = Report(source=str(path))
        _read_unit(_Cells(wb, where), report, lambda *_: None)
    finally:
        wb.close()
    return report.unit_name, report.year
