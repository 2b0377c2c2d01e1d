"""The county's documents as a test compares them: a workbook as its cells, sheet by sheet, and a
Word file as its paragraphs (table cells included), in order. Shared by the parity test (Flask's
test client) and the browser's walk of a round (files Chromium downloaded), both against ``batch``."""

from __future__ import annotations

import io

import docx
from openpyxl import load_workbook

from pipeline.report.docx_text import places


def cells(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's values by row (what a reader sees; styles are not compared)."""
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph's text in reading order, the tables' cells included."""
    return [text for _, text in places(docx.Document(io.BytesIO(data)))]
