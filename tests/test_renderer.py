"""The compiled-once renderer used by batch runs writes the same report as ``document.render``.

``Renderer`` repeats steps of docxtpl's ``render`` with its helper methods; the comparison here is what
fails when a docxtpl release changes them (docxtpl is pinned in pyproject.toml for this reason)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pipeline.core.fatal import CannotRun
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.reading.reader import read
from pipeline.report import document as document
from pipeline.report.context import build_context
from pipeline.report.docx_text import document_text
from pipeline.report.renderer import Renderer, probe_context
from pipeline.report.template_check import check_template


def _body(path: Path) -> list[tuple[object, ...]]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return [(e.tag, dict(e.attrib), e.text, e.tail) for e in root.iter()]


@pytest.mark.parametrize("text", [None, "A&B<局>“引号”\t制表"])
def test_same_report_as_document_render(example: Path, tmp_path: Path, text: str | None) -> None:
    report, _ = read(example)
    if text is not None:
        report.texts["s6"] = [text, "第二段"]
        report.unit_name = "A&B<局>"
    context = build_context(report)
    slow, fast = tmp_path / "slow.docx", tmp_path / "fast.docx"
    document.render(WORD_TEMPLATE, context, slow)
    renderer = Renderer(WORD_TEMPLATE)
    renderer.render(context, fast)
    assert document_text(fast) == document_text(slow)
    assert _body(fast) == _body(slow)
    first = fast.read_bytes()
    renderer.render(context, fast)
    assert fast.read_bytes() == first, "the same report always gives the same bytes"


def test_probe_context_fits_the_template() -> None:
    check_template(WORD_TEMPLATE, probe_context())


def test_leftover_none_is_refused(tmp_path: Path) -> None:
    context = probe_context()
    context["title"] = None  # what a None in the data would print
    with pytest.raises(CannotRun, match="None"):
        Renderer(WORD_TEMPLATE).render(context, tmp_path / "x.docx")


def test_tags_in_a_header_are_filled_too(example: Path, tmp_path: Path) -> None:
    """The fast path compiles only the body; a header with a tag goes the complete way."""
    import docx

    edited = docx.Document(str(WORD_TEMPLATE))
    edited.sections[0].header.paragraphs[0].text = "{{ title }}"
    edited.save(str(tmp_path / "header.docx"))
    context = build_context(read(example)[0])
    Renderer(tmp_path / "header.docx").render(context, tmp_path / "out.docx")
    header = docx.Document(str(tmp_path / "out.docx")).sections[0].header.paragraphs[0].text
    assert header == context["title"]
