"""``render`` when things go wrong around the data: Word templates a person edited, outputs that
cannot be written, interrupted runs. Every case through the command line: exit 2 with one line naming
the place to fix, the previous report intact, no half-written file, the workbook unchanged.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from pipeline.core import output as output
from pipeline.core.manifest import MANIFEST
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.report.docx_text import document_text

from .docx_helpers import edit_template
from .helpers import EXAMPLE, sha256

TEMPLATE = WORD_TEMPLATE


@pytest.fixture
def previous_report(cli, tmp_path: Path) -> Path:
    """A report rendered earlier into a folder of its own: it must survive every failure below."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "报告.docx"
    assert cli("render", EXAMPLE, "-o", out)[0] == 0
    return out


@pytest.fixture
def refused(cli, previous_report: Path) -> Callable[..., str]:
    """``render`` over ``previous_report``: exit 2, one line, nothing written, nothing lost."""

    def run(*args: str | Path, out: Path = previous_report) -> str:
        before, workbook = previous_report.read_bytes(), sha256(EXAMPLE)
        folder = sorted(previous_report.parent.iterdir())
        code, stdout, err = cli("render", EXAMPLE, "-o", out, *args)
        assert code == 2, (stdout, err)
        assert err.startswith("无法继续：") and err.count("\n") == 1 and "内部错误" not in err, err
        assert previous_report.read_bytes() == before, "the previous report was touched"
        assert sorted(previous_report.parent.iterdir()) == folder, "a file was left behind"
        assert sha256(EXAMPLE) == workbook
        return err

    return run


# --- Word templates a person edited ----------------------------------------------------------------

def test_missing_template(refused, tmp_path: Path) -> None:
    assert "找不到 Word 模板" in refused("--template", tmp_path / "report.docx")


@pytest.mark.parametrize(("content", "words"), [
    (b"{{ title }}\n", ("不是有效的 Word 文档",)),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), ("旧版 Word", "另存为")),
    (b"", ("不是有效的 Word 文档",)),
])
def test_a_template_that_is_not_a_docx(refused, tmp_path: Path, content: bytes, words: tuple[str, ...]) -> None:
    template = tmp_path / "模板.docx"
    template.write_bytes(content)
    err = refused("--template", template)
    assert all(w in err for w in words), err


def test_a_workbook_given_as_template(refused, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "模板.docx")
    assert "不是有效的 Word 文档" in refused("--template", tmp_path / "模板.docx")


def test_a_folder_given_as_template(refused, tmp_path: Path) -> None:
    assert "是文件夹" in refused("--template", tmp_path)


@pytest.mark.parametrize(("old", "new", "words"), [
    ("{{ t3.new_natural }}", "{{ t3.new_natural + }}", ("表三第4行第4列", "语法错误")),
    ("{{ t3.new_natural }}", "{{ t3.new_natural }", ("表三第4行第4列", "不成对")),
    ("{{ title }}", "{{ titel }}", ("第1段", "“titel”", "“title”")),
    ("{{ t3.new_natural }}", "{{ t3.new_naturl }}", ("表三第4行第4列", "new_natural")),
    ("{{ t4.cases_review_total }}", "｛｛ t4.cases_review_total ｝｝", ("表四第4行第5列", "全角", "半角")),
    ("{{ title }}", "{％ if title ％}", ("第1段", "全角")),
])
def test_an_edited_template_names_the_place_to_fix(refused, tmp_path: Path, old: str, new: str,
                                                   words: tuple[str, ...]) -> None:
    err = refused("--template", edit_template(tmp_path, old, new))
    assert all(w in err for w in words), err


@pytest.mark.parametrize(("new", "words"), [
    ("None", ("None",)),  # a person typed the word: it would read as missing data
    ("{{ '{{' }} title }}", ("{{",)),  # a tag that renders a tag
    ("{{ '｛' ~ '｛' }} title", ("｛｛",)),  # full-width braces the check before rendering cannot see
])
def test_leftovers_in_the_rendered_document_are_refused(refused, tmp_path: Path, new: str,
                                                        words: tuple[str, ...]) -> None:
    err = refused("--template", edit_template(tmp_path, "{{ title }}", new))
    assert "生成的报告第1段" in err and all(w in err for w in words), err


# --- outputs --------------------------------------------------------------------------------------

def test_an_output_folder_that_cannot_exist(refused, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    err = refused(out=blocker / "报告.docx")
    assert "无法在" in err and "写入" in err


def test_an_output_path_that_is_a_folder(refused, previous_report: Path) -> None:
    assert "是文件夹" in refused(out=previous_report.parent)


def test_an_output_file_open_in_word(refused, monkeypatch) -> None:
    def locked(src: str, dst: str) -> None:  # what Windows reports while Word holds the file
        raise PermissionError(13, "locked")

    monkeypatch.setattr(output.os, "replace", locked)
    assert "正在 Word、WPS 或 Excel 中打开" in refused()


def test_an_interrupted_run_leaves_the_previous_report(refused, monkeypatch) -> None:
    def interrupted(path: Path, data: bytes) -> None:
        with output.atomic_write(path) as tmp:
            tmp.write_bytes(data[: len(data) // 2])  # half the document is on disk …
            raise KeyboardInterrupt  # … when the user presses Ctrl+C

    monkeypatch.setattr("pipeline.report.renderer.write_bytes", interrupted)
    assert "中断" in refused()


def test_rendering_twice_gives_the_same_bytes(cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert cli("render", EXAMPLE, "-o", first)[0] == 0
    assert cli("render", EXAMPLE, "-o", second)[0] == 0
    assert document_text(first) == document_text(second)
    assert first.read_bytes() == second.read_bytes()


def test_a_report_replaced_by_a_new_one_is_whole(cli, previous_report: Path, make_workbook) -> None:
    assert cli("render", make_workbook({"unit_name": "新名称镇"}), "-o", previous_report)[0] == 0
    assert document_text(previous_report)[0].startswith("新名称镇")
    assert sorted(p.name for p in previous_report.parent.iterdir()) == sorted([previous_report.name, MANIFEST])


# --- unusual narrative, printed exactly -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "{{ unit_name }}、{% if true %}标签{% endif %}、{# 注释 #}、{%p endfor %}照原样印出",
    "办理情况良好👍🏻，满意度 100%😀",
    "A&B<局>\"引号\" & 5<6>4",
    "长" * 30_000 + "。",
])
def test_narrative_is_printed_literally(cli, make_workbook, tmp_path: Path, text: str) -> None:
    workbook = make_workbook({"text_s6": f"{text}\n第二段"})
    code, stdout, err = cli("render", workbook, "-o", tmp_path / "r.docx")
    assert code == 0, stdout + err
    lines = document_text(tmp_path / "r.docx")
    assert text in lines and "第二段" in lines


def test_control_characters_are_removed_and_said(cli, make_workbook, tmp_path: Path) -> None:
    workbook = make_workbook({"text_s6": "第一段_x0001_文字_x000B_结束"})
    code, stdout, _ = cli("render", workbook, "-o", tmp_path / "r.docx")
    assert code == 0 and "T1" in stdout and "控制字符" in stdout
    assert "第一段文字结束" in document_text(tmp_path / "r.docx")
    paragraphs = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert not any("_x0" in p for p in paragraphs)


@pytest.mark.parametrize("name", ["报告.pdf", "报告.html", "报告"])
def test_an_output_that_is_not_a_docx(refused, previous_report: Path, name: str) -> None:
    # `-o 报告.pdf` used to write the Word document under the PDF's name.
    assert ".docx" in refused(out=previous_report.parent / name)


def test_the_workbook_itself_as_output_is_refused(cli, tmp_path: Path) -> None:
    workbook = tmp_path / "盘江镇2024.xlsx"
    shutil.copy(EXAMPLE, workbook)
    code, _, err = cli("render", workbook, "-o", workbook)
    assert code == 2 and err.startswith("无法继续：") and ".docx" in err
    assert sha256(workbook) == sha256(EXAMPLE), "the unit's workbook was overwritten by the report"
