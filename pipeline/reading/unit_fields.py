"""基本信息 on a unit's workbook: name, year, kind, the 统计语句 switch (checked) and the 落款's
发文机关, and the contact fields for the county office (free text, never checked)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from typing import Any

from pipeline.core.model import Report
from pipeline.format.layout import CONTACT_INPUTS, FIELD_INPUTS
from pipeline.format.official import FIRST_YEAR, TRIAL_FORMAT, UNIT_FIELD, UnitKind, default_organ
from pipeline.reading.cell_text import clean_text
from pipeline.reading.named_cells import NamedCells, Note
from pipeline.reading.publishing import read_switch
from pipeline.reading.values import shown


def _year(raw: Any) -> int | None:
    text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("年").strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    return int(text) if text.isdigit() else None


def read_unit(cells: NamedCells, report: Report, problem: Note) -> None:
    addr = {k: cells.address(i.name) for k, i in FIELD_INPUTS.items() if i.name in cells.where}
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
    # Blank is “是”: a workbook filled before the switch existed keeps the default behaviour.
    report.auto_sentences = read_switch("auto_sentences", cells.raw(FIELD_INPUTS["auto_sentences"].name)[0],
                                        addr["auto_sentences"], blank=True, problem=problem)
    report.organ = _organ(cells, report)


def _organ(cells: NamedCells, report: Report) -> str:
    """发文机关 as the clerk typed it; else (the template's default formula, a blank cell, a workbook
    older than the field) derived from the name and kind as the formula shows it: a formula's cached
    result is never trusted."""
    name = FIELD_INPUTS["organ"].name
    raw, is_formula = cells.raw(name) if name in cells.where else (None, False)
    typed = "" if is_formula else " ".join(clean_text(raw)[0].split())
    return typed or default_organ(report.unit_name, report.unit_kind)


def read_contact(cells: NamedCells, report: Report) -> None:
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
