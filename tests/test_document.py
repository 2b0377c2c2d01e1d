"""The Word template and the rendering: the template's contract with the context, the official
table shapes, GB/T 9704 formatting, the docxtpl traps (escaping, paragraphs, leftovers) and the
failures a person editing the template can cause."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table as DocxTable
from docxtpl import DocxTemplate

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import MANIFEST
from pipeline.core.output import write_bytes
from pipeline.core.paths import WORD_TEMPLATE, WORKBOOK_TEMPLATE
from pipeline.format.grid import height, table_grid, width
from pipeline.format.official import NARRATIVES, SECTIONS, TABLES
from pipeline.report import docx_styles as st
from pipeline.report.context import build_context, table_key
from pipeline.report.document import render
from pipeline.report.docx_text import document_text
from pipeline.report.template_check import check_template, jinja_env
from pipeline.report.word_template import CHARTS_HEADING, build_word_template

from .docx_helpers import SPECIAL, TEMPLATE, complete_report, edit_template, style_name

#: context.py offers these for a person's own template edits (e.g. a 落款); the default template
#: prints them only as part of ``title``.
NOT_PRINTED = {"unit_name", "year"}
#: The generated statistical sentences as ready values for a person's own template; the default
#: template prints them inside the narrative keys (see context.build_context).
OFFERED = {"stats", "last"}  # for templates that place the sentences or a 上年 column themselves


@pytest.fixture
def ctx() -> dict[str, Any]:
    return build_context(complete_report())


@pytest.fixture
def rendered(tmp_path: Path, ctx: dict[str, Any]) -> DocumentObject:
    out = tmp_path / "report.docx"
    render(TEMPLATE, ctx, out)
    return docx.Document(str(out))


def grid_positions(table: DocxTable) -> dict[tuple[int, int], Any]:
    """(row, grid column) -> the w:tc element covering it (merged cells map to one element)."""
    return {(r, c): cell._tc for r, row in enumerate(table.rows) for c, cell in enumerate(row.cells)}


# --- The template -----------------------------------------------------------------------------------

def test_template_uses_exactly_the_context(ctx: dict[str, Any]) -> None:
    tpl = DocxTemplate(str(TEMPLATE))
    env = jinja_env()
    assert tpl.get_undeclared_template_variables(jinja_env=env, context=ctx) == set()
    used = DocxTemplate(str(TEMPLATE)).get_undeclared_template_variables(jinja_env=env)
    assert set(ctx) - used == NOT_PRINTED | OFFERED
    assert all(ctx[key] in ctx["title"] for key in NOT_PRINTED)
    # One placeholder per table cell, each exactly once.
    text = "\n".join(document_text(TEMPLATE))
    placeholders = re.findall(r"\{\{ (t\d)\.(\w+) \}\}", text)
    assert sorted(placeholders) == sorted((t.key, k) for t in TABLES for k in ctx[t.key])


def test_template_tables_have_the_official_shape() -> None:
    doc = docx.Document(str(TEMPLATE))
    # The official tables, then the optional 主要数据与上年对比 (tests/test_compare.py).
    assert len(doc.tables) == len(TABLES) + 1
    for table, out in zip(TABLES, doc.tables[:len(TABLES)], strict=True):
        assert len(out.rows) == height(table)
        assert all(len(row.cells) == width(table) for row in out.rows)
        positions = grid_positions(out)
        grid = table_grid(table)
        assert len(set(positions.values())) == len(grid), f"{table.key}: extra or missing merges"
        for g in grid:
            covered = {positions[(r, c)] for r in range(g.row, g.row + g.rowspan)
                       for c in range(g.col, g.col + g.colspan)}
            assert len(covered) == 1, f"{table.key} {g} is not one merged cell"
            text = out.cell(g.row, g.col).text.replace("\n", "")  # line breaks between words: layout
            if g.role == "data":
                assert g.key is not None
                assert text == f"{{{{ {table.key}.{table_key(*g.key)} }}}}"
            else:
                assert text == g.text


def test_template_carries_every_official_label_verbatim() -> None:
    tables = docx.Document(str(TEMPLATE)).tables
    cells = {cell.text.replace("\n", "") for out in tables for row in out.rows for cell in row.cells}
    for table in TABLES:
        for block in table.blocks:
            labels = {block.title, block.corner} | {p for line in block.rows + block.cols for p in line.path}
            assert labels - {""} <= cells, table.key


def test_template_styles_follow_gb_t_9704() -> None:
    doc = docx.Document(str(TEMPLATE))
    section = doc.sections[0]
    # Word stores twips: compare in whole millimetres.
    mm = [round(Emu(v or 0).mm) for v in (section.page_width, section.page_height, section.top_margin,
                                     section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]
    expected = {st.BODY: ("仿宋_GB2312", 16), st.TITLE: ("方正小标宋简体", 22), st.HEADING1: ("黑体", 16),
                st.HEADING2: ("楷体_GB2312", 16), st.TABLE_TEXT: ("仿宋_GB2312", 10.5),
                st.TABLE_SMALL: ("仿宋_GB2312", 9), st.PAGE_NUMBER: ("宋体", 14)}
    for name, (font, size) in expected.items():
        style = doc.styles[name]
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        assert {rfonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia")} == {font}, name
        assert style.font.size == Pt(size), name
    body = doc.styles[st.BODY].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY and body.line_spacing == Pt(28)
    assert body.first_line_indent == Pt(32) and body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    ind = doc.styles[st.BODY].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert doc.styles[st.TITLE].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # No theme font left in the defaults: it would override 仿宋 for Chinese text.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert not any("Theme" in a or "theme" in a for el in defaults.iter(qn("w:rFonts")) for a in el.attrib)
    styles_used = [style_name(p) for p in doc.paragraphs]
    assert styles_used[0] == st.TITLE
    assert [p.text for p in doc.paragraphs if style_name(p) == st.HEADING1] == [s.heading for s in SECTIONS]
    # The 图解 page, an 附件 printed only when the workbook asks for charts.
    assert [p.text for p in doc.paragraphs if style_name(p) == st.ATTACHMENT] == [CHARTS_HEADING]
    assert [p.text for p in doc.paragraphs if style_name(p) == st.HEADING2] == [n.label for n in NARRATIVES
                                                                                if n.label]


def test_template_tables_repeat_headers_and_keep_rows_whole() -> None:
    for out in docx.Document(str(TEMPLATE)).tables:
        rows = [row._tr for row in out.rows]
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        widths = [col.width for col in out.columns]
        assert abs(sum(widths) - (Mm(210) - Mm(28) - Mm(26))) < Mm(1)
    t3 = docx.Document(str(TEMPLATE)).tables[1]
    header = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in t3.rows]
    assert header[:3] == [True] * 3 and not any(header[3:])


def test_page_number_footer_odd_right_even_left() -> None:
    doc = docx.Document(str(TEMPLATE))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph.alignment == align and style_name(paragraph) == st.PAGE_NUMBER
        instr = [el.text for el in paragraph._p.iter(qn("w:instrText"))]
        assert [t.strip() for t in instr] == ["PAGE"]


def test_the_committed_template_is_what_the_generator_writes(tmp_path: Path) -> None:
    build_word_template(tmp_path / "report.docx")
    assert (tmp_path / "report.docx").read_bytes() == WORD_TEMPLATE.read_bytes(), (
        "run python -m pipeline.report.word_template and commit templates/report.docx")


def test_template_generation_is_reproducible(tmp_path: Path) -> None:
    build_word_template(tmp_path / "a.docx")
    build_word_template(tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        names = z.namelist()
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names


# --- Rendering ---------------------------------------------------------------------------------------

def test_every_number_lands_in_its_cell(rendered: DocumentObject, ctx: dict[str, Any]) -> None:
    for table, out in zip(TABLES, rendered.tables, strict=True):
        for g in table_grid(table):
            if g.role == "data":
                assert g.key is not None
                assert out.cell(g.row, g.col).text == ctx[table.key][table_key(*g.key)], (table.key, g.key)
    assert rendered.tables[0].cell(13, 1).text == "5949.088667"


def test_narrative_paragraphs_are_real_indented_paragraphs(rendered: DocumentObject,
                                                          ctx: dict[str, Any]) -> None:
    expected = [ctx["title"], *ctx["intro"]]
    for section in SECTIONS:
        expected.append(section.heading)
        for n in NARRATIVES:
            if n.section == section.key:
                expected += [n.label] if n.label else []
                expected += ctx[n.key]
    body = [p for p in rendered.paragraphs if p.text]
    assert [p.text for p in body] == expected
    narrative = {text for n in NARRATIVES for text in ctx[n.key]}
    for p in body:
        if p.text in narrative:
            assert style_name(p) == st.BODY
            assert rendered.styles[st.BODY].paragraph_format.first_line_indent == Pt(32)
    assert not [br for p in rendered.paragraphs for br in p._p.iter(qn("w:br"))]


def test_special_characters_survive(rendered: DocumentObject) -> None:
    texts = [p.text for p in rendered.paragraphs]
    assert f"s5的第二段，含{SPECIAL}。" in texts
    assert f"intro的第二段，含{SPECIAL}。" in texts


def test_tags_in_the_data_are_printed_literally(tmp_path: Path) -> None:
    report = complete_report()
    report.texts["s6"] = ["{{ x }}", "{% if %}", "｛｛ y ｝｝", "None", "{%p endfor %}"]
    out = tmp_path / "r.docx"
    render(TEMPLATE, build_context(report), out)
    text = document_text(out)
    assert text[-5:] == ["{{ x }}", "{% if %}", "｛｛ y ｝｝", "None", "{%p endfor %}"]


def test_rendering_twice_gives_the_same_document(tmp_path: Path, ctx: dict[str, Any]) -> None:
    render(TEMPLATE, ctx, tmp_path / "a.docx")
    render(TEMPLATE, ctx, tmp_path / "b.docx")
    assert document_text(tmp_path / "a.docx") == document_text(tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_document_text_lists_table_rows_once_per_merged_cell(rendered: DocumentObject, tmp_path: Path,
                                                            ctx: dict[str, Any]) -> None:
    out = tmp_path / "report.docx"
    render(TEMPLATE, ctx, out)
    text = document_text(out)
    cols = [c.key for c in TABLES[1].cols]
    new = " | ".join(ctx["t3"][f"new_{c}"] for c in cols)
    opened = " | ".join(ctx["t3"][f"open_{c}"] for c in cols)
    secret = " | ".join(ctx["t3"][f"deny_secret_{c}"] for c in cols)
    law = " | ".join(ctx["t3"][f"deny_law_{c}"] for c in cols)
    # A merged label is printed in its first row only.
    assert f"一、本年新收政府信息公开申请数量 | {new}" in text
    assert f"三、本年度办理结果 | （一）予以公开 | {opened}" in text
    assert f"（三）不予公开 | 1.属于国家秘密 | {secret}" in text
    assert f"2.其他法律行政法规禁止公开 | {law}" in text


def test_leftover_text_in_the_output_is_refused(tmp_path: Path, ctx: dict[str, Any]) -> None:
    template = edit_template(tmp_path, "{{ title }}", "None")
    with pytest.raises(CannotRun, match="None"):
        render(template, ctx, tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()


def test_unwritable_output_is_refused(tmp_path: Path, ctx: dict[str, Any]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CannotRun, match=r"无法在 .*a-file 中写入文件"):
        render(TEMPLATE, ctx, blocker / "report.docx")


def test_locked_output_is_refused_and_the_old_file_kept(tmp_path: Path, ctx: dict[str, Any],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.docx"
    write_bytes(out, b"old")  # written by the tool: it may be replaced

    def locked(src: str, dst: str) -> None:
        raise PermissionError(13, "locked")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(CannotRun, match="正在 Word、WPS 或 Excel 中打开"):
        render(TEMPLATE, ctx, out)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "report.docx"]  # no temporary file left


# --- check_template ----------------------------------------------------------------------------------

def test_the_committed_template_passes(ctx: dict[str, Any]) -> None:
    check_template(TEMPLATE, ctx)


def test_missing_template(tmp_path: Path, ctx: dict[str, Any]) -> None:
    with pytest.raises(CannotRun, match=r"找不到 Word 模板.*nowhere\.docx"):
        check_template(tmp_path / "nowhere.docx", ctx)


@pytest.mark.parametrize(("content", "message"), [
    (b"just text", "不是有效的 Word 文档"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, r"旧版 Word（\.doc）"),
])
def test_not_a_docx(tmp_path: Path, ctx: dict[str, Any], content: bytes, message: str) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    with pytest.raises(CannotRun, match=message):
        check_template(path, ctx)


def test_an_xlsx_is_not_a_template(tmp_path: Path, ctx: dict[str, Any]) -> None:
    xlsx = WORKBOOK_TEMPLATE
    if not xlsx.exists():
        pytest.skip("no workbook template in this checkout")
    shutil.copy(xlsx, tmp_path / "t.docx")
    with pytest.raises(CannotRun, match="不是有效的 Word 文档"):
        check_template(tmp_path / "t.docx", ctx)


@pytest.mark.parametrize(("old", "new", "place", "what"), [
    # A syntax error in a table cell names the cell as a person counts it (row 4, column 4).
    ("{{ t3.new_natural }}", "{{ t3.new_natural + }}", "表三第4行第4列", "语法错误"),
    ("{{ t3.new_natural }}", "{{ t3.new_natural }", "表三第4行第4列", "不成对"),
    ("{%p for p in s5 %}", "{%p for p in %}", "段“{%p for p in %}”", "语法错误"),
    ("{{ title }}", "{{ titel }}", "第1段", "“titel”.*是否应为“title”"),
    ("{{ t3.new_natural }}", "{{ t3.new_naturl }}", "表三第4行第4列", "t3.new_naturl.*new_natural"),
    ("{{ t4.cases_review_total }}", "｛｛ t4.cases_review_total ｝｝", "表四第4行第5列", "全角"),
    ("{{ title }}", "{％ if title ％}", "第1段", "全角"),
])
def test_broken_template_names_the_place(tmp_path: Path, ctx: dict[str, Any], old: str, new: str,
                                         place: str, what: str) -> None:
    template = edit_template(tmp_path, old, new)
    with pytest.raises(CannotRun) as caught:
        check_template(template, ctx)
    message = caught.value.message
    assert place in message and re.search(what, message), message
    assert "\n" not in message
    with pytest.raises(CannotRun):
        render(template, ctx, tmp_path / "r.docx")


def test_an_attribute_of_a_text_is_refused_before_rendering(tmp_path: Path, ctx: dict[str, Any]) -> None:
    # Once found only when rendering; now outside the context as the sandbox rule defines it.
    template = edit_template(tmp_path, "{{ title }}", "{{ title.foo }}")
    with pytest.raises(CannotRun, match=re.escape("第1段“{{ title.foo }}”用了“title.foo”")):
        check_template(template, ctx)
