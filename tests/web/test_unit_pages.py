"""A unit's pages over HTTP: upload, the same problems as ``check``, the documents, its own history."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from pipeline.core.problems import as_json, count
from pipeline.run import check_workbook
from pipeline.web.serve import Prepared
from tests.helpers import EXAMPLE
from tests.web.conftest import YEAR, Unit, renamed_example, token_of


def _result_page(unit: Unit, data: bytes, name: str = "填报表.xlsx") -> tuple[str, str]:
    response = unit.upload(data, name)
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    page = unit.client.get(location)
    assert page.status_code == 200
    return location, page.get_data(as_text=True)


def test_a_clean_workbook_passes_with_the_same_problems_as_check(unit: Unit, prepared: Prepared) -> None:
    data = EXAMPLE.read_bytes()
    location, page = _result_page(unit, data, "盘江镇2024.xlsx")
    assert f"没有错误，有 {count(check_workbook(EXAMPLE).problems)[1]} 个警告" in page
    assert "正文!B6" in page and "T7" in page
    assert hashlib.sha256(data).hexdigest() not in page, "a clerk reads no fingerprint on the result page"
    (sub,) = prepared.store.submissions(prepared.store.units()[0].id)
    # The stored result is exactly what `check --json` prints for the same file, with what the
    # workbook says of itself (for the round's documents: its unit, year and contact).
    stored = json.loads(sub.result)
    assert stored.pop("workbook")["year"] == 2024
    assert stored == json.loads(as_json(check_workbook(EXAMPLE).problems))
    assert prepared.store.file_path(sub.sha256).read_bytes() == data  # kept, by fingerprint
    assert location.endswith(f"/s/{sub.id}")


def test_one_wrong_number_is_shown_with_its_cell_and_no_report_is_offered(unit: Unit, wrong_number: Path) -> None:
    location, page = _result_page(unit, wrong_number.read_bytes())
    assert "不能生成报告" in page
    # An equation that D5 takes part in fails (新收 1 + 结转 0 ≠ 办结 0 + 结转下年度 0): its cell is named.
    assert re.search(r'<li class="error">\s*<p class="head"><span class="badge">错误</span>\s*'
                     r'(<span class="cell">[^<]*</span>)*<span class="cell">表三!D5</span>', page)
    assert "annotated.xlsx" in page
    assert "report.docx" not in page
    assert unit.client.get(f"{location}/report.docx").status_code == 404  # not even by typing the address


def test_the_annotated_copy_marks_the_wrong_cell(unit: Unit, wrong_number: Path) -> None:
    location, _ = _result_page(unit, wrong_number.read_bytes())
    response = unit.client.get(f"{location}/annotated.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.data))
    assert wb["表三"]["D5"].comment is not None and "【错误 H" in wb["表三"]["D5"].comment.text
    assert "问题清单" in wb.sheetnames


def test_a_clean_workbook_gives_the_word_report_and_the_web_page(unit: Unit) -> None:
    location, page = _result_page(unit, EXAMPLE.read_bytes())
    assert "report.docx" in page and "report.html" in page
    docx = unit.client.get(f"{location}/report.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "盘江镇2024年政府信息公开工作年度报告" in text
    html = unit.client.get(f"{location}/report.html")
    assert html.status_code == 200 and "attachment" in html.headers["Content-Disposition"]
    assert "<table" in html.get_data(as_text=True)
    assert unit.client.get(f"{location}/report.exe").status_code == 404


def test_the_pdf_when_libreoffice_is_there(unit: Unit) -> None:
    from pipeline.report import pdf

    location, page = _result_page(unit, EXAMPLE.read_bytes())
    assert ("report.pdf" in page) == pdf.available()
    response = unit.client.get(f"{location}/report.pdf")
    if pdf.available():  # the CI machine has LibreOffice; the page offers no PDF where it is missing
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
    else:
        assert response.status_code == 422 and "LibreOffice" in response.get_data(as_text=True)


def test_the_units_page_lists_its_submissions_newest_first(unit: Unit, wrong_number: Path) -> None:
    first, second = wrong_number.read_bytes(), EXAMPLE.read_bytes()
    _result_page(unit, first, "第一次.xlsx")
    _result_page(unit, second, "第二次.xlsx")
    page = unit.page()
    assert page.index("第二次.xlsx") < page.index("第一次.xlsx")
    assert hashlib.sha256(first).hexdigest()[:16] in page and hashlib.sha256(second).hexdigest()[:16] in page
    assert "仅有警告" in page  # the latest result is the unit's state


def test_the_blank_workbook_carries_the_units_name_and_year(unit: Unit, tmp_path: Path) -> None:
    response = unit.client.get(f"/u/{unit.token}/blank.xlsx")
    assert response.status_code == 200
    path = tmp_path / "blank.xlsx"
    path.write_bytes(response.data)
    report = check_workbook(path).report
    assert (report.unit_name, report.year) == ("盘江镇", YEAR)


def test_another_units_workbook_is_an_error_on_this_link(unit: Unit) -> None:
    _, page = _result_page(unit, renamed_example("某某县教育局"))
    assert "W1" in page and "某某县教育局" in page and "基本信息!B2" in page


def test_a_workbook_of_another_year_is_an_error(client, prepared: Prepared, tmp_path: Path) -> None:
    from tests.helpers import edit_workbook

    other = edit_workbook(EXAMPLE, tmp_path / "2023.xlsx", {"year": 2023})
    unit = Unit(client, token_of(prepared, "盘江镇"))
    _, page = _result_page(unit, other.read_bytes())
    assert "W2" in page and "基本信息!B3" in page


def test_an_unreadable_file_is_recorded_with_the_reason_under_its_own_name(unit: Unit, prepared: Prepared) -> None:
    _, page = _result_page(unit, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧表.xls")
    assert "文件无法读取" in page and "旧版 Excel（.xls）" in page and "旧表.xls" in page
    (sub,) = prepared.store.submissions(prepared.store.units()[0].id)
    assert not sub.readable and sub.sha256 not in json.loads(sub.result)["problems"][0]["message"]


def test_a_short_form_of_the_units_name_is_paired_and_said(client, prepared: Prepared) -> None:
    """The one unit-name rule: a workbook signed “某某县教育局” on the link of “某某县教育局” is exact; one
    signed with the parent area in front is the same unit, said once as U1, not refused (W1)."""
    unit = Unit(client, token_of(prepared, "某某县教育局"))
    _, page = _result_page(unit, renamed_example("某某省某某县教育局"))
    assert "U1" in page and "W1" not in page
