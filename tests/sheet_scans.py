"""Counting how often a writer asks an openpyxl sheet for its size: ``max_row`` and ``max_column``
look at every cell of the sheet, so asking once a row makes a writer quadratic in its rows."""

from __future__ import annotations

import pytest
from openpyxl.worksheet.worksheet import Worksheet


def count_sheet_scans(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """From now on (until ``monkeypatch`` is undone), how many times each was asked, by name."""
    asked = {"max_row": 0, "max_column": 0}
    for name in asked:
        real = getattr(Worksheet, name)

        def counted(ws: Worksheet, real: property = real, name: str = name) -> int:
            asked[name] += 1
            return int(real.fget(ws))

        monkeypatch.setattr(Worksheet, name, property(counted))
    return asked
