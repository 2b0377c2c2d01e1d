"""Synthetic units rendered by the tool itself (Word, page, fragment, PDF): the round trip's inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.core.model import Report
from pipeline.format.official import UnitKind
from pipeline.report.context import build_context
from pipeline.report.html import fragment, page
from pipeline.report.renderer import Renderer
from pipeline.report.word_template import WORD_TEMPLATE
from tests.synth import synth_report, unit_names

KINDS = (UnitKind.TOWNSHIP, UnitKind.COUNTY_DEPT, UnitKind.CITY_DEPT)


def varied(n: int, year: int = 2024) -> list[Report]:
    """``n`` units that differ in every switch the rendering follows: statistical sentences on or
    off, a 落款 or none, several paragraphs in a part, a name with a district prefix."""
    reports = []
    for i, name in enumerate(unit_names(n)):
        kind = KINDS[i % len(KINDS)]
        if kind is not UnitKind.TOWNSHIP:
            name = name.replace("镇", "局")
        report = synth_report(name, year, seed=i, kind=kind)
        report.auto_sentences = i % 3 != 0
        if i % 5 == 0:
            report.sign_date = date(year + 1, 1, 1 + i % 28)
        if i % 4 == 0:
            report.texts["s5"] = [*report.texts["s5"], "下一步，将持续抓好整改落实。"]
            report.texts["s1_lead"] = []
        reports.append(report)
    return reports


def render_all(reports: list[Report], folder: Path) -> list[tuple[Report, Path, Path, Path]]:
    """Each report as .docx, page and fragment in ``folder``."""
    renderer = Renderer(WORD_TEMPLATE)
    out = []
    for i, report in enumerate(reports):
        ctx = build_context(report)
        docx = folder / f"{i}.docx"
        renderer.render(ctx, docx)
        html = folder / f"{i}.html"
        html.write_text(page(ctx), encoding="utf-8")
        frag = folder / f"{i}.片段.html"
        frag.write_text(fragment(ctx), encoding="utf-8")
        out.append((report, docx, html, frag))
    return out


def copied_text(page: Path, one_cell_per_line: bool) -> str:
    """What selecting the page in a browser and pasting into Notepad gives: a line per paragraph,
    a table's row as its cells joined by tabs (each cell on its own line, in the other form); a
    merged cell once, in its first row, as the browser copies it."""
    from pipeline.importing.html import read_html
    from pipeline.importing.source import Para

    lines, seen = [], set()
    for block in read_html(page).blocks:
        if isinstance(block, Para):
            lines.append(block.text)
            continue
        for row in block.rows:
            cells = []
            for cell in row:
                if cell.origin not in seen:
                    seen.add(cell.origin)
                    cells.append(cell.text.replace("\n", ""))
            lines += cells if one_cell_per_line else ["\t".join(cells)]
    return "\n".join(lines) + "\n"
