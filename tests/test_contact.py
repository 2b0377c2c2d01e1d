"""填报人、联系电话、审核人、填报日期: read for the county's lists, never printed in the report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from pipeline.format.layout import CONTACT_INPUTS
from pipeline.reading.reader import read
from pipeline.report.context import build_context

from .helpers import EXAMPLE


def test_contact_fields_are_read(make_workbook) -> None:
    path = make_workbook({"contact_filler": " 张 三 ", "contact_phone": "0851-1234567",
                          "contact_reviewer": "李四", "contact_filled_on": datetime(2025, 1, 15)})
    report, problems = read(path)
    assert report.contact == {"filler": "张 三", "phone": "0851-1234567", "reviewer": "李四",
                              "filled_on": "2025-01-15"}
    assert not [p for p in problems if p.cells and p.cells[0].startswith("基本信息")]
    assert "张 三" not in repr(build_context(report)) and "0851-1234567" not in repr(build_context(report))


def test_blank_contact_fields_are_no_problem() -> None:
    report, problems = read(EXAMPLE)
    assert report.contact == {}
    assert not any(p.code.startswith("H8") for p in problems)


def test_a_workbook_made_before_the_fields_existed_still_reads(tmp_path: Path) -> None:
    wb = load_workbook(EXAMPLE)
    for inp in CONTACT_INPUTS.values():
        del wb.defined_names[inp.name]
    wb.save(tmp_path / "old.xlsx")
    report, _ = read(tmp_path / "old.xlsx")
    assert report.contact == {} and report.unit_name == "盘江镇"
