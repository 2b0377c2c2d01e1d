"""Every 总计 computed from its details, as the template's formulas would: never a cached value.

The template writes each total of ``rules.TOTALS`` as a formula; the value Excel or WPS cached with it
is whatever the last application computed (or nothing, for a file written by a library), so the reader
skips those cells and this one function fills them from the details, through the model's public
accessors. A total typed by hand in a workbook made from an older template is kept as typed: the
equation restating it (H2, H3, H4–H6) then says precisely whether it agrees with its details.
"""

from __future__ import annotations

from collections.abc import Collection

from pipeline.core.model import Report
from pipeline.format.rules import TOTALS, CellKey


def fill_totals(report: Report, typed: Collection[tuple[str, CellKey]] = ()) -> None:
    """Set every total of ``report`` to the sum of its parts, except the ``typed`` ones
    ((table key, (row, column)) as typed in an older workbook). Parts come first in ``TOTALS``, so
    the corner 总计 is summed from totals already filled."""
    for total in TOTALS:
        if (total.table, total.cell) in typed:
            continue
        data = report.tables[total.table]
        data.values[total.cell] = data.total(total.parts)
