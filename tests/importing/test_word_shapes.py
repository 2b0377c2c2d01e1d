"""Word reports as units really make them: a table split across pages into two tables, tables pasted
as text (cells separated by tabs), a title on two lines, sub-headings run into their paragraph; and a
web page saved in GBK. Each is the tool's own report with that one change, so the expected values are
known exactly."""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from pipeline.importing.read import import_report
from tests.importing.rendered import render_all, varied
from tests.importing.test_roundtrip import same

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    return render_all(varied(6), tmp_path_factory.mktemp("word"))


def _edit(docx: Path, out: Path, change: Callable[[etree._Element], None]) -> Path:
    with zipfile.ZipFile(docx) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    change(root.find(f"{W}body"))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def _paragraph(text: str) -> etree._Element:
    p = etree.Element(f"{W}p")
    for i, piece in enumerate(text.split("\t")):
        if i:
            etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}tab")
        etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = piece
    return p


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _split_tables(body: etree._Element) -> None:
    """Every table cut in two after its 5th row, an empty paragraph and a page break between."""
    for tbl in list(body.iter(f"{W}tbl")):
        rows = tbl.findall(f"{W}tr")
        second = copy.deepcopy(tbl)
        for tr in second.findall(f"{W}tr")[:5]:
            second.remove(tr)
        for tr in rows[5:]:
            tbl.remove(tr)
        brk = _paragraph("")
        etree.SubElement(etree.SubElement(brk, f"{W}r"), f"{W}br").set(f"{W}type", "page")
        tbl.addnext(brk)
        brk.addnext(second)


def _tables_as_text(body: etree._Element) -> None:
    """Every table pasted as text: a paragraph per row, its cells joined by tabs."""
    for tbl in list(body.iter(f"{W}tbl")):
        anchor = tbl
        for tr in tbl.findall(f"{W}tr"):
            p = _paragraph("\t".join(_text(tc) for tc in tr.findall(f"{W}tc")))
            anchor.addnext(p)
            anchor = p
        body.remove(tbl)


def _title_on_two_lines(body: etree._Element) -> None:
    title = body.find(f"{W}p")
    unit, rest = _text(title).split("2024", 1)
    title.addprevious(_paragraph(unit))
    for t in title.iter(f"{W}t"):
        t.text = ""
    next(title.iter(f"{W}t")).text = "2024" + rest


def _headings_run_in(body: etree._Element) -> None:
    """（一）…（五）: each sub-heading and its first paragraph made one paragraph, “（一）主动公开。……”."""
    paragraphs = body.findall(f"{W}p")
    for p, following in pairwise(paragraphs):
        text = _text(p)
        if text[:3] in ("（一）", "（二）", "（三）", "（四）", "（五）") and len(text) < 20:
            joined = _paragraph(f"{text}。{_text(following)}")
            following.addprevious(joined)
            body.remove(following)
            body.remove(p)


@pytest.mark.parametrize("change", [_split_tables, _tables_as_text, _title_on_two_lines, _headings_run_in])
def test_word_report_as_units_make_it_reads_back(rendered, tmp_path, change) -> None:
    for i, (report, docx, _, _) in enumerate(rendered):
        edited = _edit(docx, tmp_path / f"{i}.docx", change)
        imported, note = import_report(edited)
        assert same(report, imported) == [], (change.__name__, i, note.lines())


def test_a_page_saved_in_gbk(rendered, tmp_path) -> None:
    report, _, page, _ = rendered[1]
    html = page.read_text(encoding="utf-8").replace('<meta charset="utf-8">', '<meta charset="gb2312">')
    gbk = tmp_path / "gbk.htm"
    gbk.write_bytes(html.encode("gb18030"))
    imported, _ = import_report(gbk)
    assert same(report, imported) == []
