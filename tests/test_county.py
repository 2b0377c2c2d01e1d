"""The county's paperwork: deadlines, 报送情况表, R3, the printed 问题清单, 退回通知 and 审核情况通报."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from pipeline.core.fatal import CannotRun
from pipeline.core.paths import BULLETIN_TEMPLATE, WORD_TEMPLATE
from pipeline.format.official import UnitKind
from pipeline.report.docx_text import places
from pipeline.units import notices
from pipeline.units.batch import BatchResult, run_batch
from pipeline.units.deadlines import days_late, deadline_for, parse_date, parse_time, statutory
from pipeline.units.problem_list import PROBLEM_SHEET, SUMMARY_SHEET
from pipeline.units.submissions import HEADER, SHEET

from .county_demo import OFFICE, TODAY, make_county, run_county
from .docx_helpers import with_paragraph


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> BatchResult:
    return run_county(tmp_path_factory.mktemp("county"))


def _text(path: Path) -> str:
    return "\n".join(text for _, text in places(docx.Document(str(path))))


def test_statutory_deadlines_by_kind() -> None:
    # 条例第四十九条: departments (and, by local custom, townships) by 1月31日; governments by 3月31日.
    assert statutory(UnitKind.COUNTY_DEPT, 2024) == date(2025, 1, 31)
    assert statutory(UnitKind.TOWNSHIP, 2024) == date(2025, 1, 31)
    assert statutory(UnitKind.STATE_DEPT, 2024) == date(2025, 1, 31)
    assert statutory(UnitKind.COUNTY_GOV, 2024) == date(2025, 3, 31)
    assert statutory(UnitKind.CITY_GOV, 2024) == date(2025, 3, 31)
    assert statutory(None, 2024) == date(2025, 1, 31)


def test_the_units_own_date_wins_over_the_offices_which_wins_over_the_law() -> None:
    own, office = date(2025, 1, 10), date(2025, 1, 20)
    assert deadline_for(UnitKind.COUNTY_GOV, 2024, own, office) == own
    assert deadline_for(UnitKind.COUNTY_GOV, 2024, None, office) == office
    assert deadline_for(UnitKind.COUNTY_GOV, 2024) == date(2025, 3, 31)


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-01-20", date(2025, 1, 20)), ("2025/1/20", date(2025, 1, 20)), ("2025年1月20日", date(2025, 1, 20)),
    ("2025.1.20", date(2025, 1, 20)), ("1月20日", date(2025, 1, 20)), (datetime(2025, 1, 20, 9), date(2025, 1, 20)),
    ("2025年2月30日", None), ("下周一", None), ("", None),
])
def test_dates_as_staff_write_them(text: object, expected: date | None) -> None:
    assert parse_date(text, 2025) == expected


def test_times_and_days_late() -> None:
    assert parse_time("2025年2月3日 14:05") == datetime(2025, 2, 3, 14, 5)
    assert parse_time("2025-02-03") == datetime(2025, 2, 3)
    deadline = date(2025, 1, 31)
    assert days_late(datetime(2025, 1, 31, 23, 59), deadline) == 0, "the deadline day itself is on time"
    assert days_late(datetime(2025, 2, 1, 0, 1), deadline) == 1
    assert days_late(date(2025, 2, 10), deadline) == 10


def test_submissions_table_lists_every_unit_due_with_its_timing_and_verdict(county: BatchResult) -> None:
    path = county.issues.parent / "报送情况表.xlsx"
    ws = load_workbook(path)[SHEET]
    rows = list(ws.values)
    assert rows[0][0] == "2024年度政府信息公开工作年度报告报送情况表"
    assert rows[1][0] == ("截至 2025年2月10日：应报送 7 个单位，已报送 6 个（按时 4 个，逾期 2 个），未报送 1 个；"
                          "检查通过 2 个，仅有警告 3 个，退回 1 个。")
    assert rows[2] == HEADER
    by_unit = {r[2]: r for r in rows[3:]}
    assert list(by_unit) == ["示例县城关镇", "示例县东坝镇", "示例县西坝镇", "示例县发展和改革局", "示例县财政局",
                             "示例县教育局", "示例县人民政府"], "in roster order, under the roster's names"
    assert by_unit["示例县城关镇"][4:8] == ("2025年1月31日", "2025年1月20日 09:30", "按时", "通过")
    assert by_unit["示例县东坝镇"][6:8] == ("按时", "退回（错误 1 条）")  # one wrong number: one error
    assert by_unit["示例县西坝镇"][5:8] == (None, "未报送（已逾期 10 天）", "—")
    assert by_unit["示例县财政局"][6] == "逾期 5 天"
    assert by_unit["示例县教育局"][4:7] == ("2025年1月15日", "2025年1月16日 10:00", "逾期 1 天"), "its own date"
    assert by_unit["示例县人民政府"][4:7] == ("2025年3月31日", "2025年2月8日 09:00", "按时"), "a government: 3月31日"
    assert by_unit["示例县发展和改革局"][9] == "示例县发改局.xlsx"
    # Printable: landscape, one page wide, the header row on every page.
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert all(c.border.left.style == "thin" for c in ws[4])


def test_late_units_get_r3_in_the_list(county: BatchResult) -> None:
    rows = list(load_workbook(county.issues)[PROBLEM_SHEET].values)[1:]
    late = sorted((r[0], r[3]) for r in rows if r[3] == "R3")
    assert late == [("示例县教育局", "R3"), ("示例县财政局", "R3")]
    message = next(r[5] for r in rows if r[3] == "R3" and r[0] == "示例县财政局")
    assert "2025年2月5日 15:40" in message and "2025年1月31日" in message and "逾期 5 天" in message


def test_without_a_roster_the_files_time_is_when_it_came(tmp_path: Path) -> None:
    units, _ = make_county(tmp_path)
    result = run_batch(units, tmp_path / "out", WORD_TEMPLATE, today=TODAY, deadline=date(2099, 1, 1))
    subs = {s.unit: s for s in result.submissions}
    assert len(subs) == 6 and all(s.on_roster for s in subs.values()), "without a roster, every unit sent is due"
    stamp = datetime.fromtimestamp((units / "示例县城关镇.xlsx").stat().st_mtime)
    assert subs["示例县城关镇"].received == stamp
    assert subs["示例县城关镇"].deadline == date(2099, 1, 1), "the office's date for all"
    rows = list(load_workbook(result.issues)[PROBLEM_SHEET].values)[1:]
    assert not [r for r in rows if r[3] == "R3"], "without a roster no lateness is claimed"


def test_problem_list_prints_one_page_wide_with_a_title(county: BatchResult) -> None:
    wb = load_workbook(county.issues)
    for name in (PROBLEM_SHEET, SUMMARY_SHEET):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
        assert ws.oddHeader.center.text == "2024年度政府信息公开工作年度报告问题清单"
        assert ws.oddHeader.left.text == "2025年2月10日"
        assert ws.oddHeader.right.text == "涉及 5 个单位：错误 2 条，警告 4 条"
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    ws = wb[PROBLEM_SHEET]
    message = ws["F2"]
    assert message.alignment.wrap_text and message.border.left.style == "thin"
    assert ws.row_dimensions[2].height >= 17 * 3, "tall enough for the wrapped message"


def test_a_return_notice_for_each_unit_with_problems_in_the_messages_words(county: BatchResult) -> None:
    names = sorted(p.name for p in county.notices)
    assert names == ["示例县东坝镇_退回通知.docx", "示例县发改局_退回通知.docx", "示例县教育局_退回通知.docx",
                     "示例县财政局_退回通知.docx"]
    rows = list(load_workbook(county.issues)[PROBLEM_SHEET].values)[1:]
    text = _text(next(p for p in county.notices if "东坝镇" in p.name))
    assert "关于退回示例县东坝镇2024年度政府信息公开工作年度报告的通知" in text
    assert "有错误 1 条，现予退回" in text and OFFICE in text and "2025年2月10日" in text
    for message in (r[5] for r in rows if r[0] == "示例县东坝镇"):
        assert message in text, "each problem in the message's own words"
    warned = _text(next(p for p in county.notices if "财政局" in p.name))
    assert "审核意见的通知" in warned and "没有错误，有警告 2 条" in warned


def test_the_bulletin_counts_and_names(county: BatchResult) -> None:
    text = _text(county.issues.parent / "审核情况通报.docx")
    assert "关于2024年度政府信息公开工作\n年度报告审核情况的通报" in text, "the title broken where the sense breaks"
    assert "截至2025年2月10日，应报送 7 个单位，已报送 6 个，其中按时报送 4 个，逾期报送 2 个；未报送 1 个。" in text
    assert "未报送的单位：示例县西坝镇。" in text
    assert "逾期报送的单位：示例县财政局（逾期 5 天）、示例县教育局（逾期 1 天）。" in text
    assert ("首次检查即没有错误的 5 个。目前检查通过的 2 个，仅有警告的 3 个，"
            "有错误退回修改的 1 个（示例县东坝镇）") in text
    assert "逾期报送：报送时间晚于截止日期" in text and "--roster" not in text and "（R3）" not in text
    assert OFFICE in text


def test_an_edited_bulletin_template_is_checked_like_the_reports(tmp_path: Path) -> None:
    broken = with_paragraph(BULLETIN_TEMPLATE, "共 {{ totl }} 个单位", tmp_path / "bulletin.docx")
    with pytest.raises(CannotRun, match="totl"):
        notices.check_notice_templates(bulletin_template=broken)


def test_a_unit_name_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from pipeline.units.submissions import Submission, write_submissions

    path = tmp_path / "报送情况表.xlsx"
    write_submissions([Submission("=HYPERLINK(\"http://x\")", "a.xlsx")], path, 2024, TODAY)
    cell = load_workbook(path)[SHEET]["C4"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


def test_first_check_is_remembered_across_a_resubmission(tmp_path: Path) -> None:
    from pipeline.workbook.writer import write_workbook

    from .synth import synth_report

    first = run_county(tmp_path)
    assert any("东坝镇" in p.name for p in first.notices)
    corrected = synth_report("示例县东坝镇", 2024)
    write_workbook(corrected, tmp_path / "units" / "示例县东坝镇.xlsx", force=True)
    units, roster = tmp_path / "units", tmp_path / "名单.xlsx"
    second = run_batch(units, tmp_path / "out", WORD_TEMPLATE, roster=roster, office=OFFICE, today=date(2025, 2, 12))
    text = _text(tmp_path / "out" / "审核情况通报.docx")
    assert "首次检查即没有错误的 5 个。目前检查通过的 3 个" in text, "东坝镇 passes now, not at its first check"
    assert "有错误退回修改的 0 个" in text
    assert not any("东坝镇" in p.name for p in second.notices)
    assert not (tmp_path / "out" / "退回通知" / "示例县东坝镇_退回通知.docx").exists(), "no stale notice"


def test_the_committed_notice_templates_are_what_the_generator_writes(tmp_path: Path) -> None:
    from pipeline.core.paths import RETURN_NOTICE_TEMPLATE
    from pipeline.report.document import docx_bytes
    from pipeline.report.notice_templates import build_bulletin, build_return_notice

    assert docx_bytes(build_return_notice()) == RETURN_NOTICE_TEMPLATE.read_bytes(), \
        "run python -m pipeline.report.notice_templates and commit templates/"
    assert docx_bytes(build_bulletin()) == BULLETIN_TEMPLATE.read_bytes()


@pytest.mark.parametrize(("tag", "said"), [
    ("{% for x in problems %}{{ x.__class__ }}{% endfor %}", "x.__class__"),
    ("{% for x in problems %}{{ x.mesage }}{% endfor %}", "message"),
])
def test_a_loop_in_an_edited_notice_reaches_only_its_rows(tmp_path: Path, tag: str, said: str) -> None:
    from pipeline.core.paths import RETURN_NOTICE_TEMPLATE

    edited = with_paragraph(RETURN_NOTICE_TEMPLATE, tag, tmp_path / "return_notice.docx")
    with pytest.raises(CannotRun, match=said):
        notices.check_notice_templates(return_template=edited)


def test_over_an_empty_table_a_loop_still_reaches_no_private_attribute(tmp_path: Path) -> None:
    from pipeline.report.template_check import check_template

    context = notices.bulletin_context([], {}, 2024, "", TODAY)
    assert context["problems"] == []
    check_template(BULLETIN_TEMPLATE, context)  # a clean batch: the table's loop has no rows
    edited = with_paragraph(BULLETIN_TEMPLATE, "{% for x in problems %}{{ x.__class__ }}{% endfor %}",
                            tmp_path / "bulletin.docx")
    with pytest.raises(CannotRun, match="__class__"):
        check_template(edited, context)
