"""Helpers the tests import: the bundled example, workbooks edited in cells or at the zip level,
an office suite's round trip, a time limit. Fixtures are in conftest.py."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import signal
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from openpyxl import load_workbook

from pipeline.core.paths import ROOT

EXAMPLE = ROOT / "examples" / "盘江镇2024.xlsx"
#: In every formula-like text the tests feed the tool (tests/test_formula_injection.py): a written
#: spreadsheet holding it in a formula (<f>) turned data into a formula.
HOSTILE_MARK = "example.invalid"


def formulas(path: Path) -> list[str]:
    """The text of every <f> element (cell formula) in a spreadsheet's worksheets."""
    with zipfile.ZipFile(path) as z:
        return [html.unescape(f) for name in z.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f(?:\s[^>]*)?>([^<]*)</f>", z.read(name).decode("utf-8", "replace"))]


Edits = dict[str, object]  # defined name (t3_new_natural) or address (表三!D5) -> new value

#: Every workbook the helpers below make, compared with openpyxl after the test that made it (by
#: conftest's autouse fixture).
MADE: list[Path] = []


def edit_workbook(source: Path, target: Path, edits: Edits) -> Path:
    """A copy of ``source`` with some cells changed, saved by openpyxl (the original is untouched)."""
    wb = load_workbook(source)
    for where, value in edits.items():
        if "!" in where:
            sheet, coord = where.split("!")
        else:
            sheet, coord = next(iter(wb.defined_names[where].destinations))
        wb[sheet][coord.replace("$", "")] = value
    wb.save(target)
    MADE.append(target)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def office_round_trip(source: Path, folder: Path) -> Path:
    """Open and save ``source`` in LibreOffice, as staff saving it in an office suite would."""
    assert shutil.which("soffice"), "LibreOffice is required (installed by .ci/run)"
    out = folder / "office"
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/lo-profile", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=120)
    result = out / source.name
    assert result.exists(), "LibreOffice produced no file"
    if result.suffix == ".xlsx":
        MADE.append(result)
    return result


class TookTooLong(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """A safety net, not a speed target: a hostile file that hangs the reader fails its test
    instead of hanging the suite (SIGALRM, so POSIX and the main thread only)."""

    def expire(signum: int, frame: object) -> None:
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def rezip(target: Path, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None,
          source: Path = EXAMPLE, edit: Callable[[str, bytes], bytes] | None = None) -> Path:
    """A copy of ``source`` changed at the zip level, below what openpyxl would let a test write:
    parts replaced (None: removed), added, or passed through ``edit(part name, bytes)``."""
    replace = replace or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = replace.get(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, edit(info.filename, data) if edit else data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    MADE.append(target)
    return target
