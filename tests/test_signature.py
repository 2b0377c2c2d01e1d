"""The publishing choices on 基本信息: 成文日期 gives the 落款 (GB/T 9704), 图解 the chart page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
import pytest

from pipeline.format.layout import FIELD_INPUTS
from pipeline.reading.publishing import sign_date
from pipeline.reading.reader import read
from pipeline.report import docx_styles as st
from pipeline.report.context import build_context
from pipeline.report.html import fragment, page

DATE = FIELD_INPUTS["sign_date"]
CHARTS = FIELD_INPUTS["charts"]


@pytest.mark.parametrize("typed", ["2025年1月20日", "2025-01-20", "2025/1/20", "2025.1.20", " 2025 年 1 月 20 日 ",
                                   datetime(2025, 1, 20)])
def test_sign_date_as_clerks_type_it(typed: object) -> None:
    assert sign_date(typed) is not None and str(sign_date(typed)) == "2025-01-20"


@pytest.mark.parametrize("typed", ["2025年2月30日", "一月二十日", "20250120", "2025年"])
def test_not_a_date(typed: str) -> None:
    assert sign_date(typed) is None


def test_signature_in_word_and_html(cli, make_workbook, tmp_path: Path) -> None:
    book = make_workbook({DATE.place.address: "2025年1月20日"})
    report, problems = read(book)
    assert report.sign_date is not None and not [p for p in problems if p.code == "H8-DATE"]
    code, _, _ = cli("render", str(book), "-o", str(tmp_path / "r.docx"), "--html")
    assert code == 0
    paragraphs = docx.Document(str(tmp_path / "r.docx")).paragraphs
    signed = [(p.text, p.style.name if p.style else "") for p in paragraphs[-3:]]
    assert signed == [("", st.SIGNATURE), ("\t盘江镇人民政府", st.SIGNATURE), ("\t2025年1月20日", st.SIGNATURE)]
    ctx = build_context(report)
    for html in (page(ctx), fragment(ctx)):
        assert html.index("盘江镇人民政府</p><p") < html.index("2025年1月20日</p>")  # the fragment has no box


def test_no_date_no_signature(example: Path, tmp_path: Path, cli) -> None:
    report, _ = read(example)
    assert report.sign_date is None and report.charts is False
    cli("render", str(example), "-o", str(tmp_path / "r.docx"))
    assert "2025年" not in docx.Document(str(tmp_path / "r.docx")).paragraphs[-1].text
    assert not any(p.style and p.style.name == st.SIGNATURE
                   for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)


def test_bad_date_and_bad_switch_are_warnings(make_workbook) -> None:
    report, problems = read(make_workbook({DATE.place.address: "明年一月", CHARTS.place.address: "要"}))
    found = {p.code: p for p in problems}
    assert found["H8-DATE"].cells == (DATE.place.address,) and "明年一月" in found["H8-DATE"].message
    assert found["H8-SWITCH"].cells == (CHARTS.place.address,) and report.charts is False


def test_charts_switch_on(make_workbook) -> None:
    report, _ = read(make_workbook({CHARTS.place.address: "是"}))
    assert report.charts is True
