"""The web page: valid HTML5, self-contained, the same text as the Word report, and tables whose
cells, spans and header relations are exactly the official grid."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import pytest

from pipeline.format.grid import height, table_grid, width
from pipeline.format.official import NARRATIVES, SECTIONS, TABLES, Table
from pipeline.reading.reader import read
from pipeline.report.context import build_context, number, table_key
from pipeline.report.html import page

from .docx_helpers import SPECIAL, complete_report

Placed = tuple[int, int, int, int, ET.Element]  # row, column, rowspan, colspan, element


def parse(text: str) -> ET.Element:
    """Parse strictly: html5lib raises on any HTML5 parse error (a missing doctype, a stray end
    tag, a misnested table, an unescaped ``<`` in text…)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(text)


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def placed(table: ET.Element) -> list[Placed]:
    """The HTML table model: each cell at the grid position rowspans above it leave free."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))
            taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            cells.append((r, c, rs, cs, cell))
            c += cs
    return cells


@pytest.fixture(scope="module")
def ctx() -> dict[str, Any]:
    return build_context(complete_report())


@pytest.fixture(scope="module")
def doc(ctx: dict[str, Any]) -> ET.Element:
    return parse(page(ctx))


def tables(doc: ET.Element) -> list[ET.Element]:
    return list(doc.iter("table"))


def test_page_is_valid_html5(ctx: dict[str, Any], doc: ET.Element) -> None:
    text = page(ctx)
    assert text.startswith("<!DOCTYPE html>\n")
    assert doc.get("lang") == "zh-CN"
    head = doc.find("head")
    assert head is not None
    assert [m.get("charset") for m in head.iter("meta") if m.get("charset")] == ["utf-8"]
    assert head.findtext("title") == ctx["title"]
    ids = [el.get("id") for el in doc.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate id"
    # HTML5 conformance for tables: every headers token names a th of the same table.
    for table in tables(doc):
        th_ids = {th.get("id") for th in table.iter("th")}
        for td in table.iter("td"):
            assert set(td.get("headers", "").split()) <= th_ids
    # aria-labelledby points at an element that exists.
    for el in doc.iter():
        if el.get("aria-labelledby"):
            assert el.get("aria-labelledby") in ids


def test_page_is_self_contained(ctx: dict[str, Any], doc: ET.Element) -> None:
    assert not [el.tag for el in doc.iter() if el.tag in ("link", "script", "img", "iframe", "object")]
    assert not [el.tag for el in doc.iter() if {"src", "href", "srcset"} & set(el.attrib)]
    style = "".join(text_of(s) for s in doc.iter("style"))
    assert "url(" not in style and "@import" not in style
    assert "@page" in style and "size: A4" in style and "@media print" in style


def test_text_and_headings_follow_the_word_report(ctx: dict[str, Any], doc: ET.Element) -> None:
    """The same sequence the Word test expects: title, introduction, each section heading with its
    sub-headings and paragraphs; the tables sit in sections 二 to 四."""
    expected = [("h1", ctx["title"])] + [("p", p) for p in ctx["intro"]]
    for section in SECTIONS:
        expected.append(("h2", section.heading))
        for n in NARRATIVES:
            if n.section == section.key:
                expected += [("h3", n.label)] if n.label else []
                expected += [("p", p) for p in ctx[n.key]]
    article = doc.find(".//article")
    assert article is not None
    got = [(el.tag, text_of(el)) for el in article.iter() if el.tag in ("h1", "h2", "h3", "p")]
    assert got == expected
    assert f"s5的第二段，含{SPECIAL}。" in [t for _, t in got]  # escaped, and read back intact
    for table, el in zip(TABLES, tables(doc), strict=True):
        section = next(s for s in doc.iter("section") if el in s.iter("table"))
        assert section.findtext("h2") == table.heading


@pytest.mark.parametrize("table", TABLES, ids=[t.key for t in TABLES])
def test_tables_have_exactly_the_official_cells_and_spans(table: Table, doc: ET.Element,
                                                          ctx: dict[str, Any]) -> None:
    el = tables(doc)[TABLES.index(table)]
    rows = list(el.iter("tr"))
    assert len(rows) == height(table)
    cells = placed(el)
    covered = {(r + i, c + j) for r, c, rs, cs, _ in cells for i in range(rs) for j in range(cs)}
    assert covered == {(r, c) for r in range(height(table)) for c in range(width(table))}
    got = [(r, c, rs, cs, e.tag, text_of(e)) for r, c, rs, cs, e in cells]
    expected = [(g.row, g.col, g.rowspan, g.colspan, "td" if g.role == "data" else "th",
                 ctx[table.key][table_key(*g.key)] if g.key else g.text) for g in table_grid(table)]
    assert got == expected
    # A row label is scoped to its row (to the rows it spans), a column label to its column(s).
    for g, (_, _, _, _, e) in zip(table_grid(table), cells, strict=True):
        scope = e.get("scope")
        if g.role == "rowhead":
            assert scope == ("rowgroup" if g.rowspan > 1 else "row"), g
        elif g.role in ("colhead", "corner"):
            assert scope == ("colgroup" if g.colspan > 1 else "col"), g
        elif g.role == "title":
            assert scope == "rowgroup"  # 第二十条第（一）项 heads its block: its own <tbody>
            assert e in next(tb for tb in el.iter("tbody") if e in tb.iter("th")).find("tr")


@pytest.mark.parametrize("table", TABLES, ids=[t.key for t in TABLES])
def test_every_number_is_read_with_its_official_labels(table: Table, doc: ET.Element) -> None:
    """What a screen reader says with a number: the labels of its row and its column (and the
    第二十条 item of table 二's block), exactly the label paths of the declaration."""
    el = tables(doc)[TABLES.index(table)]
    label = {th.get("id"): text_of(th) for th in el.iter("th")}
    rows, cols = {r.key: r for r in table.rows}, {c.key: c for c in table.cols}
    grid = [g for g in table_grid(table) if g.role == "data"]
    tds = list(el.iter("td"))
    assert len(tds) == len(grid)
    for g, td in zip(grid, tds, strict=True):
        assert g.key is not None
        row, col = rows[g.key[0]], cols[g.key[1]]
        block = next(b for b in table.blocks if row in b.rows and col in b.cols)
        expected = {*row.path, *col.path, block.title} - {""}
        assert {label[h] for h in td.get("headers", "").split()} == expected, g.key


def test_render_html_writes_the_example_with_the_workbook_numbers(cli, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "报告.docx"
    code, stdout, _ = cli("render", example, "-o", out, "--html")
    assert code == 0, stdout
    html_path = out.with_suffix(".html")
    assert f"已生成报告：{html_path}" in stdout
    doc = parse(html_path.read_text(encoding="utf-8"))
    report, _ = read(example)
    for table, el in zip(TABLES, tables(doc), strict=True):
        by_position = {(r, c): e for r, c, _, _, e in placed(el)}
        for g in table_grid(table):
            if g.key is not None:
                assert text_of(by_position[(g.row, g.col)]) == number(report.tables[table.key].value(*g.key))
    assert "286" in [text_of(td) for td in tables(doc)[0].iter("td")]  # 行政处罚 in the seed
