"""No message shows None, nan or a Python representation, whatever is missing from the workbook."""

from __future__ import annotations

import re

import pytest

from pipeline.checks.suite import run_checks
from pipeline.checks.text_generated import left_out_note
from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.reading.reader import read

from .narratives import busy_town, clean_reports
from .test_textchecks import CRAFTED

#: What a Python value looks like when it leaks into Chinese text.
LEAK = re.compile(r"None|nan|NaN|Decimal\(|\[\s*'|\{'|\(\s*'|<[a-z_.]+ object|Traceback|UnitKind\.|\\\\x")


def _leaks(problems: list[Problem]) -> list[str]:
    return [p.message for p in problems if LEAK.search(p.message) or LEAK.search(" ".join(p.cells))]


def _missing(report: Report) -> Report:
    """``report`` with every unit field missing, as the reader leaves them for invalid cells."""
    report.year, report.unit_name, report.unit_kind, report.addresses = None, "", None, {}
    return report


def _every_defect() -> list[Report]:
    reports = []
    for key, text, _, _ in CRAFTED:
        report = busy_town()
        report.texts[key] = [text]
        reports.append(report)
    return reports + list(clean_reports().values())


@pytest.mark.parametrize("missing", [False, True], ids=["filled", "fields missing"])
def test_every_check_message_is_plain_chinese(missing: bool) -> None:
    for report in _every_defect():
        if missing:
            _missing(report)
        previous = busy_town()
        previous.year = None if missing else 2023
        problems = run_checks(report, previous)
        assert _leaks(problems) == []
        assert not LEAK.search(left_out_note(report) or "")


def test_reader_messages_with_every_field_invalid(make_workbook) -> None:
    edits: dict[str, object] = {"unit_name": None, "year": "abc", "unit_kind": None, "auto_sentences": "不要"}
    edits |= {f"text_{k}": None for k in ("intro", "s1_active", "s1_request", "s5", "s6")}
    edits |= {"t3_new_natural": "十", "t3_new_total": None, "t4_cases_review_total": "—", "t2_fees_amount": "12000元"}
    report, problems = read(make_workbook(edits))
    assert report.year is None and problems
    problems += run_checks(report)
    assert _leaks(problems) == []
    assert "None" not in (left_out_note(report) or "")


@pytest.mark.parametrize("year", [2019, 2020])
def test_a_trial_format_year_names_the_2019_format(make_workbook, year: int) -> None:
    _, problems = read(make_workbook({"year": year}))
    (problem,) = [p for p in problems if p.code == "H8"]
    assert "国办公开办函〔2019〕60号" in problem.message and "国办公开办函〔2021〕30号" in problem.message
    assert "（六）其他处理" in problem.message


def test_an_empty_sub_part_is_a_warning_and_its_heading_is_left_out(cli, make_workbook, tmp_path) -> None:
    """A published report with four parts (no separate 政府信息管理) goes through and renders."""
    from pipeline.report.docx_text import document_text

    workbook = make_workbook({"text_s1_management": None})
    _, problems = read(workbook)
    assert [(p.code, p.cells) for p in problems] == [("H8-PART", ("正文!B6",))]
    assert "略去这个小标题" in problems[0].message and not problems[0].is_error
    out = tmp_path / "r.docx"
    assert cli("render", workbook, "-o", out, "--html")[0] == 0
    text = document_text(out)
    assert "（三）政府信息管理" not in text and "（四）政府信息公开平台建设" in text
    page = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "（三）政府信息管理" not in page and "<h3>（四）政府信息公开平台建设</h3>" in page


def test_a_wholly_empty_overview_is_one_error(make_workbook) -> None:
    parts = ("s1_lead", "s1_active", "s1_request", "s1_management", "s1_platform", "s1_supervision")
    _, problems = read(make_workbook({f"text_{k}": None for k in parts}))
    (problem,) = problems
    assert problem.code == "H8" and problem.is_error and "“一、总体情况”的各部分都没有填写" in problem.message
    assert problem.cells[0] == "正文!B3" and "正文!B8" in problem.cells
