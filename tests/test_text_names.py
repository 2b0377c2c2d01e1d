"""T6, round three: another unit's name anywhere in the text, read with a real segmenter.

Crafted sentences on the busy town (盘江镇) for each shape of the issue, then the roster reaching the
check from the command line's library, batch and the web upload. Real sentences are in tests/corpus
(see test_text_corpus_precision)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.checks.suite import run_checks
from pipeline.checks.text_names import is_name
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.run import check_workbook
from pipeline.units.batch import run_batch
from pipeline.web import service
from pipeline.web.serve import prepare

from .helpers import EXAMPLE, edit_workbook
from .narratives import busy_town
from .web.conftest import renamed_example, write_roster

ROSTER = ("示例县盘江镇人民政府", "示例县东坝镇人民政府", "示例县白云乡", "示例县人民政府", "示例县教育局")

# (text in 一（一）, the roster given or not, the name T6 must quote, or None for silence)
SHAPES = [
    # mid-sentence, doing the work: with the roster and, in a township's report, without it
    ("全年通过政府网站主动公开信息120条，东坝镇严格落实三审三校制度。", ROSTER, "东坝镇"),
    ("全年通过政府网站主动公开信息120条，东坝镇严格落实三审三校制度。", (), "东坝镇"),
    ("为进一步规范公开流程，白云乡认真落实信息发布审核制度。", (), "白云乡"),
    ("2024年，红星镇坚持以人民为中心。", (), "红星镇"),
    # only the roster knows it is a unit: a name not at the head of its clause
    ("全年主动公开信息120条，其中东坝镇政务公开专栏发布30条。", ROSTER, "东坝镇"),
    ("全年主动公开信息120条，其中东坝镇政务公开专栏发布30条。", (), None),
    # cooperation, guidance, lists: silent, with or without the roster
    ("我镇与东坝镇联合开展政务公开培训。", ROSTER, None),
    ("我镇与东坝镇联合开展政务公开培训。", (), None),
    ("主动对接东坝镇，学习借鉴其公开经验。", ROSTER, None),
    ("本镇、东坝镇、白云乡等乡镇共同开展培训。", ROSTER, None),
    # a verb before 镇政府 is not a name (the issue's “公开镇”)
    ("依法依规主动公开镇政府政务信息，及时更新公开目录。", ROSTER, None),
    ("依法依规主动公开镇政府政务信息，及时更新公开目录。", (), None),
    ("积极推动乡村振兴，城乡融合发展成效明显。", (), None),
    # the unit's own name and its 上级 are never another unit
    ("在示例县人民政府的指导下，盘江镇严格落实三审三校制度。", ROSTER, None),
]


@pytest.mark.parametrize(("text", "known", "quoted"), SHAPES, ids=[f"{s[0][:14]}-{bool(s[1])}" for s in SHAPES])
def test_another_units_name_in_mid_sentence(text: str, known: tuple[str, ...], quoted: str | None) -> None:
    report = busy_town()
    report.unit_name = "示例县盘江镇人民政府"
    report.texts["intro"] = []
    report.texts["s1_active"] = [text]
    found = [p for p in run_checks(report, known_units=known) if p.code == "T6"]
    if quoted is None:
        assert found == []
    else:
        (problem,) = found
        assert f"出现“{quoted}”，而本单位是“示例县盘江镇人民政府”" in problem.message and not problem.is_error


@pytest.mark.parametrize(("unit", "key", "text"), [
    # “现将公布建平乡……”: 公布 is the verb, not part of a name (a real 2025 report, tests/corpus)
    ("镇赉县建平乡人民政府", "intro", "现将公布建平乡2025年政府信息公开工作情况。"),
    # “县教体局”: the unit itself in a short form, named by its level only
    ("紫阳县教育体育局", "s1_lead", "2024年,县教体局坚持以习近平新时代中国特色社会主义思想为指导。"),
])
def test_real_false_alarms_of_the_corpus(unit: str, key: str, text: str) -> None:
    report = busy_town()
    report.unit_name, report.texts = unit, {key: [text], "s6": ["未收取信息处理费。"]}
    assert [p for p in run_checks(report) if p.code == "T6"] == []


def test_a_county_naming_its_towns_is_silent_with_the_roster() -> None:
    report = busy_town()
    report.unit_name = "示例县人民政府"
    report.texts = {"s1_active": ["东坝镇严格落实三审三校制度，白云乡积极推进公开。"]}
    assert [p for p in run_checks(report, known_units=ROSTER) if p.code == "T6"] == []


def test_last_years_spelling_is_the_units_own() -> None:
    report = busy_town()
    report.unit_name, report.texts["intro"] = "示例县盘江镇人民政府", []
    report.texts["s1_active"] = ["全年主动公开信息120条，其中盘江镇政务公开专栏发布30条。"]
    last = busy_town()
    last.unit_name, last.year = "盘江镇", 2023
    assert [p for p in run_checks(report, last, known_units=ROSTER) if p.code == "T6"] == []


@pytest.mark.parametrize(("sentence", "start", "end", "expected"), [
    ("依法依规主动公开镇政府政务信息", 4, 7, False),  # 公开 | 镇政府
    ("红星镇人民政府认真落实政务公开", 0, 3, True),
    ("积极推动乡村振兴", 2, 5, False),
])
def test_names_come_from_segmentation(sentence: str, start: int, end: int, expected: bool) -> None:
    assert is_name(sentence, start, end) is expected


def _copied(tmp_path: Path) -> Path:
    """The example (盘江镇) with a sentence of 东坝镇's report left in its 主动公开."""
    text = "全年通过政府网站主动公开信息120条，东坝镇严格落实三审三校制度，其中东坝镇政务公开专栏发布30条。"
    return edit_workbook(EXAMPLE, tmp_path / "盘江镇.xlsx", {"正文!B4": text})


def test_the_roster_reaches_the_check_from_the_library(tmp_path: Path) -> None:
    path = _copied(tmp_path)
    with_roster = [p for p in check_workbook(path, known_units=("东坝镇", "盘江镇")).problems if p.code == "T6"]
    assert len(with_roster) == 1 and "“东坝镇”" in with_roster[0].message


def test_the_roster_reaches_the_check_in_batch(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    _copied(folder)
    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇", "示例县东坝镇"])
    result = run_batch(folder, tmp_path / "out", WORD_TEMPLATE, roster=roster)
    rows = [row for row in load_workbook(result.issues).worksheets[0].iter_rows(values_only=True) if "T6" in row]
    assert len(rows) == 1 and "“东坝镇”" in str(rows[0][-1])


def test_without_a_roster_the_other_units_of_the_batch_are_the_names_t6_knows(tmp_path: Path) -> None:
    """A name only a roster marks as a unit's (not at the head of its clause): a batch without a roster
    knows it from the other unit's own workbook in the folder, and says it; without that workbook, silence."""
    folder = tmp_path / "units"
    folder.mkdir()
    text = "全年主动公开信息120条，其中东坝镇政务公开专栏发布30条。"
    edit_workbook(EXAMPLE, folder / "盘江镇.xlsx", {"正文!B4": text})

    def t6_rows(out: Path) -> list[tuple[object, ...]]:
        result = run_batch(folder, out, WORD_TEMPLATE)
        return [r for r in load_workbook(result.issues).worksheets[0].iter_rows(values_only=True) if "T6" in r]

    assert t6_rows(tmp_path / "alone") == []
    (folder / "东坝镇.xlsx").write_bytes(renamed_example("东坝镇"))
    rows = t6_rows(tmp_path / "both")
    assert len(rows) == 1 and "“东坝镇”" in str(rows[0][-1]) and "盘江镇" in str(rows[0])


def test_the_roster_reaches_the_check_on_the_web(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇", "示例县东坝镇"])
    done = prepare(tmp_path / "data", roster, 2024, date(2025, 1, 31), "http://county.example:8000", date(2025, 1, 20))
    try:
        done.store.clock = lambda: datetime.combine(date(2025, 1, 20), time(10, 30))
        unit = next(u for u in done.store.units() if u.name == "盘江镇")
        sid = service.accept_upload(done.store, unit, 2024, _copied(tmp_path).read_bytes(), "盘江镇.xlsx", "127.0.0.1")
        submission = done.store.submission(sid)
        assert submission is not None
        found = [p for p in service.problems_of(submission.result) if p.code == "T6"]
        assert len(found) == 1 and "“东坝镇”" in found[0].message
    finally:
        done.lock.release()
