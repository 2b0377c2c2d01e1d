"""Where each input of the template is in a unit's workbook, found by its defined name.

A workbook where staff inserted a row still reads correctly, and messages name the cell where the
value really is. What makes reading impossible (not our template, names deleted, input cells merged
over) raises ``CannotRun``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pipeline.core.fatal import CannotRun
from pipeline.format.layout import ADDED_LATER, VERSION, Input, all_inputs
from pipeline.format.official import READABLE_VERSIONS, TEMPLATE_VERSION
from pipeline.reading.xlsx_cells import Book

RECOVER = ("请重新下载最新的 workbook_template.xlsx，把原来的数据“选择性粘贴 → 数值”到对应单元格后再提交；"
           "不要插入或删除行、列和工作表。")

# A defined name pointing at one cell: 表三!$D$5, or '表 三'!D5 with a doubled '' for an apostrophe.
_SINGLE_CELL = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?([1-9]\d*)$")
Where = dict[str, tuple[str, str]]  # defined name -> (sheet, coordinate) as found in the file
Note = Callable[[str, tuple[str, ...], str], None]  # problem(code, cells, message): collects one


def _destination(wb: Book, inp: Input) -> tuple[str, str] | None:
    """The one cell ``inp``'s name points at; None when the name is gone or points elsewhere (#REF!
    after a deleted row, a range, several areas, another sheet's deleted name)."""
    found = _SINGLE_CELL.match(wb.defined_names.get(inp.name, ""))
    if found is None:
        return None
    quoted, plain, col, row = found.groups()
    sheet = quoted.replace("''", "'") if quoted is not None else plain
    return (sheet, col.upper() + row) if sheet in wb.sheetnames else None


def locate(wb: Book, path: Path, inputs: Iterable[Input] | None = None) -> Where:
    """Find every input of the template (or only ``inputs``), or explain why this is not a usable
    copy of it."""
    version = _destination(wb, VERSION)
    if version is None:
        raise CannotRun(f"{path.name} 不是用本工具的填报模板做的（找不到模板版本信息）。{RECOVER}")
    found = wb.cached(*version)[0]
    if found not in READABLE_VERSIONS:
        raise CannotRun(f"{path.name} 的模板版本是“{found}”，本工具需要“{TEMPLATE_VERSION}”。{RECOVER}")
    where: Where = {}
    broken = []
    for inp in all_inputs() if inputs is None else inputs:
        dest = _destination(wb, inp)
        if dest is None and inp.name not in ADDED_LATER:  # older workbooks lack these
            broken.append(inp.place.address)
        elif dest is not None:
            where[inp.name] = dest
    if broken:
        raise CannotRun(f"{path.name} 的结构被改动过（删除了行、列或工作表），{len(broken)} 个填报单元格已找不到，"
                        f"例如原来的 {'、'.join(broken[:3])}。{RECOVER}")
    merged = [f"{sheet}!{coord}" for sheet, coord in where.values() if wb.is_merged(sheet, coord)]
    if merged:
        raise CannotRun(f"{path.name} 中有填报单元格被合并了：{'、'.join(merged[:5])}。"
                        f"请取消合并（或用新模板重新填写）后再提交。")
    return where


class NamedCells:
    """Raw values by defined name."""

    def __init__(self, wb: Book, where: Where) -> None:
        self.wb, self.where = wb, where

    def address(self, name: str) -> str:
        return "!".join(self.where[name])

    def number_format(self, name: str) -> str:
        return self.wb.number_format(*self.where[name])

    def is_formula(self, name: str) -> bool:
        """A total's formula is recomputed from the details: its cached result is never read."""
        return self.wb.is_formula(*self.where[name])

    def raw(self, name: str) -> tuple[Any, bool]:
        """(value, is_formula); for a formula, its cached result (None if it has none)."""
        sheet, coord = self.where[name]
        return self.wb.cached(sheet, coord)[0], self.wb.is_formula(sheet, coord)
