"""The committed workbook template is what the generator makes, and it is built as staff need it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipeline.core.names import display_width
from pipeline.core.paths import ROOT
from pipeline.format.layout import SHEETS, TABLE_INPUTS, all_inputs
from pipeline.format.official import TABLES, TEMPLATE_VERSION
from pipeline.format.rules import LIVE_EQUATIONS, TOTAL_CELLS, TOTALS
from pipeline.workbook.template import write_template

COMMITTED = ROOT / "workbook_template.xlsx"


def test_committed_template_is_what_the_generator_makes(cli, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.xlsx"
    assert cli("template", "-o", fresh)[0] == 0
    assert fresh.read_bytes() == COMMITTED.read_bytes(), "run `make template` and commit workbook_template.xlsx"


def test_every_input_has_a_defined_name_pointing_at_one_cell(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    assert tuple(wb.sheetnames) == SHEETS
    for inp in all_inputs():
        dests = list(wb.defined_names[inp.name].destinations)
        assert dests == [(inp.place.sheet, inp.place.reference.split("!")[1])]
    version = all_inputs()[0]
    assert wb[version.place.sheet][version.place.coordinate].value == TEMPLATE_VERSION


def test_inputs_unlocked_labels_locked_sheets_protected_without_password() -> None:
    wb = load_workbook(COMMITTED)
    totals = {TABLE_INPUTS[t.table][t.cell].name for t in TOTALS}
    for inp in all_inputs()[1:]:
        locked = wb[inp.place.sheet][inp.place.coordinate].protection.locked
        assert locked is (inp.name in totals), inp.name  # staff type details; totals are formulas
    for t in TABLES:
        ws = wb[t.sheet]
        assert ws.protection.sheet and not ws.protection.password
        assert ws["A1"].protection.locked  # the title


def test_validation_and_live_checks_come_from_the_declarations() -> None:
    wb = load_workbook(COMMITTED)
    for t in TABLES:
        ws = wb[t.sheet]
        validated = set()
        for dv in ws.data_validations.dataValidation:
            assert dv.type in ("whole", "decimal") and dv.formula1 == "0"
            validated |= {f"{get_column_letter(c)}{r}" for rng in dv.sqref.ranges for r, c in rng.cells}
        assert validated == {i.place.coordinate for k, i in TABLE_INPUTS[t.key].items()
                             if k not in TOTAL_CELLS[t.key]}
        rules = [r for cf in ws.conditional_formatting for r in cf.rules]
        assert len(rules) == sum(e.table == t.key for e in LIVE_EQUATIONS)
    check = wb["校验"]
    assert check.max_row == len(LIVE_EQUATIONS) + 2  # the verdict, the headers, one row per equation
    assert str(check["D3"].value).startswith("=SUM(")


def test_every_sheet_prints_one_page_wide_with_its_headers_repeated() -> None:
    wb = load_workbook(COMMITTED)
    for ws in wb.worksheets:
        tall = 1 if ws.title == "基本信息" else 0  # its fields and their verdict on one sheet of paper
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == tall, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
    assert wb["表三"].print_title_rows == "$1:$4"  # the title and the three header rows
    assert wb["校验"].print_title_rows == "$1:$2"  # the verdict and the column headers
    for row in wb["校验"].iter_rows(min_row=3):
        for cell in row:
            assert cell.alignment.wrap_text, cell.coordinate  # nothing cut at the column's edge


def test_totals_are_formulas_over_their_details() -> None:
    wb = load_workbook(COMMITTED)
    t3, t4 = wb["表三"], wb["表四"]
    assert t3["D28"].value == "=SUM(D7:D27)"  # （七）总计, 自然人: the 21 result rows
    assert t3["J7"].value == "=SUM(D7:I7)"  # 总计 column: the six applicant columns
    assert t3["J28"].value == "=SUM(D28:I28)"
    assert t4["E5"].value == "=SUM(A5:D5)"  # 行政复议 总计
    assert len(TOTALS) == 6 + 25 + 3


def test_wrapped_guide_and_help_texts_get_rows_tall_enough() -> None:
    """Applications do not reliably grow rows for wrapped text on opening: the template sizes them."""
    wb = load_workbook(COMMITTED)
    for ws, col, width in ((wb["填报说明"], 2, 100), (wb["基本信息"], 3, 60)):
        for row in range(2, ws.max_row + 1):
            text = ws.cell(row, col).value
            units = display_width(text) if isinstance(text, str) else 0
            if units > width:
                lines = -(-units // width)
                assert (ws.row_dimensions[row].height or 0) >= 15 * lines, (ws.title, row)
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
