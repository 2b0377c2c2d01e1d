"""Write a ``Report`` into a fresh copy of the template: the 汇总 workbook, the example, test data.

A workbook written here reads back to the same Report, so it can be checked, edited by staff and
rendered like any workbook filled by hand.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from pipeline.core.cells import put
from pipeline.core.model import Report
from pipeline.core.output import atomic_write
from pipeline.format.layout import CONTACT_INPUTS, FIELD_INPUTS, TABLE_INPUTS, TEXT_INPUTS, Input
from pipeline.format.official import YES_NO, default_organ
from pipeline.format.rules import TOTAL_CELLS
from pipeline.workbook.sheets import fit_row
from pipeline.workbook.template import TEXT_WIDTH, build_workbook


def _put(wb: Workbook, inp: Input, value: object) -> None:
    put(wb[inp.place.sheet], inp.place.coordinate, value)  # a unit named “=…” is a name, not a formula


def fill_workbook(report: Report) -> Workbook:
    wb = build_workbook()
    _put(wb, FIELD_INPUTS["unit_name"], report.unit_name)
    _put(wb, FIELD_INPUTS["year"], report.year)
    _put(wb, FIELD_INPUTS["unit_kind"], report.unit_kind.value if report.unit_kind else None)
    _put(wb, FIELD_INPUTS["auto_sentences"], YES_NO[0] if report.auto_sentences else YES_NO[1])
    _put(wb, FIELD_INPUTS["charts"], YES_NO[0] if report.charts else None)
    _put(wb, FIELD_INPUTS["compare"], YES_NO[0] if report.compare else None)
    _put(wb, FIELD_INPUTS["sign_date"], report.sign_date)
    if report.organ and report.organ != default_organ(report.unit_name, report.unit_kind):
        _put(wb, FIELD_INPUTS["organ"], report.organ)  # typed over the default formula, as a clerk would
    for key, inp in CONTACT_INPUTS.items():
        _put(wb, inp, report.contact.get(key) or None)
    for key, inp in TEXT_INPUTS.items():
        # Alt+Enter in Excel is a line feed inside the cell: one paragraph per line.
        text = "\n".join(report.texts.get(key, []))
        _put(wb, inp, text or None)
        # Tall enough to print whole: no application grows a row for the text a file arrives with.
        fit_row(wb[inp.place.sheet], inp.place.row, text, TEXT_WIDTH - 4)
    for table_key, inputs in TABLE_INPUTS.items():
        data = report.tables[table_key]
        for (row, col), inp in inputs.items():
            if (row, col) not in TOTAL_CELLS[table_key]:  # totals stay the template's formulas
                _put(wb, inp, data.value(row, col))
    return wb


def write_workbook(report: Report, path: Path, force: bool = False) -> None:
    with atomic_write(path, force) as tmp:
        fill_workbook(report).save(tmp)
