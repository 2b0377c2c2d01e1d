"""GB/T 9704-2012 formatting for the Word template: page, named styles, page numbers, table frames.

All formatting lives in named styles (报告正文, 一级标题 …) so a person editing the template in Word or
WPS changes one style instead of a hundred paragraphs. python-docx's ``font.name`` fills only the
Western font slots; Chinese text would keep the theme font, so every style writes ``w:rFonts`` with
all four slots itself (field notes: docxtpl and fonts).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

BODY = "报告正文"
TITLE = "报告标题"
HEADING1 = "一级标题"
HEADING2 = "二级标题"
TABLE_TEXT = "表格文字"
TABLE_LABEL = "表格行名"  # row labels read left to right like text; numbers and headers are centred
TABLE_SMALL = "表格小字"  # table 四: 15 columns on 156 mm leave 10 mm a column
PAGE_NUMBER = "页码"
SIGNATURE = "落款"  # the unit and the date, centred on one tab stop (GB/T 9704 7.3.5.1)
TABLE_CAPTION = "表格标题"  # the heading of a table that is not the official format's (主要数据与上年对比)
ATTACHMENT = "附件标题"  # 附件：…图解, flush left after the 落款 (GB/T 9704 7.5)
CHART = "图片"  # single line spacing: an exact pitch would crop an inline picture to one line

#: A4 portrait and the GB/T 9704 margins; the text block is 156 mm wide.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
BODY_SIZE = Pt(16)  # 三号
LINE_PITCH = Pt(28)  # exact: 22 lines a page
TABLE_SIZE = Pt(10.5)  # 五号: the usual size for tables in 公文
#: Cell padding: 0.4 mm left and right leaves table 三's columns exactly the room their labels and
#: five-digit numbers need (table_layout.WIDTHS_MM); 0.3 mm above and below with 13 pt lines keeps
#: table 三's 32 rows within one page (225 mm) together with its heading.
CELL_MARGIN_X, CELL_MARGIN_Y = Mm(0.4), Mm(0.3)
TABLE_LINE = Pt(13)


@dataclass(frozen=True)
class StyleSpec:
    name: str
    font: str
    size: Pt
    base: str = "Normal"
    align: WD_ALIGN_PARAGRAPH | None = None
    line: Pt | None = None  # exact line spacing; None keeps single spacing
    indent_chars: int = 0  # first-line indent in characters (GB/T 9704: two)
    space_after: Pt | None = None
    outline: int | None = None  # 0 = 一、, 1 = （一）: shows in Word's navigation pane
    keep_next: bool = False


STYLES = (
    StyleSpec(BODY, FANGSONG, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY, line=LINE_PITCH,
              indent_chars=2),
    # 22 pt glyphs in a 28 pt exact line are clipped in Word; 36 pt keeps a two-line title airy.
    StyleSpec(TITLE, XIAOBIAOSONG, Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36),
              space_after=LINE_PITCH),
    # Headings inherit 报告正文's indent and line pitch, so they sit on the same 22-line grid.
    StyleSpec(HEADING1, HEITI, BODY_SIZE, base=BODY, outline=0, keep_next=True),
    StyleSpec(HEADING2, KAITI, BODY_SIZE, base=BODY, outline=1, keep_next=True),
    # Exact line pitches in tables too: a row is as tall with the licensed 仿宋_GB2312 as with the
    # free FandolFang, so the page breaks (and the committed page count) do not depend on fonts.
    StyleSpec(TABLE_TEXT, FANGSONG, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, line=TABLE_LINE),
    StyleSpec(TABLE_LABEL, FANGSONG, TABLE_SIZE, base=TABLE_TEXT, align=WD_ALIGN_PARAGRAPH.LEFT),
    StyleSpec(TABLE_SMALL, FANGSONG, Pt(9), base=TABLE_TEXT, line=Pt(12)),
    StyleSpec(TABLE_CAPTION, HEITI, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, line=LINE_PITCH, keep_next=True),
    StyleSpec(PAGE_NUMBER, SONGTI, Pt(14)),
    StyleSpec(CHART, FANGSONG, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec(SIGNATURE, FANGSONG, BODY_SIZE, base=BODY, align=WD_ALIGN_PARAGRAPH.LEFT),
    StyleSpec(ATTACHMENT, HEITI, BODY_SIZE, base=BODY, align=WD_ALIGN_PARAGRAPH.LEFT, outline=0, keep_next=True),
)
#: GB/T 9704 7.3.5.1: the 成文日期 4 characters from the right edge, the unit's name centred above
#: it. One centre tab for both lines, on the middle of a typical date (2025年1月20日: 6.5 characters).
SIGNATURE_CENTRE = Emu(TEXT_WIDTH - int(Pt(BODY_SIZE.pt * (4 + 6.5 / 2))))


def set_fonts(rpr: _Element, font: str) -> None:
    """Write ``font`` into every slot of ``rpr``'s rFonts and drop theme fonts, which would win."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), font)


def _add_style(doc: DocumentObject, spec: StyleSpec) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = doc.styles[spec.base]
    style.quick_style = True  # listed in the style gallery, where a person looks for it
    style.font.size = spec.size
    set_fonts(style.element.get_or_add_rPr(), spec.font)
    # First child: w:overflowPunct precedes every property python-docx writes into a style's pPr.
    style.element.get_or_add_pPr().insert(0, _no_hanging_punctuation())
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = spec.line
    if spec.space_after is not None:
        fmt.space_after = spec.space_after
    if spec.keep_next:
        fmt.keep_with_next = True
    if spec.indent_chars:
        # Word and WPS use firstLineChars (it follows the font size); firstLine is the fallback
        # for LibreOffice and older readers.
        fmt.first_line_indent = Pt(spec.size.pt * spec.indent_chars)
        ind = style.element.get_or_add_pPr().find(qn("w:ind"))
        assert ind is not None
        ind.set(qn("w:firstLineChars"), str(100 * spec.indent_chars))
    if spec.outline is not None:
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(spec.outline))
        style.element.get_or_add_pPr().append(outline)


def _no_hanging_punctuation() -> _Element:
    """Word and LibreOffice let a line-final “。” or “，” hang past the right margin by default; a
    公文 keeps every character inside the 156 mm block (GB/T 9704: 28 characters a line).
    LibreOffice reads it from a style, not from the document defaults, so both carry it."""
    return _element("w:overflowPunct", val="0")


def _set_defaults(doc: DocumentObject) -> None:
    """Document defaults: 仿宋 三号, Chinese language, no spacing after paragraphs, no punctuation
    hanging into the margin.

    python-docx's default template uses theme fonts (Calibri/宋体), 11 pt and 10 pt after every
    paragraph; anything a person adds without a style would look foreign in an official report.
    """
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr is not None
    set_fonts(rpr, FANGSONG)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    assert ppr is not None
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
    ppr.insert(0, _no_hanging_punctuation())


def setup_document(doc: DocumentObject) -> None:
    """Page size, margins, defaults, the named styles and the page-number footers."""
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(15)
    # GB/T 9704: the page number's dash sits 7 mm below the text block; 14 pt is about 5 mm high.
    section.footer_distance = Emu(MARGIN_BOTTOM - Mm(7) - Mm(5))
    _set_defaults(doc)
    for spec in STYLES:
        _add_style(doc, spec)
    signature = doc.styles[SIGNATURE]
    assert isinstance(signature, ParagraphStyle)
    signature.paragraph_format.tab_stops.add_tab_stop(SIGNATURE_CENTRE, WD_TAB_ALIGNMENT.CENTER)
    # No first-line indent: the tab alone places the 落款, and the 附件 heading starts at the margin
    # (Word reads firstLineChars first).
    for name in (SIGNATURE, ATTACHMENT):
        flush = doc.styles[name]
        assert isinstance(flush, ParagraphStyle)
        flush.paragraph_format.first_line_indent = Pt(0)
        ind = flush.element.get_or_add_pPr().find(qn("w:ind"))
        assert ind is not None
        ind.set(qn("w:firstLineChars"), "0")
    # Odd pages: number right, one character in; even pages: left (GB/T 9704 7.5).
    doc.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _run(paragraph: Paragraph, *children: _Element) -> None:
    run = paragraph.add_run()
    for child in children:
        run._r.append(child)


def _element(tag: str, text: str = "", **attrs: str) -> _Element:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    if text:
        el.text = text
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """“— 7 —”: a PAGE field between two em dashes, so Word and WPS number every page."""
    paragraph.style = PAGE_NUMBER
    paragraph.alignment = align
    one_char = Pt(14)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = one_char
    else:
        paragraph.paragraph_format.left_indent = one_char
    paragraph.add_run("— ")
    _run(paragraph, _element("w:fldChar", fldCharType="begin"))
    _run(paragraph, _element("w:instrText", " PAGE "))
    _run(paragraph, _element("w:fldChar", fldCharType="separate"))
    paragraph.add_run("1")
    _run(paragraph, _element("w:fldChar", fldCharType="end"))
    paragraph.add_run(" —")


#: Children of w:tblPr in schema order: Word rejects a file whose elements are out of order.
_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
                "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def frame_table(table: DocxTable, widths: list[int], header_rows: int) -> None:
    """Full text width, fixed column widths, single borders on every cell, rows kept whole.

    ``widths`` are twentieths of a point (dxa) and must add up to the text width. Rows may not
    split across pages, and the first ``header_rows`` rows repeat on every page the table spans.
    """
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = _element("w:tblW")
        tbl_pr.insert_element_before(tbl_w, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblW") + 1:])
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    borders = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", val="single", sz="4", space="0", color="000000"))
    tbl_pr.insert_element_before(borders, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblBorders") + 1:])
    margins = _element("w:tblCellMar")
    x, y = str(int(CELL_MARGIN_X.twips)), str(int(CELL_MARGIN_Y.twips))
    for edge, dxa in (("top", y), ("left", x), ("bottom", y), ("right", x)):
        margins.append(_element(f"w:{edge}", w=dxa, type="dxa"))
    tbl_pr.insert_element_before(margins, *_TBLPR_ORDER[_TBLPR_ORDER.index("w:tblCellMar") + 1:])
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w * 635  # dxa → EMU
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_element("w:cantSplit"))
        if index < header_rows:
            tr_pr.append(_element("w:tblHeader"))
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w * 635
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def keep_whole(table: DocxTable) -> None:
    """Every paragraph of every row but the last is “keep with next”: Word, WPS and LibreOffice
    then start the table on a new page when the rest of the page cannot hold it (a table taller
    than a page still crosses, under its repeated header rows). Call it once the cells are filled."""
    for tr in table._tbl.tr_lst[:-1]:
        # The raw w:tc elements: the paragraphs of vertically merged continuation cells are not
        # reachable through row.cells, and they too must hold on to the next row.
        for tc in tr.tc_lst:
            for p in tc.p_lst:
                p.get_or_add_pPr().get_or_add_keepNext()
