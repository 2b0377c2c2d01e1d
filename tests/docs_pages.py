"""``python -m tests.docs_pages``: the README's pictures of the 图解 page, of the table 主要数据与上年对比
and of the web fragment pasted into a bare page (``make pages``; needs LibreOffice, poppler-utils and chromium).

The example (盘江镇) received no applications, so its charts would be all zeros: the pictures use a
synthetic unit with last year's data, which shows every panel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.core.paths import ROOT, WORD_TEMPLATE
from pipeline.core.yoy import COMPARE_HEADING
from pipeline.report import pdf
from pipeline.report.document import render
from pipeline.report.html import fragment
from pipeline.run import report_context

from .synth import following_year, synth_report

DOCS = ROOT / "docs"


def main() -> None:
    last = synth_report("示例县第1镇", 2023)
    this = following_year(last)
    this.charts = this.compare = True
    ctx = report_context(this, last)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        render(WORD_TEMPLATE, ctx, folder / "charts.docx")
        made = pdf.convert_many([folder / "charts.docx"], folder)[0]
        pages = int(next(line.split()[-1] for line in subprocess.run(
            ["pdfinfo", str(made)], capture_output=True, text=True, check=True).stdout.splitlines()
            if line.startswith("Pages:")))
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(pages), "-l", str(pages),
                        str(made), str(DOCS / "chart-page")], check=True)
        # The page with the table 主要数据与上年对比 (after table 四).
        shown = next(n for n in range(1, pages + 1) if COMPARE_HEADING in subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(made), "-"], capture_output=True, text=True,
            check=True).stdout)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(shown), "-l", str(shown),
                        str(made), str(DOCS / "compare-page")], check=True)
        bare = folder / "bare.html"
        bare.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{fragment(ctx)}</body></html>',
                        encoding="utf-8")
        browser = shutil.which("chromium") or shutil.which("chromium-browser") or sys.exit("chromium is needed")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=800,1000", f"--screenshot={DOCS / 'fragment.png'}", bare.as_uri()],
                       check=True, capture_output=True, env=pdf.font_environment())


if __name__ == "__main__":
    main()
