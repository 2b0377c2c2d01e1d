"""Table 三 as printed: whole on one page, its header labels never broken inside a word.

The PDF is read back with ``pdftotext -bbox``: the example report, and the same report with
narratives of several lengths that bring table 三 to every part of a page, including places where
only a few of its rows would fit (where it must move, whole, to the next page). One LibreOffice
start converts them all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.format.grid import table_grid
from pipeline.format.official import TABLE2, TABLE3, TABLE4, TABLES, Table
from pipeline.report import pdf as pdf
from pipeline.report.context import build_context
from pipeline.report.document import render
from pipeline.report.table_layout import WRAPPED, WRAPS, wrapped
from pipeline.run import render_workbook

from .docx_helpers import TEMPLATE, complete_report
from .helpers import EXAMPLE
from .test_pdf import words

HEADING = TABLE3.heading
#: Extra narrative before table 三, in characters of 三号 (28 a line, 22 lines a page): steps of
#: about three lines, across a whole page, so the table's start visits every part of a page.
EXTRA = range(0, 660, 80)
#: The label of each table's last row, as printed (table 四's last row is numbers: its last header line).
TABLE_LAST_LABEL = {"t2": "行政事业性收费", "t4": "审结"}
BOTTOM = 841.89 - 35 * 72 / 25.4  # the lower edge of the text block, in points


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    assert pdf.available(), "LibreOffice is required (installed by .ci/run)"
    folder = tmp_path_factory.mktemp("table-page")
    docs = [folder / "example.docx"]
    assert render_workbook(EXAMPLE, docs[0]).written == docs[0]
    for n in EXTRA:
        report = complete_report()
        report.texts["s1_supervision"] = ["监督保障工作情况。" * (n // 9) or "监督保障工作情况。"]
        docs.append(folder / f"extra{n}.docx")
        render(TEMPLATE, build_context(report), docs[-1])
    return pdf.convert_many(docs, folder)


def table_lines(table: Table = TABLE3) -> list[str]:
    """Every line of every header label of ``table``, as it must appear in the PDF: whole."""
    labels = {g.text for g in table_grid(table) if g.role != "data" and g.text}
    return [line for label in sorted(labels) for line in wrapped(label).split("\n")]


def test_every_wrap_is_of_a_declared_label() -> None:
    labels = {g.text for t in TABLES for g in table_grid(t) if g.role != "data"}
    assert set(WRAPPED) <= labels
    assert all("\n\n" not in w and not w.startswith("\n") for w in WRAPS)


def test_table_three_is_whole_on_one_page_with_unbroken_labels(pdfs: list[Path]) -> None:
    moved = 0
    for path in pdfs:
        found = words(path)
        heading = [w for w in found if w.text == HEADING]
        assert len(heading) == 1, path.name
        page = heading[0].page
        on_page = [w.text for w in found if w.page == page]
        # Every label line whole, on the heading's page: no 自然/人, no row left on another page.
        assert [line for line in table_lines() if line not in on_page] == [], path.name
        last_row = next(w for w in found if w.text == TABLE3.rows[-1].label)
        assert last_row.page == page and last_row.y0 < BOTTOM
        # Numbers of table 三 all on that page (complete_report gives every cell its own number).
        if path.stem != "example":
            ctx = build_context(complete_report())
            numbers = list(ctx["t3"].values())
            assert [n for n in numbers if n not in on_page] == [], path.name
        # Moved: the page before ends well above its foot, yet the table went to the next page.
        before = [w for w in found if w.page == page - 1 and not re.fullmatch(r"[—\d\s]+", w.text)]
        if heading[0].y0 < 150 and before and max(w.y0 for w in before) < BOTTOM - 100:
            moved += 1
    assert moved >= 2, "no narrative length brought the table near a page end"


@pytest.mark.parametrize("table", [TABLE2, TABLE4], ids=["t2", "t4"])
def test_tables_two_and_four_are_whole_on_one_page_with_unbroken_labels(pdfs: list[Path], table: Table) -> None:
    # No table crosses a page, wherever the narrative puts it: so no continuation page ever shows
    # rows under a missing block title or header (Word cannot repeat table 二's block titles).
    first, last = table_lines(table)[0], TABLE_LAST_LABEL[table.key]
    for path in pdfs:
        found = words(path)
        [heading] = [w for w in found if w.text == table.heading]
        page = heading.page
        on_page = [w.text for w in found if w.page == page]
        assert first in on_page and [line for line in table_lines(table) if line not in on_page] == [], path.name
        assert last in on_page, f"{path.name}: the last row of {table.sheet} is not on its heading's page"


def test_header_rows_repeat_and_rows_never_split() -> None:
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(TEMPLATE))
    t3 = doc.tables[1]
    rows = t3._tbl.tr_lst
    assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows[:4]] == [True, True, True, False]
    keep = [all(p.pPr is not None and p.pPr.keepNext is not None for tc in tr.tc_lst for p in tc.p_lst)
            for tr in rows]
    assert keep == [True] * (len(rows) - 1) + [False]
