"""The PDF, checked the way a reader of the printout would: CJK fonts embedded, every label and
number present and unbroken, A4 with the title on page 1, nothing past the right margin, a stable
page count. One LibreOffice start converts both documents (soffice is slow): the example report and
a copy with a distinct five-digit number in every cell (the widest table 三 must hold)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from itertools import count
from pathlib import Path

import pytest

from pipeline.core.fatal import CannotRun
from pipeline.core.paths import ROOT
from pipeline.format.grid import table_grid
from pipeline.format.official import TABLES, CellKind
from pipeline.reading.reader import read
from pipeline.report import docx_styles as st
from pipeline.report import pdf as pdf
from pipeline.report.context import build_context, number
from pipeline.report.document import render
from pipeline.run import render_workbook

from .docx_helpers import TEMPLATE, complete_report
from .helpers import EXAMPLE

#: Pages of the example report; the page images in docs/ show exactly these. If a layout change
#: moves it, look at the new pages, run `make pages` and update this number.
EXAMPLE_PAGES = 6
#: The embedded fonts must be the CJK faces fonts/fonts.conf maps the 公文 names to, or the
#: licensed 公文 fonts themselves: never a Latin fallback such as DejaVu or Liberation.
CJK_FONT = re.compile(r"Fandol|NotoSerifCJK|NotoSansCJK|SourceHan|ZenKai|ARPL|FangSong|KaiTi|SimSun|SimHei"
                      r"|FZ|仿宋|楷体|黑体|宋体|小标宋")
PT_PER_MM = 72 / 25.4
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    x1: float
    y0: float
    text: str


@dataclass(frozen=True)
class Converted:
    example: Path
    wide: Path  # five-digit numbers in every cell
    wide_numbers: list[str]


def wide_report_context() -> tuple[dict[str, object], list[str]]:
    report = complete_report()
    report.auto_sentences = False  # each number once, in its cell: no sentence restating them
    numbers = count(99001)
    for table in TABLES:
        for r, c, kind in table.cells():
            if kind is CellKind.COUNT:
                report.tables[table.key].values.at[r.key, c.key] = next(numbers)
            else:
                report.tables[table.key].values.at[r.key, c.key] = Decimal("5949.088667")  # type: ignore[assignment]
    ctx = build_context(report)
    return ctx, [v for t in TABLES for v in ctx[t.key].values()]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    assert pdf.available(), "LibreOffice is required (installed by .ci/run)"
    folder = tmp_path_factory.mktemp("pdf")
    example = folder / "example.docx"
    assert render_workbook(EXAMPLE, example).written == example
    ctx, numbers = wide_report_context()
    render(TEMPLATE, ctx, folder / "wide.docx")
    out = pdf.convert_many([example, folder / "wide.docx"], folder)
    assert out == [folder / "example.pdf", folder / "wide.pdf"]
    return Converted(out[0], out[1], numbers)


def tool(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def words(path: Path) -> list[Word]:
    root = ET.fromstring(tool("pdftotext", "-bbox-layout", path, "-"))
    found = []
    for number_, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        for w in page.iter(f"{XHTML}word"):
            found.append(Word(number_, float(w.get("xMin", 0)), float(w.get("xMax", 0)),
                              float(w.get("yMin", 0)), w.text or ""))
    return found


def spells(label: str, start: Word, all_words: list[Word]) -> bool:
    """Whether ``label`` reads from ``start`` on, continuing on the following lines of the same
    table cell (a word just below, overlapping horizontally) when the cell wraps it."""
    if not label.startswith(start.text):
        return False
    rest = label[len(start.text):]
    if not rest:
        return True
    below = [w for w in all_words if w.page == start.page and 8 < w.y0 - start.y0 < 17
             and w.x0 < start.x1 and start.x0 < w.x1]
    return any(spells(rest, w, all_words) for w in below)


def test_every_font_is_an_embedded_cjk_font(converted: Converted) -> None:
    for path in (converted.example, converted.wide):
        rows = tool("pdffonts", path).splitlines()[2:]
        assert rows, "no fonts"
        for row in rows:
            name, emb = row.split()[0], row.split()[-5]
            assert emb == "yes", row
            assert CJK_FONT.search(name.split("+")[-1]), f"not a CJK font: {row}"


@pytest.mark.parametrize("name", [st.FANGSONG, st.XIAOBIAOSONG, st.HEITI, st.KAITI, st.SONGTI])
def test_fontconfig_maps_each_official_font_to_a_chinese_font(name: str) -> None:
    env = {**os.environ, "FONTCONFIG_FILE": str(pdf.FONTS_CONF)}
    langs = subprocess.run(["fc-match", "-f", "%{lang}", name], env=env, check=True, capture_output=True,
                           text=True).stdout
    assert "zh-cn" in langs.split("|"), f"{name} falls back to a font without simplified Chinese"


def test_every_label_and_number_is_in_the_pdf(converted: Converted) -> None:
    for path in (converted.example, converted.wide):
        found = words(path)
        labels = {g.text for t in TABLES for g in table_grid(t) if g.role != "data" and g.text}
        missing = [label for label in labels if not any(spells(label, w, found) for w in found)]
        assert missing == [], path.name
    # Every number of the example, as many times as the tables hold it.
    report, _ = read(EXAMPLE)
    values = [number(report.tables[t.key].value(*g.key)) for t in TABLES for g in table_grid(t) if g.key]
    texts = [w.text for w in words(converted.example)]
    assert all(texts.count(v) >= values.count(v) for v in set(values))
    # Five digits in every cell of table 三 (and 四) stay whole: each number is one word, once.
    wide = [w.text for w in words(converted.wide)]
    assert [n for n in converted.wide_numbers if wide.count(n) != converted.wide_numbers.count(n)] == []


def test_page_one_is_a4_with_the_title(converted: Converted) -> None:
    info = tool("pdfinfo", "-f", "1", "-l", "1", converted.example)
    size = re.search(r"Page\s+1 size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None and (round(float(size[1])), round(float(size[2]))) == (595, 842)
    first = "".join(tool("pdftotext", "-f", "1", "-l", "1", converted.example, "-").split())
    assert first.startswith("盘江镇2024年政府信息公开工作年度报告")


def test_no_text_past_the_margins(converted: Converted) -> None:
    right = 595.28 - 26 * PT_PER_MM + 0.5  # half a point: justified lines end on the margin
    left = 28 * PT_PER_MM - 0.5
    for path in (converted.example, converted.wide):
        outside = [w for w in words(path) if w.x1 > right or w.x0 < left]
        assert outside == [], path.name


def test_page_count_is_stable_and_shown_in_docs(converted: Converted) -> None:
    pages = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", converted.example))[1])  # type: ignore[index]
    assert pages == EXAMPLE_PAGES
    shown = sorted((ROOT / "docs").glob("report-page-*.png"))
    assert len(shown) == pages, "run `make pages` to refresh docs/"
    assert all(p.stat().st_size < 150_000 for p in shown)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"docs/{p.name}" in readme for p in shown)


# --- Failures, with a stand-in for soffice (no LibreOffice start needed) ----------------------------

def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    exe = tmp_path / "bin" / "soffice"
    exe.parent.mkdir()
    exe.write_text(f"#!/bin/sh\n{script}\n")
    exe.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(exe))


def test_exit_zero_without_a_pdf_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2; exit 0")
    docx = Path(shutil.copy(TEMPLATE, tmp_path / "r.docx"))
    with pytest.raises(CannotRun, match=r"没有生成 r\.pdf（Error: source file could not be loaded）"):
        pdf.convert_many([docx], tmp_path / "out")
    assert not (tmp_path / "out" / "r.pdf").exists()


def test_a_hung_libreoffice_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, "sleep 30")
    docx = Path(shutil.copy(TEMPLATE, tmp_path / "r.docx"))
    with pytest.raises(CannotRun, match="1 秒内没有完成"):
        pdf.convert_many([docx], tmp_path, timeout=1)


def test_render_pdf_failure_keeps_the_docx_and_html(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, "exit 1")
    out = tmp_path / "报告.docx"
    code, stdout, stderr = cli("render", EXAMPLE, "-o", out, "--html", "--pdf")
    assert code == 2 and "没有生成 报告.pdf" in stderr
    assert out.exists() and out.with_suffix(".html").exists() and not out.with_suffix(".pdf").exists()
    assert f"已生成报告：{out.with_suffix('.html')}" in stdout


def test_without_libreoffice(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    out = tmp_path / "报告.docx"
    code, stdout, _ = cli("render", EXAMPLE, "-o", out, "--html", "--pdf-if-available")
    assert code == 0 and out.exists() and out.with_suffix(".html").exists()
    hint = f"未生成 PDF：本机没有 LibreOffice。{pdf.INSTALL_HINT}"
    assert [line for line in stdout.splitlines() if "PDF" in line] == [hint]
    code, _, stderr = cli("render", EXAMPLE, "-o", out, "--pdf")
    assert code == 2 and "找不到 LibreOffice" in stderr
