"""图解: the charts are drawn from the checked tables, and their numbers read back from the SVG are
the tables' numbers; the Word report carries the PNG, the web page and the fragment the SVG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.core.model import Report
from pipeline.format.official import T3_COLS, T3_GROUPS, T4_GROUPS
from pipeline.report.charts import Charts, draw
from pipeline.report.document import render
from pipeline.report.html import fragment, page
from pipeline.run import report_context

from .docx_helpers import TEMPLATE, complete_report

SVG = "{http://www.w3.org/2000/svg}"


def last_year() -> Report:
    report = complete_report()
    t3 = report.tables["t3"].values
    for key, value in list(t3.items()):  # a different year
        t3[key] = value // 2 if isinstance(value, int) else value
    return report


@pytest.fixture(scope="module")
def charts() -> Charts:
    return draw(complete_report(), last_year())


def read_back(svg: str) -> dict[str, str]:
    """Every number printed on a bar, by the bar's id: what a reader of the chart sees."""
    root = ET.fromstring(svg)
    return {g.get("id", ""): "".join(t.text or "" for t in g.iter(f"{SVG}text"))
            for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("value-")}


def test_numbers_read_back_from_the_svg_are_the_tables(charts: Charts) -> None:
    report, previous = complete_report(), last_year()
    t3, t4 = report.tables["t3"], report.tables["t4"]
    expected = {}
    for label, rows in T3_GROUPS.items():  # the six result groups: sums of their detail rows
        name = label[3:].split("（")[0]
        expected[f"value-results-本年-{name}"] = sum(int(t3.value(r, "total")) for r in rows)
    for c in T3_COLS[:-1]:
        expected[f"value-applicants-本年-{c.label}"] = int(t3.value("new", c.key))
    for group, _ in T4_GROUPS:
        for key, label in (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
                           ("pending", "尚未审结")):
            expected[f"value-t4-{group}-本年-{label}"] = int(t4.value("cases", f"{group}_{key}"))
    for year, r in (("本年", report), ("上年", previous)):
        expected[f"value-change-{year}-新收申请"] = int(r.tables["t3"].value("new", "total"))
        expected[f"value-change-{year}-办结申请"] = int(r.tables["t3"].value("total", "total"))
        expected[f"value-change-{year}-行政复议"] = int(r.tables["t4"].value("cases", "review_total"))
        expected[f"value-change-{year}-行政诉讼"] = (int(r.tables["t4"].value("cases", "direct_total"))
                                                   + int(r.tables["t4"].value("cases", "after_total")))
    assert read_back(charts.svg) == {k: str(v) for k, v in expected.items()}


def test_without_last_year_there_is_no_change_panel() -> None:
    found = read_back(draw(complete_report()).svg)
    assert found and not any(k.startswith("value-change") for k in found)


def test_word_report_has_the_png_and_the_page_the_svg(charts: Charts, tmp_path: Path) -> None:
    report = complete_report()
    report.charts = True
    ctx = report_context(report)
    render(TEMPLATE, ctx, tmp_path / "r.docx")
    with zipfile.ZipFile(tmp_path / "r.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and z.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    heading = "附件：2024年政府信息公开工作年度报告图解"  # an 附件 after the 落款, named after the report
    assert paragraphs[-2:] == [heading, ""], "the heading, then the picture's paragraph"
    for html in (page(ctx), fragment(ctx)):
        assert heading in html and html.count("<svg") == 1
        assert read_back(html[html.index("<svg"):html.index("</svg>") + 6])


def test_charts_off_leaves_no_page(tmp_path: Path) -> None:
    report = complete_report()  # the switch is off unless the workbook turns it on
    ctx = report_context(report)
    render(TEMPLATE, ctx, tmp_path / "r.docx")
    with zipfile.ZipFile(tmp_path / "r.docx") as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    assert "图解" not in [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert "<svg" not in page(ctx) and "<svg" not in fragment(ctx)


def test_png_is_a_picture_of_the_text_width(charts: Charts) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(charts.png)) as img:
        assert abs(img.width / 200 * 25.4 - 156) < 1  # 156 mm at 200 dpi


def test_a_chart_with_nothing_to_show_is_left_out() -> None:
    """A township without a single 复议 or 诉讼 gets no chart of zeros; with every number 0, no 图解 at all."""
    report = complete_report()
    t4 = report.tables["t4"].values
    for key in t4:
        t4[key] = 0
    found = {key.split("-")[1] for key in read_back(draw(report).svg)}
    assert found == {"results", "applicants"}
    for table in report.tables.values():
        for key, value in table.values.items():
            table.values[key] = value * 0
    assert draw(report) is None
    report.charts = True
    ctx = report_context(report)
    assert ctx["charts"] == "" and "<svg" not in page(ctx)
