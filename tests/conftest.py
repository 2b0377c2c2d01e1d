"""Shared fixtures: the bundled example, edited copies of it, and the command line in-process; the
checks after each test and after the suite. Helpers to import are in helpers.py."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline.cli import main

from .helpers import EXAMPLE, HOSTILE_MARK, MADE, Edits, edit_workbook, formulas
from .openpyxl_view import agrees_if_readable

# CI runs the same property examples every time, so a landing is never decided by a lucky draw;
# a developer's `make test` keeps exploring new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def no_formula_from_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the whole suite: every spreadsheet any test wrote is scanned; none may hold a formula
    made of a data string, and a 问题清单 (all data) holds no formula at all."""
    yield
    found = []
    for path in tmp_path_factory.getbasetemp().rglob("*.xlsx"):
        try:
            texts = formulas(path)
        except (zipfile.BadZipFile, OSError):
            continue  # the broken files the tests make on purpose
        if any(HOSTILE_MARK in f for f in texts) or (path.name == "问题清单.xlsx" and texts):
            found.append(f"{path}: {texts[:3]}")
    assert found == [], f"formulas made of data: {found}"


@pytest.fixture(autouse=True)
def _reader_sees_what_openpyxl_sees() -> Iterator[None]:
    """The native reader must read each workbook a test makes as openpyxl's normal mode does, in
    every cell it reads (tests/openpyxl_view.py): a new kind of workbook in any test is compared
    without a word; tests/test_xlsx_cells.py compares every cell of each kind."""
    start = len(MADE)
    yield
    made, MADE[start:] = MADE[start:], []
    for path in dict.fromkeys(made):
        agrees_if_readable(path)


@pytest.fixture
def example() -> Path:
    return EXAMPLE


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(10**6))

    def make(edits: Edits | None = None, source: Path = EXAMPLE) -> Path:
        return edit_workbook(source, tmp_path / f"edited{next(counter)}.xlsx", edits or {})

    return make


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line in-process: (exit code, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
