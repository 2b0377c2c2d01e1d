"""batch --publish: the 审核情况通报 carries each publication pack's fingerprint (the SHA-256 of its
发布清单.json), so the paper kept outside the packs is enough to verify them later; a batch that does
not publish, and an office's older edited 通报 template without the block, are as before."""

from __future__ import annotations

from pathlib import Path

import docx

from pipeline.core.paths import BULLETIN_TEMPLATE
from pipeline.format.layout import FIELD_INPUTS
from pipeline.report.template_check import places
from pipeline.units import notices
from pipeline.units.publish import MANIFEST, sha256

from .docx_helpers import table_cells


def _text(path: Path) -> str:
    return "\n".join(text for _, text in places(docx.Document(str(path))))


def test_the_bulletin_of_a_published_batch_carries_each_packs_fingerprint(cli, make_workbook, tmp_path: Path) -> None:
    units, out = tmp_path / "各单位", tmp_path / "结果"
    units.mkdir()
    make_workbook().rename(units / "盘江镇.xlsx")
    make_workbook({FIELD_INPUTS["unit_name"].place.address: "红星镇"}).rename(units / "红星镇.xlsx")
    _, stdout, _ = cli("batch", str(units), "-o", str(out), "--publish", "-j", "1")
    assert "已为 2 个没有错误的单位生成发布包" in stdout, stdout
    packs = sorted((out / "发布").iterdir())
    assert len(packs) == 2
    bulletin = out / "审核情况通报.docx"
    cells = next(t for t in table_cells(bulletin) if t[:2] == ["发布包", "发布清单指纹"])
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    text = _text(bulletin)
    assert "四、发布情况" in text and "五、有关要求" in text
    assert "发布文件夹以外" in text and "--" not in text, "said plainly, no command-line flags on paper"
    on_paper = {pack: fingerprint for pack, fingerprint in rows[1:]}
    assert sorted(on_paper) == [p.name for p in packs], "one row a pack, under its folder's name"
    for pack in packs:
        printed = on_paper[pack.name]
        assert "".join(printed.split()) == sha256(pack / MANIFEST), "the SHA-256 of the pack's 发布清单.json"
        assert [len(group) for group in printed.split(" ")] == [8] * 8, "in groups of eight, to read off paper"
        code, said, _ = cli("verify", str(pack), "--fingerprint", printed)  # copied off the paper as printed
        assert code == 0 and "与保存的指纹不符" not in said, said
    # The fingerprint on paper finds a manifest rewritten with the file it covers.
    assert cli("verify", str(packs[0]), "--fingerprint", "0" * 64)[0] == 1


def test_a_batch_that_does_not_publish_says_nothing_of_packs(cli, make_workbook, tmp_path: Path) -> None:
    units, out = tmp_path / "各单位", tmp_path / "结果"
    units.mkdir()
    make_workbook().rename(units / "盘江镇.xlsx")
    cli("batch", str(units), "-o", str(out), "-j", "1")
    text = _text(out / "审核情况通报.docx")
    assert "发布情况" not in text and "指纹" not in text and "四、有关要求" in text
    assert not any("发布包" in cell for table in table_cells(out / "审核情况通报.docx") for cell in table)


def test_an_older_edited_bulletin_template_without_the_block_still_works(tmp_path: Path) -> None:
    """An office's template edited before the block existed uses none of its names: it is checked
    and filled as before, the fingerprints simply not printed."""
    old = docx.Document(str(BULLETIN_TEMPLATE))
    body = old.element.body
    start = next(i for i, el in enumerate(body) if "{%p if published %}" in "".join(el.itertext()))
    end = next(i for i, el in enumerate(body) if "{%p endif %}" in "".join(el.itertext()))
    for el in list(body)[start:end + 1]:
        body.remove(el)
    for p in old.paragraphs:
        if "有关要求" in p.text:
            for run in p.runs:
                run.text = ""
            p.runs[0].text = "四、有关要求"
    template = tmp_path / "bulletin.docx"
    old.save(str(template))
    assert "published" not in _text(template)
    notices.check_notice_templates(bulletin_template=template)
    context = notices.probe_bulletin()
    assert context["published"], "the probe exercises the new block"
    notices.write_bulletin(context, tmp_path / "通报.docx", template)
    text = _text(tmp_path / "通报.docx")
    assert "四、有关要求" in text and "0" * 64 not in text
