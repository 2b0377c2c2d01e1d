"""The 校验 sheet and the one-line verdicts: what staff see of the 勾稽 equations while they type.

Only the equations that can fail in this template are shown (``rules.LIVE_EQUATIONS``); the totals
they would restate are formulas. The verdict counts the failing rows, live, at the top of 校验 and on
基本信息, so nobody has to scan the rows to know whether the tables add up.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.format.layout import CHECK_FIRST_ROW, CHECK_SHEET, CHECK_VERDICT, TABLE_INPUTS, Place
from pipeline.format.official import TABLE
from pipeline.format.rules import LIVE_EQUATIONS, Equation
from pipeline.workbook.sheets import (
    ALERT_FILL,
    ALERT_FONT,
    BOX,
    LABEL_FILL,
    WRAP,
    WRAP_LEFT,
    fit_row,
    print_setup,
    protect,
)


def equation_sum(eq: Equation, keys: tuple[tuple[str, str], ...], with_sheet: bool) -> str:
    """SUM over an equation side: with the sheet for the 校验 sheet, without for formatting rules."""
    refs = (TABLE_INPUTS[eq.table][k].place.reference for k in keys)
    return "SUM(" + ",".join(r if with_sheet else r.split("!")[1] for r in refs) + ")"


PASSED, FAILED = "通过", "不通过"
#: The verdict's words (the issue's, verbatim): all passed, or how many rows fail and where to look.
VERDICT_PASS = "本表检查：全部通过"
PASS_FILL = PatternFill("solid", fgColor="C6EFCE")
PASS_FONT = Font(color="006100", bold=True, size=13)


def verdict_formula(where: str) -> str:
    """="本表检查：全部通过", or "本表检查：2 条不通过，见校验表", counted live from 校验's result column."""
    last = CHECK_FIRST_ROW + len(LIVE_EQUATIONS) - 1
    results = f"'{CHECK_SHEET}'!$H${CHECK_FIRST_ROW}:$H${last}"
    failed = f'COUNTIF({results},"{FAILED}")'
    return f'=IF({failed}=0,"{VERDICT_PASS}","本表检查："&{failed}&" 条不通过，{where}")'


def verdict(ws: Worksheet, place: Place, across: int, where: str) -> None:
    """One merged line, green when everything passes and red when not."""
    cell = ws.cell(place.row, place.col, verdict_formula(where))
    cell.font, cell.alignment, cell.border = PASS_FONT, Alignment(vertical="center"), BOX
    ws.merge_cells(start_row=place.row, start_column=place.col, end_row=place.row,
                   end_column=place.col + across - 1)
    ws.row_dimensions[place.row].height = 26
    ref = cell.coordinate
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'${ref[0]}${ref[1:]}="{VERDICT_PASS}"'],
                                                   fill=PASS_FILL))
    ws.conditional_formatting.add(ref, FormulaRule(formula=[f'${ref[0]}${ref[1:]}<>"{VERDICT_PASS}"'],
                                                   fill=ALERT_FILL, font=ALERT_FONT))


def check_sheet(wb: Workbook) -> None:
    """The verdict, then one row per equation with live formulas: staff see which rule fails while
    they type. Printed one page wide with the verdict and the column headers on every page, every
    text wrapped in rows tall enough for it (no application grows a row when opening a file)."""
    ws = wb.create_sheet(CHECK_SHEET)
    verdict(ws, CHECK_VERDICT, 8, "见下表")
    head = CHECK_FIRST_ROW - 1
    for col, text in enumerate(("规则", "范围", "左边", "左边合计", "右边", "右边合计", "差额", "结果"), 1):
        cell = ws.cell(head, col, text)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), LABEL_FILL, BOX, WRAP
    widths = (6, 24, 30, 10, 30, 10, 8, 8)
    for i, eq in enumerate(LIVE_EQUATIONS, CHECK_FIRST_ROW):
        row = (eq.code, f"{TABLE[eq.table].sheet}{eq.scope}", eq.left_label, "=" + equation_sum(eq, eq.left, True),
               eq.right_label, "=" + equation_sum(eq, eq.right, True),
               f"=D{i}-F{i}", f'=IF(G{i}=0,"{PASSED}","{FAILED}")')
        for col, value in enumerate(row, 1):
            cell = ws.cell(i, col, value)
            cell.border, cell.alignment = BOX, WRAP_LEFT
            if isinstance(value, str) and not value.startswith("="):
                fit_row(ws, i, value, widths[col - 1] - 2)
    first, last = CHECK_FIRST_ROW, CHECK_FIRST_ROW + len(LIVE_EQUATIONS) - 1
    ws.conditional_formatting.add(f"H{first}:H{last}",
                                  FormulaRule(formula=[f'$H{first}="{FAILED}"'], fill=ALERT_FILL, font=ALERT_FONT))
    for letter, w in zip("ABCDEFGH", widths, strict=True):
        ws.column_dimensions[letter].width = w
    ws.freeze_panes = f"A{first}"
    print_setup(ws, head)
    protect(ws)
