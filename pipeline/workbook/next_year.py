"""Next year's workbook, prefilled from last year's: ``template --from 上年.xlsx -o 新.xlsx``.

What carries over is what must not be retyped: the unit's details, the year + 1, and table 三's
二、上年结转 = last year's 四、结转下年度继续办理 column by column (rule Y1), locked with a note saying
where each number came from. Last year's 现行有效件数 stands beside this year's with a live
continuity check (rule Y2). The narrative starts empty: last year's text is only a comment on each
cell (unless switched off), since a report copied from last year is the defect rule Y3 looks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, Protection

from pipeline.core.cells import put
from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.output import atomic_write
from pipeline.core.problems import Problem
from pipeline.format.layout import CONTACT_INPUTS, FIELD_INPUTS, TABLE_INPUTS, TEXT_INPUTS, Place
from pipeline.format.official import TABLE2, TABLE3, YES_NO, default_organ
from pipeline.format.rules import TOTAL_CELLS
from pipeline.reading.previous import read_report
from pipeline.workbook.sheets import ALERT_FILL, ALERT_FONT, BOX, LABEL_FILL, TOTAL_FILL, WRAP, WRAP_LEFT
from pipeline.workbook.template import build_workbook

AUTHOR = "政府信息公开年度报告工具"
#: Excel refuses a comment longer than a cell may hold; a note is a reminder, not the text itself.
_COMMENT_LIMIT = 4000
#: Carried over: who fills and reviews is usually the same next year; the date is not.
_CONTACTS_CARRIED = ("filler", "phone", "reviewer")


@dataclass
class Prefilled:
    unit_name: str
    year: int
    errors: list[Problem]  # last year's own errors: the numbers carried over may need a look


def _put(wb: Workbook, place: Place, value: object) -> None:
    put(wb[place.sheet], place.coordinate, value)  # a unit's name is text even if it starts with “=”


def _note(text: str, height: int = 120) -> Comment:
    return Comment(text, AUTHOR, width=360, height=height)


def _carried(wb: Workbook, last: Report) -> None:
    """二、上年结转 = last year's 四、结转下年度继续办理, locked (its 总计 stays the template's formula)."""
    before = last.tables[TABLE3.key]
    for col in TABLE3.cols:
        if ("carried", col.key) in TOTAL_CELLS[TABLE3.key]:
            continue
        place = TABLE_INPUTS[TABLE3.key][("carried", col.key)].place
        cell = wb[place.sheet][place.coordinate]
        cell.value = before.value("next", col.key)
        cell.fill, cell.protection = TOTAL_FILL, Protection(locked=True)
        cell.comment = _note(f"由 {last.year} 年度报告“{TABLE3.row('next').label}”带入"
                             f"（上年工作簿 {before.address('next', col.key)}）。如上年数字有误，"
                             f"请先与政务公开办核实更正上年报告，再改这里（撤销工作表保护即可修改）。", 100)


def _in_force(wb: Workbook, last: Report) -> None:
    """Last year's 现行有效件数 beside this year's, and what this year's should be (Y2), live."""
    before = last.tables[TABLE2.key]
    rows = TABLE2.blocks[0].rows
    cell = {c: TABLE_INPUTS[TABLE2.key][(rows[0].key, c)].place for c in ("issued", "repealed", "in_force")}
    ws = wb[TABLE2.sheet]
    last_col, check_col = cell["in_force"].col + 1, cell["in_force"].col + 2
    head = cell["in_force"].row - 1
    for col, text in ((last_col, f"上年现行有效件数（{last.year} 年度报告）"), (check_col, "与上年衔接")):
        label = ws.cell(head, col, text)
        label.fill, label.border, label.alignment, label.font = LABEL_FILL, BOX, WRAP, Font(bold=True)
        ws.column_dimensions[label.column_letter].width = 18
    for row in rows:
        places = {c: TABLE_INPUTS[TABLE2.key][(row.key, c)].place for c in cell}
        r = places["in_force"].row
        given = ws.cell(r, last_col, before.value(row.key, "in_force"))
        given.fill, given.border, given.alignment = TOTAL_FILL, BOX, WRAP
        given.comment = _note(f"上年工作簿 {before.address(row.key, 'in_force')}，供核对：本年现行有效件数 = "
                              f"上年现行有效 + 本年制发 − 本年废止。", 80)
        i, rp, f, lc = (places["issued"].coordinate, places["repealed"].coordinate,
                        places["in_force"].coordinate, given.coordinate)
        check = ws.cell(r, check_col, f'=IF({f}={lc}+{i}-{rp},"衔接","应为 "&({lc}+{i}-{rp})&"，请核对或在正文说明")')
        check.border, check.alignment = BOX, WRAP_LEFT
        ws.conditional_formatting.add(check.coordinate, FormulaRule(formula=[f'{f}<>{lc}+{i}-{rp}'],
                                                                    fill=ALERT_FILL, font=ALERT_FONT))


def _texts(wb: Workbook, last: Report) -> None:
    for key, inp in TEXT_INPUTS.items():
        text = "\n".join(last.texts.get(key, []))
        if text:
            shown = text if len(text) <= _COMMENT_LIMIT else text[:_COMMENT_LIMIT] + "……（以下从略）"
            wb[inp.place.sheet][inp.place.coordinate].comment = _note(
                f"{last.year} 年度报告的这一部分（仅供参考，请按本年实际重写，不要照抄）：\n{shown}", 300)


def prefill(previous: Path, out: Path, last_text: bool = True, force: bool = False) -> Prefilled:
    """Write to ``out`` next year's workbook for the unit of ``previous`` (which is only read)."""
    last, problems = read_report(previous)  # a workbook, or last year's report as published
    return write_next_year(last, problems, out, last_text, previous.name, force)


def not_over(year: int, name: str, today: date) -> None:
    """Refuse a source whose year is not over: the workbook of the year after would be refused by
    ``check`` (a report year after this one) until that year comes, and most often the source's
    year is a slip (H8-YEAR)."""
    if year < today.year:
        return
    what = "即今年，全年还没有结束" if year == today.year else f"晚于今年（{today.year} 年）"
    raise CannotRun(f"{name} 的报告年度是 {year} 年，{what}。由它生成的 {year + 1} 年度工作簿在 {year + 1} 年底之前"
                    f"无法填报，检查也不会通过，所以没有生成。如果它其实是上一年度的报告，请先改正其“基本信息”中的"
                    f"报告年度；否则请在 {year + 1} 年 1 月 1 日以后再生成。")


def write_next_year(last: Report, problems: list[Problem], out: Path, last_text: bool = True,
                    name: str = "上年工作簿", force: bool = False, unit_name: str = "",
                    today: date | None = None) -> Prefilled:
    """Next year's workbook from last year's report as read (with the problems found reading it).
    ``unit_name``: the name to write, when it is known better than last year's spelling (the web
    page's unit, as its roster spells it). A source of this year (or a later one) is refused
    (``not_over``; ``today``: the date that decides, today's by default)."""
    if last.year is None or not last.unit_name:
        raise CannotRun(f"{name} 的单位名称或报告年度没有正确填写，无法生成下一年度的工作簿。"
                        f"请先改正上年工作簿的“基本信息”。")
    not_over(last.year, name, today or date.today())
    wb = build_workbook()
    _put(wb, FIELD_INPUTS["unit_name"].place, unit_name or last.unit_name)
    _put(wb, FIELD_INPUTS["year"].place, last.year + 1)
    _put(wb, FIELD_INPUTS["unit_kind"].place, last.unit_kind.value if last.unit_kind else None)
    _put(wb, FIELD_INPUTS["auto_sentences"].place, YES_NO[0] if last.auto_sentences else YES_NO[1])
    # The unit's publishing choices stand until it changes them; the 成文日期 is a new one each year.
    _put(wb, FIELD_INPUTS["charts"].place, YES_NO[0] if last.charts else None)
    _put(wb, FIELD_INPUTS["compare"].place, YES_NO[0] if last.compare else None)
    if last.organ and last.organ != default_organ(last.unit_name, last.unit_kind) and not unit_name:
        _put(wb, FIELD_INPUTS["organ"].place, last.organ)  # the clerk's correction stands; else the formula
    for key in _CONTACTS_CARRIED:
        _put(wb, CONTACT_INPUTS[key].place, last.contact.get(key))
    _carried(wb, last)
    _in_force(wb, last)
    if last_text:
        _texts(wb, last)
    with atomic_write(out, force) as tmp:
        wb.save(tmp)
    return Prefilled(unit_name or last.unit_name, last.year + 1, [p for p in problems if p.is_error])
