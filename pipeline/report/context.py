"""The Word context: every value the report template prints, already formatted as text.

The template holds no logic beyond loops over paragraphs; numbers are formatted here (a 万元 amount
keeps every decimal typed), so the Word report, the HTML page and any other output say the same.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pipeline.checks.text_generated import generated_kept
from pipeline.core.model import Report
from pipeline.core.sentences import documents_sentence, request_sentences, review_sentence
from pipeline.core.yoy import comparison, yoy_sentence
from pipeline.format.official import NARRATIVES, REPORT_TITLE_SUFFIX, TABLES

Context = dict[str, Any]


def number(value: int | Decimal) -> str:
    """12 → "12"; Decimal("5949.088667") → "5949.088667": never scientific, never rounded."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def table_key(row: str, col: str) -> str:
    """The context key of a table cell: ``{{ t3.new_natural }}`` in the template."""
    return f"{row}_{col}"


def chinese_date(d: date) -> str:
    """GB/T 9704's 成文日期: Arabic numerals, no leading zeros (2025年1月20日)."""
    return f"{d.year}年{d.month}月{d.day}日"


def title(report: Report) -> str:
    return f"{report.unit_name}{report.year}{REPORT_TITLE_SUFFIX}"


def build_context(report: Report, previous: Report | None = None, topics: dict[str, str] | None = None) -> Context:
    """``previous``: last year's report of the unit; with it, the generated sentences end with the
    同比 (change from last year) of the main figures. ``topics``: what the unit's text states
    (``stated_topics``), as checking found it; found here only when not given."""
    ctx: Context = {
        "title": title(report),
        "unit_name": report.unit_name,
        "year": str(report.year),
        # The 图解 page (a ``charts.Charts``) when asked for; empty, the template leaves it out.
        "charts": "",
        # Its heading: the 图解 is an 附件 after the 落款 (GB/T 9704 7.5), named after the report
        # (without the unit's name, which the title above says: one line at 三号).
        "charts_heading": f"附件：{report.year}{REPORT_TITLE_SUFFIX}图解",
        # The 落款, when the workbook gives a 成文日期 (the version to be stamped): the issuing organ
        # (红星镇人民政府, not the short name 红星镇) and the date.
        "signature": {"unit": report.organ or report.unit_name,
                      "date": chinese_date(report.sign_date) if report.sign_date else ""},
    }
    # With the switch on, the generated sentences follow the unit's own paragraphs under their
    # sub-heading: the unit's words are never dropped, and any template printing the narrative
    # keys prints the sentences too. A sentence whose subject the unit's text already states is
    # left out (text_generated): one figure is never printed twice, or as two different figures.
    generated = generated_kept(report, topics)
    change = yoy_sentence(report, previous) if previous is not None else ""
    if change and report.auto_sentences:  # the 同比 closes the generated sentences of （二）
        generated.setdefault("s1_request", []).append(change)
    for n in NARRATIVES:
        ctx[n.key] = list(report.texts.get(n.key, [])) + generated.get(n.key, [])
    # Offered whatever the switch says, for templates that place the sentences themselves.
    ctx["stats"] = {"requests": request_sentences(report), "reviews": review_sentence(report),
                    "documents": documents_sentence(report), "change": change}
    for table in TABLES:
        data = report.tables[table.key]
        ctx[table.key] = {table_key(r.key, c.key): number(data.value(r.key, c.key))
                          for r, c, _ in table.cells()}
    # The table 主要数据与上年对比 (the switch 与上年对比, with last year's workbook): its column heads
    # and its rows; no rows, and the template leaves the table out.
    last_year = previous.year if previous is not None else None
    ctx["compare"] = {"last_year": f"{last_year}年" if last_year else "上年",
                      "year": f"{report.year}年" if report.year else "本年"}
    ctx["compare_rows"] = comparison(report, previous) if previous is not None and report.compare else []
    # Last year's numbers under the same keys (``{{ last.t3.new_total }}``), for a template with a
    # 上年 column; "" without last year's workbook, so such a template prints an empty column.
    ctx["last"] = {table.key: {table_key(r.key, c.key): number(previous.tables[table.key].value(r.key, c.key))
                               if previous is not None else "" for r, c, _ in table.cells()} for table in TABLES}
    return ctx
