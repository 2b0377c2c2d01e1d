"""A web page (.html/.htm), as a website's editor left it: the article's paragraphs and tables.

The page is parsed by lxml's HTML parser (it takes the broken markup editors produce). The article is
the smallest element holding the headings of 一 and 六 (or 五): navigation, footer and hit counters
around it are left out; the title may stand outside it. A ``<table>`` holding another table, or
whole paragraphs of text in a cell, is a layout table and is read as text; any other is a data
table, expanded by its ``rowspan``/``colspan`` into a grid whose covered places share one origin.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from pipeline.core.fatal import CannotRun
from pipeline.format.official import SECTIONS
from pipeline.importing.labels import section_of, title_parts
from pipeline.importing.source import Block, Cell, Doc, Para, Rows

_SKIP = {"script", "style", "noscript", "iframe", "select", "button", "input", "textarea", "head", "svg", "template"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main", "header",
          "footer", "nav", "aside", "blockquote", "center", "form", "dl", "dt", "dd", "pre", "tr", "td", "th",
          "hr", "caption", "figure", "tbody", "thead", "tfoot", "body", "html"}
_WHITE = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""")


def _decode(data: bytes) -> str:
    m = _CHARSET.search(data[:4096])
    name = m.group(1).decode("ascii").lower() if m else "utf-8"
    if name in ("gb2312", "gbk", "gb_2312-80"):
        name = "gb18030"  # what those pages really hold: GBK's superset
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030", errors="replace")


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _cell_text(el: etree._Element) -> str:
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        tag = _tag(e)
        if tag in _SKIP or not tag:
            return
        if tag in ("br", "p", "div") and parts:
            parts.append("\n")
        parts.append(e.text or "")
        for child in e:
            walk(child)
            parts.append(child.tail or "")

    walk(el)
    return "\n".join(_WHITE.sub(" ", line).strip() for line in "".join(parts).split("\n")).strip()


def _is_layout(table: etree._Element) -> bool:
    if table.find(".//table") is not None:
        return True
    return any(len(_cell_text(c)) > 400 for c in table.iter("td", "th"))


def _grid(table: etree._Element, number: int) -> Rows:
    rows: list[list[Cell]] = []
    taken: dict[tuple[int, int], Cell] = {}  # places covered by a rowspan from a row above
    for r, tr in enumerate(table.iter("tr")):
        row: list[Cell] = []
        col = 0
        for td in tr:
            if _tag(td) not in ("td", "th"):
                continue
            while (r, col) in taken:
                row.append(taken.pop((r, col)))
                col += 1
            cell = Cell(_cell_text(td), f"第{number}个表格第{r + 1}行第{col + 1}列", (number, r, col))
            rowspan, colspan = (max(1, min(int(v), 200)) if (v := td.get(a, "1")).strip().isdigit() else 1
                                for a in ("rowspan", "colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr:
                        taken[r + dr, col + dc] = cell
            row.extend([cell] * colspan)
            col += colspan
        while (r, col) in taken:
            row.append(taken.pop((r, col)))
            col += 1
        rows.append(row)
    return Rows(rows)


class _Lines:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = _WHITE.sub(" ", "".join(self.buf)).strip()
        if text:
            self.blocks.append(Para(text, f"第{len(self.blocks) + 1}段"))
        self.buf = []

    def walk(self, el: etree._Element) -> None:
        tag = _tag(el)
        if tag in _SKIP or not tag:
            return
        if tag == "table" and not _is_layout(el):
            self.flush()
            self.tables += 1
            self.blocks.append(_grid(el, self.tables))
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.buf.append(el.text or "")
        for child in el:
            self.walk(child)
            self.buf.append(child.tail or "")
        if block:
            self.flush()


def _heading_element(root: etree._Element, key: str) -> etree._Element | None:
    want = next(s for s in SECTIONS if s.key == key)
    for el in root.iter():
        tag = _tag(el)
        if tag in _SKIP or not tag or tag in ("table", "tr", "td"):
            continue
        text = el.text_content()
        if len(text) < 60 and section_of(text, [want]) is not None:
            return el
    return None


def _article(root: etree._Element) -> etree._Element:
    """The smallest element holding the headings of 一 and of 六 (五 when 六 is missing)."""
    first = _heading_element(root, "s1")
    last = _heading_element(root, "s6")
    if last is None:
        last = _heading_element(root, "s5")
    if first is None or last is None:
        return root
    ancestors = [first, *first.iterancestors()]  # held: an lxml element's id() lives only as long as it
    for a in [last, *last.iterancestors()]:
        if any(a is b for b in ancestors):
            return a
    return root


def _page_title(root: etree._Element) -> str:
    for el in root.iter("h1", "h2", "h3", "title", "div", "p", "td", "span", "strong", "font"):
        text = el.text_content()
        if len(text) < 100 and title_parts(text) is not None:
            return _WHITE.sub(" ", text).strip()
    return ""


def read_html(path: Path) -> Doc:
    try:
        text = _decode(path.read_bytes())
        root = lxml.html.document_fromstring(text) if text.strip() else None
    except (OSError, etree.ParserError) as exc:
        raise CannotRun(f"{path.name} 不是能读取的网页：{exc}。") from exc
    if root is None:
        raise CannotRun(f"{path.name} 是空文件。")
    lines = _Lines()
    article = _article(root)
    lines.walk(article)
    lines.flush()
    return Doc(lines.blocks, title=_page_title(root), kind="网页")
