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
