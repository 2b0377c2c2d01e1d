"""Every 总计 computed from its details, as the template's formulas would: never a cached value.

The template writes each total of ``rules.TOTALS`` as a formula; the value Excel or WPS cached with it
is whatever the last application computed (or nothing, for a file written by a library), so the reader
skips those cells and this one function fills them from the details, through the model's public
accessors. A total typed by hand in a workbook made from an older template is kept as typed: the
equation restating it (H2, H3, H4–H6) then says precisely whether it agrees with its details.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.format.official import TABLES
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


#: How many blank totals a message names one by one; the rest are counted.
NAMED = 10


def blank_totals(report: Report, blank: Collection[tuple[str, CellKey]]) -> Iterator[Problem]:
    """H7-TOTAL: totals left blank in a workbook where they are typed (an older template, or a formula
    deleted), after ``fill_totals``: one warning per table naming each cell and the value computed for
    it, so nobody finds a 总计 in the report that they never saw in their workbook."""
    for table in TABLES:
        cells = [cell for key, cell in blank if key == table.key]
        if not cells:
            continue
        data = report.tables[table.key]
        ordered = sorted(cells, key=lambda c: (table.rows.index(table.row(c[0])), table.cols.index(table.col(c[1]))))
        said = "；".join(f"{data.address(*c)} 总计为空，已按明细计算为 {data.value(*c)}" for c in ordered[:NAMED])
        more = f"；另有 {len(ordered) - NAMED} 个总计同样处理" if len(ordered) > NAMED else ""
        yield Problem("H7-TOTAL", tuple(data.address(*c) for c in ordered),
                      f"{said}{more}。这些总计在本工作簿中应手工填写（旧版模板），现按明细求和填入报告；"
                      f"请核对后填上，或把明细“选择性粘贴 → 数值”到最新的 workbook_template.xlsx（其中总计自动计算）。")
