"""Read a filled workbook into a ``Report``, collecting every problem with a value on the way.

Inputs are found by their defined names (``named_cells``), so a workbook where staff inserted a row
still reads correctly and messages name the cell where the value really is. What makes reading
impossible (not our template, names deleted, input cells merged over) raises ``CannotRun``;
everything about the values themselves becomes a ``Problem``. Here: the three tables and the
narratives; 基本信息 is read by ``unit_fields``.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.model import Report, TableData
from pipeline.core.problems import Problem
from pipeline.format.layout import FIELD_INPUTS, TABLE_INPUTS, TEXT_INPUTS
from pipeline.format.official import NARRATIVE, NARRATIVES, OPTIONAL_NARRATIVES, SECTION, TABLES
from pipeline.format.rules import TOTAL_CELLS, CellKey
from pipeline.reading.cell_text import EXCEL_CELL_LIMIT, clean_text, paragraphs
from pipeline.reading.labels import check_labels
from pipeline.reading.named_cells import NamedCells, Note, locate
from pipeline.reading.publishing import PUBLISHING_FIELDS, read_publishing
from pipeline.reading.safety import check_file
from pipeline.reading.totals import blank_totals, fill_totals
from pipeline.reading.unit_fields import read_contact, read_unit
from pipeline.reading.values import Parsed, parse, shown
from pipeline.reading.xlsx_cells import Book


def _read_tables(cells: NamedCells, report: Report, problem: Note) -> None:
    typed: set[tuple[str, CellKey]] = set()  # totals typed by hand (an older template): kept, and checked
    untyped: set[tuple[str, CellKey]] = set()  # totals to be typed but left blank: computed, and said
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
                elif raw is None and not is_formula:
                    untyped.add((table.key, (row, col)))
                continue  # a blank or unreadable total is computed like a formula
            asked += 1
            if parsed.value is None and not parsed.error and not (is_formula and raw is None):
                blank.append(address)
            data.values[row, col] = parsed.value if parsed.value is not None else 0
        if len(blank) == asked:
            untyped -= {(key, cell) for key, cell in untyped if key == table.key}  # H7-EMPTY says it all
            problem("H7-EMPTY", tuple(blank[:1]), f"{table.sheet}（{table.heading}）整张表都没有填写，"
                    f"已全部按 0 计。如果确实全部为 0，请逐格填 0 以示确认。")
        elif blank:
            problem("H7-BLANK", tuple(blank), f"{table.sheet}有 {len(blank)} 个单元格为空，已按 0 计："
                    f"{'、'.join(a.split('!')[1] for a in blank[:10])}{'等' if len(blank) > 10 else ''}。"
                    f"没有的请填 0。")
        report.tables[table.key] = data
    fill_totals(report, typed)
    for found in blank_totals(report, untyped):
        problem(found.code, found.cells, found.message)


def _read_texts(cells: NamedCells, report: Report, problem: Note) -> None:
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


def read(path: Path) -> tuple[Report, list[Problem]]:
    """Read ``path`` (never written) into a Report and the problems found in its values."""
    check_file(path)
    wb = Book(path)
    try:
        cells = NamedCells(wb, locate(wb, path))
        problems: list[Problem] = []

        def problem(code: str, where: tuple[str, ...], message: str) -> None:
            problems.append(Problem(code, where, message))

        report = Report(source=str(path))
        read_unit(cells, report, problem)
        read_contact(cells, report)
        read_publishing({k: (cells.raw(FIELD_INPUTS[k].name)[0], cells.address(FIELD_INPUTS[k].name))
                         if FIELD_INPUTS[k].name in cells.where else (None, "") for k in PUBLISHING_FIELDS},
                        report, problem)
        _read_texts(cells, report, problem)
        _read_tables(cells, report, problem)
        check_labels(wb, cells.where, problem, shown)
    finally:  # the zip stays open while sheets are parsed on demand
        wb.close()
    return report, problems


def identify(path: Path) -> tuple[str, int | None]:
    """The 单位名称 and 报告年度 that ``read`` would give ``path`` (year None where it is invalid),
    reading the 基本信息 sheet only: for ``batch``, a workbook ``read`` refuses for a fault in another
    sheet (an input cell merged over in 表三) still counts as one of its unit's (D1). Raises
    ``CannotRun`` where ``read`` does about the file, the template version and 基本信息."""
    check_file(path)
    wb = Book(path)
    try:
        cells = NamedCells(wb, locate(wb, path, FIELD_INPUTS.values()))
        report = Report(source=str(path))
        read_unit(cells, report, lambda *_: None)
    finally:
        wb.close()
    return report.unit_name, report.year
