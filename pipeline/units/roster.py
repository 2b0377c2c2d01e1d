"""The roster (名单): which units are expected to submit, by when, and who has not (查缺).

A roster is a plain workbook: a sheet “名单” whose first row holds the column titles below and one unit
a row under it (``python -m pipeline roster-template`` writes an empty one). Only 单位名称 is required;
the other columns may be left out or blank:

- 单位类别 (as in the workbook's drop-down) and 截止日期 (the unit's own deadline) set its deadline
  (``deadlines``); 上级单位 is the office it answers to (报送情况表 groups by it);
- 报送时间: when its workbook arrived, when the office keeps that itself (else the file's time is used);
- 单位代码 (统一社会信用代码 or the office's own code) and 曾用名 (former names, separated by 、) help
  pair the unit with its workbook (``core.unit_names``: a code on both sides decides; a workbook's
  code is a roster code found in its file's name).

API: ``read_entries(path, year=None) -> list[RosterEntry]`` (``read_roster(path) -> list[str]``: the
names only); ``compare(roster, submitted) -> list[(Problem, file)]`` (R1 missing, R2 not on the
roster, U1 paired under another spelling, U2 ambiguous).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.core.cells import data_cells
from pipeline.core.fatal import CannotRun
from pipeline.core.output import atomic_write
from pipeline.core.problems import Problem
from pipeline.core.unit_names import How, UnitId, note, pair
from pipeline.format.official import UNIT_FIELD, UnitKind
from pipeline.reading.cell_text import clean_text
from pipeline.reading.safety import MAX_SHEET_ROWS, TooManyRows, check_file
from pipeline.units.deadlines import parse_date, parse_time

SHEET = "名单"
NAME_HEADER = UNIT_FIELD["unit_name"].label  # 单位名称, as in the workbook
KIND_HEADER = UNIT_FIELD["unit_kind"].label  # 单位类别, with the workbook's own choices
PARENT_HEADER, DEADLINE_HEADER, RECEIVED_HEADER = "上级单位", "截止日期", "报送时间"
CODE_HEADER, FORMER_HEADER, NOTE_HEADER = "单位代码", "曾用名", "备注（可不填）"
HEADERS = (NAME_HEADER, KIND_HEADER, PARENT_HEADER, DEADLINE_HEADER, RECEIVED_HEADER, CODE_HEADER,
           FORMER_HEADER, NOTE_HEADER)
_WIDTHS = (34, 26, 24, 14, 18, 22, 30, 24)


@dataclass(frozen=True)
class RosterEntry:
    name: str
    kind: UnitKind | None = None
    parent: str = ""
    deadline: date | None = None
    received: datetime | None = None
    code: str = ""
    former: tuple[str, ...] = field(default=())

    @property
    def id(self) -> UnitId:
        return UnitId(self.name, self.code, self.former)


def write_roster_template(path: Path, force: bool = False, entries: Sequence[RosterEntry] = ()) -> None:
    """The roster with its column titles, the 单位类别 drop-down and, one a row, ``entries`` (the
    example roster); every text is stored as text, never as a formula."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(list(HEADERS))
    for cell, width in zip(ws[1], _WIDTHS, strict=True):
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = width
    kinds = DataValidation(type="list", formula1='"' + ",".join(k.value for k in UnitKind) + '"', allow_blank=True)
    kinds.add("B2:B1000")
    ws.add_data_validation(kinds)
    # Column styles, not 1000 styled empty cells: a row appended to the roster lands on row 2.
    ws.column_dimensions["D"].number_format = "yyyy-mm-dd"
    ws.column_dimensions["E"].number_format = "yyyy-mm-dd hh:mm"
    ws.freeze_panes = "A2"
    for e in entries:
        ws.append(data_cells(ws, [e.name, e.kind.value if e.kind else None, e.parent or None, e.deadline,
                                  e.received, e.code or None, "、".join(e.former) or None, None]))
    with atomic_write(path, force) as tmp:
        wb.save(tmp)


def _text(value: object) -> str:
    """A roster cell's text as the reader takes a workbook's: nothing unprintable, spaces collapsed."""
    return " ".join(clean_text(value)[0].split())


def _entry(path: Path, line: int, cells: dict[str, object], columns: dict[str, str], year: int | None) -> RosterEntry:
    name = _text(cells.get(NAME_HEADER))

    def where(title: str) -> str:  # the cell to fix, as Excel names it, and what it holds
        given = _text(cells[title])
        return f"名单 {path.name} 的 {columns[title]}{line} 单元格（第 {line} 行“{name}”的{title}）“{given}”"

    kind_text = _text(cells.get(KIND_HEADER))
    kinds = {k.value: k for k in UnitKind}
    if kind_text and kind_text not in kinds:
        raise CannotRun(f"{where(KIND_HEADER)}不是可选的类别（{'、'.join(kinds)}）。请从下拉列表中选择或留空。")
    # “1月20日” is of the year after the report year; before that is known (a batch reads the roster
    # before the units, to stop early on a bad one), any year will do to check that it is a date.
    deadline = parse_date(cells.get(DEADLINE_HEADER), 2000 if year is None else year + 1)
    if _text(cells.get(DEADLINE_HEADER)) and deadline is None:
        raise CannotRun(f"{where(DEADLINE_HEADER)}不是日期。请写成 2025-01-20 或 2025年1月20日（整格只写日期），"
                        f"或留空（按条例第四十九条）。")
    received = parse_time(cells.get(RECEIVED_HEADER))
    if _text(cells.get(RECEIVED_HEADER)) and received is None:
        raise CannotRun(f"{where(RECEIVED_HEADER)}不是日期。请写成 2025-01-20 10:30 或 2025年1月20日，"
                        f"或留空（按文件的修改时间）。")
    former = tuple(f for f in (_text(x) for x in _text(cells.get(FORMER_HEADER)).replace("；", "、")
                              .replace(";", "、").replace(",", "、").replace("，", "、").split("、")) if f)
    return RosterEntry(name, kinds.get(kind_text), _text(cells.get(PARENT_HEADER)), deadline, received,
                       _text(cells.get(CODE_HEADER)), former)


def _one_code_one_unit(path: Path, entries: dict[str, tuple[int, RosterEntry]]) -> None:
    """Two units under one 单位代码: the code decides a pairing, so one of them is a typo or a copy."""
    seen: dict[str, tuple[int, RosterEntry]] = {}
    for line, entry in entries.values():
        code = entry.code.upper().replace(" ", "")
        if not code:
            continue
        if code in seen:
            first, other = seen[code]
            raise CannotRun(f"名单 {path.name} 第 {first} 行“{other.name}”和第 {line} 行“{entry.name}”的"
                            f"{CODE_HEADER}都是“{entry.code}”。一个代码只属于一个单位，请改正其中一行（不知道的可留空）。")
        seen[code] = (line, entry)


def read_roster(path: Path) -> list[str]:
    """The expected units' names, in roster order, each once."""
    return [e.name for e in read_entries(path)]


def read_entries(path: Path, year: int | None = None) -> list[RosterEntry]:
    """The expected units with all the roster says of them, in roster order, each once (a name
    repeated under another spelling counts once). ``year``: the report year, for a 截止日期 written
    without one (“1月20日”)."""
    try:
        check_file(path)
    except TooManyRows as exc:
        raise CannotRun(f"名单 {path.name} 超过 {MAX_SHEET_ROWS} 行，超出了名单的上限（{MAX_SHEET_ROWS - 1} 个单位）"
                        f"或有大片空行被设了格式。请删去名单以外的行，或按上级单位分成几个名单分批检查。") from exc
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged file: nothing in it can be trusted
        raise CannotRun(f"名单 {path.name} 无法读取（{type(exc).__name__}）。"
                        f"请用 roster-template 生成的模板重新填写。") from exc
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    ws.reset_dimensions()  # WPS writes a wrong sheet size; read every row that is there
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    header = [_text(v) for v in (rows[0] if rows else ())]
    if NAME_HEADER not in header:
        raise CannotRun(f"名单 {path.name} 的第一行没有“{NAME_HEADER}”列标题。"
                        f"请在第一行写“{NAME_HEADER}”，下面每行一个单位名称（可用 roster-template 生成模板）。")
    columns = {title: get_column_letter(i + 1) for i, title in reversed(list(enumerate(header))) if title}
    entries: dict[str, tuple[int, RosterEntry]] = {}  # by unit: its first row and what the row says
    for line, row in enumerate(rows[1:], 2):
        cells = {title: row[i] for i, title in enumerate(header) if title and i < len(row)}
        if _text(cells.get(NAME_HEADER)):
            entry = _entry(path, line, cells, columns, year)
            entries.setdefault(entry.id.key, (line, entry))
    if not entries:
        raise CannotRun(f"名单 {path.name} 中没有单位名称。请在“{NAME_HEADER}”列下每行填写一个单位。")
    _one_code_one_unit(path, entries)
    return [entry for _, entry in entries.values()]


@dataclass(frozen=True)
class Submitted:
    unit: str
    file: str


def _ids(roster: list[RosterEntry], submitted: list[Submitted]) -> list[UnitId]:
    """The submitted units as the matcher sees them. A workbook has no code of its own, but offices
    often name files by the unit's code (“11320000MB0000000X某某局.xlsx”): a roster code in the file's
    name is the workbook's code, and then the code decides."""
    codes = sorted({e.code for e in roster if len(e.code) >= 4}, key=len, reverse=True)
    return [UnitId(s.unit, next((c for c in codes if c in Path(s.file).name), "")) for s in submitted]


def _entries(roster: Sequence[RosterEntry | str]) -> list[RosterEntry]:
    """A roster given as entries or as bare names (``read_roster``)."""
    return [e if isinstance(e, RosterEntry) else RosterEntry(e) for e in roster]


def match_roster(roster: list[RosterEntry], submitted: list[Submitted]) -> dict[int, int]:
    """Submitted index → roster index, by the one unit-name rule (ambiguous ones left out)."""
    paired = pair([e.id for e in roster], _ids(roster, submitted))
    return {p.right: p.left for p in paired.pairings}


def compare(given: Sequence[RosterEntry | str], submitted: list[Submitted]) -> list[tuple[Problem, str]]:
    """(problem, file): R1 for each unit on the roster with no workbook (no file), R2 for each
    workbook of a unit not on it, U1 for each pairing under another spelling, U2 for a workbook whose
    name fits two units of the roster. The roster as entries or as names."""
    roster = _entries(given)
    paired = pair([e.id for e in roster], _ids(roster, submitted))
    names = [e.name for e in roster]
    problems: list[tuple[Problem, str]] = []
    for p in paired.pairings:
        s = submitted[p.right]
        if p.how is not How.EXACT:
            said = note("名单", roster[p.left].name, "工作簿", s.unit, p.how)
            problems.append((Problem("U1", (), said, unit=s.unit), s.file))
    for j, lefts in paired.ambiguous:
        s = submitted[j]
        which = "、".join(f"“{roster[i].name}”" for i in lefts)
        problems.append((Problem("U2", (), f"“{s.unit}”（{s.file}）可对应名单上的 {len(lefts)} 个单位：{which}，"
                                 f"无法确定是哪一个。请在工作簿中写单位的全称（带上级地名），或在名单中补充单位代码。",
                                 unit=s.unit), s.file))
    found = {p.left for p in paired.pairings} | {i for _, lefts in paired.ambiguous for i in lefts}
    problems += [(Problem("R1", (), f"名单上的“{e.name}”没有提交工作簿。请催报，或确认其工作簿的“单位名称”与名单一致。",
                          unit=e.name), "") for i, e in enumerate(roster) if i not in found]
    matched = {p.right for p in paired.pairings} | {j for j, _ in paired.ambiguous}
    for j, s in enumerate(submitted):
        if j in matched:
            continue
        close = difflib.get_close_matches(s.unit, names, n=1, cutoff=0.6)
        hint = (f"是否就是名单上的“{close[0]}”？如是，请统一单位名称（或在名单的“{FORMER_HEADER}”列写上“{s.unit}”）。"
                if close else "请确认是否应由本单位汇总，或补充名单。")
        problems.append((Problem("R2", (), f"“{s.unit}”（{s.file}）不在名单上。{hint}", unit=s.unit), s.file))
    return problems
