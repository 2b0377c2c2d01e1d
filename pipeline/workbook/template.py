"""Generate ``workbook_template.xlsx`` from the declaration: what staff fill in.

Labels, merges, input cells, defined names, validation, live 勾稽 highlighting and the 校验 sheet all
come from ``official``, ``grid``, ``layout`` and ``rules``. Nothing here names a label or an address.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.core.output import reproducible_zip, write_bytes
from pipeline.format.grid import table_grid, width
from pipeline.format.layout import (
    CONTACT_INPUTS,
    FIELD_INPUTS,
    GUIDE_SHEET,
    SHEETS,
    TABLE_INPUTS,
    TEXT_INPUTS,
    TEXT_SHEET,
    UNIT_SHEET,
    UNIT_VERDICT,
    VERSION,
    Input,
    all_inputs,
    grid_place,
)
from pipeline.format.official import (
    CONTACT_FIELDS,
    FIRST_YEAR,
    NARRATIVE,
    ORGAN_ENDINGS,
    SIGNS_AS_GOVERNMENT,
    TABLE,
    TABLES,
    TEMPLATE_VERSION,
    UNIT_FIELD,
    UNIT_FIELDS,
    YES_NO,
    CellKind,
    Table,
    UnitKind,
    narrative_label,
)
from pipeline.format.rules import LIVE_EQUATIONS, TOTALS, Total
from pipeline.workbook.check_sheet import check_sheet, equation_sum, verdict
from pipeline.workbook.guide import GUIDE_ROWS
from pipeline.workbook.sheets import (
    ALERT_FILL,
    ALERT_FONT,
    BOX,
    INPUT_FILL,
    LABEL_FILL,
    ROW_LABEL,
    TOTAL_FILL,
    UNLOCKED,
    UNUSED_FILL,
    WRAP,
    WRAP_LEFT,
    fit_row,
    header_row,
    print_setup,
    protect,
)

#: Column widths (Excel width units, a CJK character is about two) and the height of a wrapped line.
_WIDTHS = {"t2": (22, 16, 16, 16), "t3": (14, 16, 36) + (10,) * 7, "t4": (9,) * 15}
GUIDE_WIDTH = 100
UNIT_WIDTHS = (18, 36, 60)
TEXT_WIDTH = 90  # 正文's text column
#: Fixed so that regenerating the template gives the same file (openpyxl stamps only `modified`).
CREATED = datetime(2021, 9, 26)


def _input(ws: Worksheet, inp: Input, align: Alignment = WRAP) -> None:
    cell = ws[inp.place.coordinate]
    cell.fill, cell.border, cell.protection, cell.alignment = INPUT_FILL, BOX, UNLOCKED, align


def _name(wb: Workbook, inp: Input) -> None:
    wb.defined_names[inp.name] = DefinedName(inp.name, attr_text=inp.place.reference)


def _guide(wb: Workbook) -> None:
    ws = wb.create_sheet(GUIDE_SHEET)
    ws.cell(1, 1, "政府信息公开工作年度报告填报表").font = Font(bold=True, size=14)
    ws.cell(VERSION.place.row, 1, "模板版本（请勿修改）")
    ws[VERSION.place.coordinate] = TEMPLATE_VERSION
    for i, (topic, text) in enumerate(GUIDE_ROWS, VERSION.place.row + 2):
        ws.cell(i, 1, topic).font = Font(bold=True)
        ws.cell(i, 1).alignment = WRAP_LEFT
        ws.cell(i, 2, text).alignment = WRAP_LEFT
        fit_row(ws, i, text, GUIDE_WIDTH)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = GUIDE_WIDTH
    print_setup(ws)
    protect(ws)


def _drop_down(ws: Worksheet, key: str, choices: list[str], error: str) -> None:
    """A list validation on a unit field: staff pick, the reader still checks what arrives."""
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', showErrorMessage=True,
                        errorTitle=UNIT_FIELD[key].label, error=error)
    dv.add(FIELD_INPUTS[key].place.coordinate)
    ws.add_data_validation(dv)


def organ_formula() -> str:
    """发文机关's default (``official.default_organ``) as the cell's formula: the clerk sees the organ
    the 落款 will print and types over it where it is wrong; the reader derives it again itself."""
    name, kind = (FIELD_INPUTS[k].place.coordinate for k in ("unit_name", "unit_kind"))
    government = ",".join(f'{kind}="{k.value}"' for k in SIGNS_AS_GOVERNMENT)
    added = ""
    for ending, add in reversed(ORGAN_ENDINGS):
        added = f'IF(RIGHT({name},{len(ending)})="{ending}","{add}",{added})' if ending else f'"{add}"'
    return f'=IF({name}="","",IF(OR({government}),{name}&{added},{name}))'


def _unit(wb: Workbook) -> None:
    ws = wb.create_sheet(UNIT_SHEET)
    header_row(ws, "项目", "填写内容", "说明")
    fields = [(f, FIELD_INPUTS[f.key]) for f in UNIT_FIELDS] + [(f, CONTACT_INPUTS[f.key]) for f in CONTACT_FIELDS]
    for field, inp in fields:
        ws.cell(inp.place.row, 1, field.label).fill = LABEL_FILL
        ws.cell(inp.place.row, 1).alignment = ROW_LABEL
        ws.cell(inp.place.row, 3, field.help).alignment = ROW_LABEL
        _input(ws, inp, WRAP_LEFT)
        fit_row(ws, inp.place.row, field.help, UNIT_WIDTHS[2], least=20)
    # A phone number kept as typed (a leading 0, no 1.39E+10); a date shown as one, not as a serial.
    ws[CONTACT_INPUTS["phone"].place.coordinate].number_format = "@"
    ws[CONTACT_INPUTS["filled_on"].place.coordinate].number_format = "yyyy-mm-dd"
    _drop_down(ws, "unit_kind", [k.value for k in UnitKind], "请从下拉列表中选择单位类别。")
    year = DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR), formula2="2100",
                          showErrorMessage=True, errorTitle=UNIT_FIELD["year"].label, error="请填写四位年份，如 2024。")
    year.add(FIELD_INPUTS["year"].place.coordinate)
    _drop_down(ws, "auto_sentences", list(YES_NO), f"请选择“{YES_NO[0]}”或“{YES_NO[1]}”。")
    _drop_down(ws, "charts", list(YES_NO), f"请选择“{YES_NO[0]}”或“{YES_NO[1]}”。")
    _drop_down(ws, "compare", list(YES_NO), f"请选择“{YES_NO[0]}”或“{YES_NO[1]}”。")
    # Typed as 2025年1月20日 or picked as a date: shown the way the 落款 prints it.
    ws[FIELD_INPUTS["sign_date"].place.coordinate].number_format = 'yyyy"年"m"月"d"日"'
    ws[FIELD_INPUTS["organ"].place.coordinate] = organ_formula()
    ws.add_data_validation(year)
    verdict(ws, UNIT_VERDICT, 3, "见校验表")
    for col, w in zip("ABC", UNIT_WIDTHS, strict=True):
        ws.column_dimensions[col].width = w
    print_setup(ws)
    ws.page_setup.fitToHeight = 1  # one sheet of paper: the verdict printed under the fields it is about
    protect(ws)


def _texts(wb: Workbook) -> None:
    ws = wb.create_sheet(TEXT_SHEET)
    header_row(ws, "部分", "内容（一个单元格内按 Alt+Enter 分段，每段成为报告中的一个自然段）", "说明")
    for key, inp in TEXT_INPUTS.items():
        ws.cell(inp.place.row, 1, narrative_label(key)).alignment = WRAP_LEFT
        ws.cell(inp.place.row, 1).fill = LABEL_FILL
        ws.cell(inp.place.row, 3, NARRATIVE[key].help).alignment = WRAP_LEFT
        _input(ws, inp, WRAP_LEFT)
        ws.row_dimensions[inp.place.row].height = 120
    for col, w in zip("ABC", (26, TEXT_WIDTH, 30), strict=True):
        ws.column_dimensions[col].width = w
    print_setup(ws)
    protect(ws)


def _total_formula(total: Total) -> str:
    """=SUM(D7:D27): a range when the parts are one run of cells in a row or a column (they are, in
    the official tables), so the formula reads as staff would write it."""
    places = [TABLE_INPUTS[total.table][k].place for k in total.parts]
    rows, cols = {p.row for p in places}, {p.col for p in places}
    first, last = places[0], places[-1]
    run = (len(rows) == 1 and sorted(cols) == list(range(first.col, last.col + 1))) or \
          (len(cols) == 1 and sorted(rows) == list(range(first.row, last.row + 1)))
    return f"=SUM({first.coordinate}:{last.coordinate})" if run else \
        "=SUM(" + ",".join(p.coordinate for p in places) + ")"


def _table(wb: Workbook, table_key: str) -> None:
    table = TABLE[table_key]
    totals = {t.cell: t for t in TOTALS if t.table == table_key}
    ws = wb.create_sheet(table.sheet)
    ws.cell(1, 1, table.heading).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width(table))
    for cell in table_grid(table):
        place = grid_place(table, cell)
        if cell.role == "data":
            assert cell.key is not None
            inp = TABLE_INPUTS[table.key][cell.key]
            if cell.key in totals:
                target = ws[inp.place.coordinate]
                target.value = _total_formula(totals[cell.key])
                target.fill, target.border, target.alignment = TOTAL_FILL, BOX, WRAP
                target.font = Font(bold=True)
            else:
                _input(ws, inp)
            ws[inp.place.coordinate].number_format = "0" if inp.kind is CellKind.COUNT else "General"
            for extra in range(1, cell.colspan):  # 表二's one-column blocks: no cell there
                spare = ws.cell(place.row, place.col + extra)
                spare.fill, spare.border = UNUSED_FILL, BOX
            continue
        target = ws.cell(place.row, place.col, cell.text)
        target.fill, target.border = LABEL_FILL, BOX
        target.alignment = ROW_LABEL if cell.role == "rowhead" and cell.rowspan == 1 else WRAP
        target.font = Font(bold=cell.role in ("title", "colhead", "corner"))
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=place.row, start_column=place.col,
                           end_row=place.row + cell.rowspan - 1, end_column=place.col + cell.colspan - 1)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", showErrorMessage=True,
                            errorTitle="件数", error="请填写不小于 0 的整数，没有请填 0。")
    amounts = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", showErrorMessage=True,
                             errorTitle="金额（万元）", error="请填写不小于 0 的数字（单位：万元），没有请填 0。")
    for key, inp in TABLE_INPUTS[table.key].items():
        if key not in totals:
            (counts if inp.kind is CellKind.COUNT else amounts).add(inp.place.coordinate)
    for dv in (counts, amounts):
        if dv.sqref:
            ws.add_data_validation(dv)
    for eq in LIVE_EQUATIONS:
        if eq.table == table.key:
            cells = " ".join(dict.fromkeys(TABLE_INPUTS[table.key][k].place.coordinate
                                           for k in (*eq.left, *eq.right)))
            rule = f"{equation_sum(eq, eq.left, False)}<>{equation_sum(eq, eq.right, False)}"
            ws.conditional_formatting.add(cells, FormulaRule(formula=[rule], fill=ALERT_FILL,
                                                             font=ALERT_FONT))
    _table_layout(ws, table)
    ws.freeze_panes = None
    protect(ws)




def _table_layout(ws: Worksheet, table: Table) -> None:
    """Column widths, and row heights tall enough for wrapped labels (no application auto-fits them)."""
    widths = _WIDTHS[table.key]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for cell in table_grid(table):
        if cell.rowspan == 1 and cell.text:
            room = sum(widths[cell.col:cell.col + cell.colspan])
            fit_row(ws, grid_place(table, cell).row, cell.text, room, least=24)
    # The title and the first block's column headers repeat on every printed page (表三 runs to two).
    first_data = min(grid_place(table, c).row for c in table_grid(table) if c.role == "data")
    print_setup(ws, first_data - 1 if len(table.blocks) == 1 else 1)


def build_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    _guide(wb)
    _unit(wb)
    _texts(wb)
    for table in TABLES:
        _table(wb, table.key)
    check_sheet(wb)
    assert tuple(wb.sheetnames) == SHEETS
    for inp in all_inputs():
        _name(wb, inp)
    wb.active = wb.sheetnames.index(UNIT_SHEET)
    # WPS may show a library-written file without calculating it; ask every application to.
    wb.calculation.fullCalcOnLoad = True
    wb.properties.creator = "政府信息公开年度报告工具"
    wb.properties.created = CREATED
    return wb


def _fixed_stamp(name: str, body: bytes) -> bytes:
    """openpyxl stamps `modified` with the time of saving; the template must not change with it."""
    if name != "docProps/core.xml":
        return body
    stamp = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, body)


def write_template(path: Path, force: bool = False) -> None:
    buffer = io.BytesIO()
    build_workbook().save(buffer)
    write_bytes(path, reproducible_zip(buffer.getvalue(), _fixed_stamp), force)
