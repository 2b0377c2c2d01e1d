"""One unit, many spellings: the one rule for pairing units by name.

Used wherever two lists of units meet: ``check --previous`` (this year's workbook and last year's),
batch's last-year folder, the roster, two workbooks of one unit in a batch, next year's prefilled
workbook. Real names of one unit vary between years and between the roster and the workbook:
“淮安市洪泽区人民政府” / “洪泽区人民政府” / “洪泽区政府”, “县发展和改革局” / “县发改局”, full-width and
half-width brackets, stray spaces. Two names are the same unit when

- a code (统一社会信用代码 or the office's own code) is on both sides: the code decides, names do not;
- else they are equal after ``canonical`` (brackets, spaces, the short forms of ``SHORT_FORMS``);
- or one equals the other after dropping a leading parent-area prefix (“淮安市”“某某省某某市”), the
  shorter still naming a place of its own (“洪泽区政府”, not “区政府”);
- or one of them is a former name (曾用名) of the other, by the same rules.

Every pairing that is not exact is reported by the caller, once, with both spellings (``note``), so an
office can correct a wrong pairing; a name that fits two units is never paired (``pair`` returns it
as ambiguous).

API: ``canonical(name) -> str``; ``match(a, b) -> How | None`` for two ``UnitId``; ``pair(left, right)
-> Paired`` for two lists; ``NameIndex(items).candidates(item)`` to look one up among many;
``note(left_label, left, right_label, right) -> str`` for the warning text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

#: Full forms and the short forms used for them in real reports and rosters: the one table of them.
#: Replaced longest first, full form → short form, so both spellings meet at the short one.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("人民政府办公室", "政府办"),
    ("人民政府办公厅", "政府办公厅"),
    ("人民政府", "政府"),
    ("发展和改革委员会", "发改委"),
    ("发展和改革局", "发改局"),
    ("工业和信息化局", "工信局"),
    ("科学技术局", "科技局"),
    ("人力资源和社会保障局", "人社局"),
    ("住房和城乡建设局", "住建局"),
    ("自然资源和规划局", "自然资源规划局"),
    ("市场监督管理局", "市场监管局"),
    ("卫生健康委员会", "卫健委"),
    ("卫生健康局", "卫健局"),
    ("文化广电和旅游局", "文广旅局"),
    ("文化和旅游局", "文旅局"),
    ("退役军人事务局", "退役军人局"),
    ("应急管理局", "应急局"),
    ("医疗保障局", "医保局"),
    ("交通运输局", "交通局"),
    ("行政审批局", "审批局"),
    ("街道办事处", "街道"),
)
_SHORT = sorted(SHORT_FORMS, key=lambda pair: len(pair[0]), reverse=True)
#: Brackets people type for the same thing: all become ( ) (NFKC already folds the full-width ones).
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "［": "(", "］": ")",
                           "[": "(", "]": ")", "﹝": "(", "﹞": ")"})
#: A township's report is signed “盘江镇” or “盘江镇人民政府”: one unit.
_TOWNSHIP_GOV = re.compile(r"(镇|乡)政府$")
#: One level of area: a name of one to eight characters and its level.
_AREA = r"[\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|旗|区)"
_PREFIX = re.compile(rf"(?:{_AREA})+")
#: What the shorter name must begin with to stand on its own: a place (“洪泽区…”, “盘江镇”).
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,8}?"
                    r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|街道|省|市|州|盟|县|旗|区|镇|乡)")


def _plain(name: str) -> str:
    """Only the typing differs: full-width and half-width forms, spaces."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def canonical(name: str) -> str:
    """The form two spellings of one unit share: “淮安市洪泽区人民政府” → “淮安市洪泽区政府”,
    “某某县（区） 发展和改革局” → “某某县(区)发改局”."""
    text = _plain(name).translate(_BRACKETS)
    for full, short in _SHORT:
        text = text.replace(full, short)
    return _TOWNSHIP_GOV.sub(r"\1", text)


def _code(code: str) -> str:
    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


class How(Enum):
    """How two names were found to be one unit; every kind but EXACT is said to the office."""

    EXACT = "名称相同"
    CODE = "单位代码相同"
    NORMALISED = "名称写法不同"
    PREFIX = "一方名称多了上级地名"
    FORMER = "曾用名"

    @property
    def rank(self) -> int:
        """Lower is surer: a better pairing wins over a looser one."""
        return {How.EXACT: 0, How.CODE: 0, How.NORMALISED: 1, How.FORMER: 1, How.PREFIX: 2}[self]


@dataclass(frozen=True)
class UnitId:
    name: str
    code: str = ""
    former: tuple[str, ...] = field(default=())  # 曾用名, from the roster

    @cached_property
    def key(self) -> str:
        """``canonical(name)``, worked out once: a batch compares each name with hundreds."""
        return canonical(self.name)


def _drops_prefix(a: str, b: str) -> bool:
    """One canonical name is the other with a parent-area prefix in front."""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) == len(shorter) or not longer.endswith(shorter):
        return False
    place = _PLACE.match(shorter)
    # The shorter name must name a place and something more, or be a township (“盘江镇”).
    if place is None or (place.end() == len(shorter) and not shorter.endswith(("镇", "乡", "街道"))):
        return False
    return _PREFIX.fullmatch(longer[:-len(shorter)]) is not None


def same_name(a: str, b: str, ca: str | None = None, cb: str | None = None) -> How | None:
    """How two names are one unit (``ca``, ``cb``: their canonical forms, when known)."""
    if a == b or _plain(a) == _plain(b):  # “某某县（区） 教育局” = “某某县(区)教育局”: not worth a word
        return How.EXACT
    ca, cb = canonical(a) if ca is None else ca, canonical(b) if cb is None else cb
    if not ca or not cb:
        return None
    if ca == cb:
        return How.NORMALISED
    return How.PREFIX if _drops_prefix(ca, cb) else None


def match(a: UnitId, b: UnitId) -> How | None:
    """How ``a`` and ``b`` are one unit, or None. A code on both sides decides alone."""
    if a.code.strip() and b.code.strip():
        return How.CODE if _code(a.code) == _code(b.code) else None
    how = same_name(a.name, b.name, a.key, b.key)
    if how is not None:
        return how
    for x, y in [(f, b.name) for f in a.former] + [(a.name, f) for f in b.former]:
        if same_name(x, y) is not None:
            return How.FORMER
    return None


@dataclass(frozen=True)
class Pairing:
    left: int
    right: int
    how: How


@dataclass
class Paired:
    """``pair``'s answer: the pairings, and each right item that fits more than one left item."""

    pairings: list[Pairing] = field(default_factory=list)
    ambiguous: list[tuple[int, list[int]]] = field(default_factory=list)

    def of_right(self, right: int) -> Pairing | None:
        return next((p for p in self.pairings if p.right == right), None)

    def of_left(self, left: int) -> list[Pairing]:
        return [p for p in self.pairings if p.left == left]


#: Two names of one unit end alike (one is the other, or the other with a prefix in front): names are
#: only compared with those sharing their last characters, so a city's thousand units pair quickly.
ENDING = 3


def ending(key: str) -> str:
    return key[-ENDING:]


class NameIndex:
    """Items by the ending of each name they go by, and by code: ``candidates(item)`` are the only
    ones that can match it."""

    def __init__(self, items: Sequence[UnitId]) -> None:
        self.by_ending: dict[str, set[int]] = {}
        self.by_code: dict[str, set[int]] = {}
        self.short: set[int] = set()  # names shorter than an ending: compared with everything
        for i, item in enumerate(items):
            for key in (item.key, *(canonical(f) for f in item.former)):
                self.by_ending.setdefault(ending(key), set()).add(i)
                if len(key) < ENDING:
                    self.short.add(i)
            if item.code.strip():
                self.by_code.setdefault(_code(item.code), set()).add(i)
        self.count = len(items)

    def candidates(self, item: UnitId) -> set[int]:
        keys = (item.key, *(canonical(f) for f in item.former))
        if any(len(k) < ENDING for k in keys):
            return set(range(self.count))
        found = set(self.short)
        for key in keys:
            found |= self.by_ending.get(ending(key), set())
        if item.code.strip():
            found |= self.by_code.get(_code(item.code), set())
        return found


def pair(left: Sequence[UnitId], right: Sequence[UnitId]) -> Paired:
    """Pair each item of ``right`` with the one item of ``left`` it matches best. When two left items
    match equally well, the right item is ambiguous and paired with neither: never a silent guess."""
    result = Paired()
    index = NameIndex(left)
    for j, r in enumerate(right):
        found = [(how, i) for i in sorted(index.candidates(r)) if (how := match(left[i], r)) is not None]
        if not found:
            continue
        best = min(how.rank for how, _ in found)
        top = [(how, i) for how, i in found if how.rank == best]
        if len(top) == 1:
            result.pairings.append(Pairing(top[0][1], j, top[0][0]))
        else:
            result.ambiguous.append((j, [i for _, i in top]))
    return result


def note(left_label: str, left: str, right_label: str, right: str, how: How = How.NORMALISED) -> str:
    """The warning for a pairing that was not exact: both spellings, and what to do if it is wrong."""
    why = {How.CODE: "单位代码相同", How.FORMER: "一方是另一方的曾用名"}.get(how, "名称写法不同")
    return (f"按同一单位核对：{left_label}“{left}”，{right_label}“{right}”。"
            f"{why}，已视为同一单位；如不是同一单位，请更正名单或工作簿中的单位名称。")


#: What a unit's name ends with after its 人民政府/办事处: how a text names it on its own.
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处)$")


def text_forms(name: str) -> tuple[str, ...]:
    """The spellings a narrative uses for a unit: “示例县东坝镇人民政府” → itself, “示例县东坝镇”,
    “东坝镇人民政府”, “东坝镇” (a parent-area prefix dropped only where a place of its own remains)."""
    plain = _plain(name)
    forms = [plain, _GOVERNMENT.sub("", plain)]
    for form in list(forms):
        prefix = _PREFIX.match(form)
        rest = form[prefix.end():] if prefix else ""
        place = _PLACE.match(rest)
        if rest and place is not None and (place.end() < len(rest) or rest.endswith(("镇", "乡", "街道"))):
            forms.append(rest)
    return tuple(f for f in dict.fromkeys(forms) if len(f) >= 3)


def unit_class(name: str) -> str:
    """“township”, “department” or “government” (an area's own government: a county, a city), by
    the end of the name; “” when the name says nothing."""
    core = _GOVERNMENT.sub("", _plain(name))
    if core.endswith(("镇", "乡", "街道")):
        return "township"
    if core.endswith(("局", "委", "委员会", "办公室", "办", "中心", "厅", "署")):
        return "department"
    if core.endswith(("县", "区", "市", "州", "旗", "省", "盟")):
        return "government"
    return ""
