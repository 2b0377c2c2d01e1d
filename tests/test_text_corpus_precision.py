"""Each text check's precision and recall on the corpus of real sentences (tests/corpus), printed.

Every sentence is checked as its unit's report three ways, as ``test_text_corpus`` builds them:

- with tables that hold what it says, alone and with the whole corpus as the office's roster: only the
  checks its ``fires`` lists may speak (a real defect of the sentence itself, such as a misspelt name);
- with each number the corpus records changed by one in the tables: T3 must speak;
- with each zero it states (“未收到申请”, “未发生行政复议”) made one: T4 must speak where the corpus says
  the wording is a denial the check reads (``DENIALS``).

A check speaking where nothing is wrong is a false positive; a check silent on a changed table or a
recorded defect is a false negative. Precision must be 100 %: a check that is unsure says nothing.
Run with ``-s`` to see the table.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from pipeline.checks.suite import run_checks
from pipeline.checks.text_reading import readings
from pipeline.core.model import Report
from tests.corpus.load import load_sentences
from tests.test_text_corpus import CONSISTENT, DENIALS, NARRATIVE_CHECKS, _get, _set, report_of, tables_stating

SENTENCES = load_sentences()
BY_ID = {s["id"]: s for s in SENTENCES}
ROSTER = tuple(sorted({s["unit"] for s in SENTENCES}))


def _codes(report: Report, roster: tuple[str, ...] = ()) -> set[str]:
    return {p.code for p in run_checks(report, known_units=roster) if p.code in NARRATIVE_CHECKS}


def _score() -> tuple[Counter[tuple[str, str]], list[tuple[str, str, str]]]:
    """(counts of (code, tp/fp/fn), the false positives as (id, code, scenario))."""
    counts: Counter[tuple[str, str]] = Counter()
    wrong = []
    zeros = set()  # (id, cell) of every stated zero judged

    def judge(sid: str, expected: set[str], found: set[str], scenario: str, only: set[str] | None = None) -> None:
        for code in found | expected:
            if only is not None and code not in only | expected:
                continue
            if code in found and code in expected:
                counts[code, "tp"] += 1
            elif code in found:
                counts[code, "fp"] += 1
                wrong.append((sid, code, scenario))
            else:
                counts[code, "fn"] += 1

    for s in CONSISTENT:
        fires = set(s.get("fires", []))
        judge(s["id"], fires, _codes(report_of(s, tables_stating(s))), "tables as stated")
        judge(s["id"], fires, _codes(report_of(s, tables_stating(s)), ROSTER), "with the corpus as roster")
        for r in readings(s["text"], s["section"]) if s["facts"] else ():
            tables = tables_stating(s)
            base = tables_stating(s)
            cell = ":".join(r.cells[0][0])
            _set(tables, cell, _get(base, cell) * (2 if r.percent else 1) + 1)
            for option in r.cells[1:] if r.percent or len(r.cells) > 1 else ():
                other = ":".join(option[0])
                if other != cell:
                    _set(tables, other, _get(base, other) + 1)
            # A changed number may rightly make T4 speak too (“无结转” with 结转 now 1): only T3 is judged.
            judge(s["id"], fires | {"T3"}, _codes(report_of(s, tables)), f"{cell} + 1", only={"T3"})
        # A number the corpus records that no reading takes up: T3 could not speak on it.
        read = {(r.value, r.percent) for r in readings(s["text"], s["section"])}
        for f in s["facts"]:
            if f["value"] and (Decimal(str(f["value"])), f["relation"] == "percent") not in read:
                counts["T3", "fn"] += 1
        # Every zero the sentence states, made one: T4 must speak (the corpus's DENIALS and all the others).
        for f in s["facts"]:
            if f["value"] == 0 and f["relation"] != "percent" and (Decimal(0), False) not in read:  # “0件”: T3's
                tables = tables_stating(s)
                cell = f["table_cells"][0]
                zeros.add((s["id"], cell))
                _set(tables, cell, _get(tables, cell) + 1)
                judge(s["id"], fires | {"T4"}, _codes(report_of(s, tables)), f"{cell} + 1", only={"T4"})
    for sid, cell in sorted(set(DENIALS) - zeros):
        s = BY_ID[sid]
        tables = tables_stating(s)
        _set(tables, cell, _get(tables, cell) + 1)
        judge(sid, set(s.get("fires", [])) | {"T4"}, _codes(report_of(s, tables)), f"{cell} + 1", only={"T4"})
    return counts, wrong


def _table(counts: Counter[tuple[str, str]]) -> str:
    lines = [f"{'check':6} {'TP':>5} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}"]
    for code in sorted(NARRATIVE_CHECKS, key=lambda c: int(c[1:])):
        tp, fp, fn = (counts[code, k] for k in ("tp", "fp", "fn"))
        precision = f"{tp / (tp + fp):.1%}" if tp + fp else "—"
        recall = f"{tp / (tp + fn):.1%}" if tp + fn else "—"
        lines.append(f"{code:6} {tp:>5} {fp:>4} {fn:>4} {precision:>10} {recall:>8}")
    return "\n".join(lines)


def test_each_text_check_is_precise_on_the_corpus() -> None:
    counts, wrong = _score()
    print(f"\n{len(SENTENCES)} sentences from {len({(s['unit'], s['year']) for s in SENTENCES})} reports\n"
          + _table(counts))
    assert wrong == []
    # Not silence: the checks that read numbers find what is there.
    assert counts["T3", "tp"] >= 200 and counts["T4", "tp"] >= 45 and counts["T6", "tp"] >= 2


def test_the_corpus_holds_every_case_of_issue_20() -> None:
    """The issue's false alarms and shapes, each in real text: structure counts beside 复议/诉讼, the
    条例's words for 五, document and article numbers, names of the 上级 and of places."""
    texts = [s["text"] for s in SENTENCES]

    def has(*words: str) -> bool:
        return any(all(w in t for w in words) for t in texts)

    assert has("行政复议", "六个部分") and has("行政诉讼", "6个部分") and has("7个部分") and has("六个方面")
    assert has("政府信息公开工作存在的主要问题及改进情况", "六个部分")
    assert has("第五十条") and has("〔2021〕30号") and has("〔2019〕51号")
    assert has("镇赉县") and has("大垅集镇") and has("县教体局")
    assert has("无依申请公开") and has("未发生", "复议") and has("未收到", "申请") and has("结转下年度继续办理0件")
    townships = {(s["unit"], s["year"]) for s in SENTENCES if s["unit_kind"] in ("乡镇、街道", "县级人民政府部门")}
    assert len(SENTENCES) >= 300 and len({(s["unit"], s["year"]) for s in SENTENCES}) >= 80 and len(townships) >= 40


def test_silent_on_the_words_of_the_sentence_alone(capsys: Any) -> None:
    """A sentence that names no table quantity is read as nothing at all."""
    loud = [s["id"] for s in SENTENCES if s["kind"] in ("this_year_work", "no_table_quantity")
            and list(readings(s["text"], s["section"]))]
    assert loud == []
