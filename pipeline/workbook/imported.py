"""An imported report (``pipeline.importing``) as an ordinary workbook, with its import note.

The workbook is the template filled like any other (``writer.fill_workbook``), except that the
tables hold exactly what the report printed: a 总计 it printed is written as typed (the reader keeps
a typed total and the equations check it, so a broken 勾稽 in the published report is found), a cell
it left blank or unreadable stays empty, a total too. The sheet 导入说明 lists every value's source
and everything not read.
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from pipeline.core.cells import put
from pipeline.core.model import Report
from pipeline.core.output import atomic_write
from pipeline.format.layout import TABLE_INPUTS
from pipeline.format.official import CellKind
from pipeline.importing.note import ImportNote
from pipeline.workbook.sheets import header_row
from pipeline.workbook.writer import fill_workbook

NOTE_SHEET = "导入说明"


def _note_sheet(wb: Workbook, note: ImportNote) -> None:
    ws = wb.create_sheet(NOTE_SHEET)
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 30
    header_row(ws, "项目", "情况", "原报告中的位置")
    put(ws, "A2", "说明")
    put(ws, "B2", f"本工作簿由 {note.source}（{note.kind}）导入。未能读取的项目已留空，请对照原报告核实后填写。")
    row = 3
    for m in note.missing:
        for col, value in zip("ABC", (m.part, f"未读取：{m.why}", m.where), strict=True):
            put(ws, f"{col}{row}", value)
        row += 1
    for remark in note.remarks:
        put(ws, f"A{row}", "说明")
        put(ws, f"B{row}", remark)
        row += 1
    for part, where in note.read:
        for col, value in zip("ABC", (part, "已读取", where), strict=True):
            put(ws, f"{col}{row}", value)
        row += 1


def imported_workbook(report: Report, note: ImportNote) -> Workbook:
    filled = copy.copy(report)
    filled.tables = {}
    for key, data in report.tables.items():  # the template's writer wants every cell: zeros, then cleared
        zeros = copy.copy(data)
        zeros.values = type(data.values)(data.values)
        for r, c, kind in data.table.cells():
            zeros.values.setdefault((r.key, c.key), Decimal(0) if kind is CellKind.AMOUNT else 0)
        filled.tables[key] = zeros
    wb = fill_workbook(filled)
    for key, inputs in TABLE_INPUTS.items():
        values = report.tables[key].values
        for cell, inp in inputs.items():
            # A total the report left blank stays blank too, not the template's formula showing a
            # figure the report never printed; the reader computes it from its details either way.
            put(wb[inp.place.sheet], inp.place.coordinate, values.get(cell))
    _note_sheet(wb, note)
    return wb


def write_imported(report: Report, note: ImportNote, path: Path, force: bool = False) -> None:
    with atomic_write(path, force) as tmp:
        imported_workbook(report, note).save(tmp)


def workbook_bytes(path: Path) -> bytes:
    """``path``'s bytes as a workbook: a workbook as it is, a published report imported (the web
    app keeps last year's file as a workbook; ``serve --previous``)."""
    from pipeline.importing.read import import_report, is_published

    if not is_published(path):
        return path.read_bytes()
    buffer = io.BytesIO()
    imported_workbook(*import_report(path)).save(buffer)
    return buffer.getvalue()


def import_to_workbook(source: Path, out: Path, force: bool = False) -> tuple[Report, ImportNote]:
    """``import``: the published report ``source`` (never written) as the workbook ``out``."""
    from pipeline.importing.read import import_report

    report, note = import_report(source)
    write_imported(report, note, out, force)
    return report, note
