"""Last year's report as published, taken wherever last year's workbook is: ``--previous``, batch's
last-year folder, the web app's last-year files and ``template --from``; and an imported report's
own defects found by ``check``."""

from __future__ import annotations

import io

import pytest

from pipeline.cli import main
from pipeline.core.fatal import CannotRun
from pipeline.reading.reader import read
from pipeline.run import check_workbook
from pipeline.units.lastyear import index_previous, previous_of
from pipeline.workbook.imported import workbook_bytes, write_imported
from pipeline.workbook.writer import write_workbook
from tests.importing.rendered import render_all
from tests.synth import following_year, synth_report


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory):
    """Last year's report published as .docx, page and fragment; this year's workbook."""
    folder = tmp_path_factory.mktemp("years")
    last = synth_report("示例县第3镇", 2023, seed=3)
    now = following_year(last, seed=3)
    (_, docx, page, _), = render_all([last], folder)
    workbook = folder / "本年.xlsx"
    write_workbook(now, workbook)
    return last, now, docx, page, workbook


def _codes(outcome) -> list[str]:
    return sorted(p.code for p in outcome.problems)


def test_previous_accepts_the_published_report(years, tmp_path) -> None:
    last, _, docx, page, workbook = years
    as_workbook = tmp_path / "上年.xlsx"
    write_workbook(last, as_workbook)
    expected = _codes(check_workbook(workbook, as_workbook))
    assert "Y1" not in expected
    for published in (docx, page):
        outcome = check_workbook(workbook, published)
        assert outcome.previous is not None and outcome.previous.year == 2023
        assert _codes(outcome) == expected


def test_previous_finds_a_break_in_continuity_against_the_published_report(years, tmp_path) -> None:
    _, now, docx, _, _ = years
    now.tables["t3"].values["carried", "natural"] += 1  # not what last year's report carried over
    broken = tmp_path / "本年_错.xlsx"
    write_workbook(now, broken)
    assert "Y1" in _codes(check_workbook(broken, docx))


def test_a_published_report_with_a_cell_not_read_is_refused_as_last_year(years, tmp_path) -> None:
    _, _, _, page, workbook = years
    # The value printed after 行政强制 replaced by a dash: that cell cannot be read.
    head, tail = page.read_text(encoding="utf-8").split("行政强制", 1)
    value_end = tail.index("</td>")
    value_start = tail.rindex(">", 0, value_end) + 1
    damaged = tmp_path / "上年.html"
    damaged.write_text(head + "行政强制" + tail[:value_start] + "—" + tail[value_end:], encoding="utf-8")
    with pytest.raises(CannotRun, match="表二!B12"):
        check_workbook(workbook, damaged)


def test_batch_last_year_folder_takes_published_reports(years, tmp_path) -> None:
    _, now, docx, _, _ = years
    folder = tmp_path / "上年"
    folder.mkdir()
    (folder / docx.name).write_bytes(docx.read_bytes())
    previous, notes = previous_of(now, index_previous(folder, jobs=1))
    assert notes == [] and previous is not None and previous.unit_name == now.unit_name


def test_the_web_keeps_a_published_report_as_its_workbook(years, tmp_path) -> None:
    last, _, docx, _, _ = years
    kept = tmp_path / "kept.xlsx"
    kept.write_bytes(workbook_bytes(docx))
    report, _ = read(kept)
    assert dict(report.tables["t3"].values) == dict(last.tables["t3"].values)
    assert io.BytesIO(workbook_bytes(kept)).getvalue() == kept.read_bytes()  # a workbook stays as it is


def test_template_from_a_published_report_prefills_the_next_year(years, tmp_path) -> None:
    last, _, docx, _, _ = years
    out = tmp_path / "下一年.xlsx"
    assert main(["template", "--from", str(docx), "-o", str(out)]) == 0
    from openpyxl import load_workbook

    from pipeline.format.layout import TABLE_INPUTS

    wb = load_workbook(out)
    place = TABLE_INPUTS["t3"]["carried", "natural"].place
    assert wb[place.sheet][place.coordinate].value == last.tables["t3"].values["next", "natural"]


def test_check_finds_the_published_reports_own_broken_total(years, tmp_path) -> None:
    _, _, docx, _, _ = years
    from pipeline.importing.read import import_report

    report, note = import_report(docx)
    report.tables["t3"].values["total", "natural"] += 1  # as if the page had printed a wrong 总计
    out = tmp_path / "导入.xlsx"
    write_imported(report, note, out)
    outcome = check_workbook(out)
    assert any(p.is_error and "表三!D28" in p.cells for p in outcome.problems)


def test_a_total_the_report_left_blank_stays_blank_in_the_workbook(years, tmp_path) -> None:
    _, _, docx, _, _ = years
    from openpyxl import load_workbook

    from pipeline.format.layout import TABLE_INPUTS
    from pipeline.importing.read import import_report

    report, note = import_report(docx)
    del report.tables["t3"].values["total", "total"]  # as if the page had printed nothing there
    out = tmp_path / "导入.xlsx"
    write_imported(report, note, out)
    place = TABLE_INPUTS["t3"]["total", "total"].place
    assert load_workbook(out)[place.sheet][place.coordinate].value is None
    back, _ = read(out)
    assert back.tables["t3"].value("total", "total") == sum(
        back.tables["t3"].value("total", c) for c in ("natural", "business", "research", "charity", "legal", "other"))
