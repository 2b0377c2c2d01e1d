"""publish and verify: a folder per unit with every published file and a manifest of their SHA-256;
verify names the file changed, deleted or added since."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.format.layout import FIELD_INPUTS, TABLE_INPUTS
from pipeline.report.editors import ADVICE_FILE, advice
from pipeline.units.publish import MANIFEST, sha256

from .helpers import EXAMPLE, edit_workbook
from .seed import seed_fixed

TITLE = "盘江镇2024年政府信息公开工作年度报告"
CHARTS_ON = {**seed_fixed(), FIELD_INPUTS["charts"].place.address: "是",
             FIELD_INPUTS["sign_date"].place.address: "2025年1月20日"}
#: The seed received no request: every chart would be 0 and none drawn. One request, granted.
ONE_REQUEST = {TABLE_INPUTS["t3"]["new", "natural"].place.address: 1,
               TABLE_INPUTS["t3"]["open", "natural"].place.address: 1}


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with 图解 and a 成文日期, published once (one LibreOffice start)."""
    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("publish")
    book = edit_workbook(EXAMPLE, folder / "盘江镇2024.xlsx", {**CHARTS_ON, **ONE_REQUEST})
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
    # Each pack's fingerprint kept outside it, in the batch's record.
    record = json.loads((tmp_path / "结果" / "审核记录.json").read_text(encoding="utf-8"))
    assert record["盘江镇"]["发布"]["发布清单指纹"] == sha256(packs[0] / MANIFEST)
    assert cli("verify", str(packs[0]), "--fingerprint", sha256(packs[0] / MANIFEST))[0] == 0


def test_signature_sits_where_gb_t_9704_puts_it(pack: Path) -> None:
    """The 落款 in the PDF: the date about four characters (4 × 16 pt) in from the right margin,
    the unit's name centred above it."""
    from .test_pdf import words

    lines: dict[tuple[int, int], list] = {}
    for w in words(pack / f"{TITLE}.pdf"):
        lines.setdefault((w.page, round(w.y0)), []).append(w)
    text = {y: "".join(w.text for w in ws) for y, ws in lines.items()}
    unit_y = next(y for y, t in text.items() if t == "盘江镇人民政府")  # the issuing organ, not the short name
    date_y = next(y for y, t in text.items() if t == "2025年1月20日")
    assert unit_y[0] == date_y[0] and 20 < date_y[1] - unit_y[1] < 36  # the next line (28 pt)
    right = 595.28 - 26 * 72 / 25.4
    date_x0, date_x1 = min(w.x0 for w in lines[date_y]), max(w.x1 for w in lines[date_y])
    unit_x0, unit_x1 = min(w.x0 for w in lines[unit_y]), max(w.x1 for w in lines[unit_y])
    assert 3 * 16 <= right - date_x1 <= 5 * 16
    assert abs((date_x0 + date_x1) / 2 - (unit_x0 + unit_x1) / 2) < 8


def _copy(pack: Path, to: Path) -> Path:
    """The published pack elsewhere, with the output rule's record of what the tool wrote."""
    import shutil

    return Path(shutil.copytree(pack, to / TITLE))


def test_republishing_never_deletes_or_replaces_a_file_changed_since(pack: Path, cli, tmp_path: Path) -> None:
    """图解 switched off after the first publication: the 图解.png edited by hand since stays, as it
    was; with 图解 on again, publishing refuses to replace it."""
    copy = _copy(pack, tmp_path / "发布")
    edited = (copy / "图解.png").read_bytes() + b"edited"
    (copy / "图解.png").write_bytes(edited)
    charts_off = edit_workbook(EXAMPLE, tmp_path / "盘江镇2024.xlsx", {**ONE_REQUEST, **seed_fixed(),
                               FIELD_INPUTS["sign_date"].place.address: "2025年1月20日"})
    code, out, err = cli("publish", charts_off, "-o", tmp_path / "发布")
    assert code == 0, err
    assert (copy / "图解.png").read_bytes() == edited and "未删除 图解.png" in out
    assert not (copy / "图解.svg").exists() and "已删除 图解.svg" in out, "unchanged since: removed"
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    assert "图解.png" not in manifest["files"]
    assert f"发布清单指纹：{sha256(copy / MANIFEST)}" in out
    code, out, _ = cli("verify", copy)
    assert code == 1 and "不在发布清单中：图解.png" in out
    charts_on = edit_workbook(EXAMPLE, tmp_path / "图解.xlsx", {**CHARTS_ON, **ONE_REQUEST})
    code, _, err = cli("publish", charts_on, "-o", tmp_path / "发布")
    assert code == 2 and "图解.png" in err and (copy / "图解.png").read_bytes() == edited


def test_verify_sees_dot_files_and_sub_folders(pack: Path, cli, tmp_path: Path) -> None:
    copy = _copy(pack, tmp_path)
    assert cli("verify", copy)[0] == 0
    (copy / ".htaccess").write_text("Redirect / http://example.invalid/\n", encoding="utf-8")
    (copy / "旧版").mkdir()
    (copy / "旧版" / "报告.html").write_text("<p>旧</p>", encoding="utf-8")
    (copy / "空").mkdir()
    code, out, _ = cli("verify", copy)
    assert code == 1 and "3 个文件与发布清单不一致" in out
    for added in (".htaccess", "旧版/报告.html", "空/"):
        assert f"不在发布清单中：{added}" in out


def test_a_rewritten_manifest_is_found_by_the_fingerprint(pack: Path, cli, tmp_path: Path) -> None:
    """The PDF replaced and its hash rewritten in 发布清单.json: only the fingerprint kept elsewhere shows it."""
    kept = sha256(pack / MANIFEST)
    assert cli("verify", pack, "--fingerprint", kept)[0] == 0
    copy = _copy(pack, tmp_path)
    pdf = copy / f"{TITLE}.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"%%EOF", b"%%EOF\n% replaced"))
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][pdf.name] = sha256(pdf)
    (copy / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    assert cli("verify", copy)[0] == 0, "the manifest alone cannot tell"
    code, out, _ = cli("verify", copy, "--fingerprint", kept)
    assert code == 1 and f"与保存的指纹不符：{MANIFEST}" in out


def test_verify_a_folder_of_packs_verifies_each(pack: Path, cli, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "发布"
    for name in ("甲", "乙"):
        shutil.copytree(pack, root / name)
    code, out, _ = cli("verify", root)
    assert code == 0 and out.count("全部 7 个文件与发布清单一致") == 2
    (root / "乙" / f"{TITLE}.html").write_text("改过", encoding="utf-8")
    (root / "说明.txt").write_text("后加的", encoding="utf-8")
    code, out, _ = cli("verify", root)
    assert code == 1 and f"已改动：{TITLE}.html" in out and "不在发布清单中：说明.txt" in out
    assert out.count("全部 7 个文件与发布清单一致") == 1
    code, _, err = cli("verify", root, "--fingerprint", sha256(pack / MANIFEST))
    assert code == 2 and "2 个发布包" in err
