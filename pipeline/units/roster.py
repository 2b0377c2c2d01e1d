"""The roster (名单): which units are expected to submit, and who has not (查缺).

A roster is a plain workbook: a sheet “名单” with the header “单位名称” and one unit a row below it
(``python -m pipeline roster-template`` writes an empty one). Names are matched as ``folder.unit_key``
does, so “某某县（区）教育局” and “某某县(区) 教育局” are one unit.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from pipeline.core.fatal import CannotRun
from pipeline.core.output import atomic_write
from pipeline.core.problems import Problem
from pipeline.format.official import UNIT_FIELD
from pipeline.reading.reader import clean_text
from pipeline.reading.safety import check_file
from pipeline.units.folder import unit_key

SHEET = "名单"
NAME_HEADER = UNIT_FIELD["unit_name"].label  # 单位名称, as in the workbook
NOTE_HEADER = "备注（可不填）"


def write_roster_template(path: Path, force: bool = False) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append([NAME_HEADER, NOTE_HEADER])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = "A2"
    with atomic_write(path, force) as tmp:
        wb.save(tmp)


def read_roster(path: Path) -> list[str]:
    """The expected unit names, in roster order, each once."""
    check_file(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged file: nothing in it can be trusted
        raise CannotRun(f"名单 {path.name} 无法读取（{type(exc).__name__}）。"
                        f"请用 roster-template 生成的模板重新填写。") from exc
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    ws.reset_dimensions()  # WPS writes a wrong sheet size; read every row that is there
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    header = [str(v).strip() if v is not None else "" for v in (rows[0] if rows else ())]
    if NAME_HEADER not in header:
        raise CannotRun(f"名单 {path.name} 的第一行没有“{NAME_HEADER}”列标题。"
                        f"请在第一行写“{NAME_HEADER}”，下面每行一个单位名称（可用 roster-template 生成模板）。")
    column = header.index(NAME_HEADER)
    names: dict[str, str] = {}
    for row in rows[1:]:
        value = row[column] if column < len(row) else None
        name = " ".join(clean_text(value)[0].split())  # as the reader does: nothing unprintable
        if name:
            names.setdefault(unit_key(name), name)
    if not names:
        raise CannotRun(f"名单 {path.name} 中没有单位名称。请在“{NAME_HEADER}”列下每行填写一个单位。")
    return list(names.values())


@dataclass(frozen=True)
class Submitted:
    unit: str
    file: str


def compare(roster: list[str], submitted: list[Submitted]) -> list[tuple[Problem, str]]:
    """(problem, file): R1 for each unit on the roster with no workbook (no file), R2 for each
    workbook of a unit not on it."""
    expected = {unit_key(n): n for n in roster}
    seen = {unit_key(s.unit) for s in submitted}
    problems = [(Problem("R1", (), f"名单上的“{name}”没有提交工作簿。请催报，或确认其工作簿的“单位名称”与名单一致。",
                         unit=name), "") for key, name in expected.items() if key not in seen]
    for s in submitted:
        if unit_key(s.unit) in expected:
            continue
        close = difflib.get_close_matches(s.unit, roster, n=1, cutoff=0.6)
        hint = (f"是否就是名单上的“{close[0]}”？如是，请统一单位名称。" if close
                else "请确认是否应由本单位汇总，或补充名单。")
        problems.append((Problem("R2", (), f"“{s.unit}”（{s.file}）不在名单上。{hint}", unit=s.unit), s.file))
    return problems
