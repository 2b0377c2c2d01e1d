"""Validate the corpus of real published text (tests/corpus): ids, sources, keys, coverage."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from pipeline.format.official import NARRATIVES, SECTIONS, TABLES, UnitKind
from tests.corpus.load import fee_amount, load_reports, load_sentences

SENTENCES = load_sentences()
REPORTS = load_reports()
CELLS = {f"{t.key}:{r.key}:{c.key}" for t in TABLES for r, c, _ in t.cells()}
NARRATIVE_KEYS = {n.key for n in NARRATIVES}
SECTION_KEYS = {s.key for s in SECTIONS}
KINDS = {k.value for k in UnitKind}
SENTENCE_KINDS = {"fact", "no_table_quantity", "plan", "this_year_work", "fee", "empty_section"}


def _facts():
    for s in SENTENCES:
        for f in s["facts"]:
            yield s, f


def test_sentence_ids_unique_and_ordered():
    ids = [s["id"] for s in SENTENCES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"s\d{3}", i) for i in ids)


def test_sentences_have_text_source_unit_and_known_keys():
    for s in SENTENCES:
        assert s["text"].strip() and s["source"].strip() and s["unit"].strip(), s["id"]
        assert s["unit_kind"] in KINDS, s["id"]
        assert 2019 <= s["year"] <= 2025, s["id"]
        assert s["section"] in NARRATIVE_KEYS | SECTION_KEYS, s["id"]
        assert s["kind"] in SENTENCE_KINDS, s["id"]
        assert (s["kind"] == "fact") == bool(s["facts"]), s["id"]
        assert set(s.get("fires", [])) <= {"T3", "T4", "T5", "T6", "T7", "T11"}, s["id"]


def test_every_fact_names_declared_cells():
    for s, f in _facts():
        cells = f["table_cells"] + f.get("denominator_cells", [])
        cells += [c for alt in f.get("alt_table_cells", []) for c in alt]
        assert cells, s["id"]
        for cell in cells:
            assert cell in CELLS, (s["id"], cell)
        assert f["relation"] in {"equals", "sum", "percent"}, s["id"]
        assert f["relation"] != "equals" or len(f["table_cells"]) == 1, s["id"]
        for cell in s.get("table_values", {}):
            assert cell in CELLS, (s["id"], cell)


def test_stated_numbers_appear_in_the_text():
    """Every Arabic-numeral fact value is written in its sentence (derived values are marked)."""
    for s, f in _facts():
        if f.get("derived"):
            continue
        value = f["value"]
        text = s["text"].replace(" ", "")
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        assert shown in text or f["value"] == 0, (s["id"], f["quantity"], value)


def test_agreement_with_own_table_is_computed_right():
    """Where a sentence carries its report's table values, ``agrees`` says whether they match."""
    for s, f in _facts():
        tv = s.get("table_values", {})
        if f["relation"] == "percent" or not all(c in tv for c in f["table_cells"]):
            continue
        total = sum(tv[c] for c in f["table_cells"])
        agrees = f.get("agrees", s.get("agrees", True))
        assert (total == f["value"]) == agrees, (s["id"], f["quantity"], total, f["value"])


def test_sentence_coverage():
    assert len(SENTENCES) >= 300
    assert len({(s["unit"], s["year"]) for s in SENTENCES}) >= 80
    nearby = (UnitKind.TOWNSHIP.value, UnitKind.COUNTY_DEPT.value)
    local = {(s["unit"], s["year"]) for s in SENTENCES if s["unit_kind"] in nearby}
    assert len(local) >= 40
    kinds = {s["unit_kind"] for s in SENTENCES}
    required = {UnitKind.TOWNSHIP, UnitKind.COUNTY_DEPT, UnitKind.COUNTY_GOV, UnitKind.CITY_DEPT, UnitKind.CITY_GOV}
    assert {k.value for k in required} <= kinds
    assert {2021, 2022, 2023, 2024, 2025} <= {s["year"] for s in SENTENCES}
    assert sum(1 for s in SENTENCES if not s["facts"]) >= 15
    assert any(s.get("agrees") is False for s in SENTENCES)
    assert {"plan", "this_year_work", "fee"} <= {s["kind"] for s in SENTENCES}


def test_report_keys_match_the_declaration():
    for r in REPORTS:
        assert r["source"].strip() and r["unit_name"].strip(), r["slug"]
        assert r["unit_kind"] in KINDS, r["slug"]
        assert set(r["texts"]) == NARRATIVE_KEYS, r["slug"]
        for key, paras in r["texts"].items():
            assert isinstance(paras, list) and all(isinstance(p, str) and p for p in paras), (r["slug"], key)
        for table in TABLES:
            data = r["tables"].get(table.key)
            if data is None:
                assert r["format"] == "2019-trial" and table.key == "t2", r["slug"]
                continue
            for row, cols in data.items():
                for col, value in cols.items():
                    assert f"{table.key}:{row}:{col}" in CELLS, (r["slug"], table.key, row, col)
                    assert value is None or isinstance(value, (int, str)), (r["slug"], row, col)
        if r["tables"].get("t2"):
            assert fee_amount(r) is None or fee_amount(r) >= Decimal(0)


def _h1_to_h6_hold(r) -> bool:
    t3, t4 = r["tables"]["t3"], r["tables"]["t4"]["cases"]
    z = lambda v: v or 0  # noqa: E731
    results = [k for k in t3 if k not in ("new", "carried", "total", "next")]
    cols = ["natural", "business", "research", "charity", "legal", "other", "total"]
    ok = all(z(t3["new"][c]) + z(t3["carried"][c]) == z(t3["total"][c]) + z(t3["next"][c]) for c in cols)
    ok &= all(sum(z(t3[k][c]) for k in results) == z(t3["total"][c]) for c in cols)
    ok &= all(sum(z(v[c]) for c in cols[:-1]) == z(v["total"]) for v in t3.values())
    ok &= all(sum(z(t4[f"{g}_{k}"]) for k in ("upheld", "corrected", "other", "pending")) == z(t4[f"{g}_total"])
              for g in ("review", "direct", "after"))
    return ok


@pytest.mark.parametrize("report", REPORTS, ids=[r["slug"] for r in REPORTS])
def test_tables_consistent_flag_is_true_to_the_numbers(report):
    assert _h1_to_h6_hold(report) == report["tables_consistent"]


def test_report_coverage():
    assert len(REPORTS) >= 5
    assert len({r["unit_kind"] for r in REPORTS}) >= 4
    assert any(r["format"] == "2019-trial" for r in REPORTS)
    assert any(not r["tables_consistent"] for r in REPORTS)
    assert {r["year"] for r in REPORTS if r["format"] == "2021"} >= {2023, 2024, 2025}
