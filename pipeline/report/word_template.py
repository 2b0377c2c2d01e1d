"""Generate the docxtpl Word template ``templates/report.docx`` from the official declaration.

Nothing printed in the template is typed here: the section headings come from ``official.SECTIONS``,
the sub-headings from ``official.NARRATIVES`` and every table cell from ``grid.table_grid``, so the
Word report cannot drift from the workbook or the HTML page. Formatting is in named styles
(``docx_styles``), so a person can later restyle the committed template in Word or WPS without
touching a placeholder.

Run ``python -m pipeline.report.word_template [PATH]`` to regenerate it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm

from pipeline.core.paths import WORD_TEMPLATE
from pipeline.format.grid import GridCell, table_grid, width
from pipeline.format.official import NARRATIVES, SECTIONS, TABLES, Narrative, Table
from pipeline.report import docx_styles as st
from pipeline.report.context import table_key
from pipeline.report.document import save_docx

#: Widths (mm) of the row-label columns; the data columns share the rest of the 156 mm evenly.
#: Table 三: 10 mm gives the outer group label two characters a line, 17 mm gives “（三）不予公开”
#: four, and 50 mm fits the common leaf labels (“2.其他法律行政法规禁止公开”, 13 characters of 五号)
#: on one line, leaving 11.3 mm to each number column: five digits fit without wrapping.
LABEL_WIDTHS_MM: dict[str, tuple[float, ...]] = {"t2": (44,), "t3": (10, 17, 50), "t4": ()}
#: Above this many columns the 五号 text no longer fits two characters a column (table 四).
SMALL_TEXT_COLUMNS = 12


def _paragraph(doc: DocumentObject, text: str, style: str) -> None:
    doc.add_paragraph(text, style=style)


def _paragraph_loop(doc: DocumentObject, key: str) -> None:
    """One real paragraph per list item: docxtpl repeats the middle paragraph and drops the two
    ``{%p %}`` paragraphs, so each item gets its own first-line indent (a ``\\n`` would not)."""
    _paragraph(doc, f"{{%p for p in {key} %}}", st.BODY)
    _paragraph(doc, "{{ p }}", st.BODY)
    _paragraph(doc, "{%p endfor %}", st.BODY)


def _narrative(doc: DocumentObject, narrative: Narrative) -> None:
    if not narrative.label:
        _paragraph_loop(doc, narrative.key)
        return
    # A sub-part left empty (a warning, H8-PART) is printed without its sub-heading.
    _paragraph(doc, f"{{%p if {narrative.key} %}}", st.BODY)
    _paragraph(doc, narrative.label, st.HEADING2)
    _paragraph_loop(doc, narrative.key)
    _paragraph(doc, "{%p endif %}", st.BODY)


def column_widths(table: Table) -> list[int]:
    """Column widths in dxa (1/20 pt), adding up exactly to the text width."""
    total = int(st.TEXT_WIDTH.twips)
    labels = [int(Mm(mm).twips) for mm in LABEL_WIDTHS_MM[table.key]]
    data_cols = width(table) - len(labels)
    rest = total - sum(labels)
    data = [rest // data_cols] * data_cols
    for i in range(rest - sum(data)):  # spread the rounding remainder over the first columns
        data[i] += 1
    return labels + data


def _cell_text(table: Table, cell: GridCell) -> str:
    if cell.role == "data":
        assert cell.key is not None
        return f"{{{{ {table.key}.{table_key(*cell.key)} }}}}"
    return cell.text


def _cell_style(table: Table, cell: GridCell) -> str:
    if width(table) > SMALL_TEXT_COLUMNS:
        return st.TABLE_SMALL
    return st.TABLE_LABEL if cell.role == "rowhead" else st.TABLE_TEXT


def _header_rows(table: Table, grid: list[GridCell]) -> int:
    """Rows above the first data row repeat on each page. Table 二 stacks four blocks with their
    own headers: repeating the first block's header above the others would mislabel them."""
    if len(table.blocks) > 1:
        return 0
    return min(c.row for c in grid if c.role == "data")


def _table(doc: DocumentObject, table: Table) -> None:
    grid = table_grid(table)
    rows = max(c.row + c.rowspan for c in grid)
    out = doc.add_table(rows=rows, cols=width(table))
    # Widths before merging: python-docx adds the spanned cells' widths into the merged cell.
    st.frame_table(out, column_widths(table), _header_rows(table, grid))
    for cell in grid:
        target = out.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(out.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        paragraph = target.paragraphs[0]
        paragraph.style = _cell_style(table, cell)
        paragraph.add_run(_cell_text(table, cell))


#: Parts of python-docx's default package that do not belong in our template: a thumbnail of some
#: other document, and Word 2010's stylesWithEffects.xml, an old copy of the styles without ours.
_UNWANTED_PARTS = (RT.THUMBNAIL, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


def _drop_unwanted_parts(doc: DocumentObject) -> None:
    # python-docx saves only the parts reachable through relationships.
    for rels in (doc.part.package.rels, doc.part.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in _UNWANTED_PARTS]:
            del rels[r_id]


def build_document() -> DocumentObject:
    """The template as a python-docx document, in the order of the official format."""
    doc = docx.Document()
    _drop_unwanted_parts(doc)
    st.setup_document(doc)
    # The default template starts with no paragraph; clear any anyway so the title comes first.
    for p in list(doc.paragraphs):
        p._p.getparent().remove(p._p)
    props = doc.core_properties
    props.author, props.comments, props.title = "", "由 pipeline/report/word_template.py 生成", ""
    _paragraph(doc, "{{ title }}", st.TITLE)
    intro = [n for n in NARRATIVES if n.section is None]
    for narrative in intro:
        _narrative(doc, narrative)
    for section in SECTIONS:
        _paragraph(doc, section.heading, st.HEADING1)
        for narrative in NARRATIVES:
            if narrative.section == section.key:
                _narrative(doc, narrative)
        for table in TABLES:
            if table.heading == section.heading:
                _table(doc, table)
    return doc


def build_word_template(path: Path) -> None:
    """Write the docxtpl template to ``path`` (byte-identical on every run)."""
    save_docx(build_document(), path)


if __name__ == "__main__":
    build_word_template(Path(sys.argv[1]) if len(sys.argv) > 1 else WORD_TEMPLATE)
