"""Whole real reports (tests/corpus/reports) typed into the workbook: checked and rendered.

Every 2021-format report whose published tables pass the 勾稽 checks goes through ``check`` with
zero errors, with exactly the warnings its real defects deserve, and renders; the 2019 trial-format
report is refused with a message that names its format.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.model import Report, TableData
from pipeline.format.official import TABLES, UnitKind
from pipeline.report.docx_text import document_text
from pipeline.workbook.writer import write_workbook
from tests.corpus.load import load_reports

REPORTS = {r["slug"]: r for r in load_reports()}
#: The warnings each report's own text deserves, all real: (code, cell).
EXPECTED = {
    # The introduction lists the sections in the 条例's own words (第五十条（四）) and cites 〔2021〕30号:
    # a current-format report, nothing to say.
    "shanghai-office-2025": [],
    # The introduction names “沐阳县人民政府” (沐 for 沭); 一 has four parts, no 政府信息管理.
    "shuyang-county-2025": [("T6", "正文!B2"), ("H8-PART", "正文!B6")],
    "shuyang-fgj-2023": [],
}


def report_of(r: dict[str, Any]) -> Report:
    tables = {}
    for table in TABLES:
        data = TableData.empty(table.key)
        for row, col, _ in table.cells():
            value = (r["tables"].get(table.key) or {}).get(row.key, {}).get(col.key)
            amount = col.key == "amount"
            data.values.at[row.key, col.key] = (Decimal(value or 0) if amount  # type: ignore[assignment]
                                                else int(value or 0))
        tables[table.key] = data
    kinds = {k.value: k for k in UnitKind}
    return Report(r["unit_name"], r["year"], kinds[r["unit_kind"]], texts=r["texts"], tables=tables)


def test_the_expected_reports_are_the_consistent_ones() -> None:
    consistent = {slug for slug, r in REPORTS.items() if r["format"] == "2021" and r["tables_consistent"]}
    assert consistent == set(EXPECTED)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_a_real_report_checks_without_errors_and_renders(cli, tmp_path: Path, slug: str) -> None:
    r = REPORTS[slug]
    workbook = tmp_path / f"{slug}.xlsx"
    write_workbook(report_of(r), workbook)
    code, out, _ = cli("check", workbook, "--json")
    found = json.loads(out)
    assert code == 0 and found["errors"] == 0
    # T-PUNCT is left out: the stored copies turned full-width punctuation into half-width (see
    # tests/corpus/README.md), so half-width commas say nothing about the published report.
    codes = sorted((p["code"], p["cells"][0]) for p in found["problems"] if p["code"] != "T-PUNCT")
    assert codes == sorted(EXPECTED[slug])
    docx = tmp_path / f"{slug}.docx"
    assert cli("render", workbook, "-o", docx)[0] == 0
    text = document_text(docx)
    first = next(p for k in ("intro", "s1_lead") for p in r["texts"][k])
    assert first.strip() in text


def test_the_trial_format_report_is_refused_naming_its_format(cli, tmp_path: Path) -> None:
    r = REPORTS["shanghai-office-2019-trial"]
    report = report_of({**r, "tables": {}})
    workbook = tmp_path / "trial.xlsx"
    write_workbook(report, workbook)
    code, out, _ = cli("check", workbook)
    assert code == 1
    assert "2019 年度的报告用的是 2019 年的试行格式（国办公开办函〔2019〕60号" in out
