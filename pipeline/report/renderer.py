"""Render many reports from one Word template: parse and compile it once, then fill it per unit.

``document.render`` does everything for one report: docxtpl re-reads the template, rebuilds the Jinja
source of the whole body and compiles it on every call, which is most of its time (field notes). A
batch of hundreds of units compiles it once here. The steps are docxtpl's own (``patch_xml``, the same
Jinja environment, the same post-processing of the rendered XML), so the report is the same; a test
compares the two, and docxtpl is pinned to a minor release in pyproject.toml. The template is checked
against the context once, by the caller, with ``document.check_template``.
"""

from __future__ import annotations

import html
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report, TableData
from pipeline.core.output import write_bytes, zip_parts
from pipeline.format.official import TABLES, CellKind
from pipeline.report import document as document
from pipeline.report.context import Context, build_context
from pipeline.report.document import context_strings, jinja_env, leftover, marked_values

_BODY = re.compile(r"<w:body\b.*</w:body>", re.S)
_TITLE = re.compile(r"<dc:title>.*?</dc:title>|<dc:title/>", re.S)
_LISTING = ("\t", "\a", "\n", "\f")  # what docxtpl's resolve_listing turns into Word markup


def probe_context() -> Context:
    """A context of the right shape (every table cell 0): enough to check a template against."""
    report = Report(unit_name="某单位", year=2024)
    for table in TABLES:
        data = TableData.empty(table.key)
        for r, c, kind in table.cells():
            data.values.at[r.key, c.key] = Decimal(0) if kind is CellKind.AMOUNT else 0  # type: ignore[assignment]
        report.tables[table.key] = data
    return build_context(report)


def _has_tags(xml: bytes) -> bool:
    text = re.sub(rb"<[^>]+>", b"", xml).decode("utf-8", "replace")
    return "{{" in text or "{%" in text


class Renderer:
    """A Word template compiled once; ``render`` writes one report per context."""

    def __init__(self, template: Path) -> None:
        self._tpl = DocxTemplate(str(template))
        self._tpl.init_docx()
        # As docxtpl's render_xml_part: one paragraph per source line.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", self._tpl.patch_xml(self._tpl.get_xml()))
        self._body = jinja_env().from_string(source)
        with zipfile.ZipFile(template) as z:
            self._parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        document = self._parts["word/document.xml"].decode("utf-8")
        match = _BODY.search(document)
        if match is None:
            raise CannotRun(f"Word 模板 {template.name} 中没有正文（w:body）。请使用 templates/report.docx。")
        self._before, self._after = document[:match.start()], document[match.end():]
        # Only the body is compiled here. A person may put {{ title }} into a header or footer:
        # then every report goes the slower, complete way through docxtpl, never half-filled.
        self._template = template
        self._complete = any(_has_tags(body) for name, body in self._parts.items()
                             if re.match(r"word/(header|footer|footnotes|endnotes)\d*\.xml$", name))

    def _fill_body(self, context: Context) -> str:
        body = self._body.render(context)
        body = re.sub(r"\n<w:p([ >])", r"<w:p\1", body)
        body = body.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(ch in s for s in context_strings(context) for ch in _LISTING):
            body = self._tpl.resolve_listing(body)
        return str(body)

    def _check_leftovers(self, body: str, context: Context) -> None:
        found = leftover(html.unescape(re.sub(r"<[^>]+>", "", body)), marked_values(context))
        if found is not None:
            marker, text = found
            at = text.index(marker)
            raise CannotRun(f"生成的报告中有未替换的“{marker}”（附近文字：“{text[max(0, at - 20):at + 20]}”）。"
                            f"请检查 Word 模板中对应的占位符。")

    def render(self, context: Context, out: Path) -> None:
        """Fill the template with ``context`` and write ``out`` atomically."""
        if self._complete or context.get("charts"):  # a picture needs docxtpl's own package handling
            document.render(self._template, context, out)
            return
        body = self._fill_body(context)
        self._check_leftovers(body, context)
        parts = dict(self._parts)
        parts["word/document.xml"] = (self._before + body + self._after).encode("utf-8")
        title = f"<dc:title>{escape(str(context.get('title', '')))}</dc:title>"
        parts["docProps/core.xml"] = _TITLE.sub(title, parts["docProps/core.xml"].decode("utf-8"), 1).encode()
        write_bytes(out, zip_parts(parts))


def render_report(renderer: Renderer, report: Report, out: Path) -> None:
    renderer.render(build_context(report), out)

