"""``check --annotate``: the copy sent back to the unit marks every problem where staff will look."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.core import output as output
from pipeline.core.manifest import MANIFEST
from pipeline.format.layout import FIELD_INPUTS, TABLE_INPUTS
from pipeline.reading.reader import read
from pipeline.workbook.annotate import AUTHOR, CULPRIT_FILL, LIST_COLUMNS, LIST_SHEET, PROBLEM_FILL

from .helpers import office_round_trip, sha256
from .seed import seed_fixed, without_seed_warnings

NEW_NATURAL = TABLE_INPUTS["t3"][("new", "natural")]
PUNISHMENT = TABLE_INPUTS["t2"][("punishment", "decisions")]
BLANK = TABLE_INPUTS["t4"][("cases", "review_upheld")]


@pytest.fixture
def bad(make_workbook) -> Path:
    """An error that breaks equations (4 cells), an error at one cell, a warning, a blank unit name."""
    return make_workbook({NEW_NATURAL.name: 99, PUNISHMENT.name: "—", "t3_open_legal": "0件",
                          FIELD_INPUTS["unit_name"].name: None})


def _annotate(cli, source: Path, out: Path) -> tuple[int, list[dict], str]:
    before = sha256(source)
    code, stdout, err = cli("check", source, "--json", "--annotate", out)
    assert sha256(source) == before, "the checked workbook was written"
    assert err == ""
    return code, json.loads(stdout)["problems"], stdout


def test_every_problem_cell_is_red_with_its_message(cli, bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "退回" / "标注.xlsx"
    code, problems, _ = _annotate(cli, bad, out)
    assert code == 1 and out.exists()
    wb = load_workbook(out)
    cells = {c for p in problems for c in p["cells"]}
    assert NEW_NATURAL.place.address in cells and PUNISHMENT.place.address in cells
    for address in cells:
        sheet, coord = address.split("!")
        cell = wb[sheet][coord]
        # 表三!D5 is the likely culprit: the text's “无依申请公开” (T4) points at its row of the wrong column.
        culprit = any(p.get("culprit") == address for p in problems)
        assert cell.fill.fgColor.rgb == (CULPRIT_FILL if culprit else PROBLEM_FILL).fgColor.rgb, address
        assert cell.comment is not None and cell.comment.author == AUTHOR, address
        for p in problems:
            if address in p["cells"]:
                assert p["message"] in cell.comment.text and p["code"] in cell.comment.text
    untouched = wb["表三"]["D10"] if "表三!D10" not in cells else None
    assert untouched is None or untouched.comment is None


def test_the_problem_list_sheet(cli, bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "标注.xlsx"
    _, problems, _ = _annotate(cli, bad, out)
    wb = load_workbook(out)
    ws = wb[LIST_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == LIST_COLUMNS
    # Same problems, same order as the check printed (errors first, then by sheet and cell).
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [("、".join(p["cells"]), p["code"], p["message"])
                                                      for p in problems]
    assert {r[2] for r in rows[1:]} == {"错误", "警告"}
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:D{len(rows)}"
    assert wb.active.title == LIST_SHEET
    assert [s.title for s in wb.worksheets if s.sheet_view.tabSelected] == [LIST_SHEET]
    assert ws["A2"].hyperlink is not None and ws["A2"].hyperlink.location


def test_the_copy_keeps_the_values_and_reads_the_same(cli, bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "标注.xlsx"
    _annotate(cli, bad, out)
    original, original_problems = read(bad)
    again, again_problems = read(out)
    assert again_problems == original_problems
    assert again.texts == original.texts and again.unit_name == original.unit_name
    for key, data in original.tables.items():
        assert again.tables[key].values.equals(data.values), key
    src, copy = load_workbook(bad), load_workbook(out)
    for ws in src.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert copy[ws.title][cell.coordinate].value == cell.value, cell.coordinate
    assert copy["表三"].protection.sheet, "the template's protection stays on"


def test_a_clean_workbook_gets_an_empty_list(cli, make_workbook, tmp_path: Path) -> None:
    out = tmp_path / "标注.xlsx"
    code, problems, _ = _annotate(cli, make_workbook(seed_fixed()), out)  # the example has 2 warnings
    assert (code, problems) == (0, [])
    rows = list(load_workbook(out)[LIST_SHEET].iter_rows(values_only=True))
    assert len(rows) == 2 and "未发现问题" in rows[1][3]


def test_formulas_stay_formulas_and_office_files_annotate(cli, make_workbook, tmp_path: Path) -> None:
    saved = office_round_trip(make_workbook({PUNISHMENT.name: "=280+6"}), tmp_path)
    out = tmp_path / "标注.xlsx"
    code, problems, _ = _annotate(cli, saved, out)
    assert code == 0 and [p["code"] for p in without_seed_warnings(problems)] == ["H7-FORMULA-CACHED"]
    assert load_workbook(out)["表二"][PUNISHMENT.place.coordinate].value == "=280+6"


def test_annotating_an_annotated_copy_replaces_the_list(cli, bad: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "一.xlsx", tmp_path / "二.xlsx"
    _, problems, _ = _annotate(cli, bad, first)
    _annotate(cli, first, second)
    wb = load_workbook(second)
    assert wb.sheetnames.count(LIST_SHEET) == 1
    assert wb[LIST_SHEET].max_row == len(problems) + 1
    sheet, coord = PUNISHMENT.place.address.split("!")
    assert wb[sheet][coord].comment.text.count("H7") == 1, "the old comment is replaced, not stacked"


def test_text_output_says_where_the_copy_is(cli, bad: Path, tmp_path: Path) -> None:
    code, out, _ = cli("check", bad, "--annotate", tmp_path / "标注.xlsx")
    assert code == 1 and "标注.xlsx" in out.splitlines()[-1]


@pytest.mark.parametrize(("target", "words"), [
    (lambda src, tmp: src, ("不能覆盖", "_问题标注.xlsx")),
    (lambda src, tmp: tmp / "标注.docx", ("扩展名应为 .xlsx",)),
    (lambda src, tmp: tmp, ("扩展名",)),
])
def test_the_original_can_never_be_the_target(cli, bad: Path, tmp_path: Path, target, words) -> None:
    before = sha256(bad)
    code, _, err = cli("check", bad, "--annotate", target(bad, tmp_path))
    assert code == 2 and err.count("\n") == 1
    assert all(w in err for w in words), err
    assert sha256(bad) == before


def test_an_unwritable_folder_is_exit_2(cli, bad: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"  # a folder that cannot exist, whoever runs the test (root too)
    blocker.write_text("x")
    code, _, err = cli("check", bad, "--annotate", blocker / "标注.xlsx")
    assert code == 2 and "无法在" in err and "写入" in err


def test_a_locked_target_keeps_the_previous_copy(cli, bad: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "标注.xlsx"
    output.write_bytes(out, b"previous copy")  # written by the tool: it may be replaced

    def locked(src: str, dst: str) -> None:  # what Windows says when Excel has the file open
        raise PermissionError(13, "locked")

    monkeypatch.setattr("pipeline.core.output.os.replace", locked)
    code, _, err = cli("check", bad, "--annotate", out)
    assert code == 2 and "正在 Word、WPS 或 Excel 中打开" in err
    assert out.read_bytes() == b"previous copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([bad.name, out.name, MANIFEST])


def test_a_file_that_cannot_be_read_gets_no_copy(cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    code, _, err = cli("check", broken, "--annotate", tmp_path / "标注.xlsx")
    assert code == 2 and "不是 Excel 工作簿" in err and not (tmp_path / "标注.xlsx").exists()


def test_an_office_suite_opens_the_copy_with_comments(cli, bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "标注.xlsx"
    _, problems, _ = _annotate(cli, bad, out)
    saved = office_round_trip(out, tmp_path)
    wb = load_workbook(saved)
    sheet, coord = PUNISHMENT.place.address.split("!")
    assert "H7" in wb[sheet][coord].comment.text
    assert wb[LIST_SHEET].max_row == len(problems) + 1
