"""What every sheet of the template shares: fills, borders, protection, row heights, printing."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.core.names import display_width

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: type here
LABEL_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: official labels, locked
UNUSED_FILL = PatternFill("solid", fgColor="BFBFBF")  # dark grey: no cell in the official table
TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")  # pale blue: a 总计 the template computes, locked
ALERT_FILL = PatternFill("solid", fgColor="FFC7CE")  # red: a 勾稽 equation fails
ALERT_FONT = Font(color="9C0006", bold=True)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP_LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")
ROW_LABEL = Alignment(wrap_text=True, vertical="center", horizontal="left")
UNLOCKED = Protection(locked=False)
MAX_ROW_HEIGHT = 409
LINE_HEIGHT = 15  # points per wrapped line at the default 11 pt font


def protect(ws: Worksheet) -> None:
    # No password: protection keeps labels from being typed over by accident, not from staff.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def header_row(ws: Worksheet, *labels: str) -> None:
    for col, text in enumerate(labels, 1):
        cell = ws.cell(1, col, text)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), LABEL_FILL, BOX, WRAP


def fit_row(ws: Worksheet, row: int, text: str, room: float, least: float = 0) -> None:
    """Make ``row`` tall enough for ``text`` wrapped in ``room`` width units. Office applications do
    not reliably grow a row for wrapped text when opening a file (LibreOffice showed the 填报说明 texts'
    first line only), and a height written in the file is kept as it is."""
    lines = sum(-(-max(display_width(part), 1) // int(room)) for part in text.split("\n"))
    current = ws.row_dimensions[row].height or 0
    # 409 points is the tallest row Excel allows; a longer text is seen by selecting the cell.
    ws.row_dimensions[row].height = min(max(current, least, LINE_HEIGHT * lines + 6), MAX_ROW_HEIGHT)


def print_setup(ws: Worksheet, title_rows: int = 1) -> None:
    """Printed on A4 landscape, one page wide and as many pages tall as needed, the first
    ``title_rows`` rows (title and column headers) repeated on every page: staff print the guide and
    the tables to check them, and a table that runs onto a second page must still say what each
    column is."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5  # inches: room for the table, not for the margin
    if title_rows:
        ws.print_title_rows = f"1:{title_rows}"
