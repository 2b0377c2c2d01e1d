"""Synthetic units: random reports that pass every check, for tests and for ``make bench``.

Each report is consistent by construction (H1–H6 hold, no 规章 for a township), and
``following_year`` continues one into the next year so that Y1 and Y2 hold too. A test breaks the
one relation it is about and nothing else.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from pipeline.core.model import Report, TableData
from pipeline.format.official import NARRATIVES, T3_RESULT_ROWS, T4_GROUPS, T4_RESULTS, TABLE2, TABLE3, TABLE4, UnitKind
from pipeline.workbook.writer import write_workbook


def _small(rng: random.Random, high: int = 4) -> int:
    """Mostly 0, like a township's table 三."""
    return rng.randint(1, high) if rng.random() < 0.3 else 0


def _t3(rng: random.Random, carried: dict[str, int] | None) -> TableData:
    t3 = TableData.empty(TABLE3.key)
    parts = [c.key for c in TABLE3.cols if c.key != "total"]
    for col in parts:
        for row in T3_RESULT_ROWS:
            t3.values.at[row, col] = _small(rng)
        done = sum(t3.values.at[r, col] for r in T3_RESULT_ROWS)
        t3.values.at["total", col] = done
        t3.values.at["next", col] = _small(rng, 2)
        last = carried[col] if carried is not None else rng.randint(0, done + t3.values.at["next", col])
        if last > done + t3.values.at["next", col]:  # what came over must be handled or carried on
            t3.values.at["next", col] = last - done
        t3.values.at["carried", col] = last
        t3.values.at["new", col] = done + t3.values.at["next", col] - last
    for row in TABLE3.rows:
        t3.values.at[row.key, "total"] = sum(t3.values.at[row.key, c] for c in parts)
    return t3


def _t4(rng: random.Random) -> TableData:
    t4 = TableData.empty(TABLE4.key)
    for group, _ in T4_GROUPS:
        parts = {k: _small(rng, 2) for k in T4_RESULTS}
        for k, v in parts.items():
            t4.values.at["cases", f"{group}_{k}"] = v
        t4.values.at["cases", f"{group}_total"] = sum(parts.values())
    return t4


def _t2(rng: random.Random, in_force: dict[str, int] | None) -> TableData:
    t2 = TableData.empty(TABLE2.key)
    for row in ("rules", "normative"):
        issued = 0 if row == "rules" else rng.randint(0, 6)
        last = in_force[row] if in_force is not None else (0 if row == "rules" else rng.randint(0, 40))
        repealed = 0 if row == "rules" else rng.randint(0, min(2, last + issued))
        for col, v in (("issued", issued), ("repealed", repealed), ("in_force", last + issued - repealed)):
            t2.values.at[row, col] = v
    for row in ("license", "punishment", "coercion"):
        t2.values.at[row, "decisions"] = rng.randint(0, 300)
    # 万元 with up to six decimals, as real reports carry them: exact, never a float.
    t2.values.at["fees", "amount"] = Decimal(rng.randint(0, 10**9)).scaleb(-6)
    return t2


def _texts(unit: str, year: int) -> dict[str, list[str]]:
    lead = "坚持以公开为常态、不公开为例外"
    texts = {n.key: [f"{year}年，{unit}{n.label or lead}工作有序推进。"] for n in NARRATIVES}
    texts["intro"] = [f"本报告根据《中华人民共和国政府信息公开条例》编制，由{unit}发布。"
                      f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"]
    texts["s5"] = [f"{year}年存在的主要问题是公开内容不够全面。{year + 1}年将进一步完善公开制度。"]
    texts["s6"] = [f"{year}年本单位未收取信息处理费。"]
    return texts


def synth_report(unit: str, year: int = 2024, seed: int = 0,
                 kind: UnitKind = UnitKind.TOWNSHIP) -> Report:
    """A random unit whose tables satisfy every check."""
    rng = random.Random(f"{unit}/{year}/{seed}")
    report = Report(unit_name=unit, year=year, unit_kind=kind, texts=_texts(unit, year))
    report.tables = {"t2": _t2(rng, None), "t3": _t3(rng, None), "t4": _t4(rng)}
    return report


def following_year(last: Report, seed: int = 0) -> Report:
    """The same unit one year later, continuing last year's carried-over requests and documents."""
    assert last.year is not None
    year = last.year + 1
    rng = random.Random(f"{last.unit_name}/{year}/{seed}")
    t2, t3 = last.tables["t2"], last.tables["t3"]
    carried = {c.key: int(t3.value("next", c.key)) for c in TABLE3.cols if c.key != "total"}
    in_force = {r: int(t2.value(r, "in_force")) for r in ("rules", "normative")}
    report = Report(unit_name=last.unit_name, year=year, unit_kind=last.unit_kind,
                    texts=_texts(last.unit_name, year))
    report.tables = {"t2": _t2(rng, in_force), "t3": _t3(rng, carried), "t4": _t4(rng)}
    return report


def unit_names(n: int) -> list[str]:
    """Distinct, plausible names: 第1镇 … read as 乡镇 of one county."""
    return [f"示例县第{i + 1}镇" for i in range(n)]


def write_units(folder: Path, names: list[str], year: int = 2024) -> list[Path]:
    """One consistent workbook per name, as ``<name>.xlsx`` in ``folder``."""
    paths = []
    for name in names:
        path = folder / f"{name}.xlsx"
        write_workbook(synth_report(name, year), path)
        paths.append(path)
    return paths
