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

from pipeline.core.output import write_bytes
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.core.yoy import COMPARE_AFTER, COMPARE_DIFF, COMPARE_HEADING, COMPARE_ITEM, COMPARE_PCT
from pipeline.format.grid import GridCell, table_grid, width
from pipeline.format.official import NARRATIVES, SECTIONS, TABLES, Narrative, Table
from pipeline.report import docx_styles as st
from pipeline.report.context import table_key
from pipeline.report.document import docx_bytes
from pipeline.report.table_layout import column_widths, compare_widths, wrapped

#: The chart page's heading (not part of the official format: the 图解 offices add after it), an
#: 附件 named by the context (``charts_heading``).
CHARTS_HEADING = "{{ charts_heading }}"

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


def _cell_text(table: Table, cell: GridCell) -> str:
    if cell.role == "data":
        assert cell.key is not None
        return f"{{{{ {table.key}.{table_key(*cell.key)} }}}}"
    return wrapped(cell.text)


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
    st.keep_whole(out)


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
        if section.key == COMPARE_AFTER:
            _comparison(doc)
    _signature(doc)
    _charts(doc)
    return doc


def _comparison(doc: DocumentObject) -> None:
    """The table 主要数据与上年对比, when the context has its rows: a heading and one docxtpl row
    loop (``{%tr %}`` rows are dropped, the middle row repeats per figure)."""
    _paragraph(doc, "{%p if compare_rows %}", st.BODY)
    _paragraph(doc, COMPARE_HEADING, st.TABLE_CAPTION)
    heads = (COMPARE_ITEM, "{{ compare.last_year }}", "{{ compare.year }}", COMPARE_DIFF, COMPARE_PCT)
    cells = ("{{ r.label }}", "{{ r.last }}", "{{ r.now }}", "{{ r.diff }}", "{{ r.pct }}")
    out = doc.add_table(rows=4, cols=len(heads))
    st.frame_table(out, compare_widths(), 1)
    for row, texts in ((0, heads), (1, ("{%tr for r in compare_rows %}",)), (2, cells), (3, ("{%tr endfor %}",))):
        for col, text in enumerate(texts):
            paragraph = out.cell(row, col).paragraphs[0]
            paragraph.style = st.TABLE_LABEL if row == 2 and col == 0 else st.TABLE_TEXT
            paragraph.add_run(text)
    st.keep_whole(out)
    _paragraph(doc, "{%p endif %}", st.BODY)


def _signature(doc: DocumentObject) -> None:
    """The 落款 when the workbook gives a 成文日期: a line left for the seal, the unit, the date."""
    _paragraph(doc, "{%p if signature.date %}", st.BODY)
    _paragraph(doc, "", st.SIGNATURE)
    _paragraph(doc, "\t{{ signature.unit }}", st.SIGNATURE)
    _paragraph(doc, "\t{{ signature.date }}", st.SIGNATURE)
    _paragraph(doc, "{%p endif %}", st.BODY)


def _charts(doc: DocumentObject) -> None:
    """The 图解 page, when the context has charts: a heading on a new page and the picture."""
    _paragraph(doc, "{%p if charts %}", st.BODY)
    doc.add_paragraph(CHARTS_HEADING, style=st.ATTACHMENT).paragraph_format.page_break_before = True
    _paragraph(doc, "{{ charts }}", st.CHART)
    _paragraph(doc, "{%p endif %}", st.BODY)


def build_word_template(path: Path, force: bool = False) -> None:
    """Write the docxtpl template to ``path`` (byte-identical on every run); ``force``: replace a
    file the output folder's manifest does not know (the committed template: ``templates/`` has none)."""
    write_bytes(path, docx_bytes(build_document()), force=force)


if __name__ == "__main__":
    # The committed template is this generator's: regenerating it replaces it; any other path is
    # written under the output rule like every other file of the tool.
    build_word_template(Path(sys.argv[1]), force=False) if len(sys.argv) > 1 else \
        build_word_template(WORD_TEMPLATE, force=True)
