"""One unit, many spellings (issue 15): which pairs are one unit, and which never are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.core.unit_names import How, UnitId, canonical, match, pair
from pipeline.format.official import UnitKind
from pipeline.units.problem_list import PROBLEM_SHEET
from pipeline.units.roster import RosterEntry, Submitted, compare
from pipeline.workbook.writer import write_workbook

from .synth import following_year, synth_report

#: Spellings of one unit seen in real reports and rosters, and how they are paired.
SAME = [
    ("淮安市洪泽区人民政府", "洪泽区人民政府", How.PREFIX),
    ("淮安市洪泽区人民政府", "洪泽区政府", How.PREFIX),
    ("江苏省淮安市洪泽区人民政府", "洪泽区人民政府", How.PREFIX),
    ("洪泽区人民政府", "洪泽区政府", How.NORMALISED),
    ("沭阳县发展和改革局", "沭阳县发改局", How.NORMALISED),
    ("某某县人力资源和社会保障局", "某某县人社局", How.NORMALISED),
    ("某某县市场监督管理局", "某某县 市场监管局", How.NORMALISED),
    ("某某县（区）教育局", "某某县(区) 教育局", How.EXACT),  # only the typing differs: not said
    ("示例县 第1镇", "示例县第1镇", How.EXACT),
    ("某某县〔区〕教育局", "某某县（区）教育局", How.NORMALISED),
    ("盘江镇", "盘江镇人民政府", How.NORMALISED),
    ("盘江镇", "某某县盘江镇", How.PREFIX),
    ("城东街道办事处", "城东街道", How.NORMALISED),
    ("某某县人民政府办公室", "某某县政府办", How.NORMALISED),
    ("上海市科学技术委员会", "上海市科学技术委员会", How.EXACT),
    ("宿迁市沭阳县卫生健康委员会", "沭阳县卫健委", How.PREFIX),
]

#: Names that look alike and are different units: never paired.
DIFFERENT = [
    ("某某县教育局", "某某县财政局"),  # same county, different bureaus
    ("某某县发改局", "某某县工信局"),
    ("某某县人民政府", "某某县人民政府办公室"),
    ("东坝镇", "西坝镇"),  # two towns one character apart
    ("盘江镇", "盘山镇"),
    ("第1镇", "第11镇"),
    ("淮安市人民政府", "洪泽区人民政府"),
    ("淮安市洪泽区人民政府", "区人民政府"),  # the short one names no place of its own
    ("淮安市发改局", "发改局"),
    ("洪泽区人民政府", "淮安市洪泽区人民政府办公室"),
    ("某某县", "某某县教育局"),
]


@pytest.mark.parametrize(("a", "b", "how"), SAME)
def test_spellings_of_one_unit_are_paired_and_say_how(a: str, b: str, how: How) -> None:
    assert match(UnitId(a), UnitId(b)) is how
    assert match(UnitId(b), UnitId(a)) is how, "the rule is symmetric"


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_units_are_never_paired(a: str, b: str) -> None:
    assert match(UnitId(a), UnitId(b)) is None
    assert match(UnitId(b), UnitId(a)) is None


def test_a_code_on_both_sides_decides() -> None:
    assert match(UnitId("某某县教育局", "11320000MB0000000X"), UnitId("某某县教育体育局", "11320000mb0000000x")) \
        is How.CODE
    assert match(UnitId("盘江镇", "A01"), UnitId("盘江镇", "A02")) is None, "same name, different codes"
    assert match(UnitId("盘江镇", "A01"), UnitId("盘江镇")) is How.EXACT, "a code on one side only: names decide"


def test_a_former_name_pairs() -> None:
    renamed = UnitId("某某县教育体育局", former=("某某县教育局",))
    assert match(renamed, UnitId("某某县教育局")) is How.FORMER
    assert match(UnitId("某某县教育局"), renamed) is How.FORMER


def test_the_closer_pairing_wins_and_a_tie_is_ambiguous() -> None:
    left = [UnitId("淮安市洪泽区人民政府"), UnitId("洪泽区政府")]
    assert pair(left, [UnitId("洪泽区人民政府")]).pairings[0].left == 1, "NORMALISED beats PREFIX"
    towns = [UnitId("南京市鼓楼区人民政府"), UnitId("福州市鼓楼区人民政府")]
    paired = pair(towns, [UnitId("鼓楼区人民政府")])
    assert paired.pairings == [] and paired.ambiguous == [(0, [0, 1])]


def test_canonical_is_the_shared_form() -> None:
    assert canonical(" 某某县（区）发展和改革局 ") == "某某县(区)发改局"
    assert canonical("盘江镇人民政府") == canonical("盘江镇") == "盘江镇"


def test_check_previous_pairs_the_two_spellings_and_runs_y1_and_y2(cli, make_workbook) -> None:
    # The district signed as “淮安市洪泽区人民政府” last year and “洪泽区人民政府” this year (issue 15).
    # Last year's numbers are changed so that Y1 and Y2 must fire if they run at all.
    last = make_workbook({"unit_name": "淮安市洪泽区人民政府", "year": 2023, "t3_next_natural": 99,
                          "t2_normative_in_force": 500})
    this = make_workbook({"unit_name": "洪泽区人民政府", "unit_kind": "县级人民政府"})
    code, out, err = cli("check", this, "--previous", last, "--json")
    assert code == 1 and err == ""
    found = json.loads(out)["problems"]
    codes = [p["code"] for p in found]
    assert "Y1" in codes and "Y2" in codes, "the continuity checks ran"
    said = [p["message"] for p in found if p["code"] == "U1"]
    assert said == ["按同一单位核对：上年“淮安市洪泽区人民政府”，本年“洪泽区人民政府”。"
                    "名称写法不同，已视为同一单位；如不是同一单位，请更正名单或工作簿中的单位名称。"]


def test_check_previous_of_a_town_one_character_apart_is_refused(cli, make_workbook) -> None:
    code, _, err = cli("check", make_workbook({"unit_name": "东坝镇"}),
                       "--previous", make_workbook({"unit_name": "西坝镇", "year": 2023}))
    assert code == 2 and "西坝镇" in err and "东坝镇" in err


def test_batch_pairs_last_years_short_name_once_and_refuses_an_ambiguous_one(cli, tmp_path: Path) -> None:
    last = {"淮安市洪泽区人民政府": synth_report("淮安市洪泽区人民政府", 2023, kind=UnitKind.COUNTY_GOV),
            "南京市鼓楼区人民政府": synth_report("南京市鼓楼区人民政府", 2023, kind=UnitKind.COUNTY_GOV),
            "福州市鼓楼区人民政府": synth_report("福州市鼓楼区人民政府", 2023, kind=UnitKind.COUNTY_GOV)}
    for name, report in last.items():
        write_workbook(report, tmp_path / "2023" / f"{name}.xlsx")
    hongze = following_year(last["淮安市洪泽区人民政府"])
    hongze.unit_name = "洪泽区人民政府"
    hongze.tables["t3"].values.at["carried", "natural"] += 1  # Y1 must fire when the pair is made
    hongze.tables["t3"].values.at["new", "natural"] -= 1
    gulou = synth_report("鼓楼区人民政府", 2024, kind=UnitKind.COUNTY_GOV)
    (tmp_path / "2024").mkdir()
    write_workbook(hongze, tmp_path / "2024" / "洪泽区.xlsx")
    write_workbook(gulou, tmp_path / "2024" / "鼓楼区.xlsx")
    out = tmp_path / "out"
    cli("batch", tmp_path / "2024", "-o", out, "--previous", tmp_path / "2023", "-j", "1")
    rows = list(load_workbook(out / "问题清单.xlsx")[PROBLEM_SHEET].values)[1:]
    codes = {(r[1], r[3]) for r in rows}
    assert {("洪泽区.xlsx", "U1"), ("洪泽区.xlsx", "Y1")} <= codes
    assert sum(1 for r in rows if r[3] == "U1") == 1, "said once"
    ambiguous = [r for r in rows if r[3] == "U2"]
    assert [r[1] for r in ambiguous] == ["鼓楼区.xlsx"]
    assert "南京市鼓楼区人民政府.xlsx" in ambiguous[0][5] and "福州市鼓楼区人民政府.xlsx" in ambiguous[0][5]


def test_two_spellings_of_one_unit_in_a_batch_are_one_duplicate(cli, tmp_path: Path) -> None:
    write_workbook(synth_report("某某县发展和改革局", kind=UnitKind.COUNTY_DEPT), tmp_path / "u" / "a.xlsx")
    write_workbook(synth_report("某某县发改局", kind=UnitKind.COUNTY_DEPT), tmp_path / "u" / "b.xlsx")
    write_workbook(synth_report("某某县财政局", kind=UnitKind.COUNTY_DEPT), tmp_path / "u" / "c.xlsx")
    assert cli("batch", tmp_path / "u", "-o", tmp_path / "out", "-j", "1")[0] == 1
    rows = [r for r in list(load_workbook(tmp_path / "out" / "问题清单.xlsx")[PROBLEM_SHEET].values)[1:]
            if r[3] == "D1"]
    assert sorted(r[1] for r in rows) == ["a.xlsx", "b.xlsx"]
    assert all("“某某县发展和改革局”、“某某县发改局”" in r[5] for r in rows), "both spellings are named"


def test_the_roster_pairs_a_short_name_and_a_former_name_and_says_so(tmp_path: Path) -> None:
    roster = [RosterEntry("某某县发展和改革局"), RosterEntry("某某县教育体育局", former=("某某县教育局",)),
              RosterEntry("南京市鼓楼区人民政府"), RosterEntry("福州市鼓楼区人民政府"), RosterEntry("东坝镇")]
    sent = [Submitted("某某县发改局", "a.xlsx"), Submitted("某某县教育局", "b.xlsx"),
            Submitted("鼓楼区人民政府", "c.xlsx"), Submitted("西坝镇", "d.xlsx")]
    found = sorted((p.code, file or p.unit) for p, file in compare(roster, sent))
    assert found == [("R1", "东坝镇"), ("R2", "d.xlsx"), ("U1", "a.xlsx"), ("U1", "b.xlsx"), ("U2", "c.xlsx")]


def test_a_roster_code_in_the_files_name_decides() -> None:
    roster = [RosterEntry("某某县教育体育局", code="A017"), RosterEntry("某某县教育局", code="A018")]
    # The workbook still says 某某县教育局 (its old name), but the office named the file by the code.
    found = compare(roster, [Submitted("某某县教育局", "A017某某县教育局.xlsx")])
    assert [(p.code, file) for p, file in found] == [("U1", "A017某某县教育局.xlsx"), ("R1", "")]
    assert "单位代码相同" in found[0][0].message and "某某县教育体育局" in found[0][0].message
