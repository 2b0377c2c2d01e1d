"""A PDF with a text layer, read by pdfplumber from its characters' positions.

Ruled tables are found from their lines (``find_tables``) and read cell by cell; a merged cell is
one cell (pdfplumber gives the places it covers as None). Text outside tables is rebuilt into
lines from the characters, and lines into paragraphs: a line starting about two characters right of
the text's left edge starts a paragraph (the 2-character indent of 公文), a line at the edge
continues the one before, across pages too. The title is the lines set larger than the body. A
table without rules shows as lines whose cells are far apart: a gap of more than one and a half
characters separates two cells. A PDF without text (a scan) is refused: its numbers would have to
be guessed from the picture.
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from pathlib import Path
from typing import Any

from pipeline.core.fatal import CannotRun
from pipeline.importing.source import Block, Cell, Doc, Para, Rows

Char = dict[str, Any]
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d+\s*(?:页|/\s*\d+)?(?:\s*共\s*\d+\s*页)?[-—–\s]*$")


#: PDFs made by browsers and some Word versions map common characters to radical code points: 人 as
#: ⼈ (Kangxi Radicals, which NFKC maps back) and 民 as ⺠ (CJK Radicals Supplement, which it does not).
#: The supplement's radicals that are whole simplified characters:
_RADICALS = dict(zip("⺠⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰",
                     "民见角贝车长门韦页风飞马鱼鸟卤麦黄黾齐齿龙", strict=True))


def _character(ch: str) -> str:
    if "\u2f00" <= ch <= "\u2fdf" or "\u2e80" <= ch <= "\u2eff":
        return _RADICALS.get(ch) or unicodedata.normalize("NFKC", ch)
    return ch


def _ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _line_text(chars: list[Char]) -> str:
    """The characters of one line, left to right. A gap is a cell boundary (tab) when wider than
    one and a half characters, a space only between two Latin letters or digits (a CJK-to-digit gap
    is the typesetter's spacing, not a space in the text)."""
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if ch["text"].isspace():
            continue
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            size = max(prev["size"], 1.0)
            if gap > 1.5 * size:
                out.append("\t")
            elif gap > 0.15 * size and _ascii(prev["text"]) and _ascii(ch["text"]):
                out.append(" ")
        out.append(_character(ch["text"]))
        prev = ch
    return "".join(out)


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines by their baseline, top to bottom."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if lines and abs(lines[-1][-1]["bottom"] - ch["bottom"]) <= 2:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _inside(ch: Char, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


class _Paragraphs:
    """Lines → paragraphs: a line continues the open paragraph unless it is indented (a new
    paragraph or a heading) or set in the title's size (title lines join each other only)."""

    def __init__(self, left: float, size: float) -> None:
        self.left, self.size = left, size
        self.blocks: list[Block] = []
        self.open: Para | None = None
        self.open_title = False

    def line(self, text: str, x0: float, where: str, title: bool) -> None:
        indented = x0 - self.left >= 1.2 * self.size
        if self.open is not None and ((title and self.open_title) or not (title or self.open_title or indented)):
            self.open.text += text
            return
        self.open, self.open_title = Para(text, where), title
        self.blocks.append(self.open)

    def close(self) -> None:
        self.open = None


def read_pdf(path: Path) -> Doc:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    # pdfminer logs every font it cannot measure (“Could not get FontBBox …”): noise at a terminal.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        pdf = pdfplumber.open(path)
    except (PDFSyntaxError, OSError, ValueError) as exc:
        raise CannotRun(f"{path.name} 不是能打开的 PDF：{exc}。") from exc
    with pdf:
        pages = []
        for page in pdf.pages:
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            pages.append((found, [c for c in page.chars if not c["text"].isspace() and not _inside(c, boxes)]))
        text_chars = [c for _, chars in pages for c in chars]
        if len(text_chars) < 20 and any(page.images for page in pdf.pages):
            raise CannotRun(f"{path.name} 是扫描件（PDF 中没有文字，只有图片），无法可靠读出其中的数字，不予导入。"
                            f"请改用该报告的 Word 文件或网页，或原样录入标准工作簿。")
        # The body's size: the commonest among characters outside tables (none: a PDF of tables only).
        size = statistics.mode(round(c["size"], 1) for c in text_chars) if text_chars else 12.0
        left = min((c["x0"] for c in text_chars if abs(c["size"] - size) < 0.5), default=0.0)
        paragraphs = _Paragraphs(left, size)
        tables = 0
        for number, (found, chars) in enumerate(pages, 1):
            items: list[tuple[float, Any]] = [(t.bbox[1], t) for t in found]
            items += [(line[0]["top"], line) for line in _lines(chars)]
            for _, item in sorted(items, key=lambda i: float(i[0])):
                if not isinstance(item, list):
                    tables += 1
                    paragraphs.close()
                    paragraphs.blocks.append(_table(item, tables, number))
                    continue
                text = _line_text(item)
                if not text or _PAGE_NUMBER.match(text):
                    continue
                where = f"第{number}页第{round(item[0]['top'])}点处"
                if "\t" in text:  # a table without rules: cells by their gaps
                    paragraphs.close()
                    paragraphs.blocks.append(Rows([[Cell(t, where) for t in text.split("\t")]]))
                    continue
                paragraphs.line(text, item[0]["x0"], where, item[0]["size"] > size * 1.15)
    return Doc(paragraphs.blocks, kind="PDF")


def _table(table: Any, number: int, page: int) -> Rows:
    rows: list[list[Cell]] = []
    for r, row in enumerate(table.extract(x_tolerance=1.5)):
        rows.append([Cell("".join(map(_character, text or "")), f"第{page}页第{number}个表格第{r + 1}行第{c + 1}列",
                          (number, r, c)) for c, text in enumerate(row) if text is not None])
    return Rows(rows)
