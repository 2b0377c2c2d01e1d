"""The one shape every input format is read into: paragraphs and table cells, each with its place.

A ``Cell`` of a merged region appears once: readers that see a merged cell several times (Word's
grid, an HTML rowspan) give each repetition the same ``origin``, and ``tokens`` keeps the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    where: str  # 第2个表格第5行第4列, 第37行: said in the import note beside the value
    origin: tuple[int, int, int] = (-1, -1, -1)  # (table, row, column) of the merged region's first cell


@dataclass
class Para:
    text: str
    where: str


@dataclass
class Rows:
    """A table, or lines that hold table cells (pasted as text): rows of cells."""

    rows: list[list[Cell]] = field(default_factory=list)


Block = Para | Rows


@dataclass
class Doc:
    blocks: list[Block]
    title: str = ""  # a title found outside the article (a page's <title>), used if the body has none
    kind: str = ""  # Word 文档, 网页, PDF, 文本: named in messages


def tokens(blocks: list[Block]) -> Iterator[Cell]:
    """Every cell of ``blocks`` in reading order, each merged region once; a paragraph is one cell."""
    seen: set[tuple[int, int, int]] = set()
    for block in blocks:
        if isinstance(block, Para):
            yield Cell(block.text, block.where)
            continue
        for row in block.rows:
            for cell in row:
                if cell.origin[0] >= 0:
                    if cell.origin in seen:
                        continue
                    seen.add(cell.origin)
                yield cell
