"""The Word context: every value the report template prints, already formatted as text.

The template holds no logic beyond loops over paragraphs; numbers are formatted here (a 万元 amount
keeps every decimal typed), so the Word report, the HTML page and any other output say the same.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.checks.text_generated import generated_kept
from pipeline.core.model import Report
from pipeline.core.sentences import documents_sentence, request_sentences, review_sentence
from pipeline.format.official import NARRATIVES, REPORT_TITLE_SUFFIX, TABLES

Context = dict[str, Any]


def number(value: int | Decimal) -> str:
    """12 → "12"; Decimal("5949.088667") → "5949.088667": never scientific, never rounded."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def table_key(row: str, col: str) -> str:
    """The context key of a table cell: ``{{ t3.new_natural }}`` in the template."""
    return f"{row}_{col}"


def title(report: Report) -> str:
    return f"{report.unit_name}{report.year}{REPORT_TITLE_SUFFIX}"


def build_context(report: Report) -> Context:
    ctx: Context = {
        "title": title(report),
        "unit_name": report.unit_name,
        "year": str(report.year),
    }
    # With the switch on, the generated sentences follow the unit's own paragraphs under their
    # sub-heading: the unit's words are never dropped, and any template printing the narrative
    # keys prints the sentences too. A sentence whose subject the unit's text already states is
    # left out (text_generated): one figure is never printed twice, or as two different figures.
    generated = generated_kept(report)
    for n in NARRATIVES:
        ctx[n.key] = list(report.texts.get(n.key, [])) + generated.get(n.key, [])
    # Offered whatever the switch says, for templates that place the sentences themselves.
    ctx["stats"] = {"requests": request_sentences(report), "reviews": review_sentence(report),
                    "documents": documents_sentence(report)}
    for table in TABLES:
        data = report.tables[table.key]
        ctx[table.key] = {table_key(r.key, c.key): number(data.value(r.key, c.key))
                          for r, c, _ in table.cells()}
    return ctx
