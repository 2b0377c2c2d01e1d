"""What every text check shares: where a narrative stands, how to name a table cell, how to quote."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pipeline.core.model import Report
from pipeline.format.layout import TEXT_INPUTS
from pipeline.format.official import NARRATIVES, narrative_label


def text_cell(report: Report, key: str) -> str:
    # A report read from a workbook knows where each text was; one built in code (the seed) does not.
    return report.addresses.get(key) or TEXT_INPUTS[key].place.address


def table_cell(report: Report, table: str, row: str, col: str) -> str:
    return report.tables[table].address(row, col)


def label(key: str) -> str:
    return "“" + narrative_label(key).replace("\n", "") + "”"


def texts(report: Report) -> Iterator[tuple[str, str]]:
    """(narrative key, paragraph) in report order."""
    for n in NARRATIVES:
        for paragraph in report.texts.get(n.key, []):
            yield n.key, paragraph


def quote(phrases: list[str]) -> str:
    counted = Counter(phrases)
    return "、".join(f"“{p}”" + (f"（{n} 处）" if n > 1 else "") for p, n in counted.items())


def year_of(report: Report) -> str:
    """The report year for a message; never “None年” when the year cell was invalid."""
    return f"{report.year}年" if report.year is not None else "本年度"
