"""A single ``render`` leaves nothing of an earlier run beside the new report that disagrees with it:
the tool's own PDF and web page of the report before are removed when this run does not renew them,
as ``batch`` does; a file placed there by hand, or edited since, stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core import output as output
from pipeline.core.fatal import CannotRun
from pipeline.report import pdf as pdf


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """LibreOffice stood in for: a PDF written through the tool's own writer, as convert_many does."""
    made: list[str] = []

    def convert(docx: list[Path], outdir: Path, timeout: float = 0) -> list[Path]:
        for each in docx:
            output.write_bytes(outdir / each.with_suffix(".pdf").name, b"%PDF of " + each.read_bytes()[:16])
            made.append(each.name)
        return [outdir / each.with_suffix(".pdf").name for each in docx]

    monkeypatch.setattr(pdf, "convert_many", convert)
    return made


def test_render_without_pdf_removes_the_pdf_and_page_of_the_earlier_render(cli, example: Path, tmp_path: Path,
                                                                          fake_pdf: list[str]) -> None:
    target = tmp_path / "报告.docx"
    assert cli("render", example, "-o", target, "--pdf", "--html")[0] == 0
    stale = [target.with_suffix(".pdf"), target.with_suffix(".html"), tmp_path / "报告.片段.html"]
    assert all(p.is_file() for p in stale) and fake_pdf == ["报告.docx"]
    code, printed, _ = cli("render", example, "-o", target)
    assert code == 0 and target.is_file()
    assert not any(p.exists() for p in stale), "nothing beside the new .docx disagrees with it"
    removed = [line for line in printed.splitlines() if line.startswith("已删除")]
    assert len(removed) == 3 and all("本工具上次生成" in line for line in removed)
    assert any(str(target.with_suffix(".pdf")) in line and "--pdf" in line for line in removed)
    assert any(str(target.with_suffix(".html")) in line and "--html" in line for line in removed)


def test_render_with_html_keeps_the_new_page_and_removes_only_the_pdf(cli, example: Path, tmp_path: Path,
                                                                      fake_pdf: list[str]) -> None:
    target = tmp_path / "报告.docx"
    assert cli("render", example, "-o", target, "--pdf")[0] == 0
    code, printed, _ = cli("render", example, "-o", target, "--html")
    assert code == 0 and target.with_suffix(".html").is_file() and (tmp_path / "报告.片段.html").is_file()
    assert not target.with_suffix(".pdf").exists()
    assert [line for line in printed.splitlines() if line.startswith("已删除")] == [
        f"已删除 {target.with_suffix('.pdf')}：这是本工具上次生成的文件，与本次的 Word 报告不一致"
        f"（本次没有生成 PDF；需要 PDF 时请加 --pdf 重新生成）。"]


def test_a_pdf_placed_by_hand_or_edited_since_stays(cli, example: Path, tmp_path: Path,
                                                    fake_pdf: list[str]) -> None:
    target = tmp_path / "报告.docx"
    assert cli("render", example, "-o", target, "--html")[0] == 0
    stamped = target.with_suffix(".pdf")
    stamped.write_bytes(b"%PDF stamped by hand")  # the final, stamped PDF
    page = target.with_suffix(".html")
    page.write_text(page.read_text("utf-8") + "<!-- edited by the webmaster -->", "utf-8")
    code, printed, _ = cli("render", example, "-o", target)
    assert code == 0 and stamped.read_bytes() == b"%PDF stamped by hand" and page.is_file()
    assert not (tmp_path / "报告.片段.html").exists(), "the unchanged fragment is the tool's: removed"
    assert [line for line in printed.splitlines() if line.startswith("已删除")] == [
        f"已删除 {tmp_path / '报告.片段.html'}：这是本工具上次生成的文件，与本次的 Word 报告不一致"
        f"（本次没有生成网页版；需要时请加 --html 重新生成）。"]


def test_a_failed_conversion_leaves_no_pdf_of_the_report_before(cli, example: Path, tmp_path: Path,
                                                                 fake_pdf: list[str], monkeypatch) -> None:
    target = tmp_path / "报告.docx"
    assert cli("render", example, "-o", target, "--pdf")[0] == 0

    def fail(docx: list[Path], outdir: Path, timeout: float = 0) -> list[Path]:
        raise CannotRun("LibreOffice 转换超时。")

    monkeypatch.setattr(pdf, "convert_many", fail)
    code, printed, err = cli("render", example, "-o", target, "--pdf")
    assert code == 2 and "转换超时" in err and target.is_file()
    assert not target.with_suffix(".pdf").exists()
    assert "本次 PDF 转换失败" in printed
