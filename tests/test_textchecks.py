"""Text checks: each catches its defect on a crafted narrative, none speaks on clean text, and the seed
gives exactly the warnings its real defects deserve."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.checks.suite import CROSS_YEAR_CHECKS, run_checks
from pipeline.core.model import Report
from pipeline.core.paths import ROOT
from pipeline.core.problems import CODES, Problem
from pipeline.format.layout import TEXT_INPUTS
from pipeline.reading.reader import read

from .narratives import BUSY_T2, BUSY_T3, busy_town, clean_reports
from .seed import SEED_WARNINGS, seed_report
from .tables import make_tables

TEXT_CODES = {c for c in CODES if re.fullmatch(r"T([3-9]|1[01])|Y3", c)}


def text_problems(report: Report, previous: Report | None = None) -> list[Problem]:
    return [p for p in run_checks(report, previous) if p.code in TEXT_CODES]


def cell(key: str) -> str:
    return TEXT_INPUTS[key].place.address


def test_seed_gives_exactly_its_real_defects() -> None:
    problems = text_problems(seed_report())
    assert [(p.code, p.cells[0]) for p in problems] == list(SEED_WARNINGS)
    management, plans = problems
    assert "“本乡”（2 处）、“乡主要领导”（2 处）" in management.message and "“盘江镇”（镇）" in management.message
    assert "“本镇”“镇主要领导”" in management.message
    assert "“本乡”" in plans.message and "乡主要领导" not in plans.message


def test_example_workbook_gives_the_same_warnings(example: Path) -> None:
    report, _ = read(example)
    assert [(p.code, p.cells) for p in text_problems(report)] == [(c, (a,)) for c, a in SEED_WARNINGS]


@pytest.mark.parametrize("name", list(clean_reports()))
def test_clean_texts_give_no_warning(name: str) -> None:
    report = clean_reports()[name]
    assert text_problems(report) == []
    assert text_problems(report, previous=_last_year_of(report)) == []


def _last_year_of(report: Report) -> Report:
    """Last year's report of the same unit, its text all different but for the fixed formulas."""
    texts = {k: [f"{report.year - 1}年的工作与今年完全不同，第{i}段：" + "另一番内容" * 20 for i, _ in enumerate(v)]
             for k, v in report.texts.items()}
    texts["intro"] = report.texts.get("intro", [])
    texts["s6"] = [f"{report.year - 1}年，{report.unit_name}未收取信息处理费。"]
    return Report(report.unit_name, (report.year or 0) - 1, report.unit_kind, texts=texts, tables=report.tables)


# (narrative key, its new text, code, what the message must quote): one defect each, in busy_town().
CRAFTED = [
    ("s1_request", "2024年，盘江镇共收到政府信息公开申请15件。", "T3", "共收到政府信息公开申请15件”"),
    ("s1_request", "2024年，盘江镇全年办结政府信息公开申请10件。", "T3", "（七）总计”为 11 件"),
    ("s1_request", "依申请公开方面，结转下年度继续办理3件。", "T3", "“结转下年度继续办理3件”"),
    ("s1_request", "全年办结11件，其中予以公开5件、部分公开2件。", "T3", "“其中予以公开5件”"),
    ("s1_request", "全年办结11件，其中予以公开6件（占60%）。", "T3", "54.5%"),
    ("s1_request", "全年办结11件，其中因属于国家秘密不予公开2件。", "T3", "（三）不予公开”各项合计为 1 件"),
    ("s1_request", "全年因政府信息公开被申请行政复议2件。", "T3", "表四“行政复议”的总计为 1 件"),
    ("s1_request", "全年被提起政府信息公开行政诉讼1件。", "T3", "“未经复议直接起诉”、“复议后起诉”的总计合计为 0 件"),
    ("s1_active", "全年制发行政规范性文件5件。", "T3", "“本年制发件数”为 3 件"),
    ("s1_active", "目前现行有效的行政规范性文件共10件。", "T3", "“现行有效件数”为 12 件"),
    ("s1_request", "2024年，盘江镇无依申请公开信息。", "T4", "“无依申请公开信息”"),
    ("s1_request", "全年未发生政府信息公开行政复议案件。", "T4", "表四“行政复议”总计为 1 件"),
    ("intro", "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", "T5", "统计期限"),
    ("intro", "现公布盘江镇人民政府2023年政府信息公开工作年度报告。", "T5", "2023年政府信息公开工作年度报告"),
    ("s1_lead", "2023年，盘江镇坚持以人民为中心。", "T5", "“2023年”"),
    ("s1_active", "截至2023年12月31日，盘江镇主动公开政府信息200条。", "T5", "截至2023年12月31日"),
    ("s5", "2024年，盘江镇将进一步丰富公开形式。", "T5", "下一年度 2025 年"),
    ("intro", "现公布红星镇人民政府2024年政府信息公开工作年度报告。", "T6", "“红星镇人民政府”"),
    ("s1_lead", "2024年，红星镇坚持以人民为中心。", "T6", "“红星镇”"),
    ("s1_management", "信息发布最终由红星镇人民政府审批。", "T6", "“红星镇”"),
    ("s1_management", "信息发布最终由本街道主要领导审批，街道党工委定期研究。", "T7", "“本街道主要领导”、“街道党工委”"),
    ("s1_management", "全乡上下高度重视，乡长亲自部署。", "T7", "“全乡”、“乡长”"),
    ("s1_management", "我局积极配合调整发布流程。", "T7", "改为“我镇”"),
    ("s1_platform", "在XX平台公开信息。", "T8", "“XX”"),
    ("s1_platform", "在××网站公开信息。", "T8", "“××”"),
    ("s1_platform", "【请在此处写平台建设情况】", "T8", "“【请在此处写平台建设情况】”"),
    ("s1_platform", "请填写平台建设情况。", "T8", "“请填写”"),
    ("s1_platform", "（文字描述）", "T8", "“（文字描述）”"),
    ("s1_platform", "公开平台建设情况。", "T8", "“公开平台建设情况。”"),
    ("s5", "无", "T9", "只写了“无”"),
    ("s6", "无其他需要报告的事项。", "T10", "未收取信息处理费"),
    ("intro", "根据国办公开办函〔2019〕60号要求，现公布盘江镇人民政府2024年政府信息公开工作年度报告。", "T11",
     "“国办公开办函〔2019〕60号”，这是 2019 年的试行格式"),
    ("s1_request", "2024年，盘江镇共收到政府信息公开申请12件，全部申请均已办结。", "T4", "“全部申请均已办结”"),
    ("s1_request", "全年因政府信息公开被申请行政复议1件，均获维持，无被纠错。", None, ""),
]


@pytest.mark.parametrize(("key", "text", "code", "quoted"), CRAFTED, ids=[f"{c[2]}-{c[3] or c[1]}" for c in CRAFTED])
def test_each_defect_is_caught_and_quoted(key: str, text: str, code: str | None, quoted: str) -> None:
    report = busy_town()
    report.texts[key] = [text] if text else []
    problems = text_problems(report)
    if code is None:  # a statement the tables bear out: nothing to say
        assert problems == []
        return
    assert [(p.code, p.cells[0]) for p in problems] == [(code, cell(key))]
    assert quoted in problems[0].message
    assert not problems[0].is_error


def test_kind_words_follow_the_units_own_kind() -> None:
    township = busy_town()
    township.unit_name = "红星乡"
    township.texts = {"s1_management": ["本镇实行审批制度，由镇主要领导审批；乡党委定期研究，统筹城乡发展。"]}
    township.texts["s6"] = ["未收取信息处理费。"]
    found = [p for p in text_problems(township) if p.code == "T7"]
    assert len(found) == 1 and "“本镇”、“镇主要领导”" in found[0].message and "乡党委" not in found[0].message


def test_table_numbers_contradicting_the_text_name_the_cells() -> None:
    report = busy_town()
    report.tables = make_tables(t3={**BUSY_T3, "new": 11, "open": 7}, t4={"review_upheld": 1})
    problems = text_problems(report)
    received = next(p for p in problems if "共收到政府信息公开申请12件" in p.message)
    assert received.cells == (cell("s1_request"), "表三!J5", "表三!J6")
    assert "加上年结转共 13 件" in received.message


def test_denial_about_reviews_does_not_deny_requests() -> None:
    report = busy_town()
    report.tables = make_tables(t3=BUSY_T3, t2=BUSY_T2)
    report.texts["s1_request"] = ["2024年，盘江镇共收到政府信息公开申请12件，其中本年新收10件、上年结转2件。",
                                  "全年未发生因政府信息公开申请引起的行政复议、行政诉讼案件。"]
    assert text_problems(report) == []


def test_switch_off_message_offers_the_generated_sentences() -> None:
    report = busy_town()
    report.texts["s1_request"] = ["2024年，盘江镇共收到政府信息公开申请15件。"]
    report.auto_sentences = False
    (problem,) = text_problems(report)
    assert "自动生成统计语句" in problem.message


@pytest.mark.parametrize(("switch", "codes"), [("是", []), ("否", [("H8-PART", "正文!B5")])])
def test_generated_sentences_fill_an_empty_request_section_only_when_switched_on(
        make_workbook, switch: str, codes: list[tuple[str, str]]) -> None:
    report, problems = read(make_workbook({"auto_sentences": switch, "text_s1_request": None}))
    assert [(p.code, p.cells[0]) for p in problems + text_problems(report)] == codes + list(SEED_WARNINGS)


def test_copied_sections_show_the_similarity_per_section() -> None:
    report = busy_town()
    previous = _last_year_of(report)
    previous.texts["s1_platform"] = list(report.texts["s1_platform"])
    previous.texts["s5"] = [p.replace("2025", "2024") for p in report.texts["s5"]]
    problems = text_problems(report, previous)
    assert [(p.code, p.cells[0]) for p in problems] == [("Y3", cell("s1_platform")), ("Y3", cell("s5"))]
    assert "相似度为 100%" in problems[0].message and "内容雷同" in problems[0].message
    assert CROSS_YEAR_CHECKS


def test_readme_shows_one_real_example_per_text_check() -> None:
    """The README's 正文检查 examples are what the checks really say on the crafted texts."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = text_problems(seed_report())
    for key, text, _, _ in CRAFTED:
        report = busy_town()
        report.texts[key] = [text] if text else []
        found += text_problems(report)
    report = busy_town()
    previous = _last_year_of(report)
    previous.texts["s5"] = list(report.texts["s5"])
    found += text_problems(report, previous)
    shown = {p.code for p in found if f"[警告 {p.code}] {'、'.join(p.cells)}\n   {p.message}" in readme}
    assert shown == TEXT_CODES, f"missing in README: {sorted(TEXT_CODES - shown)}"


def test_previous_workbook_copied_is_reported_per_section(cli, make_workbook, example: Path) -> None:
    """The example against itself as last year: every substantive section is 雷同, each on its own;
    the introduction, “未收到申请” and the one-line 六 are formulas and are not compared."""
    code, out, _ = cli("check", example, "--previous", make_workbook({"year": 2023}), "--json")
    y3 = [p for p in json.loads(out)["problems"] if p["code"] == "Y3"]
    assert code == 0
    sections = ("s1_lead", "s1_active", "s1_management", "s1_platform", "s1_supervision", "s5")
    assert [p["cells"] for p in y3] == [[cell(k)] for k in sections]
    assert all("相似度为 100%" in p["message"] for p in y3)


def test_a_wrong_report_year_is_named_when_the_text_agrees_with_itself() -> None:
    # 2025 typed as 报告年度 for the 2024 report: every T5 points at 基本信息!B3 as the one fix.
    report = busy_town()
    report.year = 2025
    found = [p for p in text_problems(report) if p.code == "T5"]
    assert found and all(p.cells[-1] == "基本信息!B3" for p in found)
    assert all("正文的统计期限写的是 2024 年" in p.message and "请改正“报告年度”" in p.message for p in found)


def test_a_stale_phrase_alone_does_not_blame_the_report_year() -> None:
    report = busy_town()
    report.texts["s1_lead"] = ["2023年，盘江镇坚持以人民为中心。"]
    (found,) = [p for p in text_problems(report) if p.code == "T5"]
    assert found.cells == (cell("s1_lead"),) and "报告年度”（" not in found.message


# (unit, text, what T7 must quote, or None for silence): every kind of unit against every other's words.
KIND_WORDS = [
    ("某某县教育局", "本乡高度重视政务公开，由乡主要领导审批。", "“本乡”、“乡主要领导”"),
    ("某某县教育局", "我委严格执行保密审查。", "“我委”"),
    ("某某县教育局", "我局指导全县各乡镇中心学校、红星镇党委做好公开，统筹城乡教育。", None),
    ("某某市发展和改革委员会", "本局设专人负责。", "“本局”"),
    ("某某县人民政府", "本区坚持应公开尽公开，本镇设专人负责。", "“本区”、“本镇”"),
    ("某某县人民政府", "督促红星镇党委、各乡镇主要领导落实本区域公开责任，我县全面推进。", None),
    ("某某区人民政府", "我县严格落实。", "“我县”"),
    ("新华街道办事处", "本镇设专人负责。", "“本镇”"),
    ("红星乡人民政府", "本乡设专人负责，乡主要领导审批。", None),
]


@pytest.mark.parametrize(("unit", "text", "quoted"), KIND_WORDS, ids=[f"{u}-{t[:6]}" for u, t, _ in KIND_WORDS])
def test_kind_words_for_every_kind_of_unit(unit: str, text: str, quoted: str | None) -> None:
    report = busy_town()
    report.unit_name = unit
    report.texts = {"s1_management": [text], "s6": ["未收取信息处理费。"]}
    found = [p for p in text_problems(report) if p.code == "T7"]
    if quoted is None:
        assert found == []
    else:
        (problem,) = found
        assert f"中出现{quoted}，" in problem.message


# The failures the issue names, written for it (not quoted), on the busy town (11 办结: 予以公开 6,
# 部分公开 2, …; 结转下年度 1): (key, text, the code expected or None, what the message must say).
ISSUE_CASES = [
    ("s1_request", "全年办结11件，予以公开和部分公开共8件。", None, ""),
    ("s1_request", "全年办结11件，予以公开和部分公开共9件。", "T3", "“（一）予以公开”、“（二）部分公开"),
    ("s1_request", "办结的申请中，同意公开6件。", None, ""),
    ("s1_request", "办结的申请中，同意公开7件。", "T3", "“（一）予以公开”总计为 6 件"),
    ("s1_request", "全年办结十一件，其中予以公开六件。", None, ""),  # Chinese numerals
    ("s1_request", "全年办结十件。", "T3", "“（七）总计”为 11 件"),
    ("s1_request", "全年因政府信息公开被申请行政复议1件，均获维持。", None, ""),
    ("s6", "2024年，盘江镇未发生收费情况。", None, ""),
    ("s6", "没有收取任何费用。", None, ""),
    ("s6", "2024年行政事业性收费0.5万元。", "T3", "表二“行政事业性收费”为 0 万元"),
    ("s6", "2024年，盘江镇未收取行政事业性收费。", None, ""),
    ("s5", "2024年，盘江镇工作安排有序，全面完成年度任务。", None, ""),  # a plan-like word, this year's work
    ("s5", "2024年，盘江镇将政务公开纳入年度考核。", None, ""),  # 将 = 把: done this year
    ("s5", "2024年已整改到位，将持续巩固。", None, ""),
    ("s5", "下一步，2024年将进一步丰富公开形式，2025年力争全面提升。", "T5", "“2024年将进一步丰富公开形式”"),
    ("s5", "我镇将于2024年底前完成公开目录梳理。", "T5", "“我镇将于2024年底前完成公开目录梳理”"),
    ("s5", "针对2023年度报告指出的问题，2024年已全部整改。", None, ""),
]


@pytest.mark.parametrize(("key", "text", "code", "quoted"), ISSUE_CASES, ids=[c[1] for c in ISSUE_CASES])
def test_the_failures_the_issue_names(key: str, text: str, code: str | None, quoted: str) -> None:
    report = busy_town()
    report.texts[key] = [text]
    found = text_problems(report)
    if code is None:
        assert found == []
    else:
        assert [(p.code, p.cells[0]) for p in found] == [(code, cell(key))]
        assert quoted in found[0].message


def test_fee_denial_and_review_results_against_non_zero_tables() -> None:
    report = busy_town()
    report.tables = make_tables(t3=BUSY_T3, t4={"review_upheld": 1, "review_pending": 1}, t2=BUSY_T2)
    report.tables["t2"].values.at["fees", "amount"] = Decimal("1.5")
    report.texts["s1_request"] = ["全年因政府信息公开被申请行政复议2件，均获维持。"]
    report.texts["s6"] = ["2024年，盘江镇未收取行政事业性收费，未收取信息处理费。"]
    found = [(p.code, p.cells) for p in text_problems(report)]
    assert found == [("T4", ("正文!B5", "表四!B5", "表四!C5", "表四!D5")), ("T4", ("正文!B10", "表二!B15"))]
