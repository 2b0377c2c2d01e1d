"""T-PUNCT: half-width , ( ) : ; ? ! between Chinese characters, and render --fix-punctuation."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from pipeline.checks.punctuation import check_punctuation
from pipeline.core.punctuation import full_width, half_width_marks

from .docx_helpers import complete_report


@pytest.mark.parametrize(("typed", "printed"), [
    ("2024年,盘江镇坚持", "2024年，盘江镇坚持"),
    ("依申请公开(含转办)事项", "依申请公开（含转办）事项"),
    ("主要做法:一是", "主要做法：一是"),
    ("公开栏目;政务新媒体", "公开栏目；政务新媒体"),
    ("是否收费?否!", "是否收费？否！"),
    ("主动公开 , 依法公开", "主动公开，依法公开"),
    ("《条例》)和省", "《条例》）和省"),
])
def test_marks_between_chinese_become_full_width(typed: str, printed: str) -> None:
    assert half_width_marks(typed)
    assert full_width(typed) == printed


@pytest.mark.parametrize("text", [
    "网站 http://www.gov.cn/xxgk", "共(1)件", "比例为3.5:1", "English, text (ok)!", "已用全角，（一）：；？！",
])
def test_english_numbers_and_addresses_stay(text: str) -> None:
    assert half_width_marks(text) == []
    assert full_width(text) == text


def test_warning_names_the_cell_and_quotes_the_places() -> None:
    report = complete_report()
    report.texts["s1_request"] = ["2024年,本镇共收到申请(含转办)3件。", "其他,"]
    found = [p for p in check_punctuation(report)]
    assert [(p.code, p.cells) for p in found] == [("T-PUNCT", ("正文!B5",))]
    assert "4 处" in found[0].message and "“024年,本镇共收”" in found[0].message
    assert "--fix-punctuation" in found[0].text() and "--fix-punctuation" not in found[0].message


def test_example_warns_and_fix_punctuation_prints_full_width(cli, example: Path, tmp_path: Path) -> None:
    before = example.read_bytes()
    code, out, _ = cli("render", str(example), "-o", str(tmp_path / "plain.docx"))
    assert code == 0 and "[警告 T-PUNCT] 正文!B3" in out
    plain = "\n".join(p.text for p in docx.Document(str(tmp_path / "plain.docx")).paragraphs)
    assert "2024 年,盘江镇" in plain
    code, out, _ = cli("render", str(example), "-o", str(tmp_path / "fixed.docx"), "--fix-punctuation")
    fixed = "\n".join(p.text for p in docx.Document(str(tmp_path / "fixed.docx")).paragraphs)
    assert code == 0 and "2024 年，盘江镇" in fixed and half_width_marks(fixed) == []
    assert "已按 --fix-punctuation" in out
    assert example.read_bytes() == before  # the workbook is never changed
