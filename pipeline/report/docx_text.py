"""A .docx read back as a person sees it: its text, and each paragraph and table cell with the place
where a person finds it in Word ("第3段", "表三第4行第2列", "页脚"). Used to point at the place of a
template error, to scan a rendered report for leftovers, and by the tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocumentObject
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from pipeline.core.yoy import COMPARE_HEADING
from pipeline.format.official import TABLES


def norm(text: str) -> str:
    return " ".join(text.split())


#: The template's tables in order: 二, 三, 四 and the optional 主要数据与上年对比.
_NAMES = (*(t.sheet for t in TABLES), f"“{COMPARE_HEADING}”表")


def excerpt(text: str, limit: int = 40) -> str:
    """A paragraph's text, whitespace collapsed and cut at ``limit`` characters, for a message."""
    text = norm(text)
    return text if len(text) <= limit else text[:limit] + "…"


def _table_name(doc: DocumentObject, index: int) -> str:
    # A template made before the comparison table has the first three; after a person added or
    # removed a table, count.
    known = len(doc.tables) in (len(TABLES), len(_NAMES))
    return _NAMES[index] if known else f"第{index + 1}个表格"


def _cells(table: DocxTable) -> Iterator[tuple[int, int, Paragraph | None, str, bool]]:
    """(row, grid column, first paragraph, text, first row of the line) for each merged cell once."""
    # Keep the elements, not their ids: lxml proxies that die may hand their id to another cell.
    seen: set[Any] = set()
    for r, row in enumerate(table.rows):
        first = True
        for c, cell in enumerate(row.cells):
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            # A line break in a cell is layout (table_layout wraps header labels between words),
            # not part of the label.
            yield r, c, cell.paragraphs[0] if cell.paragraphs else None, cell.text.replace("\n", ""), first
            first = False


def places(doc: DocumentObject) -> list[tuple[str, str]]:
    """(place as a person finds it, text) for every paragraph and table cell, in document order."""
    places: list[tuple[str, str]] = []
    number = 0
    tables = 0
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            number += 1
            places.append((f"第{number}段", block.text))
        else:
            name = _table_name(doc, tables)
            tables += 1
            places += [(f"{name}第{r + 1}行第{c + 1}列", text) for r, c, _, text, _ in _cells(block)]
    for section in doc.sections:
        for label, part in (("页脚", section.footer), ("偶数页页脚", section.even_page_footer),
                            ("页眉", section.header), ("偶数页页眉", section.even_page_header)):
            if not part.is_linked_to_previous:
                places += [(label, p.text) for p in part.paragraphs]
    return places


def _lines(doc: DocumentObject) -> list[str]:
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(norm(block.text))
            continue
        row: list[str] = []
        for _, _, _, text, first in _cells(block):
            if first and row:
                lines.append(" | ".join(row))
                row = []
            row.append(norm(text))
        lines.append(" | ".join(row))
    return [line for line in lines if line]


def document_text(path: Path) -> list[str]:
    """The text of a .docx as lines: each non-empty paragraph in body order, and each table row as
    its cells joined by `` | `` (a merged cell once, in its first row). Whitespace is collapsed."""
    return _lines(docx.Document(str(path)))
