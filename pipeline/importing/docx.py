"""A Word report (.docx): its body's paragraphs and tables in order, read from the XML directly.

Merged cells are followed as Word stores them: ``gridSpan`` across, ``vMerge`` down; every grid
position a merged cell covers gets the same origin, so it is one cell in the stream. Only the main
document part is read; headers, footers and text boxes are not the report's text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from pipeline.core.fatal import CannotRun
from pipeline.importing.source import Block, Cell, Doc, Para, Rows

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _text(p: etree._Element) -> str:
    out = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if el.tag == f"{_W}t":
            out.append(el.text or "")
        elif el.tag == f"{_W}tab":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(f"{_W}val", default))
    except ValueError:
        return default


def _table(tbl: etree._Element, number: int) -> Rows:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}  # the cell last seen in each grid column, for vMerge continuations
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr")):
        col = _int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        row: list[Cell] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            span = _int(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1)
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue" and col in above:
                cell = above[col]
            else:
                text = "\n".join(_text(p) for p in tc.iter(f"{_W}p"))
                cell = Cell(text, f"第{number}个表格第{r + 1}行第{col + 1}列", (number, r, col))
            for c in range(col, col + span):
                above[c] = cell
                row.append(cell)
            col += span
        rows.append(row)
    return Rows(rows)


def read_docx(path: Path) -> Doc:
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise CannotRun(f"{path.name} 不是能打开的 Word 文档（.docx）：{exc}。"
                        f"如是 .doc 或 WPS 格式，请在 Word 或 WPS 中另存为 .docx。") from exc
    body = etree.fromstring(xml, _PARSER).find(f"{_W}body")
    blocks: list[Block] = []
    paragraphs = tables = 0
    for el in body.iterchildren() if body is not None else ():
        if el.tag == f"{_W}p":
            paragraphs += 1
            for line in _text(el).split("\n"):  # a line break inside a paragraph ends a line of text
                blocks.append(Para(line, f"第{paragraphs}段"))
        elif el.tag == f"{_W}tbl":
            tables += 1
            blocks.append(_table(el, tables))
        elif el.tag == f"{_W}sdt":  # content controls wrap paragraphs
            for p in el.iter(f"{_W}p"):
                paragraphs += 1
                blocks.append(Para(_text(p), f"第{paragraphs}段"))
    return Doc(blocks, kind="Word 文档")
