"""单位链接.xlsx for a large roster: written in time linear in the number of units."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.web.links import write_links
from pipeline.web.storage import Unit
from tests.sheet_scans import count_sheet_scans


class _Units:
    """What ``write_links`` asks of the store: its units and its folder."""

    def __init__(self, folder: Path, n: int) -> None:
        self.folder = folder
        self._units = [Unit(i, f"=单位{i}", f"t{i}", "2025-01-31", True) for i in range(n)]

    def units(self) -> list[Unit]:
        return self._units


def test_the_links_file_is_written_in_linear_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It asked the sheet for its last row after every row appended (``ws[ws.max_row]``), and openpyxl
    finds that by looking at every cell: quadratic in the roster. (The time itself is ``make bench``'s.)"""
    asked = count_sheet_scans(monkeypatch)
    path = write_links(_Units(tmp_path, 500), "http://county.example:8000")  # type: ignore[arg-type]
    assert asked["max_row"] + asked["max_column"] < 20, asked
    monkeypatch.undo()
    rows = list(load_workbook(path).active.iter_rows(min_row=2, values_only=True))  # type: ignore[union-attr]
    assert len(rows) == 500
    assert rows[-1] == ("=单位499", "2025-01-31", "http://county.example:8000/u/t499"), "a name stays text"
