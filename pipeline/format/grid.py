"""The official shape of each table as a grid of (possibly merged) cells.

One algorithm turns the label paths of ``official`` into merged header cells; the workbook template,
the Word template and the HTML page all draw their tables from this grid, so a label or a merge can
never differ between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.format.official import Block, Line, Table

Role = Literal["title", "corner", "colhead", "rowhead", "data"]


@dataclass(frozen=True)
class GridCell:
    row: int  # 0-based within the table's grid
    col: int
    rowspan: int
    colspan: int
    text: str
    role: Role
    key: tuple[str, str] | None = None  # (row key, column key) of a data cell


def _depth(lines: tuple[Line, ...]) -> int:
    return max((len(line.path) for line in lines), default=0)


def header_spans(lines: tuple[Line, ...]) -> list[tuple[int, int, int, int, str]]:
    """Merged header cells for a run of label paths: (index, level, span along, span across, text).

    Consecutive lines sharing a label at a level are merged along; a line whose path ends before the
    deepest level stretches across the remaining levels (自然人 over both header rows).
    """
    depth = _depth(lines)
    spans = []
    for level in range(depth):
        i = 0
        while i < len(lines):
            path = lines[i].path
            if len(path) <= level:
                i += 1
                continue
            j = i + 1
            while j < len(lines) and lines[j].path[: level + 1] == path[: level + 1]:
                j += 1
            across = depth - level if len(path) == level + 1 else 1
            spans.append((i, level, j - i, across, path[level]))
            i = j
    return spans


def width(table: Table) -> int:
    return _depth(table.rows) + max(len(b.cols) for b in table.blocks)


def _block(block: Block, top: int, total_width: int) -> list[GridCell]:
    cells: list[GridCell] = []
    if block.title:
        cells.append(GridCell(top, 0, 1, total_width, block.title, "title"))
        top += 1
    row_depth, col_depth = _depth(block.rows), _depth(block.cols)
    # A block narrower than the table (表二's one-column blocks) stretches its columns evenly.
    stretch = (total_width - row_depth) // len(block.cols)
    if row_depth and col_depth:
        cells.append(GridCell(top, 0, col_depth, row_depth, block.corner, "corner"))
    for index, level, along, across, text in header_spans(block.cols):
        cells.append(GridCell(top + level, row_depth + index * stretch, across, along * stretch,
                              text, "colhead"))
    body = top + col_depth
    for index, level, along, across, text in header_spans(block.rows):
        cells.append(GridCell(body + index, level, along, across, text, "rowhead"))
    for i, r in enumerate(block.rows):
        for j, c in enumerate(block.cols):
            cells.append(GridCell(body + i, row_depth + j * stretch, 1, stretch, "", "data",
                                  (r.key, c.key)))
    return cells


def table_grid(table: Table) -> list[GridCell]:
    """Every cell of the official table, blocks stacked top to bottom, in row-major order."""
    total = width(table)
    cells: list[GridCell] = []
    top = 0
    for block in table.blocks:
        part = _block(block, top, total)
        cells += part
        top = max(c.row + c.rowspan for c in part)
    return sorted(cells, key=lambda c: (c.row, c.col))


def height(table: Table) -> int:
    return max(c.row + c.rowspan for c in table_grid(table))
