"""The text checks on real published sentences (tests/corpus): every reading right, no false alarm.

For each sentence the corpus records the table quantities its numbers name. A number the checks read
must be read as one of those quantities (a reading may list several, “受理” being 新收 or 新收 + 上年
结转; an ambiguous fact must not be read as one thing); a number the corpus says names nothing must
get no reading. Then, with tables that hold what the sentence says, no text check speaks; with each
read quantity changed by one, T3 does; with the tables as published, the checks agree or disagree as
the corpus records.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from pipeline.checks.suite import run_checks
from pipeline.checks.text_reading import Reading, readings
from pipeline.core.model import Report, TableData
from pipeline.format.official import TABLES, UnitKind
from tests.corpus.load import load_sentences

SENTENCES = load_sentences()
BY_ID = {s["id"]: s for s in SENTENCES}
NARRATIVE_CHECKS = {"T3", "T4", "T5", "T6", "T7", "T11"}


def _cells(cells: Any) -> set[str]:
    return {":".join(c) for c in cells}


def _wrong(s: dict[str, Any], r: Reading) -> str | None:
    """Why reading ``r`` of sentence ``s`` is wrong, or None when the corpus supports it."""
    candidates = [f for f in s["facts"] if Decimal(str(f["value"])) == r.value
                  and (f["relation"] == "percent") == r.percent]
    if not candidates:
        return "the corpus records no table quantity with this value"
    for f in candidates:
        truth = [set(f["table_cells"])] + [set(a) for a in f.get("alt_table_cells", [])]
        if r.percent:
            match = _cells(r.cells[0]) in truth and set(f["denominator_cells"]) in [_cells(b) for b in r.bases]
        else:
            # The trial format's （六）其他处理 was one row; the 2021 format's group holds it.
            match = any(_cells(c) in truth or (s.get("trial_format") and any(t <= _cells(c) for t in truth))
                        for c in r.cells)
        if match and not (f.get("confidence") == "ambiguous" and len(r.cells) == 1):
            return None
    return f"read as {[sorted(_cells(c)) for c in r.cells]}, the corpus has {[f['table_cells'] for f in candidates]}"


def test_every_reading_of_every_corpus_sentence_is_right() -> None:
    wrong = [(s["id"], s["text"][r.start:r.end], why) for s in SENTENCES for r in readings(s["text"], s["section"])
             if (why := _wrong(s, r))]
    assert wrong == []


def _read(s: dict[str, Any]) -> list[Reading]:
    return list(readings(s["text"], s["section"]))


def test_readings_cover_the_corpus() -> None:
    """Precision first, but not silence: most numbers stated with a table quantity are read."""
    stated = [(s, f) for s in SENTENCES for f in s["facts"]
              if f["table_cells"][0].endswith(":total") or not f["table_cells"][0].startswith("t3")]
    read = [(s, f) for s, f in stated
            if any(Decimal(str(f["value"])) == r.value and (f["relation"] == "percent") == r.percent for r in _read(s))]
    assert len(read) >= 220, len(read)


# The shapes the issue names, each on a real sentence: (id, text of the number's clause, cells read).
SHAPES = [
    ("s027", "予以公开及部分公开 208 件", {"t3:open:total", "t3:partial:total"}),  # a sum of result groups
    ("s021", "所有办结的信息公开申请中同意公开答复 9 件", {"t3:open:total"}),  # 办结 in the clause, 予以公开 meant
    ("s026", "（含上年结转 189 件", {"t3:carried:total"}),
    ("s001", "全县全年共受理政府信息公开申请 749 件", {"t3:new:total", "t3:carried:total"}),  # 新收 + 结转 allowed
    ("s152", "另有5件申请转结下年度继续办理", {"t3:next:total"}),  # the words after the number
    ("s145", "行政诉讼4件", {"t4:cases:direct_total", "t4:cases:after_total"}),  # 诉讼 = 未经复议 + 复议后
    ("s145", "结果维持2件", {"t4:cases:direct_upheld", "t4:cases:after_upheld"}),
    ("s002", "全县共办理相关案件 74 件", {"t4:cases:review_total", "t4:cases:direct_total", "t4:cases:after_total"}),
    ("s110", "1件结果维持", {"t4:cases:review_upheld"}),
    ("s091", "现行有效件数14件", {"t2:normative:in_force"}),
    ("s101", "废止行政规范性文件6个", {"t2:normative:repealed"}),
    ("s122", "全市发生政府信息公开行政复议案件1起", {"t4:cases:review_total"}),
    ("s153", "占42.86%", {"t3:open:total", "t3:partial:total"}),  # a share of the group before it
]


@pytest.mark.parametrize(("sid", "clause", "cells"), SHAPES, ids=[f"{s}-{c}" for s, c, _ in SHAPES])
def test_each_shape_is_read_from_its_own_clause(sid: str, clause: str, cells: set[str]) -> None:
    s = BY_ID[sid]
    found = [r for r in _read(s) if s["text"][r.start:r.end].strip() == clause]
    assert found, [s["text"][r.start:r.end] for r in _read(s)]
    assert any(_cells(c) == cells for c in found[0].cells)


SILENT = ["s004", "s013", "s056", "s106", "s114", "s117", "s127", "s134", "s137", "s150", "s161", "s165"]


@pytest.mark.parametrize("sid", SILENT)
def test_numbers_about_other_things_get_no_reading(sid: str) -> None:
    """来信, 留言, 热线, 提案, channel splits, 同比, 规章13件（含新制定5件…）: nothing the tables hold."""
    s = BY_ID[sid]
    assert [s["text"][r.start:r.end] for r in _read(s) if _wrong(s, r)] == []
    if s["kind"] == "no_table_quantity":
        assert _read(s) == []


def _blank_tables() -> dict[str, TableData]:
    tables = {}
    for table in TABLES:
        data = TableData.empty(table.key)
        for r, c, _ in table.cells():
            data.values.at[r.key, c.key] = Decimal(0) if c.key == "amount" else 0  # type: ignore[assignment]
        tables[table.key] = data
    return tables


def _set(tables: dict[str, TableData], cell: str, value: int) -> None:
    t, r, c = cell.split(":")
    tables[t].values.at[r, c] = value


def _get(tables: dict[str, TableData], cell: str) -> int:
    t, r, c = cell.split(":")
    return int(tables[t].value(r, c))


def tables_stating(s: dict[str, Any], known: dict[str, int] | None = None) -> dict[str, TableData]:
    """Tables that hold what sentence ``s`` says: each fact's cells sum to its value (the cells
    ``known`` first, as published); a share's missing part or denominator follows from it."""
    tables, assigned = _blank_tables(), dict(known or {})
    for cell, value in assigned.items():
        _set(tables, cell, value)
    counts = sorted((f for f in s["facts"] if f["relation"] != "percent"), key=lambda f: len(f["table_cells"]))
    for f in counts:
        free = [c for c in f["table_cells"] if c not in assigned]
        rest = int(f["value"]) - sum(assigned.get(c, 0) for c in f["table_cells"])
        if free and rest >= 0:
            for i, c in enumerate(free):
                assigned[c] = rest if i == 0 else 0
                _set(tables, c, assigned[c])
    for f in (f for f in s["facts"] if f["relation"] == "percent"):
        part, base = f["table_cells"], f["denominator_cells"]
        share = Decimal(str(f["value"])) / 100
        if all(c in assigned for c in part) and not any(c in assigned for c in base) and share:
            whole = (sum(assigned[c] for c in part) / share).quantize(Decimal(1), ROUND_HALF_UP)
            assigned[base[0]] = int(whole)
            _set(tables, base[0], int(whole))
        elif all(c in assigned for c in base) and not any(c in assigned for c in part):
            amount = (sum(assigned[c] for c in base) * share).quantize(Decimal(1), ROUND_HALF_UP)
            assigned[part[0]] = int(amount)
            _set(tables, part[0], int(amount))
    return tables


def report_of(s: dict[str, Any], tables: dict[str, TableData]) -> Report:
    key = s["section"] if s["section"].startswith(("intro", "s1_", "s5", "s6")) else "s1_request"
    kinds = {k.value: k for k in UnitKind}
    return Report(unit_name=s["unit"], year=s["year"], unit_kind=kinds[s["unit_kind"]],
                  texts={key: [s["text"]]}, tables=tables)


def _narrative_problems(report: Report) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in run_checks(report) if p.code in NARRATIVE_CHECKS]


#: Real defects of the sentences themselves, whatever the tables say: (id, code).
DEFECTS: set[tuple[str, str]] = set()


#: Sentences that disagree with their own published tables: s035's shares do not even fit its own
#: counts, so no table can hold everything it says.
CONSISTENT = [s for s in SENTENCES if s.get("agrees") is not False]


@pytest.mark.parametrize("s", CONSISTENT, ids=[s["id"] for s in CONSISTENT])
def test_no_check_speaks_when_the_tables_hold_what_the_sentence_says(s: dict[str, Any]) -> None:
    found = _narrative_problems(report_of(s, tables_stating(s)))
    assert [(code, m) for code, m in found if (s["id"], code) not in DEFECTS and code not in s.get("fires", [])] == []


@pytest.mark.parametrize("s", [s for s in SENTENCES if s["facts"]], ids=[s["id"] for s in SENTENCES if s["facts"]])
def test_a_changed_table_is_caught_for_every_number_read(s: dict[str, Any]) -> None:
    base = tables_stating(s)
    for r in _read(s):
        tables = tables_stating(s)
        cell = ":".join(r.cells[0][0])
        # A share of a large whole does not move with one more request: double its part.
        _set(tables, cell, _get(base, cell) * (2 if r.percent else 1) + 1)
        if r.percent or len(r.cells) > 1:
            # A share moves with its part; a count with several readings is caught when all move.
            for option in r.cells[1:]:
                other = ":".join(option[0])
                if other != cell:
                    _set(tables, other, _get(base, other) + 1)
        codes = [code for code, _ in _narrative_problems(report_of(s, tables))]
        assert "T3" in codes, (s["id"], s["text"][r.start:r.end])


#: Zero statements without a number (“未收到申请”, “未发生行政复议”, “无转结下年度”) that T4 reads:
#: with the named cell made 1, T4 speaks.
DENIALS = [("s041", "t3:new:total"), ("s043", "t3:new:total"), ("s052", "t3:new:total"), ("s057", "t3:new:total"),
           ("s058", "t3:new:total"), ("s060", "t3:new:total"), ("s064", "t3:new:total"), ("s066", "t3:new:total"),
           ("s068", "t3:new:total"), ("s074", "t4:cases:review_total"), ("s074", "t4:cases:direct_total"),
           ("s079", "t3:new:total"), ("s082", "t4:cases:after_total"), ("s093", "t4:cases:review_total"),
           ("s090", "t4:cases:direct_total"), ("s124", "t4:cases:review_total"), ("s147", "t3:new:total"),
           ("s149", "t3:new:total"), ("s071", "t3:next:total"), ("s089", "t3:next:total"),
           ("s094", "t3:next:total"), ("s042", "t2:normative:issued"), ("s028", "t4:cases:review_corrected"),
           ("s072", "t4:cases:after_corrected"), ("s018", "t4:cases:review_corrected")]


@pytest.mark.parametrize(("sid", "cell"), DENIALS, ids=[f"{s}-{c}" for s, c in DENIALS])
def test_denials_are_caught_when_the_table_is_not_zero(sid: str, cell: str) -> None:
    s = BY_ID[sid]
    tables = tables_stating(s)
    _set(tables, cell, _get(tables, cell) + 1)
    assert "T4" in [code for code, _ in _narrative_problems(report_of(s, tables))]


def test_a_denial_of_corrections_is_not_a_denial_of_cases() -> None:
    """“未发生因依申请公开被行政复议纠错或行政诉讼败诉情形” with 55 复议 and 34 诉讼 cases (all upheld)."""
    s = BY_ID["s028"]
    tables = tables_stating(s)
    _set(tables, "t4:cases:review_total", 55)
    _set(tables, "t4:cases:direct_total", 34)
    assert _narrative_problems(report_of(s, tables)) == []


@pytest.mark.parametrize("s", [s for s in SENTENCES if s.get("table_values") and "agrees" in s],
                         ids=[s["id"] for s in SENTENCES if s.get("table_values") and "agrees" in s])
def test_the_published_tables_agree_or_disagree_as_recorded(s: dict[str, Any]) -> None:
    found = _narrative_problems(report_of(s, tables_stating(s, s["table_values"])))
    assert bool(found) == (not s["agrees"]), found
