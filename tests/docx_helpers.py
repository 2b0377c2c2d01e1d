"""Helpers shared by the Word, PDF and HTML tests: a complete in-memory report, template edits,
and reading a rendered .docx back."""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.core.model import Report, TableData
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.format.official import NARRATIVES, TABLES, CellKind, UnitKind

TEMPLATE = WORD_TEMPLATE
AMOUNT = Decimal("5949.088667")
SPECIAL = "A&B<局>\"双引号\"'单引号' & 5<6>4"


def complete_report() -> Report:
    """A complete report: two paragraphs per narrative and a distinct number in every cell (for
    chosen tables and few narratives, tables.report_with)."""
    texts = {n.key: [f"{n.key}的第一段。", f"{n.key}的第二段，含{SPECIAL}。"] for n in NARRATIVES}
    numbers = count(101)
    tables = {}
    for table in TABLES:
        data = TableData.empty(table.key)
        for r, c, kind in table.cells():
            value: int | Decimal = AMOUNT if kind is CellKind.AMOUNT else next(numbers)
            data.values[r.key, c.key] = value
        tables[table.key] = data
    return Report(unit_name="盘江镇", year=2024, unit_kind=UnitKind.TOWNSHIP, texts=texts, tables=tables)


def style_name(paragraph: Paragraph) -> str:
    assert paragraph.style is not None
    return str(paragraph.style.name)


def edit_template(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the template with the first paragraph (body or table cell) reading ``old`` replaced."""
    doc = docx.Document(str(TEMPLATE))
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    target = next(p for p in paragraphs if p.text == old)
    target.runs[0].text = new
    for run in target.runs[1:]:
        run._r.getparent().remove(run._r)
    path = tmp_path / "edited.docx"
    doc.save(str(path))
    return path


def with_paragraph(template: Path, text: str, target: Path) -> Path:
    """A copy of ``template`` at ``target`` with one paragraph ``text`` added at its end, as a person
    editing it in Word would type it."""
    doc = docx.Document(str(template))
    doc.add_paragraph(text)
    doc.save(str(target))
    return target


def table_cells(path: Path) -> list[list[str]]:
    """Each docx table's cells in row-major order, a merged cell once (as the grid lists them)."""
    tables = []
    for table in docx.Document(str(path)).tables:
        cells = []
        for tc in table._tbl.iter(qn("w:tc")):
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if merge is not None and merge.get(qn("w:val")) != "restart":
                continue  # the continuation of a vertically merged cell
            cells.append("".join(t.text or "" for t in tc.iter(qn("w:t"))).strip())
        tables.append(cells)
    return tables
