"""``make bench`` still runs: the naive loop fills the current Word template, batch succeeds, and the
web server takes every upload (the web line says lost=0).

No time is asserted (speed targets live in the benchmark's own output); this only keeps the
benchmark from breaking unseen when the template or the command line changes, as it once did when
the template gained the 落款 and the naive loop's context did not.
"""

from __future__ import annotations

import re
import subprocess
import sys

from pipeline.core.paths import ROOT


def test_the_benchmark_runs_on_two_workbooks() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--n", "2", "--uploads", "5"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    last = lines[-1]
    web = next(line for line in lines if line.startswith("web:"))
    assert any(re.fullmatch(r"import: docx_cpu_ms=[\d.]+ .*", line) for line in lines), lines
    assert re.fullmatch(r"web: uploads=5 concurrent=5 p50_ms=\d+ p95_ms=\d+ lost=0", web), web
    assert re.fullmatch(r"bench: cpu_ratio=[\d.]+ wall_ratio=[\d.]+ batch_cpu_ms=[\d.]+ peak_mb=\d+ n=2 jobs=\d+",
                        last), last
    assert "naive openpyxl + docxtpl loop" in run.stdout and "batch --jobs 1" in run.stdout
