"""One unit, many spellings (issue 15): which pairs are one unit, and which never are."""

from __future__ import annotations

import pytest

from pipeline.core.unit_names import How, UnitId, canonical, match, pair

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
