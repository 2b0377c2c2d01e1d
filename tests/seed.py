"""The seed report (盘江镇 2024, as published) parsed into a Report: the ground truth of the example.

``python -m tests.seed OUT.xlsx`` writes the bundled example workbook from it; the tests compare the
example and the rendered report against this parse, so the example cannot drift from the seed.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

from pipeline.core.model import Report, TableData
from pipeline.core.punctuation import full_width
from pipeline.format.official import NARRATIVES, SECTIONS, TABLES, UnitKind

#: The published report and the format notice, kept in the repository (tests/data/README.md names
#: their sources) so that a bare clone passes its tests.
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "盘江镇2024年政府信息公开工作年度报告.txt"
_SENTENCE_END = ("。", "；", "：", "！", "？", "”", "）")
#: The warnings the seed's real text defects deserve, and nothing else: “本乡”“乡主要领导” in a 镇's
#: report, in 一（三） and in 五 (code, narrative cell of the example workbook).
SEED_WARNINGS = (("T7", "正文!B6"), ("T7", "正文!B9"))
#: The published text also uses half-width commas and brackets between Chinese characters
#: (“2024 年,盘江镇”, “《条例》)”) in the introduction and 一 (导语, （一）, （二）).
SEED_PUNCTUATION = tuple(("T-PUNCT", f"正文!B{row}") for row in range(2, 6))
#: Every warning ``check`` gives the example, in the order it prints them.
EXAMPLE_WARNINGS = SEED_PUNCTUATION + SEED_WARNINGS


def _normalise(text: str) -> str:
    """Half-width heading brackets to full width, as the template prints them."""
    return text.replace("(", "（").replace(")", "）")


def seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def _join_page_breaks(paras: list[str]) -> list[str]:
    """The published PDF split one paragraph at a page break (“四是健 / 全完善公开制度”)."""
    out: list[str] = []
    for p in paras:
        if out and not out[-1].endswith(_SENTENCE_END):
            out[-1] += p
        else:
            out.append(p)
    return out


def _section_lines(lines: list[str]) -> dict[str, list[str]]:
    heads = {s.heading: s.key for s in SECTIONS}
    current = "intro"
    parts: dict[str, list[str]] = {"intro": []}
    for line in lines[1:]:
        if line in heads:
            current = heads[line]
            parts[current] = []
        else:
            parts[current].append(line)
    return parts


def _numbers(line: str) -> list[int]:
    return [int(t) for t in line.split("\t") if re.fullmatch(r"\d+", t.strip())]


def seed_report() -> Report:
    lines = seed_lines()
    parts = _section_lines(lines)
    report = Report(unit_name="盘江镇", year=2024, unit_kind=UnitKind.TOWNSHIP)
    report.texts["intro"] = parts["intro"]
    subs = {_normalise(n.label): n.key for n in NARRATIVES if n.section == "s1" and n.label}
    current = "s1_lead"
    report.texts[current] = []
    for line in parts["s1"]:
        head = _normalise(line).replace(" ", "").rstrip("。")
        if head in subs:
            current = subs[head]
            report.texts[current] = []
        else:
            report.texts[current].append(line)
    report.texts["s5"] = _join_page_breaks(parts["s5"])
    report.texts["s6"] = parts["s6"]
    rows = {"s2": [_numbers(x) for x in parts["s2"]], "s3": [_numbers(x) for x in parts["s3"]],
            "s4": [_numbers(x) for x in parts["s4"]]}
    for table, section in zip(TABLES, ("s2", "s3", "s4"), strict=True):
        data = TableData.empty(table.key)
        numbered = iter(r for r in rows[section] if r)
        for block in table.blocks:
            for r in block.rows:
                values = next(numbered)[-len(block.cols):]
                for c, v in zip(block.cols, values, strict=True):
                    data.values.at[r.key, c.key] = Decimal(v) if c.key == "amount" else v
        report.tables[table.key] = data
    return report


def without_seed_warnings(problems: list[dict[str, object]]) -> list[dict[str, object]]:
    """``check --json`` problems of a workbook made from the example, less the seed's own warnings."""
    return [p for p in problems if (p["code"], p["cells"][0]) not in EXAMPLE_WARNINGS]  # type: ignore[index]


def seed_fixed() -> dict[str, object]:
    """Edits (defined name -> text) that correct the seed's real defects: a truly clean example."""
    texts = seed_report().texts
    fixed = {f"text_{key}": "\n".join(p.replace("本乡", "本镇").replace("乡主要领导", "镇主要领导") for p in texts[key])
             for key in ("s1_management", "s5")}
    # The half-width commas and brackets, typed full-width as a clerk would fix them.
    fixed.update({f"text_{key}": "\n".join(full_width(p) for p in texts[key])
                  for key in ("intro", "s1_lead", "s1_active", "s1_request")})
    return fixed


def seed_paragraphs() -> list[str]:
    """Every narrative paragraph of the seed, as the report must print it."""
    report = seed_report()
    return [p for n in NARRATIVES for p in report.texts.get(n.key, [])]


if __name__ == "__main__":
    from pipeline.workbook.writer import write_workbook

    write_workbook(seed_report(), Path(sys.argv[1]), force=True)  # regenerates the bundled file
