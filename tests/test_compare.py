"""The switch 与上年对比: with last year's workbook, a table of the main figures of both years.

The table follows table 四 in the Word report, the web page and the fragment; its figures are the
同比 sentence's (``yoy.figures``). Without last year's workbook there is no table and Y4 says why.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from pipeline.core.yoy import COMPARE_HEADING, FIGURES, comparison, figures
from pipeline.format.layout import FIELD_INPUTS, VERSION
from pipeline.format.official import TEMPLATE_VERSION
from pipeline.reading.reader import read
from pipeline.report.context import build_context
from pipeline.report.html import fragment, page
from pipeline.workbook.next_year import write_next_year
from pipeline.workbook.writer import write_workbook

from .synth import following_year, synth_report


def _years(compare: bool = True) -> tuple:
    last = synth_report("示例县第1镇", 2023)
    this = following_year(last)
    this.compare = compare
    return last, this


def _set(report, table: str, row: str, col: str, value: int) -> None:
    report.tables[table].values[row, col] = value


@pytest.mark.parametrize(("now", "last", "diff", "pct"), [
    (15, 12, "+3", "+25%"), (9, 12, "-3", "-25%"), (1, 3, "-2", "-66.7%"), (5, 5, "0", "0%"),
    (3, 0, "+3", "—"),  # a percentage of nothing means nothing
    (0, 0, "0", "—"),
])
def test_a_row_says_the_change_and_its_percentage(now: int, last: int, diff: str, pct: str) -> None:
    before, this = _years()
    _set(this, "t3", "new", "total", now)
    _set(before, "t3", "new", "total", last)
    row = comparison(this, before)[0]
    assert row == {"label": FIGURES[0].label, "last": str(last), "now": str(now), "diff": diff, "pct": pct}


def test_the_rows_are_the_figures_of_the_sentence() -> None:
    last, this = _years()
    rows = build_context(this, last)["compare_rows"]
    assert [(r["now"], r["last"]) for r in rows] == [
        (str(n), str(b)) for (_, n), (_, b) in zip(figures(this), figures(last), strict=True)]
    assert [r["label"] for r in rows] == [f.label for f in FIGURES]


def test_no_table_without_the_switch_or_without_last_year() -> None:
    last, this = _years(compare=False)
    assert build_context(this, last)["compare_rows"] == []
    this.compare = True
    assert build_context(this)["compare_rows"] == []


def _tables_after_table_four(path: Path) -> list[list[list[str]]]:
    doc = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables[3:]]


def test_render_prints_the_table_after_table_four(cli, tmp_path: Path) -> None:
    last, this = _years()
    write_workbook(last, tmp_path / "2023.xlsx")
    write_workbook(this, tmp_path / "2024.xlsx")
    out = tmp_path / "r.docx"
    code, printed, _ = cli("render", tmp_path / "2024.xlsx", "--previous", tmp_path / "2023.xlsx", "-o", out,
                           "--html")
    assert code == 0, printed
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert COMPARE_HEADING in texts
    # After section 四's heading (and table 四), before section 五.
    assert texts.index("四、政府信息公开行政复议、行政诉讼情况") < texts.index(COMPARE_HEADING) \
        < texts.index("五、存在的主要问题及改进情况")
    [table] = _tables_after_table_four(out)
    assert table[0] == ["项目", "2023年", "2024年", "增减", "增减幅度"]
    rows = comparison(this, last)
    assert table[1:] == [[r["label"], r["last"], r["now"], r["diff"], r["pct"]] for r in rows]
    for name in ("r.html", "r.片段.html"):
        html = (tmp_path / name).read_text("utf-8")
        assert COMPARE_HEADING in html and all(r["label"] in html for r in rows)
        assert html.index("四、政府信息公开行政复议") < html.index(COMPARE_HEADING) < html.index("五、存在的主要问题")


def test_switch_on_without_last_year_is_a_warning_and_no_table(cli, tmp_path: Path) -> None:
    _, this = _years()
    write_workbook(this, tmp_path / "2024.xlsx")
    code, printed, _ = cli("render", tmp_path / "2024.xlsx", "-o", tmp_path / "r.docx")
    assert code == 0  # a warning: the report is written, without the table
    assert "Y4" in printed and FIELD_INPUTS["compare"].place.address in printed
    assert COMPARE_HEADING not in [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert _tables_after_table_four(tmp_path / "r.docx") == []
    this.compare = False
    write_workbook(this, tmp_path / "off.xlsx")
    assert "Y4" not in cli("check", tmp_path / "off.xlsx")[1]


def test_the_switch_is_read_and_a_wrong_answer_is_named(tmp_path: Path) -> None:
    _, this = _years()
    write_workbook(this, tmp_path / "on.xlsx")
    assert read(tmp_path / "on.xlsx")[0].compare is True
    wb = load_workbook(tmp_path / "on.xlsx")
    place = FIELD_INPUTS["compare"].place
    wb[place.sheet][place.coordinate] = "要"
    wb.save(tmp_path / "odd.xlsx")
    report, problems = read(tmp_path / "odd.xlsx")
    [odd] = [p for p in problems if p.code == "H8-SWITCH"]
    assert report.compare is False and odd.cells == (place.address,) and "“要”" in odd.message


def test_a_v3_workbook_without_the_switch_reads_as_off(tmp_path: Path) -> None:
    _, this = _years()
    write_workbook(this, tmp_path / "v4.xlsx")
    wb = load_workbook(tmp_path / "v4.xlsx")
    assert wb[VERSION.place.sheet][VERSION.place.coordinate].value == TEMPLATE_VERSION
    wb[VERSION.place.sheet][VERSION.place.coordinate] = "GB2021-30号-v3"
    del wb.defined_names[FIELD_INPUTS["compare"].name]
    wb.save(tmp_path / "v3.xlsx")
    report, problems = read(tmp_path / "v3.xlsx")
    assert report.compare is False and not [p for p in problems if p.is_error]


def test_next_years_workbook_keeps_the_units_choices(tmp_path: Path) -> None:
    _, this = _years()
    this.charts = True
    write_next_year(this, [], tmp_path / "next.xlsx")
    following, _ = read(tmp_path / "next.xlsx")
    assert (following.compare, following.charts, following.year) == (True, True, 2025)


def test_page_and_fragment_carry_the_table_with_inline_styles() -> None:
    last, this = _years()
    ctx = build_context(this, last)
    piece = fragment(ctx)
    start = piece.index(COMPARE_HEADING)
    table = piece[start:piece.index("</table>", start)]
    assert "<style" not in piece and 'class="' not in table
    assert table.count("border: 1px solid") >= 5 * 5  # every cell framed, as in the official tables
    assert COMPARE_HEADING in page(ctx)
    assert COMPARE_HEADING not in page(build_context(this))


def test_batch_with_last_years_folder_prints_the_table(cli, tmp_path: Path) -> None:
    last, this = _years()
    for year, report in (("2023", last), ("2024", this)):
        (tmp_path / year).mkdir()
        write_workbook(report, tmp_path / year / "第1镇.xlsx")
    code, printed, _ = cli("batch", tmp_path / "2024", "-o", tmp_path / "结果", "--previous", tmp_path / "2023",
                           "-j", "1", "--html")
    assert code == 0, printed
    out = tmp_path / "结果" / "示例县第1镇2024年政府信息公开工作年度报告.docx"
    [table] = _tables_after_table_four(out)
    assert table[1:] == [[r["label"], r["last"], r["now"], r["diff"], r["pct"]] for r in comparison(this, last)]
    assert COMPARE_HEADING in out.with_suffix(".片段.html").read_text("utf-8")


def test_a_misspelt_name_in_the_tables_loop_stops_a_batch_before_any_unit(cli, tmp_path: Path) -> None:
    # The template maintainer edits the comparison row: the check before the batch names it, instead
    # of every unit with the switch on failing to render.
    from .docx_helpers import edit_template

    edited = edit_template(tmp_path, "{{ r.label }}", "{{ r.labl }}")
    last, this = _years()
    for year, report in (("2023", last), ("2024", this)):
        (tmp_path / year).mkdir()
        write_workbook(report, tmp_path / year / "第1镇.xlsx")
    code, _, err = cli("batch", tmp_path / "2024", "-o", tmp_path / "结果", "--previous", tmp_path / "2023",
                       "--template", edited, "-j", "1")
    assert code == 2 and "r.labl" in err and "label" in err
    assert not (tmp_path / "结果" / "示例县第1镇2024年政府信息公开工作年度报告.docx").exists()
