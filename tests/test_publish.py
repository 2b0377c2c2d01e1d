"""publish and verify: a folder per unit with every published file and a manifest of their SHA-256;
verify names the file changed, deleted or added since."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.format.layout import FIELD_INPUTS
from pipeline.report.editors import ADVICE_FILE, advice
from pipeline.units.publish import MANIFEST, sha256

from .helpers import edit_workbook
from .seed import seed_fixed

TITLE = "盘江镇2024年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with 图解 and a 成文日期, published once (one LibreOffice start)."""
    from pipeline.cli import main

    from .helpers import EXAMPLE

    folder = tmp_path_factory.mktemp("publish")
    book = edit_workbook(EXAMPLE, folder / "盘江镇2024.xlsx",
                         {**seed_fixed(), FIELD_INPUTS["charts"].place.address: "是",
                          FIELD_INPUTS["sign_date"].place.address: "2025年1月20日"})
    assert main(["publish", str(book), "-o", str(folder / "发布")]) == 0
    return folder / "发布" / TITLE


def test_pack_holds_every_published_file_with_its_hash(pack: Path) -> None:
    names = sorted(p.name for p in pack.iterdir() if not p.name.startswith("."))  # the output rule's own
    assert names == sorted([f"{TITLE}.docx", f"{TITLE}.pdf", f"{TITLE}.html", f"{TITLE}.片段.html",
                            "图解.png", "图解.svg", ADVICE_FILE, MANIFEST])
    assert (pack / ADVICE_FILE).read_text(encoding="utf-8") == advice()
    manifest = json.loads((pack / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == {n: sha256(pack / n) for n in names if n != MANIFEST}
    assert manifest["source"]["sha256"] == sha256(pack.parent.parent / "盘江镇2024.xlsx")
    assert manifest["template_version"] and manifest["tool_version"] and manifest["time"][:4].isdigit()
    assert (manifest["unit"], manifest["year"], manifest["title"]) == ("盘江镇", 2024, TITLE)


def test_verify_names_what_changed(pack: Path, cli, tmp_path: Path) -> None:
    code, out, _ = cli("verify", str(pack))
    assert code == 0 and "全部 7 个文件与发布清单一致" in out
    html = pack / f"{TITLE}.html"
    original = html.read_bytes()
    try:
        html.write_bytes(original.replace("盘江镇".encode(), "红星镇".encode(), 1))
        (pack / "图解.png").rename(tmp_path / "图解.png")
        (pack / "说明.txt").write_text("后加的", encoding="utf-8")
        code, out, _ = cli("verify", str(pack))
        assert code == 1 and "3 个文件与发布清单不一致" in out
        assert f"已改动：{TITLE}.html" in out and "已删除：图解.png" in out and "不在发布清单中：说明.txt" in out
        assert "未改动" not in out.split("不一致")[1]
    finally:
        html.write_bytes(original)
        (tmp_path / "图解.png").rename(pack / "图解.png")
        (pack / "说明.txt").unlink()
    assert cli("verify", str(pack))[0] == 0


def test_verify_without_manifest_cannot_run(cli, tmp_path: Path) -> None:
    code, _, err = cli("verify", str(tmp_path))
    assert code == 2 and MANIFEST in err and err.count("\n") == 1


def test_a_workbook_with_errors_is_not_published(cli, make_workbook, tmp_path: Path) -> None:
    code, out, _ = cli("publish", str(make_workbook({"表三!D5": 1})), "-o", str(tmp_path / "发布"))
    assert code == 1 and "[错误 H1]" in out and not (tmp_path / "发布").exists()


def test_batch_publish_packs_every_clean_unit(cli, make_workbook, tmp_path: Path) -> None:
    units = tmp_path / "各单位"
    units.mkdir()
    make_workbook().rename(units / "盘江镇.xlsx")
    wrong = {FIELD_INPUTS["unit_name"].place.address: "红星镇", "表三!D5": 1}  # an error in table 三 (H1)
    make_workbook(wrong).rename(units / "红星镇.xlsx")
    code, out, _ = cli("batch", str(units), "-o", str(tmp_path / "结果"), "--publish", "-j", "1")
    assert code == 1 and "已为 1 个没有错误的单位生成发布包" in out
    packs = sorted((tmp_path / "结果" / "发布").iterdir())
    assert [p.name for p in packs] == [TITLE]
    assert cli("verify", str(packs[0]))[0] == 0


def test_signature_sits_where_gb_t_9704_puts_it(pack: Path) -> None:
    """The 落款 in the PDF: the date about four characters (4 × 16 pt) in from the right margin,
    the unit's name centred above it."""
    from .test_pdf import words

    lines: dict[tuple[int, int], list] = {}
    for w in words(pack / f"{TITLE}.pdf"):
        lines.setdefault((w.page, round(w.y0)), []).append(w)
    text = {y: "".join(w.text for w in ws) for y, ws in lines.items()}
    unit_y = next(y for y, t in text.items() if t == "盘江镇")
    date_y = next(y for y, t in text.items() if t == "2025年1月20日")
    assert unit_y[0] == date_y[0] and 20 < date_y[1] - unit_y[1] < 36  # the next line (28 pt)
    right = 595.28 - 26 * 72 / 25.4
    date_x0, date_x1 = min(w.x0 for w in lines[date_y]), max(w.x1 for w in lines[date_y])
    unit_x0, unit_x1 = min(w.x0 for w in lines[unit_y]), max(w.x1 for w in lines[unit_y])
    assert 3 * 16 <= right - date_x1 <= 5 * 16
    assert abs((date_x0 + date_x1) / 2 - (unit_x0 + unit_x1) / 2) < 8
