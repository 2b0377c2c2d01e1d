"""同比: with last year's workbook the generated sentences say how the main figures changed."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from pipeline.core.yoy import change, figures, yoy_sentence
from pipeline.report.context import build_context
from pipeline.workbook.writer import write_workbook

from .synth import following_year, synth_report


@pytest.mark.parametrize(("now", "last", "said"), [
    (15, 12, "较上年增加3件，增长25%"),
    (9, 12, "较上年减少3件，下降25%"),
    (1, 3, "较上年减少2件，下降66.7%"),
    (2, 3, "较上年减少1件，下降33.3%"),
    (10, 3, "较上年增加7件，增长233.3%"),
    (0, 4, "较上年减少4件，下降100%"),
    (5, 5, "与上年持平"),
    (3, 0, "上年为0件"),  # no percentage of nothing
])
def test_change_wording(now: int, last: int, said: str) -> None:
    assert change(now, last) == said


def test_sentence_follows_the_request_sentences() -> None:
    last = synth_report("示例县第1镇", 2023)
    this = following_year(last)
    ctx = build_context(this, last)
    sentence = ctx["s1_request"][-1]
    assert sentence == yoy_sentence(this, last) == ctx["stats"]["change"]
    assert sentence.startswith("与2023年相比，本年新收政府信息公开申请")
    for (what, now), (_, before) in zip(figures(this), figures(last), strict=True):
        if now or before:
            assert f"{what}{now}件，{change(now, before)}" in sentence
    assert yoy_sentence(this, last) not in build_context(this)["s1_request"]  # no last year, no 同比
    this.auto_sentences = False  # the switch: the unit writes its own numbers
    assert sentence not in build_context(this, last)["s1_request"]


def test_nothing_in_either_year_says_nothing() -> None:
    last, this = synth_report("甲镇", 2023), synth_report("甲镇", 2024)
    for r in (last, this):
        for t in ("t3", "t4"):
            values = r.tables[t].values
            for key in list(values):
                values[key] = 0
    assert yoy_sentence(this, last) == ""


def test_render_with_previous_prints_the_change(cli, tmp_path: Path) -> None:
    last = synth_report("示例县第1镇", 2023)
    this = following_year(last)
    write_workbook(last, tmp_path / "2023.xlsx")
    write_workbook(this, tmp_path / "2024.xlsx")
    code, _, _ = cli("render", str(tmp_path / "2024.xlsx"), "--previous", str(tmp_path / "2023.xlsx"),
                     "-o", str(tmp_path / "r.docx"))
    assert code == 0
    texts = [p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs]
    assert yoy_sentence(this, last) in texts


def test_last_year_numbers_for_a_template_column() -> None:
    last = synth_report("示例县第1镇", 2023)
    this = following_year(last)
    ctx = build_context(this, last)
    assert ctx["last"]["t3"]["new_total"] == str(last.tables["t3"].value("new", "total"))
    assert set(ctx["last"]["t4"]) == set(ctx["t4"])
    assert set(build_context(this)["last"]["t3"].values()) == {""}  # no workbook, an empty column


def test_batch_with_last_years_folder_prints_the_change(cli, tmp_path: Path) -> None:
    last = synth_report("示例县第1镇", 2023)
    this = following_year(last)
    (tmp_path / "2023").mkdir()
    (tmp_path / "2024").mkdir()
    write_workbook(last, tmp_path / "2023" / "第1镇.xlsx")
    write_workbook(this, tmp_path / "2024" / "第1镇.xlsx")
    code, _, _ = cli("batch", str(tmp_path / "2024"), "-o", str(tmp_path / "结果"), "--previous",
                     str(tmp_path / "2023"), "-j", "1")
    assert code == 0
    report = tmp_path / "结果" / "示例县第1镇2024年政府信息公开工作年度报告.docx"  # beside the county's own papers
    assert yoy_sentence(this, last) in [p.text for p in docx.Document(str(report)).paragraphs]
