"""The fragment through the real editors of government websites: for each editor and each route (a
clerk's Ctrl+V of the fragment opened in the browser; the source mode or the API it calls), what the
editor saves is shown alone on a blank page and measured by chromium. What survives must be exactly
what ``pipeline/report/editors.py`` tells the clerk (the README and the pack's 说明 say the same).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from pipeline.format.grid import table_grid
from pipeline.format.official import TABLES
from pipeline.report.editors import (
    ALL,
    BORDERS,
    CENTRED,
    CHART,
    EDITORS,
    FONTS,
    HEADERS,
    PARAGRAPHS,
    PASTE,
    SOURCE,
    SPANS,
    TEXT,
    WIDTHS,
    Editor,
)
from pipeline.report.html import fragment
from pipeline.run import report_context
from tests.docx_helpers import complete_report

from . import drive


@pytest.fixture(scope="module")
def ctx() -> dict[str, Any]:
    """Every part the fragment can have: the three tables, every narrative (with quotes, ``&`` and
    ``<``), the table 主要数据与上年对比, the 落款 and the 图解."""
    report, previous = complete_report(), complete_report()
    previous.year = report.year - 1
    report.compare = report.charts = True
    report.sign_date = date(report.year + 1, 1, 20)
    return report_context(report, previous)


@pytest.fixture(scope="module")
def html(ctx: dict[str, Any]) -> str:
    return fragment(ctx)


@pytest.fixture(scope="module")
def shapes(ctx: dict[str, Any]) -> list[list[tuple[int, int, bool]]]:
    """Each table's cells in order: rowspan, colspan, and whether it holds a number."""
    official = [[(g.rowspan, g.colspan, g.role == "data") for g in table_grid(t)] for t in TABLES]
    compare = [(1, 1, False)] * 5 + [(1, 1, number) for _ in ctx["compare_rows"] for number in (False, *[True] * 4)]
    return [*official, compare]


@pytest.fixture(scope="module")
def base(html: str) -> Iterator[str]:
    with drive.serve(html) as url:
        yield url


@pytest.fixture(scope="module")
def tab(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def reference(tab: Page, html: str) -> dict[str, Any]:
    """The fragment itself on the blank page: the text every saved article must still have."""
    return drive.measure(tab, html)


Shapes = list[list[tuple[int, int, bool]]]


def facts(measured: dict[str, Any], reference: dict[str, Any], shapes: Shapes) -> set[str]:
    """Which of the declared qualities the saved article has."""
    tables = measured["tables"]
    found = set()
    spans = len(tables) == len(shapes) and all(
        [(c["rowspan"], c["colspan"]) for c in t] == [(rows, cols) for rows, cols, _ in shape]
        for t, shape in zip(tables, shapes, strict=True))
    if spans:
        found.add(SPANS)
        numbers = [c for t, shape in zip(tables, shapes, strict=True)
                   for c, (_, _, number) in zip(t, shape, strict=True) if number]
        if numbers and all(c["centred"] for c in numbers):
            found.add(CENTRED)
    if measured["charts"] and measured["charts"] == reference["charts"]:
        found.add(CHART)
    cells = [c for t in tables for c in t]
    if cells and all(all(c["borders"]) for c in cells):
        found.add(BORDERS)
    if [(c["tag"], c["scope"]) for c in cells] == [(c["tag"], c["scope"]) for t in reference["tables"] for c in t]:
        found.add(HEADERS)
    widths = [c["width"] for t in reference["tables"] for c in t]
    if spans and all(abs(c["width"] - w) <= 8 for c, w in zip(cells, widths, strict=True)):
        found.add(WIDTHS)
    indented = [p for p in reference["paragraphs"] if p["tag"] == "P" and p["indent"] != "0px"]
    layout = {p["text"]: (p["indent"], p["lineHeight"], p["marginTop"], p["marginBottom"]) for p in indented}
    kept = [p for p in measured["paragraphs"] if p["text"] in layout]
    if kept and all((p["indent"], p["lineHeight"], p["marginTop"], p["marginBottom"]) == layout[p["text"]]
                    for p in kept):
        found.add(PARAGRAPHS)
    texts = [c["text"] for t in reference["tables"] for c in t]
    if [c["text"] for c in cells] == texts and all(p["text"] in measured["text"] for p in reference["paragraphs"]):
        found.add(TEXT)
    fangsong = {p["text"] for p in reference["paragraphs"] if p["tag"] == "P" and "仿宋" in p["font"]}
    body = [p for p in measured["paragraphs"] if p["text"] in fangsong]
    if cells and body and all("仿宋" in x["font"] for x in [*cells, *body]):
        found.add(FONTS)
    return found


CASES = [(e, route) for e in EDITORS for route in (PASTE, SOURCE)]


@pytest.mark.parametrize(("editor", "route"), CASES, ids=[f"{e.key}-{'paste' if r == PASTE else 'source'}"
                                                          for e, r in CASES])
def test_the_editor_keeps_what_the_advice_says(editor: Editor, route: str, chromium: Browser, base: str,
                                              html: str, tab: Page, reference: dict[str, Any],
                                              shapes: list[list[tuple[int, int, bool]]]) -> None:
    if route == PASTE:
        saved = drive.through_paste(chromium, base, editor.key)
    else:
        saved = drive.through_source(tab, base, editor.key, html)
    measured = drive.measure(tab, saved)
    found = facts(measured, reference, shapes)
    assert found == editor.keeps[route], f"kept: {sorted(found)}; saved: {saved[:1500]}"
    if route == editor.route and not editor.site_style:
        picture(tab, editor)


def picture(tab: Page, editor: Editor) -> None:
    """The README's picture of the saved table 四 (``make editor-screenshots``)."""
    if os.environ.get("SCREENSHOTS_DIR"):
        folder = Path(os.environ["SCREENSHOTS_DIR"])
        tab.locator("table").nth(2).screenshot(path=str(folder / f"editor-{editor.key}.png"))


@pytest.mark.parametrize("editor", [e for e in EDITORS if e.site_style], ids=lambda e: e.key)
def test_the_site_style_the_advice_asks_for_gives_back_what_the_editor_drops(
        editor: Editor, chromium: Browser, base: str, html: str, tab: Page, reference: dict[str, Any],
        shapes: list[list[tuple[int, int, bool]]]) -> None:
    """Where an editor drops something by design, the advice asks the website for a style sheet: the
    saved article on a page with it (a file of the editor's own package, or the rules the advice quotes)."""
    saved = (drive.through_paste(chromium, base, editor.key) if editor.route == PASTE
             else drive.through_source(tab, base, editor.key, html))
    if editor.site_style.endswith(".css"):  # the editor's content style sheet, applied inside its class
        sheet = next(drive.HERE.glob(f"node_modules/**/dist/browser/{editor.site_style}"))
        head = f'<link rel="stylesheet" href="{base}/{sheet.relative_to(drive.HERE)}">'
        wrapper = 'div class="ck-content"'
    else:
        head, wrapper = f"<style>{editor.site_style}</style>", "div"
    assert editor.site_style in editor.note
    found = facts(drive.measure(tab, saved, head, wrapper), reference, shapes)
    assert found == editor.with_site_style | editor.keeps[editor.route], f"kept: {sorted(found)}"
    picture(tab, editor)


def test_every_editor_the_advice_names_is_tested() -> None:
    pages = set(drive.PAGES)
    assert {e.key for e in EDITORS} == pages
    assert all(e.route in e.keeps and set(e.keeps) == {PASTE, SOURCE} for e in EDITORS)


def test_the_reference_is_complete(html: str, reference: dict[str, Any], shapes: Shapes) -> None:
    """The measurement itself: the fragment alone has every quality (else the facts prove nothing)."""
    assert facts(reference, reference, shapes) == ALL
    # The 图解's SVG is matplotlib's, with its own style element and ids; the rest has none.
    assert not re.search(r"<div|<style|\bclass=|\bid=", re.sub(r"<svg.*?</svg>", "", html, flags=re.S))
