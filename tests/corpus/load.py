"""Load the corpus of real published report text (see README.md in this folder)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def load_sentences() -> list[dict[str, Any]]:
    """Every quoted sentence, in id order."""
    return json.loads((HERE / "sentences.json").read_text(encoding="utf-8"))


def load_reports() -> list[dict[str, Any]]:
    """Every whole report, by file name. 行政事业性收费 amounts are stored as strings; use
    :func:`fee_amount` to read one as an exact decimal."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / "reports").glob("*.json"))]


def fee_amount(report: dict[str, Any]) -> Decimal | None:
    t2 = report["tables"].get("t2")
    if not t2:
        return None
    value = t2["fees"]["amount"]
    return None if value is None else Decimal(value)
