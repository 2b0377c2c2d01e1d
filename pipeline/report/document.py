"""Render the Word report with docxtpl, safely: check the template first (``template_check``),
verify the result, write atomically.

The traps are in the field notes: without autoescape “A&B” loses text; a missing variable prints
nothing and ``None`` prints “None”; tags typed with a Chinese IME (｛｛ ｝｝) pass through as text.
Every failure here is a ``CannotRun`` naming the paragraph or table cell of the template to fix.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.document import Document as DocumentObject
from docxtpl import DocxTemplate

from pipeline.core.fatal import CannotRun
from pipeline.core.output import reproducible_zip, write_bytes
from pipeline.report.docx_text import excerpt, norm, places
from pipeline.report.template_check import check_template, jinja_env

#: Text that must not survive rendering unless the data itself contains it.
LEFTOVERS = ("{{", "{%", "｛｛", "｛％", "None")


def context_strings(value: Any) -> Iterator[str]:
    """Every text a context prints (tables are dicts of strings, narratives lists of paragraphs)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from context_strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from context_strings(v)


def marked_values(context: dict[str, Any]) -> list[str]:
    """The context's own texts that contain a leftover marker, longest first: printed, they are data."""
    return sorted((s for s in context_strings(context) if any(m in s for m in LEFTOVERS)), key=len, reverse=True)


def leftover(text: str, given: list[str]) -> tuple[str, str] | None:
    """The first marker in ``text`` that no value of ``given`` (``marked_values``) accounts for, with
    the text those values were taken out of; None when there is none."""
    for value in given:
        text = text.replace(value, "")
    return next(((marker, text) for marker in LEFTOVERS if marker in text), None)


def _check_leftovers(doc: DocumentObject, context: dict[str, Any], name: str) -> None:
    """A marker in the output is a leftover unless it comes from a data value printed there."""
    given = marked_values(context)
    for place, text in places(doc):
        found = leftover(text, given)
        if found is not None:
            marker = found[0]
            what = "文字“None”（有数据为空）" if marker == "None" else f"未替换的“{marker}”"
            raise CannotRun(f"生成的报告{place}“{excerpt(text)}”中有{what}。"
                            f"请检查 Word 模板 {name} 中对应的占位符。")


def _runtime_place(template: Path, exc: jinja2.TemplateError) -> str:
    """Where a render-time error is: docxtpl's ``docx_context`` lines when Jinja knows the line,
    else the paragraph using the attribute or name the message complains about."""
    near = [t for t in (norm(x) for x in getattr(exc, "docx_context", [])) if t]
    if near:
        return f"，位置附近：“{excerpt(' / '.join(near), 60)}”"
    named = re.search(r"attribute '(\w+)'|'(\w+)' is undefined", str(exc))
    if named:
        hint = named.group(1) or named.group(2)
        for place, text in places(docx.Document(str(template))):
            if re.search(rf"\b{hint}\b", text):
                return f"，位置：{place}“{excerpt(text)}”"
    return ""


def _pictures(tpl: DocxTemplate, context: dict[str, Any]) -> dict[str, Any]:
    """The context with its charts as docxtpl pictures of the text width (they belong to ``tpl``)."""
    from pipeline.report.charts import Charts

    charts = context.get("charts")
    if not isinstance(charts, Charts):
        return context
    from docx.shared import Mm
    from docxtpl import InlineImage

    from pipeline.report.charts import WIDTH_MM

    return {**context, "charts": InlineImage(tpl, io.BytesIO(charts.png), width=Mm(WIDTH_MM))}


def fill_error(template: Path, exc: jinja2.TemplateError) -> CannotRun:
    """What a Jinja error while filling ``template`` means to the person who edited it."""
    return CannotRun(f"填写 Word 模板 {template.name} 时出错（{exc}）{_runtime_place(template, exc)}。"
                     f"请检查该处的占位符。")


def render(template: Path, context: dict[str, Any], out: Path) -> None:
    """Fill ``template`` with ``context`` and write ``out`` atomically."""
    check_template(template, context)
    tpl = DocxTemplate(str(template))
    context = _pictures(tpl, context)
    try:
        tpl.render(context, jinja_env(), autoescape=True)
    except jinja2.TemplateError as exc:
        raise fill_error(template, exc) from exc
    tpl.docx.core_properties.title = str(context.get("title", ""))
    data = docx_bytes(tpl.docx)
    check_leftovers(data, context, template.name)
    write_bytes(out, data)


def check_leftovers(data: bytes, context: dict[str, Any], name: str) -> None:
    """The leftover check of a rendered .docx (``data``), naming the paragraph or cell.

    It scans what was written, not docxtpl's document object: python-docx keeps serving the
    header and footer parts it loaded before docxtpl replaced them with their rendered copies."""
    _check_leftovers(docx.Document(io.BytesIO(data)), context, name)


def docx_bytes(doc: DocumentObject) -> bytes:
    """The document as .docx bytes, the same document always giving the same bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_zip(buffer.getvalue())


def save_docx(doc: DocumentObject, path: Path) -> None:
    """Save ``doc`` to ``path`` atomically."""
    write_bytes(path, docx_bytes(doc))
