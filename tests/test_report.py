"""End to end: the bundled example becomes the seed's report, through `make report` and the CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.core.paths import ROOT
from pipeline.format.grid import table_grid
from pipeline.format.official import SECTIONS, TABLES
from pipeline.reading.reader import read
from pipeline.report.docx_text import document_text
from pipeline.run import default_output

from .docx_helpers import table_cells
from .helpers import office_round_trip, sha256
from .seed import seed_paragraphs, seed_report

REPORT = ROOT / "out" / "盘江镇2024年政府信息公开工作年度报告.docx"


def _expected_cells(report) -> list[list[str]]:
    from pipeline.report.context import number

    out = []
    for t in TABLES:
        data = report.tables[t.key]
        out.append([number(data.value(*c.key)) if c.key else c.text for c in table_grid(t)])
    return out


def test_make_report_renders_the_seed() -> None:
    before = sha256(ROOT / "examples" / "盘江镇2024.xlsx")
    run = subprocess.run(["make", "report"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert REPORT.exists() and "已生成报告" in run.stdout
    # The web page always; the PDF because LibreOffice is installed here (.ci/run installs it).
    assert f"已生成报告：{REPORT.with_suffix('.html')}" in run.stdout
    assert f"已生成报告：{REPORT.with_suffix('.pdf')}" in run.stdout and REPORT.with_suffix(".pdf").stat().st_size
    text = document_text(REPORT)
    assert text[0] == "盘江镇2024年政府信息公开工作年度报告"
    for section in SECTIONS:
        assert section.heading in text
    for paragraph in seed_paragraphs():
        assert paragraph in text, paragraph
    assert table_cells(REPORT) == _expected_cells(seed_report())
    assert sha256(ROOT / "examples" / "盘江镇2024.xlsx") == before


def test_table_numbers_land_in_their_cells(cli, make_workbook, tmp_path: Path) -> None:
    """Distinct numbers in every cell (all equations holding) come out in the official positions."""
    edits = {"表二!B11": 7, "表二!B4": 0, "表二!B5": 3, "表二!C5": 1, "表二!D5": 12, "表二!B15": 5949.088667,
             "表三!D5": 4, "表三!E5": 2, "表三!J5": 6, "表三!D7": 3, "表三!E8": 2, "表三!J7": 3, "表三!J8": 2,
             "表三!D28": 3, "表三!E28": 2, "表三!J28": 5, "表三!D29": 1, "表三!J29": 1,
             "表四!A5": 1, "表四!D5": 2, "表四!E5": 3, "表四!I5": 4, "表四!J5": 4}
    workbook = make_workbook(edits)
    out = tmp_path / "r.docx"
    code, stdout, _ = cli("render", workbook, "-o", out)
    assert code == 0, stdout
    report, _ = read(workbook)
    assert table_cells(out) == _expected_cells(report)
    assert "5949.088667" in table_cells(out)[0]


def test_office_saved_example_renders_the_same_report(cli, example: Path, tmp_path: Path) -> None:
    saved = office_round_trip(example, tmp_path)
    assert cli("render", example, "-o", tmp_path / "a.docx")[0] == 0
    assert cli("render", saved, "-o", tmp_path / "b.docx")[0] == 0
    assert document_text(tmp_path / "a.docx") == document_text(tmp_path / "b.docx")


def test_markup_characters_in_narrative_come_out_intact(cli, make_workbook, tmp_path: Path) -> None:
    text = "A&B<局>“引号”\"quote\" 'single' {{ title }} {% if x %}"
    workbook = make_workbook({"text_s6": f"{text}\n第二段"})
    assert cli("render", workbook, "-o", tmp_path / "r.docx")[0] == 0
    lines = document_text(tmp_path / "r.docx")
    assert text in lines and "第二段" in lines


def test_errors_refuse_to_render(cli, make_workbook, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    code, stdout, stderr = cli("render", make_workbook({"表三!D5": 1}), "-o", out)
    assert code == 1 and not out.exists()
    assert "H1" in stdout and "未生成报告" in stderr


def test_a_unit_name_with_path_characters_names_one_file(make_workbook, tmp_path: Path) -> None:
    """“某局/办公室” must not make the default report name a folder."""
    report, _ = read(make_workbook({"unit_name": "某局/办公室:2"}))
    out = default_output(report, tmp_path)
    assert out.parent == tmp_path and out.name == "某局_办公室_22024年政府信息公开工作年度报告.docx"
