"""``make bench`` prints an ``import:`` line: CPU ms per report for each format the tool publishes."""

from __future__ import annotations

import re
import sys

from pipeline.core.paths import ROOT


def test_the_import_line() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench
    finally:
        sys.path.remove(str(ROOT / "bench"))
    line = bench.import_speed(2)
    assert re.fullmatch(r"import: docx_cpu_ms=[\d.]+ html_cpu_ms=[\d.]+ fragment_cpu_ms=[\d.]+"
                        r"( pdf_cpu_ms=[\d.]+)? n=2", line), line
