"""The one renderer of Word reports, for ``render`` and ``batch``: compile the template once, then
fill it per report, write only the parts that change, and check for leftovers once.

docxtpl's public ``DocxTemplate.render`` re-reads the template, rebuilds the Jinja source of the whole
body and compiles it on every call, which is most of its time (field notes); it has no call that
compiles once and renders many times. So the steps are taken here with docxtpl's public methods
(``init_docx``, ``get_xml``, ``patch_xml``, ``resolve_listing``) and the same Jinja environment; two
lines of its ``render_xml_part`` that no method exposes are repeated (one paragraph per source line,
and the ``{_{`` escapes put back). tests/test_renderer.py compares the result with docxtpl's own
render, and docxtpl is pinned to a minor release in pyproject.toml. The unchanged parts of the
package are compressed once (``package.Package``). The template is checked against the context once,
by the caller, with ``template_check.check_template``.
"""

from __future__ import annotations

import html
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import jinja2
from docxtpl import DocxTemplate

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report, TableData
from pipeline.core.output import write_bytes
from pipeline.format.official import TABLES, CellKind
from pipeline.report import document as document
from pipeline.report.context import Context, build_context
from pipeline.report.document import context_strings, leftover, marked_values
from pipeline.report.package import Package
from pipeline.report.template_check import jinja_env

_BODY = re.compile(r"<w:body\b.*</w:body>", re.S)
_TITLE = re.compile(r"<dc:title>.*?</dc:title>|<dc:title/>", re.S)
_LISTING = ("\t", "\a", "\n", "\f")  # what docxtpl's resolve_listing turns into Word markup


def probe_context() -> Context:
    """A context of the right shape (every table cell 0): enough to check a template against. Every
    optional part is there (the rows of 主要数据与上年对比 too, last year being the report itself), so a
    name misspelt inside one of their loops is found before a batch starts, not in every unit."""
    report = Report(unit_name="某单位", year=2024, compare=True)
    for table in TABLES:
        data = TableData.empty(table.key)
        for r, c, kind in table.cells():
            data.values[r.key, c.key] = Decimal(0) if kind is CellKind.AMOUNT else 0
        report.tables[table.key] = data
    return build_context(report, report)


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
        self._package = Package(self._parts)  # the unchanged parts compressed once, for every report
        document = self._parts["word/document.xml"].decode("utf-8")
        match = _BODY.search(document)
        if match is None:
            raise CannotRun(f"Word 模板 {template.name} 中没有正文（w:body）。请使用 templates/report.docx。")
        self._before, self._after = document[:match.start()], document[match.end():]
        # Only the body is compiled here. A person may put {{ title }} into a header or footer:
        # then every report goes the slower, complete way through docxtpl, never half-filled.
        self._template = template
        margins = [body for name, body in self._parts.items()
                   if re.match(r"word/(header|footer|footnotes|endnotes)\d*\.xml$", name)]
        self._complete = any(_has_tags(body) for body in margins)
        # Their text as typed (a "None" in a footer is a leftover too), for the quick look.
        self._static_text = "".join(html.unescape(re.sub(r"<[^>]+>", "", b.decode("utf-8"))) for b in margins)

    def _fill_body(self, context: Context) -> str:
        body = self._body.render(context)
        body = body.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # as re.sub, a tenth of the time
        body = body.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(ch in s for s in context_strings(context) for ch in _LISTING):
            body = self._tpl.resolve_listing(body)
        return str(body)

    def _suspect(self, body: str, context: Context) -> bool:
        """A quick look for leftovers in the whole text; only a hit pays for the exact check, which
        reads the document paragraph by paragraph to name the place (and may clear it: a marker
        made of the ends of two paragraphs is none)."""
        text = html.unescape(re.sub(r"<[^>]+>", "", body)) + self._static_text
        return leftover(text, marked_values(context)) is not None

    def render(self, context: Context, out: Path) -> None:
        """Fill the template with ``context`` and write ``out`` atomically."""
        if self._complete or context.get("charts"):  # a picture needs docxtpl's own package handling
            document.render(self._template, context, out)
            return
        try:
            body = self._fill_body(context)
        except jinja2.TemplateError as exc:  # the sandbox's refusals among them
            raise document.fill_error(self._template, exc) from exc
        changed = {"word/document.xml": (self._before + body + self._after).encode("utf-8")}
        if "docProps/core.xml" in self._parts:  # Word's document properties, where the title is shown
            title = f"<dc:title>{escape(str(context.get('title', '')))}</dc:title>"
            core = _TITLE.sub(title, self._parts["docProps/core.xml"].decode("utf-8"), 1)
            changed["docProps/core.xml"] = core.encode("utf-8")
        data = self._package.build(changed)
        if self._suspect(body, context):
            document.check_leftovers(data, context, self._template.name)
        write_bytes(out, data)


def render_report(renderer: Renderer, report: Report, out: Path) -> None:
    renderer.render(build_context(report), out)

