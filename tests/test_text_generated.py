"""A generated sentence is left out where the unit's own text states its subject, and ``check`` says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks.text_generated import generated_kept, left_out_note
from pipeline.core.sentences import documents_sentence, request_sentences, review_sentence

from .narratives import BUSY_T2, BUSY_T3, BUSY_T4, busy_town
from .tables import report_with


@pytest.mark.parametrize(("own", "kept"), [
    ("本单位自己的文字，没有数字。", ["requests", "reviews"]),
    ("2024年，盘江镇共收到政府信息公开申请12件。", ["reviews"]),  # agrees with the tables
    ("2024年，盘江镇共收到政府信息公开申请15件。", ["reviews"]),  # differs: T3 says so; printed once
    ("2024年，盘江镇无依申请公开信息。", ["reviews"]),
    ("全年因政府信息公开被申请行政复议1件。", ["requests"]),
    ("全年未发生政府信息公开行政复议、行政诉讼案件。", ["requests"]),
])
def test_the_units_own_statement_replaces_the_generated_one(own: str, kept: list[str]) -> None:
    report = report_with({"s1_request": [own], "s1_active": ["主动公开。"]}, t3=BUSY_T3, t4=BUSY_T4, t2=BUSY_T2)
    sentences = {"requests": request_sentences(report), "reviews": review_sentence(report)}
    assert generated_kept(report)["s1_request"] == [sentences[k] for k in kept]
    assert generated_kept(report)["s1_active"] == [documents_sentence(report)]
    note = left_out_note(report)
    assert (note is None) == (len(kept) == 2)
    if note:
        assert note.startswith("说明：“一、总体情况（二）依申请公开”已写明") and "\n" not in note


def test_documents_stated_anywhere_leave_the_documents_sentence_out() -> None:
    report = busy_town()  # its 一（一） says “全年制发行政规范性文件3件、废止1件，现行有效12件”
    assert generated_kept(report)["s1_active"] == []
    assert "规章和行政规范性文件的件数" in (left_out_note(report) or "")


def test_switched_off_nothing_is_generated_and_nothing_said() -> None:
    report = busy_town()
    report.auto_sentences = False
    assert generated_kept(report) == {} and left_out_note(report) is None


def test_check_prints_the_one_line(cli, example: Path) -> None:
    code, out, _ = cli("check", example)
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("说明：")]
    assert lines == ["说明：“一、总体情况（二）依申请公开”已写明收到和办理申请的情况，"
                     "报告中不再加入按表格生成的相应统计语句，以免同一数字说两遍。"]
    code, out, _ = cli("check", example, "--json")
    assert "说明：" not in out
