"""Pages as websites publish them (``shapes``): every cell read exactly, or left empty and listed."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from pipeline.format.layout import TABLE_INPUTS
from pipeline.importing.read import import_report
from tests.importing.shapes import portal, ucap
from tests.synth import synth_report

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "reports"


def test_ucap_page_of_shuyang_reads_every_printed_cell_and_lists_every_blank(tmp_path) -> None:
    published = json.loads((CORPUS / "shuyang-fgj-2023.json").read_text(encoding="utf-8"))
    tables = published["tables"]

    def value(table: str, key: tuple[str, str]) -> object:
        return tables[table][key[0]][key[1]]

    page = tmp_path / "沭阳县发展和改革局2023年政府信息公开年度报告.shtml.html"
    page.write_text(ucap(published, value), encoding="utf-8")
    report, note = import_report(page)
    assert (report.unit_name, report.year, report.sign_date) == ("沭阳县发展和改革局", 2023, date(2024, 1, 17))
    assert report.texts == {k: v for k, v in published["texts"].items()}
    blanks = []
    for key, inputs in TABLE_INPUTS.items():
        for cell, inp in inputs.items():
            printed = value(key, cell)
            if printed is None:
                blanks.append(inp.place.address)
                assert cell not in report.tables[key].values
            else:
                expected = Decimal(printed) if isinstance(printed, str) else printed
                assert report.tables[key].values[cell] == expected, (key, cell)
    assert len(blanks) == 25 * 5  # every 法人或其他组织 cell of table 三 is blank as published
    listed = [m for m in note.missing if "!" in m.part]
    assert [m.part.split("（")[0] for m in listed] == blanks
    assert {m.why for m in listed} == {"单元格为空"}
    assert all(m.where.startswith("第2个表格第") for m in listed)  # table 三 is the page's 2nd data table
    assert not note.complete


def test_portal_page_full_width_digits_units_dashes_and_empty_cells(tmp_path) -> None:
    original = synth_report("上海市某区人民政府办公室", 2024, seed=7)
    odd = {  # what editors put in cells, and what the import must make of it
        ("t3", ("new", "natural")): ("１２", 12),
        ("t3", ("open", "total")): ("6件", 6),
        ("t2", ("punishment", "decisions")): ("&nbsp;２０５&nbsp;件", 205),
        ("t3", ("deny_secret", "business")): ("—", "单元格中是“—”，不是数字"),
        ("t3", ("nh_repeat", "charity")): ("/", "单元格中是“/”，不是数字"),
        ("t4", ("cases", "after_other")): ("", "单元格为空"),
        ("t2", ("license", "decisions")): ("&nbsp;", "单元格为空"),
    }
    for (table, cell), (_, meant) in odd.items():
        if isinstance(meant, int):
            original.tables[table].values[cell] = meant

    def printed(table: str, cell: tuple[str, str]) -> str:
        if (table, cell) in odd:
            return odd[table, cell][0]
        return str(original.tables[table].values[cell])

    page = tmp_path / "4a03b5fa47ae4c73b7ec42801de6be66.html"
    page.write_text(portal(original.unit_name, 2024, original.texts, printed), encoding="utf-8")
    report, note = import_report(page)
    assert report.texts == original.texts and report.unit_name == original.unit_name
    unread = {(t, c): why for (t, c), (_, why) in odd.items() if isinstance(why, str)}
    assert [(m.part.split("（")[0], m.why) for m in note.missing if "!" in m.part] == \
        [(TABLE_INPUTS[t][c].place.address, why) for (t, c), why in sorted(
            unread.items(), key=lambda i: ("t2t3t4".index(i[0][0]), TABLE_INPUTS[i[0][0]][i[0][1]].place.row,
                                           TABLE_INPUTS[i[0][0]][i[0][1]].place.col))]
    for key, data in original.tables.items():
        for cell, value in data.values.items():
            if (key, cell) in unread:
                assert cell not in report.tables[key].values
            else:
                assert report.tables[key].values[cell] == value, (key, cell)
