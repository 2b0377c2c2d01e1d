"""Check a Word template before anything is filled in (it is parsed and rendered in ``sandbox``'s
environment, re-exported here as ``jinja_env``).

A Word template is a file anyone can edit. Before rendering, ``check_template`` refuses full-width
tags typed with a Chinese IME (｛｛ ｝｝ pass through as text), unpaired braces, syntax errors, names
the report's context lacks, anything reaching beyond the report's data (a call, a private attribute,
``{% include %}``, ``{{ self }}``); each refusal is a
``CannotRun`` naming the paragraph or table cell of the template to fix.
"""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import meta, nodes

from pipeline.core.fatal import CannotRun
from pipeline.reading.safety import OLE
from pipeline.report.docx_text import excerpt, norm, places
from pipeline.report.sandbox import jinja_env as jinja_env  # the one environment, named where it always was
from pipeline.report.sandbox import tag_of

#: A tag opened or closed with a full-width brace or percent sign (Chinese IME input).
_FULL_WIDTH_TAG = re.compile(r"[{｛][{｛%％]|[%％}｝][}｝]")


#: What a loop may tell a template about itself: ``{{ loop.index }}``, nothing callable.
LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length"})
#: Names Jinja gives every template (``{{ self }}`` prints “<TemplateReference None>”): not data.
JINJA_NAMES = frozenset({"self", "caller", "varargs", "kwargs"})
#: Filters whose arguments name attributes of the items: ``map(attribute='__class__')``.
ATTRIBUTE_FILTERS = frozenset({"map", "sort", "groupby", "selectattr", "rejectattr", "sum", "unique", "min", "max"})


def _open_template(path: Path) -> DocumentObject:
    if not path.exists():
        raise CannotRun(f"找不到 Word 模板：{path}。请恢复 templates/report.docx，"
                        f"或运行 python -m pipeline.report.word_template 重新生成。")
    if path.is_dir():
        raise CannotRun(f"{path} 是文件夹，不是 Word 模板。请指定 .docx 文件。")
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(OLE):  # .doc and .wps (WPS 文字) files
        raise CannotRun(f"Word 模板 {path.name} 是旧版 Word（.doc）或 WPS 文字（.wps）格式。"
                        f"请在 Word 或 WPS 中“另存为”Word 文档（*.docx）后再用。")
    try:
        return docx.Document(str(path))
    except Exception as exc:  # zip, XML and content-type errors all mean: not a usable .docx
        raise CannotRun(f"Word 模板 {path.name} 不是有效的 Word 文档（.docx），可能已损坏或改了扩展名"
                        f"（{type(exc).__name__}）。请使用 templates/report.docx。") from exc


def _jinja_sources(tpl: DocxTemplate) -> list[str]:
    """The Jinja source of the body and of each header/footer as docxtpl builds it, with a line
    break before every paragraph and every block tag, so a Jinja line number names one paragraph.
    (docxtpl replaces a ``{%p %}`` paragraph by its bare tag, which would otherwise share the line
    of the paragraph before it.) Only for locating errors: rendering uses docxtpl's own source."""
    tpl.init_docx()
    parts = [tpl.patch_xml(tpl.get_xml())]
    for rel in tpl.docx.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            parts.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob))))
    return [re.sub(r"<w:p([ >])|(?<=>)\{%", lambda m: "\n" + m.group(0), xml) for xml in parts]


def _line_text(source: str, lineno: int) -> str:
    lines = source.splitlines()
    line = lines[min(max(lineno, 1), len(lines)) - 1]
    return norm(html.unescape(re.sub(r"<[^>]+>", "", line)))


def _tagnorm(text: str) -> str:
    # What docxtpl makes of a paragraph: {%p → {%, curly quotes inside tags → straight quotes.
    text = re.sub(r"([{][{%])(p|tr|tc|r) ", r"\1 ", text)
    return norm(text.translate(str.maketrans("“”‘’", "\"\"''")))


def _place_of(places: list[tuple[str, str]], line: str, hint: str = "") -> str:
    """Name the paragraph or cell holding ``line`` (a line may be a whole paragraph or a part of one
    starting at a block tag); ``hint``, a name the error is about, settles ties."""
    found = [(hint in raw, t == line, len(t), place, raw) for place, raw in places
             if (t := _tagnorm(raw)) and line and (t in line or line in t)]
    if not found:
        return f"“{excerpt(line)}”处" if line else "文档末尾"
    *_, place, raw = max(found)
    return f"{place}“{excerpt(raw)}”"


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f"是否应为“{close[0]}”？" if close else ""


def _outside(node: nodes.Node, context: dict[str, Any]) -> str | None:
    """What ``node`` reaches beyond the report's data, as written in the template; None if nothing.
    Allowed: a context name, ``name.key``/``name["key"]`` of a context dict, ``loop.index`` and the like.
    Everything else (a call, another attribute, the ``attr`` filter) is refused before rendering,
    whatever the sandbox would do at run time."""
    if isinstance(node, nodes.Call):
        return _describe(node)
    if isinstance(node, nodes.Filter) and node.name == "attr":
        return f"{_describe(node.node) if node.node is not None else ''}|attr"
    if isinstance(node, nodes.Filter) and node.name in ATTRIBUTE_FILTERS and _private_argument(node):
        return _describe(node)
    if isinstance(node, nodes.Getattr | nodes.Getitem):
        key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        owner = node.node
        if isinstance(owner, nodes.Name) and owner.name == "loop" and key in LOOP_ATTRIBUTES:
            return None
        if isinstance(owner, nodes.Name) and isinstance(context.get(owner.name), dict) and isinstance(key, str) \
                and not key.startswith("_"):
            return None  # a key missing from the dict is named by _check_names with a suggestion
        return _describe(node)
    return None


def _private_argument(node: nodes.Filter) -> bool:
    """An argument naming a private attribute, or a path through one (``'a.__class__'``)."""
    given = [*node.args, *(pair.value for pair in node.kwargs)]
    return any(isinstance(a, nodes.Const) and isinstance(a.value, str)
               and any(part.startswith("_") for part in a.value.split(".")) for a in given)


def _describe(node: nodes.Node) -> str:
    """An expression as the template writes it, enough to find it: ``cycler.__init__.__globals__``."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_describe(node.node)}[…]"
    if isinstance(node, nodes.Call):
        return f"{_describe(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        args = [repr(a.value) if isinstance(a, nodes.Const) else "…" for a in node.args]
        args += [f"{p.key}={p.value.value!r}" if isinstance(p.value, nodes.Const) else f"{p.key}=…"
                 for p in node.kwargs]
        return f"{_describe(node.node) if node.node is not None else ''}|{node.name}({', '.join(args)})"
    return "…"


def _loop_rows(ast: nodes.Template, context: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{% for x in rows %}`` over a context list of dicts (the rows of a table in the county's
    notices): ``x`` holds their keys, so ``{{ x.message }}`` is data like ``{{ t3.new_natural }}``.
    Over an empty list the body is never filled: any plain key passes (the notices' templates are
    also checked against rows before a batch starts), never one starting with “_”."""
    found: dict[str, dict[str, Any]] = {}
    for loop in ast.find_all(nodes.For):
        items = context.get(loop.iter.name) if isinstance(loop.iter, nodes.Name) else None
        if not (isinstance(loop.target, nodes.Name) and isinstance(items, list)
                and all(isinstance(item, dict) for item in items)):
            continue
        target = loop.target.name
        keys = found.setdefault(target, {})  # one name may be the target of several loops
        if items:
            keys.update({key: "" for item in items for key in item})
        else:
            keys.update({node.attr: "" for node in loop.find_all(nodes.Getattr)
                         if isinstance(node.node, nodes.Name) and node.node.name == target
                         and not node.attr.startswith("_")})
    return found


def _check_names(source: str, ast: nodes.Template, context: dict[str, Any], missing: set[str],
                 places: list[tuple[str, str]], name: str) -> None:
    context = {**context, **_loop_rows(ast, context)}
    for tag in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        place = _place_of(places, _line_text(source, tag.lineno))
        raise CannotRun(f"Word 模板 {name} 的{place}用了“{tag_of(tag)}”。模板不能读取其他文件，不予填写；"
                        f"请删除该处，或用 templates/report.docx 恢复。")
    for special in ast.find_all(nodes.Name):
        if special.name in JINJA_NAMES and special.name not in context:
            missing = missing | {special.name}  # named below, like any name the data lacks
    for node in ast.find_all((nodes.Call, nodes.Filter, nodes.Getattr, nodes.Getitem)):
        reached = _outside(node, context)
        if reached is not None:
            place = _place_of(places, _line_text(source, node.lineno), reached.split(".")[0].split("(")[0])
            raise CannotRun(f"Word 模板 {name} 的{place}用了“{reached}”，超出了报告数据的范围，不予填写。"
                            f"模板中只能使用报告数据中的名称（见 pipeline/report/context.py），"
                            f"如 {{{{ title }}}}、{{{{ t3.new_natural }}}}；"
                            f"请删除该处，或用 templates/report.docx 恢复。")
    for node in ast.find_all(nodes.Name):
        if node.name in missing:
            place = _place_of(places, _line_text(source, node.lineno), node.name)
            raise CannotRun(f"Word 模板 {name} 的{place}用了数据中没有的名称“{node.name}”。"
                            f"{_suggest(node.name, list(context))}请改正或删除该占位符。")
    for attr in ast.find_all(nodes.Getattr):
        owner = attr.node
        if isinstance(owner, nodes.Name) and isinstance(context.get(owner.name), dict) \
                and attr.attr not in context[owner.name]:
            place = _place_of(places, _line_text(source, attr.lineno), attr.attr)
            raise CannotRun(f"Word 模板 {name} 的{place}用了“{owner.name}.{attr.attr}”，数据中没有这一项。"
                            f"{_suggest(attr.attr, list(context[owner.name]))}请改正该占位符。")


def check_template(path: Path, context: dict[str, Any]) -> None:
    """Raise CannotRun, naming the paragraph or cell to fix, unless ``path`` is a .docx template
    whose tags parse and use only what ``context`` provides."""
    doc = _open_template(path)
    name = path.name
    where = places(doc)
    for place, text in where:
        wide = [m for m in _FULL_WIDTH_TAG.findall(text) if set(m) & set("｛｝％")]
        if wide:
            raise CannotRun(f"Word 模板 {name} 的{place}“{excerpt(text)}”用了全角符号“{wide[0]}”"
                            f"（中文输入法），不会被替换。请改为半角的 {{{{ }}}} 或 {{% %}}。")
    for place, text in where:
        t = _tagnorm(text)
        for left, right in (("{{", "}}"), ("{%", "%}")):
            if t.count(left) != t.count(right):
                raise CannotRun(f"Word 模板 {name} 的{place}“{excerpt(text)}”中 {left} 与 {right} 不成对。"
                                f"请补全该占位符（同一占位符须在同一段落或同一单元格内）。")
    tpl = DocxTemplate(str(path))
    env = jinja_env()
    asts: list[tuple[str, nodes.Template]] = []
    for source in _jinja_sources(tpl):
        try:
            asts.append((source, env.parse(source)))
        except jinja2.TemplateSyntaxError as exc:
            place = _place_of(where, _line_text(source, exc.lineno))
            raise CannotRun(f"Word 模板 {name} 的{place}有语法错误（{exc.message}）。"
                            f"请检查该处的 {{{{ }}}} 或 {{% %}} 是否完整、成对。") from exc
    # What docxtpl's get_undeclared_template_variables computes, from the sources parsed above
    # instead of patching and parsing the whole template once more.
    missing = set().union(*(meta.find_undeclared_variables(ast) for _, ast in asts)) - set(context)
    for source, ast in asts:
        _check_names(source, ast, context, missing, where, name)
