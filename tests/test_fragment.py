"""The HTML fragment for a website's editor: pasted alone into a bare page, it keeps its borders,
spans and number alignment, because every style is on its element.

The check is a real browser's: the fragment alone (what an editor that drops <style>, classes and
ids keeps) inside an empty page, with a script reading chromium's computed styles back.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT
from pipeline.format.grid import table_grid
from pipeline.format.official import TABLES
from pipeline.report.context import build_context
from pipeline.report.editors import ADVICE_FILE, EDITORS, advice, markdown
from pipeline.report.html import fragment, page

from .docx_helpers import complete_report

PROBE = """<script>
const cells = [...document.querySelectorAll("td, th")].map(c => {
  const s = getComputedStyle(c);
  return {tag: c.tagName, text: c.textContent, rowspan: c.rowSpan, colspan: c.colSpan,
          border: [s.borderTopStyle, s.borderRightStyle, s.borderBottomStyle, s.borderLeftStyle,
                   s.borderTopWidth], align: s.textAlign, nowrap: s.whiteSpace};
});
const tables = [...document.querySelectorAll("table")].map(t => getComputedStyle(t).borderCollapse);
document.body.setAttribute("data-probe", JSON.stringify({cells, tables}));
</script>"""


def computed(html: str, tmp_path: Path) -> dict[str, list]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is required (installed by .ci/run)"
    bare = tmp_path / "bare.html"
    bare.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{html}{PROBE}</body></html>',
                    encoding="utf-8")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", bare.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    match = re.search(r'data-probe="([^"]*)"', dom)
    assert match, dom[-500:]
    return json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">"))


@pytest.fixture(scope="module")
def ctx() -> dict:
    return build_context(complete_report())


def test_fragment_has_no_style_sheet_class_or_id(ctx: dict) -> None:
    text = fragment(ctx)
    assert not re.search(r"<style|<link|<script|\bclass=|\bid=|<head|<body|<html", text)
    # No wrapping block (UEditor drops it, wangEditor 5 flattens the report into one paragraph): the
    # font, size, line height and colour are on every paragraph and cell instead.
    assert "<div" not in text
    blocks = re.findall(r"<(p|td|th)\b([^>]*)>", text)
    assert blocks and all(all(k in attrs for k in ("font-family:", "font-size:", "line-height:", "color:"))
                          for _, attrs in blocks)
    # The same said by HTML 4 attributes, for the editors that drop style on paste (TinyMCE, UEditor's table).
    assert text.count('<table border="1" rules="all"') == len(TABLES)
    assert all(re.search(r'align="(center|left)" valign="middle" width="[\d.]+%"', attrs)
               for tag, attrs in blocks if tag != "p")
    # The page keeps its own form: style sheet, ids for the screen reader's headers.
    assert "<style>" in page(ctx) and "headers=" in page(ctx)


def test_fragment_alone_keeps_borders_spans_and_alignment(ctx: dict, tmp_path: Path) -> None:
    probe = computed(fragment(ctx), tmp_path)
    assert probe["tables"] == ["collapse"] * len(TABLES)
    cells = probe["cells"]
    expected = [(g.rowspan, g.colspan) for t in TABLES for g in table_grid(t)]
    assert [(c["rowspan"], c["colspan"]) for c in cells] == expected
    assert all(c["border"] == ["solid"] * 4 + ["1px"] for c in cells)
    # A block's title row (第二十条第（一）项) is a <td>: CKEditor 5 would lift a leading <th> row into <thead>.
    titles = [g.text for t in TABLES for g in table_grid(t) if g.role == "title"]
    assert titles and all(c["tag"] == "TD" for c in cells if c["text"] in titles)
    numbers = [c for c in cells if c["tag"] == "TD" and c["text"] not in titles]
    assert numbers and all(c["align"] == "center" and c["nowrap"] == "nowrap" for c in numbers)
    row_labels = [c for c in cells if c["tag"] == "TH" and c["text"] == TABLES[1].rows[0].label]
    assert row_labels and row_labels[0]["align"] == "left"


def test_the_page_alone_without_its_style_sheet_loses_them(ctx: dict, tmp_path: Path) -> None:
    """What the fragment exists for: the page's body pasted without its <style> has no borders."""
    body = re.search(r"<body>(.*)</body>", page(ctx), re.S)
    assert body
    cells = computed(body.group(1), tmp_path)["cells"]
    assert all(c["border"][0] == "none" for c in cells)


def test_readme_and_the_pack_give_the_one_declared_advice() -> None:
    """The README's section on the editors is the declaration's (pipeline/report/editors.py), whose
    facts the editor tests check; its pictures exist and are small. (The pack's 说明: test_publish.)"""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown() in readme and ADVICE_FILE in readme
    pictures = re.findall(r'src="(docs/editor-[^"]+\.png)"', markdown())
    assert len(pictures) == len(EDITORS)
    assert all((ROOT / p).is_file() and (ROOT / p).stat().st_size < 100_000 for p in pictures)
    for editor in EDITORS:  # what the pack's text says of each editor, and the README with it
        assert editor.steps in advice() and editor.steps in readme and editor.note in readme
