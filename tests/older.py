"""A workbook as the previous template (v2) made it: every 总计 typed by hand, no 填报人 fields.

Counties still receive such files; the reader must check them, and the restating equations (H2, H3,
H4–H6) are what catches a typed total that disagrees with its details.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pipeline.format.layout import CONTACT_INPUTS, TABLE_INPUTS, VERSION
from pipeline.format.rules import TOTALS
from pipeline.reading.reader import read

from .helpers import EXAMPLE

OLD_VERSION = "GB2021-30号-v2"


def older_workbook(target: Path, source: Path = EXAMPLE) -> Path:
    """``source`` rewritten as a v2 workbook: its totals typed as the values they compute to."""
    report, _ = read(source)
    wb = load_workbook(source)
    wb[VERSION.place.sheet][VERSION.place.coordinate] = OLD_VERSION
    for total in TOTALS:
        place = TABLE_INPUTS[total.table][total.cell].place
        wb[place.sheet][place.coordinate] = report.tables[total.table].value(*total.cell)
    for inp in CONTACT_INPUTS.values():
        del wb.defined_names[inp.name]
    wb.save(target)
    return target
