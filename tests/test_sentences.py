"""Sentences generated from the tables: right for tables of every shape, and in the rendered report."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.suite import run_checks
from pipeline.core.sentences import documents_sentence, request_sentences, review_sentence, shares
from pipeline.format.official import T3_RESULT_ROWS
from pipeline.format.rules import EQUATIONS
from pipeline.reading.reader import read
from pipeline.report.context import build_context
from pipeline.report.docx_text import document_text

from .tables import report_with

YEAR_UNIT = "2024年，盘江镇"


@pytest.mark.parametrize(("t3", "expected"), [
    ({}, "2024年，盘江镇未收到政府信息公开申请。"),
    ({"new": 1, "open": 1}, "2024年，盘江镇共收到政府信息公开申请1件。全年办结1件，办理结果为予以公开。"),
    ({"new": 3, "nh_repeat": 2, "nh_petition": 1},
     "2024年，盘江镇共收到政府信息公开申请3件。全年办结3件，办理结果均为不予处理。"),
    ({"new": 10, "carried": 2, "open": 6, "partial": 2, "deny_secret": 1, "unable_not_held": 1,
      "nh_repeat": 1, "next": 1},
     "2024年，盘江镇共收到政府信息公开申请12件，其中本年新收10件、上年结转2件。全年办结11件，其中"
     "予以公开6件（占54.5%）、部分公开2件（占18.2%）、不予公开1件（占9.1%）、无法提供1件（占9.1%）、"
     "不予处理1件（占9.1%）；结转下年度继续办理1件。"),
    ({"new": 6, "open": 1, "partial": 1, "deny_law": 1, "unable_unclear": 1, "nh_mass": 1, "other_no_fee": 1},
     "2024年，盘江镇共收到政府信息公开申请6件。全年办结6件，其中予以公开1件、部分公开1件、不予公开1件、"
     "无法提供1件、不予处理1件、其他处理1件。"),
    ({"carried": 2, "open": 2},
     "2024年，盘江镇未收到新的政府信息公开申请，上年结转2件。全年办结2件，办理结果均为予以公开。"),
    ({"new": 2, "next": 2}, "2024年，盘江镇共收到政府信息公开申请2件。截至年底均未办结，结转下年度继续办理2件。"),
])
def test_request_sentences(t3: dict[str, int], expected: str) -> None:
    assert request_sentences(report_with(t3=t3)) == expected


@pytest.mark.parametrize(("t4", "expected"), [
    ({}, "全年未发生政府信息公开行政复议、行政诉讼案件。"),
    ({"review_upheld": 1}, "全年因政府信息公开被申请行政复议1件（结果维持1件），未发生政府信息公开行政诉讼案件。"),
    ({"direct_corrected": 1, "after_pending": 2},
     "全年未发生政府信息公开行政复议案件，被提起政府信息公开行政诉讼3件（其中未经复议直接起诉1件、"
     "复议后起诉2件；结果纠正1件、尚未审结2件）。"),
    ({"review_upheld": 2, "review_pending": 1, "direct_upheld": 1, "direct_other": 1},
     "全年因政府信息公开被申请行政复议3件（结果维持2件、尚未审结1件），"
     "被提起政府信息公开行政诉讼2件（结果维持1件、其他结果1件）。"),
])
def test_review_sentence(t4: dict[str, int], expected: str) -> None:
    assert review_sentence(report_with(t4=t4)) == expected


@pytest.mark.parametrize(("t2", "expected"), [
    ({}, ""),
    ({("normative", "in_force"): 5}, "2024年，盘江镇未制发、废止行政规范性文件，现行有效行政规范性文件5件。"),
    ({("normative", "issued"): 3, ("normative", "repealed"): 1, ("normative", "in_force"): 12},
     "2024年，盘江镇制发行政规范性文件3件、废止1件，现行有效12件。"),
    ({("normative", "repealed"): 2, ("normative", "in_force"): 4},
     "2024年，盘江镇未制发行政规范性文件，废止2件，现行有效4件。"),
    ({("rules", "issued"): 1, ("rules", "in_force"): 9, ("normative", "issued"): 2, ("normative", "in_force"): 2},
     "2024年，盘江镇制发规章1件，现行有效9件；制发行政规范性文件2件，现行有效2件。"),
])
def test_documents_sentence(t2: dict[tuple[str, str], int], expected: str) -> None:
    assert documents_sentence(report_with(t2=t2)) == expected


def test_shares_always_add_up_to_100() -> None:
    assert shares([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert sum(shares([6, 2, 1, 1, 1])) == 100


def test_switch_off_leaves_the_units_own_text_only() -> None:
    texts = {"s1_request": ["本单位自己的文字。"], "s1_active": ["主动公开。"]}
    report = report_with(texts=texts, t3={"new": 1, "open": 1}, t2={("normative", "in_force"): 2})
    on = build_context(report)
    assert on["s1_request"] == ["本单位自己的文字。", request_sentences(report), review_sentence(report)]
    assert on["s1_active"] == ["主动公开。", documents_sentence(report)]
    report.auto_sentences = False
    off = build_context(report)
    assert off["s1_request"] == ["本单位自己的文字。"] and off["s1_active"] == ["主动公开。"]
    assert off["stats"] == on["stats"]  # ready values either way, for templates that place them


# Requests as (result row, count) pairs, plus new/carried/next chosen so that H1 holds.
_results = st.dictionaries(st.sampled_from(T3_RESULT_ROWS), st.integers(0, 40), max_size=8)


@settings(max_examples=150, deadline=None)
@given(results=_results, carried=st.integers(0, 5), left=st.integers(0, 5),
       t4=st.dictionaries(st.sampled_from(["review_upheld", "review_corrected", "direct_other", "after_pending"]),
                          st.integers(0, 3)),
       t2=st.dictionaries(st.sampled_from([("normative", "issued"), ("normative", "repealed"),
                                           ("normative", "in_force")]), st.integers(0, 20)))
def test_generated_sentences_agree_with_any_tables(results: dict[str, int], carried: int, left: int,
                                                   t4: dict[str, int], t2: dict[tuple[str, str], int]) -> None:
    """For any consistent tables: no “0件”, every share sums to 100, and the text checks — which
    read numbers out of the narrative — find nothing to object to in the generated sentences."""
    handled = sum(results.values())
    carried = min(carried, handled + left)
    t3 = {**results, "carried": carried, "new": handled + left - carried, "next": left}
    report = report_with(t3=t3, t4=t4, t2=t2)
    assert all(data.total(eq.left) == data.total(eq.right)
               for eq in EQUATIONS for data in [report.tables[eq.table]])
    sentences = [request_sentences(report), review_sentence(report), documents_sentence(report)]
    text = "".join(sentences)
    assert not re.search(r"(?<![\d.])0件", text), text
    for percents in re.findall(r"其中(.*?)[；。]", text):
        found = [Decimal(p) for p in re.findall(r"占([\d.]+)%", percents)]
        assert not found or sum(found) == 100, text
    report.texts = {"s1_request": sentences[:2], "s1_active": [s for s in sentences[2:] if s]}
    assert [p for p in run_checks(report) if p.code in ("T3", "T4", "T5")] == [], text


def test_rendered_example_states_the_sentences(cli, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert cli("render", example, "-o", out)[0] == 0
    text = document_text(out)
    seed_request = "2024 年,盘江镇无依申请公开信息。"
    # The unit's own paragraph stays first; the generated one follows it under （二）. The unit
    # already says it had no requests, so “未收到政府信息公开申请” is not said a second time.
    start = text.index(seed_request)
    assert text[start:start + 2] == [seed_request, "全年未发生政府信息公开行政复议、行政诉讼案件。"]
    assert f"{YEAR_UNIT}未收到政府信息公开申请。" not in text
    assert not [line for line in text if "未制发" in line]  # no documents: nothing said about them


@pytest.mark.parametrize(("value", "on", "codes"), [
    ("是", True, []), (None, True, []), ("否", False, []), (" 否 ", False, []), ("不要", False, ["H8-SWITCH"]),
])
def test_the_switch_in_the_workbook(make_workbook, value: object, on: bool, codes: list[str]) -> None:
    report, problems = read(make_workbook({"auto_sentences": value}))
    assert report.auto_sentences is on
    assert [(p.code, p.cells) for p in problems] == [(c, ("基本信息!B5",)) for c in codes]


def test_switched_off_the_report_has_only_the_units_text(cli, make_workbook, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert cli("render", make_workbook({"auto_sentences": "否"}), "-o", out)[0] == 0
    text = document_text(out)
    assert "2024 年,盘江镇无依申请公开信息。" in text
    assert not [line for line in text if "未收到政府信息公开申请" in line or "未制发" in line]
