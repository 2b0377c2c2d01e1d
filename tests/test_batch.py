"""Batch runs: every clean report written, every problem listed with its cell, one bad unit stops none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.core import output as output
from pipeline.core.manifest import MANIFEST
from pipeline.core.model import Report
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.core.unit_names import UnitId
from pipeline.run import check_workbook
from pipeline.units import batch as batch
from pipeline.units.lastyear import PreviousIndex, previous_of
from pipeline.units.problem_list import PROBLEM_HEADER, PROBLEM_SHEET, SUMMARY_SHEET
from pipeline.workbook.writer import write_workbook

from .helpers import sha256
from .synth import following_year, synth_report, unit_names, write_units

CLEAN = unit_names(3)
TITLE = "{}2024年政府信息公开工作年度报告.docx"


def _broken(folder: Path) -> Path:
    """A unit with errors: H1 in two columns and a 件数 that is not a number."""
    report = synth_report("有错镇")
    for col in ("natural", "total"):
        report.tables["t3"].values.at["new", col] += 1
    path = folder / "有错镇.xlsx"
    write_workbook(report, path)
    wb = load_workbook(path)
    wb["表四"]["A5"] = "两件"
    wb.save(path)
    return path


@pytest.fixture
def units(tmp_path: Path) -> Path:
    """Three clean units, one with errors, a corrupted file and a unit that submitted twice."""
    folder = tmp_path / "units"
    (folder / "乡镇").mkdir(parents=True)
    write_units(folder, CLEAN)
    write_units(folder / "乡镇", ["重复镇"])
    shutil.copy(folder / "乡镇" / "重复镇.xlsx", folder / "重复镇（修改后）.xlsx")
    _broken(folder)
    (folder / "损坏.xlsx").write_bytes(b"PK\x03\x04 truncated in the mail")
    return folder


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path)[sheet].values)


def test_batch_writes_every_clean_report_and_lists_every_problem(cli, units: Path, tmp_path: Path) -> None:
    before = {p: sha256(p) for p in units.rglob("*.xlsx")}
    out = tmp_path / "out"
    code, printed, _ = cli("batch", units, "-o", out, "-j", "2")
    assert code == 1
    assert sorted(p.name for p in out.glob("*年度报告.docx")) == sorted(TITLE.format(n) for n in CLEAN)
    assert {p: sha256(p) for p in units.rglob("*.xlsx")} == before, "units' workbooks are never written"

    issues = out / "问题清单.xlsx"
    rows = _rows(issues, PROBLEM_SHEET)
    assert rows[0] == PROBLEM_HEADER
    expected = check_workbook(units / "有错镇.xlsx").problems
    assert sorted((r[3], r[2]) for r in rows if r[1] == "有错镇.xlsx") == sorted(
        (p.code, "、".join(p.cells)) for p in expected)
    assert ("H7", "表四!A5") in {(r[3], r[2]) for r in rows}, "each problem names its cell"
    assert [(r[1], r[3]) for r in rows if r[1] == "损坏.xlsx"] == [("损坏.xlsx", "F1")], "a corrupted file is one row"
    assert sorted(r[1] for r in rows if r[3] == "D1") == ["乡镇/重复镇.xlsx", "重复镇（修改后）.xlsx"]
    assert all(r[0] for r in rows[1:] if r[1] != "损坏.xlsx"), "every row names its unit"

    sheet = load_workbook(issues)[PROBLEM_SHEET]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:F{len(rows)}"
    summary = {r[1]: r for r in _rows(issues, SUMMARY_SHEET)[1:]}
    assert summary["损坏.xlsx"][4] == "不计为报送（文件无法读取）" and summary["有错镇.xlsx"][2] == len(expected)
    assert summary["重复镇（修改后）.xlsx"][4] == "重复提交，退回"
    assert all(str(summary[f"{n}.xlsx"][4]) in ("通过", "仅有警告（1 条）") for n in CLEAN), summary
    assert "已生成" in printed and "未生成（重复提交）" in printed  # the terminal says what became of each report

    log = [line for line in printed.splitlines() if line.startswith("[")]
    assert len(log) == 7 and log[0].startswith("[1/7] ")  # not a terminal: one line per unit
    assert "单位" in printed and "报告" in printed and "问题清单" in printed


def test_nothing_readable_exits_2(cli, tmp_path: Path) -> None:
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "a.xlsx").write_bytes(b"not a workbook")
    code, _, err = cli("batch", tmp_path / "units", "-o", tmp_path / "out")
    assert code == 2 and "没有一个工作簿能够读取" in err
    assert len(_rows(tmp_path / "out" / "问题清单.xlsx", PROBLEM_SHEET)) == 2


def test_clean_folder_exits_0(cli, tmp_path: Path) -> None:
    write_units(tmp_path / "units", CLEAN[:2])
    assert cli("batch", tmp_path / "units", "-o", tmp_path / "out", "-j", "1")[0] == 0


def test_previous_folder_matches_units_by_name(cli, tmp_path: Path) -> None:
    last = {n: synth_report(n, 2023, seed=3) for n in CLEAN}
    (tmp_path / "2023").mkdir()
    for name in CLEAN[:2]:  # 第3镇 has no workbook last year
        write_workbook(last[name], tmp_path / "2023" / f"去年-{name}.xlsx")
    this = {n: following_year(r) for n, r in last.items()}

    def one_more_carried(r: Report) -> None:
        for col in ("natural", "total"):
            r.tables["t3"].values.at["carried", col] += 1
            r.tables["t3"].values.at["next", col] += 1

    one_more_carried(this[CLEAN[1]])
    (tmp_path / "2024").mkdir()
    for name, report in this.items():
        write_workbook(report, tmp_path / "2024" / f"{name}.xlsx")
    out = tmp_path / "out"
    code, _, _ = cli("batch", tmp_path / "2024", "-o", out, "--previous", tmp_path / "2023")
    assert code == 1
    rows = [(r[0], r[3], r[2]) for r in _rows(out / "问题清单.xlsx", PROBLEM_SHEET)[1:]]
    assert rows == [(CLEAN[1], "Y1", "表三!D6"), (CLEAN[1], "Y1", "表三!J6"), (CLEAN[2], "Y0", None)]
    assert (out / TITLE.format(CLEAN[0])).exists() and not (out / TITLE.format(CLEAN[1])).exists()


def test_previous_of_another_year_is_refused_for_that_unit(tmp_path: Path) -> None:
    write_workbook(synth_report(CLEAN[0], 2022), tmp_path / "old.xlsx")
    index = PreviousIndex([(UnitId("示例县第1镇"), 2022, tmp_path / "old.xlsx")])
    previous, notes = previous_of(synth_report(CLEAN[0], 2024), index)
    assert previous is None and [p.code for p in notes] == ["Y0"] and "2022" in notes[0].message


def test_annotated_workbook_for_each_unit_with_problems(monkeypatch, units: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, int]] = []

    def fake_annotate(source: Path, problems: list, out: Path) -> None:
        calls.append((source.name, len(problems)))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"annotated")

    monkeypatch.setattr(batch, "annotator", lambda: fake_annotate)
    result = batch.run_batch(units, tmp_path / "out", WORD_TEMPLATE, jobs=1)
    # The unit that sent two workbooks gets both back marked, with its D1 (it is known before rendering).
    assert sorted(calls) == sorted([("有错镇.xlsx", len(check_workbook(units / "有错镇.xlsx").problems)),
                                    ("重复镇.xlsx", 1), ("重复镇（修改后）.xlsx", 1)])
    assert (tmp_path / "out" / "问题标注" / "有错镇_问题标注.xlsx").exists() and result.reports == len(CLEAN)


def test_annotated_copies_by_check_annotate(units: Path, tmp_path: Path) -> None:
    batch.run_batch(units, tmp_path / "out", WORD_TEMPLATE, jobs=1)
    copies = sorted(p.name for p in (tmp_path / "out" / "问题标注").glob("*.xlsx"))
    assert copies == ["乡镇_重复镇_问题标注.xlsx", "有错镇_问题标注.xlsx", "重复镇（修改后）_问题标注.xlsx"]
    marked = load_workbook(tmp_path / "out" / "问题标注" / "有错镇_问题标注.xlsx")["表四"]["A5"]
    assert marked.comment is not None, "the problem cell carries its message"


def test_html_beside_each_report(cli, tmp_path: Path) -> None:
    # The page and the fragment for the website's editor, as `render --html` writes them.
    write_units(tmp_path / "units", CLEAN[:2])
    code, _, _ = cli("batch", tmp_path / "units", "-o", tmp_path / "out", "--html")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.html")) == sorted(
        TITLE.format(n).replace(".docx", suffix) for n in CLEAN[:2] for suffix in (".html", ".片段.html"))
    fragment = (tmp_path / "out" / TITLE.format(CLEAN[0]).replace(".docx", ".片段.html")).read_text("utf-8")
    assert fragment.startswith("<h1 style=") and "<style" not in fragment and CLEAN[0] in fragment


def test_pdf_for_every_report_in_one_libreoffice_start(cli, tmp_path: Path) -> None:
    write_units(tmp_path / "units", CLEAN[:2])
    code, printed, _ = cli("batch", tmp_path / "units", "-o", tmp_path / "out", "--pdf")
    assert code == 0 and "已生成 PDF 2 份" in printed
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.pdf")) == sorted(
        TITLE.format(n).removesuffix(".docx") for n in CLEAN[:2])


def test_output_folder_around_the_units_folder(cli, tmp_path: Path) -> None:
    # `batch 各单位 -o .` from the folder above: the units are inside the output folder, not outputs.
    write_units(tmp_path / "各单位", CLEAN[:2])
    code, _, err = cli("batch", tmp_path / "各单位", "-o", tmp_path, "-j", "1")
    assert (code, err) == (0, ""), err
    assert all((tmp_path / TITLE.format(n)).is_file() for n in CLEAN[:2])
    assert (tmp_path / "问题清单.xlsx").is_file()


def test_a_second_run_leaves_nothing_of_the_first_that_the_summary_denies(cli, tmp_path: Path) -> None:
    # Run 1: 第1镇 and 第2镇 clean (with web pages and, say, PDFs), 有错镇 annotated. Then 第1镇
    # resubmits with an error and 有错镇 fixes everything: run 2 must not leave 第1镇's old report,
    # 第2镇's page and PDF of the earlier data, or 有错镇's annotated copy.
    units, out = tmp_path / "units", tmp_path / "out"
    first, second = CLEAN[:2]
    write_units(units, [first, second])
    _broken(units)
    assert cli("batch", units, "-o", out, "--html", "-j", "1")[0] == 1
    for name in (first, second):  # as convert_many writes them: through the tool's own writer
        output.write_bytes((out / TITLE.format(name)).with_suffix(".pdf"), b"%PDF of run 1")
    assert (out / "问题标注" / "有错镇_问题标注.xlsx").is_file()
    broken = synth_report(first)
    broken.tables["t3"].values.at["new", "natural"] += 1  # H1 (a 总计 would be the template's formula)
    write_workbook(broken, units / f"{first}.xlsx")
    write_workbook(synth_report("有错镇"), units / "有错镇.xlsx", force=True)  # a test edit
    assert cli("batch", units, "-o", out, "-j", "1")[0] == 1
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    assert left == sorted(["问题清单.xlsx", f"问题标注/{first}_问题标注.xlsx", f"退回通知/{first}_退回通知.docx",
                           "报送情况表.xlsx", "审核情况通报.docx", "审核记录.json",
                           TITLE.format(second), TITLE.format("有错镇")])


def test_files_the_tool_did_not_write_are_left_alone(cli, tmp_path: Path) -> None:
    # Run 1 writes 第1镇's report; the office then puts the final, stamped PDF beside it by hand and
    # keeps its own 第2镇 report where 第2镇's would go. Run 2 (第1镇 now with an error, 第2镇 clean)
    # removes neither and replaces neither: 第2镇 is told why its report was not written.
    units, out = tmp_path / "units", tmp_path / "out"
    first, second = CLEAN[:2]
    write_units(units, [first])
    assert cli("batch", units, "-o", out, "-j", "1")[0] == 0
    final_pdf = (out / TITLE.format(first)).with_suffix(".pdf")
    final_pdf.write_bytes(b"%PDF stamped by hand")
    own = out / TITLE.format(second)
    own.write_bytes(b"the office's own report")
    broken = synth_report(first)
    broken.tables["t3"].values.at["new", "natural"] += 1  # H1 (a 总计 would be the template's formula)
    write_workbook(broken, units / f"{first}.xlsx")
    write_workbook(synth_report(second), units / f"{second}.xlsx")
    assert cli("batch", units, "-o", out, "-j", "1")[0] == 1
    assert final_pdf.read_bytes() == b"%PDF stamped by hand" and own.read_bytes() == b"the office's own report"
    assert not (out / TITLE.format(first)).exists(), "the tool's own stale report is removed"
    rows = load_workbook(out / "问题清单.xlsx")[PROBLEM_SHEET]
    f2 = [r for r in rows.iter_rows(values_only=True) if r[3] == "F2"]
    assert len(f2) == 1 and f2[0][0] == second and "不是本工具写出的" in f2[0][5]


def test_a_pdf_placed_by_hand_is_kept_and_said_once(cli, tmp_path: Path, monkeypatch) -> None:
    from pipeline.report import pdf

    units, out = tmp_path / "units", tmp_path / "out"
    write_units(units, CLEAN[:2])
    converted: list[str] = []

    def convert(docx: list[Path], outdir: Path, timeout: float = 0) -> list[Path]:
        converted.extend(p.name for p in docx)
        return [p.with_suffix(".pdf") for p in docx]

    monkeypatch.setattr(pdf, "available", lambda: True)
    monkeypatch.setattr(pdf, "convert_many", convert)
    final = (out / TITLE.format(CLEAN[0])).with_suffix(".pdf")
    final.parent.mkdir(parents=True)
    final.write_bytes(b"%PDF stamped by hand")
    code, stdout, _ = cli("batch", units, "-o", out, "--pdf", "-j", "1")
    assert code == 0 and final.read_bytes() == b"%PDF stamped by hand"
    assert converted == [TITLE.format(CLEAN[1])]
    assert stdout.count(final.name) == 1 and "未覆盖" in stdout


def test_a_unit_that_sends_a_second_workbook_loses_its_earlier_report(cli, tmp_path: Path) -> None:
    # Run 1: one workbook of 第1镇, its report written. Then a second one arrives: run 2, with two
    # workers, writes no report of 第1镇 and removes the earlier one; 第2镇 is untouched.
    units, out = tmp_path / "units", tmp_path / "out"
    first, second = CLEAN[:2]
    write_units(units, [first, second])
    assert cli("batch", units, "-o", out, "-j", "2")[0] == 0 and (out / TITLE.format(first)).is_file()
    shutil.copy(units / f"{first}.xlsx", units / f"{first}（补充）.xlsx")
    code, printed, _ = cli("batch", units, "-o", out, "-j", "2")
    assert code == 1 and not (out / TITLE.format(first)).exists() and (out / TITLE.format(second)).is_file()
    log = [line for line in printed.splitlines() if line.startswith("[")]
    assert [line.endswith("未生成（重复提交）") for line in log] == [True, True, False]
    rows = _rows(out / "问题清单.xlsx", PROBLEM_SHEET)[1:]
    assert sorted((r[1], r[3]) for r in rows) == [(f"{first}.xlsx", "D1"), (f"{first}（补充）.xlsx", "D1")]


def test_identify_gives_reads_unit_and_year(units: Path, tmp_path: Path) -> None:
    from pipeline.core.fatal import CannotRun
    from pipeline.reading.reader import identify, read

    for path in (units / "有错镇.xlsx", units / "乡镇" / "重复镇.xlsx"):
        report, _ = read(path)
        assert identify(path) == (report.unit_name, report.year)
    with pytest.raises(CannotRun):
        identify(units / "损坏.xlsx")
    # A fault outside 基本信息 is read's to find: the file still counts as a workbook of its unit.
    wb = load_workbook(units / "有错镇.xlsx")
    wb["表三"].merge_cells("D5:E5")
    wb.save(tmp_path / "合并.xlsx")
    with pytest.raises(CannotRun, match="合并"):
        read(tmp_path / "合并.xlsx")
    assert identify(tmp_path / "合并.xlsx") == ("有错镇", 2024)
    wb["基本信息"].merge_cells("B2:C2")
    wb.save(tmp_path / "合并.xlsx")
    with pytest.raises(CannotRun, match="合并"):
        identify(tmp_path / "合并.xlsx")


def test_a_full_disk_between_the_two_steps_is_an_f2_not_a_crash(cli, tmp_path: Path, monkeypatch) -> None:
    # Phase 1 keeps each checked report in a temporary folder for phase 2; when that cannot be
    # written, the unit is told why its report was not made, and the other units go on.
    write_units(tmp_path / "units", CLEAN[:2])
    real = batch.pickle.dumps

    def full(obj, *args, **kwargs):
        if obj[0].unit_name == CLEAN[0]:
            raise OSError(28, "No space left on device")
        return real(obj, *args, **kwargs)

    monkeypatch.setattr(batch.pickle, "dumps", full)
    code, printed, err = cli("batch", tmp_path / "units", "-o", tmp_path / "out", "-j", "1")
    assert code == 1 and "Traceback" not in err
    assert "临时文件无法写入" in printed or "临时文件无法写入" in _problem_texts(tmp_path / "out")
    assert not (tmp_path / "out" / TITLE.format(CLEAN[0])).exists()
    assert (tmp_path / "out" / TITLE.format(CLEAN[1])).is_file()


def _problem_texts(out: Path) -> str:
    sheet = load_workbook(out / "问题清单.xlsx")[PROBLEM_SHEET]
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
