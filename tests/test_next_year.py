"""``template --from``: next year's workbook prefilled from last year's, for one unit or a folder."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pipeline.checks.continuity import check_carried_over
from pipeline.format.layout import TABLE_INPUTS, TEXT_INPUTS
from pipeline.format.official import TABLE3
from pipeline.reading.reader import read

from .helpers import EXAMPLE, sha256
from .older import older_workbook


def test_next_year_carries_the_details_and_the_carried_over_requests(cli, tmp_path: Path) -> None:
    before = sha256(EXAMPLE)
    out = tmp_path / "盘江镇2025.xlsx"
    code, stdout, _ = cli("template", "--from", EXAMPLE, "-o", out)
    assert code == 0 and "盘江镇 2025" in stdout and sha256(EXAMPLE) == before
    last, _ = read(EXAMPLE)
    new, _ = read(out)
    assert (new.unit_name, new.year, new.unit_kind, new.auto_sentences) == ("盘江镇", 2025, last.unit_kind, True)
    for col in TABLE3.cols:  # column by column, the 总计 too (computed from them)
        assert new.tables["t3"].value("carried", col.key) == last.tables["t3"].value("next", col.key)
    assert not list(check_carried_over(new, last))  # Y1 holds by construction
    assert all(not paragraphs for paragraphs in new.texts.values())  # the narrative starts empty
    sheet = load_workbook(out)["表三"]
    d6 = sheet[TABLE_INPUTS["t3"][("carried", "natural")].place.coordinate]
    assert d6.protection.locked and "2024 年度报告" in d6.comment.text and "表三!D29" in d6.comment.text


def test_last_years_text_is_a_comment_unless_switched_off(cli, tmp_path: Path) -> None:
    last, _ = read(EXAMPLE)
    place = TEXT_INPUTS["s5"].place
    cli("template", "--from", EXAMPLE, "-o", tmp_path / "with.xlsx")
    cell = load_workbook(tmp_path / "with.xlsx")[place.sheet][place.coordinate]
    assert cell.value is None and last.texts["s5"][0] in cell.comment.text and "不要照抄" in cell.comment.text
    cli("template", "--from", EXAMPLE, "-o", tmp_path / "without.xlsx", "--no-last-text")
    assert load_workbook(tmp_path / "without.xlsx")[place.sheet][place.coordinate].comment is None


def test_last_years_documents_in_force_stand_beside_this_years(cli, tmp_path: Path) -> None:
    cli("template", "--from", EXAMPLE, "-o", tmp_path / "new.xlsx")
    last, _ = read(EXAMPLE)
    sheet = load_workbook(tmp_path / "new.xlsx")["表二"]
    for row in ("rules", "normative"):
        place = TABLE_INPUTS["t2"][(row, "in_force")].place
        beside = sheet.cell(place.row, place.col + 1)
        assert beside.value == last.tables["t2"].value(row, "in_force")
        check = sheet.cell(place.row, place.col + 2).value
        assert check.startswith(f"=IF({place.coordinate}={beside.coordinate}+")


def test_a_folder_of_last_years_workbooks(cli, tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    older_workbook(folder / "盘江镇.xlsx")  # made with the previous template: still carried over
    (folder / "坏文件.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "2025"
    code, _, err = cli("template", "--from", folder, "-o", out)
    assert code == 1 and "坏文件.xlsx" in err
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["盘江镇2025.xlsx"]
    new, _ = read(out / "盘江镇2025.xlsx")
    assert new.year == 2025 and new.tables["t3"].value("carried", "total") == \
        read(EXAMPLE)[0].tables["t3"].value("next", "total")


def test_a_workbook_without_a_year_cannot_be_carried_over(cli, make_workbook, tmp_path: Path) -> None:
    code, _, err = cli("template", "--from", make_workbook({"year": None}), "-o", tmp_path / "x.xlsx")
    assert code == 2 and "报告年度" in err and not (tmp_path / "x.xlsx").exists()


def test_a_folder_needs_an_output_folder(cli, tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    code, _, err = cli("template", "--from", tmp_path / "2024", "-o", tmp_path / "新.xlsx")
    assert code == 2 and "也应是文件夹" in err


def test_a_unit_name_or_contact_beginning_with_equals_is_carried_as_text(tmp_path: Path) -> None:
    from pipeline.workbook.next_year import write_next_year

    from .conftest import formulas

    last, problems = read(EXAMPLE)
    last.unit_name, last.contact = '=HYPERLINK("http://x","点我")', {"filler": "=1+1", "phone": "+86 123"}
    out = tmp_path / "next.xlsx"
    write_next_year(last, problems, out)
    assert not [f for f in formulas(out) if "HYPERLINK" in f or f == "1+1"], "data is never a formula"
    new, _ = read(out)
    assert new.unit_name == last.unit_name and new.contact["filler"] == "=1+1"
