"""``check`` of one workbook loads nothing of Word, of pandas or of openpyxl: a single check starts
quickly, and what rendering or writing needs is imported where it is used (``make bench`` times it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.core.paths import ROOT

from .helpers import EXAMPLE

HEAVY = ("pandas", "numpy", "openpyxl", "docx", "docxtpl", "lxml", "jinja2", "PIL")
# The command line run as a user runs it, then the top-level packages it loaded.
PROBE = """
import runpy, sys
sys.argv = ["pipeline", *sys.argv[1:]]
try:
    runpy.run_module("pipeline", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print("MODULES", code, " ".join(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def _loaded(*args: str) -> tuple[int, set[str]]:
    run = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    line = next(x for x in run.stderr.splitlines() if x.startswith("MODULES"))
    _, code, *modules = line.split()
    return int(code), set(modules)


def test_check_loads_no_word_pandas_or_openpyxl() -> None:
    code, modules = _loaded("check", str(EXAMPLE))
    assert code == 0
    assert "pipeline" in modules
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_the_probe_would_see_them(tmp_path: Path) -> None:
    """render loads Word: the probe above sees a heavy module when one is loaded."""
    code, modules = _loaded("render", str(EXAMPLE), "-o", str(tmp_path / "x.docx"))
    assert code == 0
    assert {"docxtpl", "jinja2"} <= modules
