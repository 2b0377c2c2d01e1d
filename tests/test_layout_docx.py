"""GB/T 9704-2012 in the Word template, read back from the committed .docx: what a person opening
the styles in Word or WPS would see. (tests/test_document.py checks the page, the body, the title
and the footers; this adds the headings, the tables and the details that keep lines in the block.)"""

from __future__ import annotations

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pipeline.format.grid import table_grid
from pipeline.format.official import TABLE3, TABLES
from pipeline.report import docx_styles as st
from pipeline.report.table_layout import wrapped

from .docx_helpers import TEMPLATE, style_name


@pytest.fixture(scope="module")
def doc() -> DocumentObject:
    return docx.Document(str(TEMPLATE))


def dxa(el: object, attr: str = "w:w") -> int:
    return int(el.get(qn(attr)))  # type: ignore[attr-defined]


@pytest.mark.parametrize("spec", st.STYLES, ids=[s.name for s in st.STYLES])
def test_every_style_names_its_font_in_all_slots(doc: DocumentObject, spec: st.StyleSpec) -> None:
    style = doc.styles[spec.name]
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    # eastAsia is the slot Chinese text uses; python-docx's font.name would leave it to the theme.
    assert {slot: rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == \
        dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), spec.font)
    assert not [a for a in rfonts.attrib if "theme" in a.lower()]
    assert style.font.size == spec.size


def test_headings(doc: DocumentObject) -> None:
    for name, font, level in ((st.HEADING1, "黑体", "0"), (st.HEADING2, "楷体_GB2312", "1")):
        style = doc.styles[name]
        assert style.font.size == Pt(16) and style.base_style.name == st.BODY
        assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == font
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
        assert style.paragraph_format.keep_with_next  # never the last line of a page
    # Inherited from 报告正文: the 28 pt grid and the two-character indent.
    body = doc.styles[st.BODY].paragraph_format
    assert (body.line_spacing_rule, body.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28))
    # 22 lines of 28 pt fit the 225 mm text height (GB/T 9704: 22 lines a page).
    assert 22 * Pt(28) <= Mm(297 - 37 - 35) < 23 * Pt(28)


def test_title_leaves_a_line_before_the_text(doc: DocumentObject) -> None:
    title = doc.styles[st.TITLE]
    assert title.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.font.size == Pt(22) and title.paragraph_format.space_after == Pt(28)


def test_page_number_is_songti_four_seven_mm_below_the_text(doc: DocumentObject) -> None:
    section = doc.sections[0]
    for footer in (section.footer, section.even_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "\u2014 1 \u2014"  # em dashes: “— 1 —”
        assert style_name(paragraph) == st.PAGE_NUMBER
        # No run overrides the style's 宋体 四号.
        assert all(r.font.name is None and r.font.size is None for r in paragraph.runs)
    assert doc.styles[st.PAGE_NUMBER].font.size == Pt(14)
    # The footer's 14 pt line ends footer_distance above the page edge: its top is 7 mm below
    # the text block, give or take a millimetre of rounding to twips.
    gap = section.bottom_margin - section.footer_distance - Pt(14)
    assert abs(gap - Mm(7)) < Mm(1.1)


def test_no_style_lets_punctuation_hang_into_the_margin(doc: DocumentObject) -> None:
    for spec in st.STYLES:
        punct = doc.styles[spec.name].element.pPr.find(qn("w:overflowPunct"))
        assert punct is not None and punct.get(qn("w:val")) == "0", spec.name


def line_pitch(style: object) -> tuple[object, object]:
    """The line spacing a style has, directly or from the style it is based on."""
    while style is not None:
        fmt = style.paragraph_format  # type: ignore[attr-defined]
        if fmt.line_spacing_rule is not None:
            return fmt.line_spacing_rule, fmt.line_spacing
        style = style.base_style  # type: ignore[attr-defined]
    return None, None


def test_table_text_has_exact_line_pitch(doc: DocumentObject) -> None:
    for name, size, pitch in ((st.TABLE_TEXT, 10.5, 13), (st.TABLE_LABEL, 10.5, 13), (st.TABLE_SMALL, 9, 12)):
        assert doc.styles[name].font.size == Pt(size)
        assert line_pitch(doc.styles[name]) == (WD_LINE_SPACING.EXACTLY, Pt(pitch)), name


def test_tables_fill_the_text_width_with_fixed_columns(doc: DocumentObject) -> None:
    for out in doc.tables:
        tbl_pr = out._tbl.tblPr
        assert dxa(tbl_pr.find(qn("w:tblW"))) == int(st.TEXT_WIDTH.twips)
        assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [dxa(c) for c in out._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(grid) == int(st.TEXT_WIDTH.twips)


def test_table_three_columns_hold_five_digits_and_the_leaf_labels(doc: DocumentObject) -> None:
    margins = doc.tables[1]._tbl.tblPr.find(qn("w:tblCellMar"))
    padding = dxa(margins.find(qn("w:left"))) + dxa(margins.find(qn("w:right")))
    grid = [dxa(c) for c in doc.tables[1]._tbl.tblGrid.iter(qn("w:gridCol"))]
    # Digits are half an em wide; five of 五号 (10.5 pt = 210 dxa) plus the cell padding.
    assert min(grid[3:]) >= 5 * 105 + padding
    # “2.其他法律行政法规禁止公开”: twelve characters and “2.” (one em) on one line.
    assert grid[2] >= 13 * 210 + padding
    # Every line of every header label (with the line breaks of table_layout) fits its cell:
    # the cell never has to break a line inside a word.
    for g in table_grid(TABLE3):
        if g.role in ("colhead", "rowhead", "corner"):
            ems = max(sum(1 if ord(ch) > 0x2000 else 0.5 for ch in line) for line in wrapped(g.text).split("\n"))
            assert sum(grid[g.col:g.col + g.colspan]) >= ems * 210 + padding, g.text
    grid4 = [dxa(c) for c in doc.tables[2]._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert min(grid4) >= 2 * 180 + padding  # table 四: two characters of 9 pt (结果/维持)


def test_cells_use_the_table_styles(doc: DocumentObject) -> None:
    for table, out in zip(TABLES, doc.tables[:len(TABLES)], strict=True):
        for g in table_grid(table):
            name = style_name(out.cell(g.row, g.col).paragraphs[0])
            if table.key == "t4":
                assert name == st.TABLE_SMALL
            else:
                assert name == (st.TABLE_LABEL if g.role == "rowhead" else st.TABLE_TEXT), (table.key, g)


def test_header_rows_repeat_and_rows_never_split(doc: DocumentObject) -> None:
    for table, out in zip(TABLES, doc.tables[:len(TABLES)], strict=True):
        first_data = min(g.row for g in table_grid(table) if g.role == "data")
        repeat = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in out.rows]
        # Table 二's four blocks have their own headers: repeating the first would mislabel the rest.
        expected = first_data if len(table.blocks) == 1 else 0
        assert repeat == [True] * expected + [False] * (len(out.rows) - expected), table.key
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in out.rows)
