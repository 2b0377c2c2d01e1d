"""How the county's spreadsheets print: A4 landscape, one page wide, header rows repeated on every
page, text wrapped in bordered cells with rows tall enough for it, page numbers in the footer.

openpyxl writes no row height by itself and Excel does not grow a row for wrapped text it did not
lay out, so rows get a height from the text's display width (a CJK character is two columns wide).
For a write-only sheet, ``setup`` must run before the first row is appended (the sheet's properties
are written with it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from unicodedata import east_asian_width

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.core.names import display_width

_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=16)
#: Points a line of 11-point text takes: CJK fonts (Noto Sans CJK, 等线) set lines about 1.5 em apart.
LINE_HEIGHT = 17.0
PADDING = 4.0


def setup(ws: Worksheet, title_rows: str, widths: Sequence[float]) -> None:
    """Landscape A4, one page wide and as many long as needed, ``title_rows`` (“1:1”) on every page."""
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # no limit: as many pages long as the rows need
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped column ``width`` characters wide."""
    room = max(1, int(width) - 1)
    return sum(max(1, math.ceil(_width(part) / room)) for part in str(text).split("\n"))


def _width(text: str) -> int:
    """Like ``display_width``, but quotation marks “” and other ambiguous-width characters count two:
    a Chinese font draws them wide, and a row one line too short hides the end of the message."""
    return display_width(text) + sum(1 for ch in text if east_asian_width(ch) == "A")


def row_height(values: Sequence[object], widths: Sequence[float]) -> float:
    return PADDING + LINE_HEIGHT * max(lines("" if v is None else str(v), w)
                                       for v, w in zip(values, widths, strict=False))
