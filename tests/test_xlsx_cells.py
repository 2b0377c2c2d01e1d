"""The native reader (``xlsx_cells.Book``) sees every cell as openpyxl's normal mode does.

openpyxl is the reference: it is what the tests write workbooks with and what Excel, WPS and
LibreOffice files have been read with for years. Each workbook below is compared cell by cell —
value and type with and without ``data_only``, formula text, number format, merges, sheet names
and defined names. ``WORKBOOKS`` names every kind of workbook the test suite holds: the example, the
blank template, synthetic units, edited copies with formulas and odd values, LibreOffice-saved copies,
and hand-made parts in shapes other writers produce (field notes, "Shapes a native .xlsx reader
meets"); every .xlsx committed under tests/ is added by itself. A new kind of workbook in the tests
belongs in this list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.reading.xlsx_cells import Book
from pipeline.workbook.template import write_template
from pipeline.workbook.writer import write_workbook

from .helpers import EXAMPLE, edit_workbook, office_round_trip, rezip
from .openpyxl_view import assert_same_as_openpyxl
from .synth import synth_report, unit_names

TESTS = Path(__file__).parent
#: One of each kind of value a workbook edited by staff holds: a formula, a float, a bool, an error,
#: a date, full-width digits, a percent format and a merge over an empty stretch.
EDITS = {"表二!B11": "=280+6", "表二!B12": 0.5, "表二!C11": True, "表二!D11": datetime(2024, 3, 1),
         "表三!D5": "１２", "表三!E5": 12.25, "表三!F5": "#DIV/0!"}
SHEET = "xl/worksheets/sheet2.xml"  # 基本信息

# Rich text with a phonetic guide, spaces kept, and the _xHHHH_ escapes of control characters.
STRINGS = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve"> 文本 </t></r>'
           '<rPh sb="0" eb="1"><t>フ</t></rPh></si><si><t>甲_x000D_乙_x005F_x0001_</t></si></sst>').encode()
# Cells of every type, shared and array formulas, a date in 1904 or 1900 counting, and a last row
# whose row and cells carry no reference (they follow the ones before).
ODD_ROWS = ('<row r="60"><c r="A60" t="s"><v>0</v></c><c r="B60" t="s"><v>1</v></c>'
            '<c r="C60" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D60" t="b"><v>1</v></c>'
            '<c r="E60" t="e"><v>#N/A</v></c><c r="F60" t="d"><v>2024-03-01T08:30:00</v></c>'
            '<c r="G60"><f t="shared" ref="G60:I60" si="0">A1&amp;"x"</f><v>1</v></c>'
            '<c r="H60"><f t="shared" si="0"/><v>2</v></c><c r="I60"><f t="shared" si="0"/><v>3</v></c>'
            '<c r="J60"><f t="array" ref="J60">SUM(G60:I60)</f><v>6</v></c>'
            '<c r="K60" t="inlineStr"><is><r><t>内联</t></r><r><t>富文本</t></r></is></c>'
            '<c r="L60"><v>1.5E3</v></c><c r="M60"><f>1/0</f></c><c r="N60" t="str"><v></v></c></row>'
            '<row><c><v>7</v></c><c t="inlineStr"><is><t>无引用</t></is></c></row>')
# What Excel adds around the data: an extension list whose formulas (<xm:f>) are not cells.
EXT = ('<extLst><ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
       'uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations '
       'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1"><x14:dataValidation '
       'type="list"><x14:formula1><xm:f>填报说明!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>B4</xm:sqref>'
       '</x14:dataValidation></x14:dataValidations></ext></extLst>')


def _variety(folder: Path) -> Path:
    path = edit_workbook(EXAMPLE, folder / "variety.xlsx", EDITS)
    wb = load_workbook(path)
    wb["表二"]["B12"].number_format = "0%"
    wb["基本信息"].merge_cells("E2:F3")
    wb.save(path)
    return path


def _odd_shapes(folder: Path, date1904: bool) -> Path:
    """Parts no openpyxl-saved file has: shared strings, every cell type, missing references."""
    def edit(name: str, data: bytes) -> bytes:
        if name == SHEET:
            return data.replace(b"</sheetData>", ODD_ROWS.encode() + b"</sheetData>").replace(
                b"</worksheet>", EXT.encode() + b"</worksheet>")
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                b'Id="rIdS"/></Relationships>')
        if name == "xl/workbook.xml" and date1904:
            return data.replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>')
        return data

    source = _variety(folder)
    return rezip(folder / f"odd{1904 if date1904 else 1900}.xlsx", source=source, edit=edit,
                 add={"xl/sharedStrings.xml": STRINGS})


def _without_references(folder: Path) -> Path:
    """表三 with no ``r`` on any row or cell: each follows the one before."""
    def edit(name: str, data: bytes) -> bytes:
        return re.sub(rb'(<(?:c|row)\b[^>]*?) r="[^"]*"', rb"\1", data) if name == "xl/worksheets/sheet5.xml" else data

    return rezip(folder / "norefs.xlsx", edit=edit)


def _template(folder: Path) -> Path:
    write_template(folder / "template.xlsx")
    return folder / "template.xlsx"


def _synthetic(folder: Path) -> Path:
    path = folder / "synthetic.xlsx"
    write_workbook(synth_report(unit_names(3)[2], seed=3), path)
    return path


WORKBOOKS: dict[str, Callable[[Path], Path]] = {
    "example": lambda folder: EXAMPLE,
    "template": _template,
    "synthetic": _synthetic,
    "variety": _variety,
    "variety-libreoffice": lambda folder: office_round_trip(_variety(folder), folder),
    "example-libreoffice": lambda folder: office_round_trip(EXAMPLE, folder),
    "formulas-libreoffice": lambda folder: office_round_trip(
        edit_workbook(EXAMPLE, folder / "formulas.xlsx", {"表二!B4": "=280+6", "表二!B5": "=1/0",
                                                          "表三!D5": "=SUM(1,2)"}), folder),
    "odd-shapes": lambda folder: _odd_shapes(folder, date1904=False),
    "odd-shapes-1904": lambda folder: _odd_shapes(folder, date1904=True),
    "no-references": _without_references,
}
COMMITTED = sorted(p for p in TESTS.rglob("*.xlsx"))


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_book_sees_what_openpyxl_sees(kind: str, tmp_path: Path) -> None:
    assert_same_as_openpyxl(WORKBOOKS[kind](tmp_path))


def test_committed_workbooks_too() -> None:
    """Any workbook a test keeps under tests/ (none yet besides those built above)."""
    for path in COMMITTED:
        assert_same_as_openpyxl(path)


def test_the_variety_is_really_there(tmp_path: Path) -> None:
    """The comparison above is only worth as much as the kinds of value it covers."""
    book = Book(_odd_shapes(tmp_path, date1904=True))
    try:
        assert book.is_formula("表二", "B11") and book.cell("表二", "B11") == ("=280+6", "f")
        assert book.cell("表二", "C11") == (True, "b")
        assert book.cell("表二", "D11")[1] == "d"
        assert book.cell("表三", "F5") == ("#DIV/0!", "e")
        assert book.number_format("表二", "B12") == "0%"
        assert book.is_merged("基本信息", "F3")
        assert book.cell("基本信息", "A60") == ("富 文本 ", "s")  # the phonetic guide is not text
        assert book.cached("基本信息", "C60") == ("ab", "s")
        assert book.formula("基本信息", "I60") == '=C1&"x"'  # the shared formula, moved two columns
        assert book.cached("基本信息", "I60") == (3, "n")
        assert book.cached("基本信息", "M60") == (None, "n") and book.is_formula("基本信息", "M60")
        assert book.cell("基本信息", "B61") == ("无引用", "s")
        assert book.cell("基本信息", "F60") == (datetime(2024, 3, 1, 8, 30), "d")
    finally:
        book.close()
