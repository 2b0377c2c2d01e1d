"""Y1 and Y2: this year's workbook against the same unit's workbook of the year before."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pipeline.core.model import Report
from pipeline.workbook.writer import write_workbook

from .synth import following_year, synth_report

UNIT = "示例县第1镇"


def _pair(folder: Path, change: Callable[[Report], None] | None = None) -> tuple[Path, Path]:
    """Last year's and this year's workbooks of one unit, consistent unless ``change`` breaks them."""
    last = synth_report(UNIT, 2023, seed=7)
    this = following_year(last)
    if change is not None:
        change(this)
    paths = folder / "2023.xlsx", folder / "2024.xlsx"
    write_workbook(last, paths[0])
    write_workbook(this, paths[1])
    return paths


def _check(cli, last: Path, this: Path) -> tuple[int, list[dict[str, object]]]:
    code, out, _ = cli("check", this, "--previous", last, "--json")
    return code, json.loads(out)["problems"]


def test_consistent_years_pass(cli, tmp_path: Path) -> None:
    assert _check(cli, *_pair(tmp_path)) == (0, [])


def test_y1_carried_over_that_last_year_did_not_carry(cli, tmp_path: Path) -> None:
    def one_more_carried(r: Report) -> None:
        # Still consistent within the year (H1, H3 hold): one more request came over and goes on.
        t3 = r.tables["t3"].values
        for col in ("natural", "total"):
            t3.at["carried", col] += 1
            t3.at["next", col] += 1

    code, problems = _check(cli, *_pair(tmp_path, one_more_carried))
    assert code == 1
    assert [(p["code"], p["severity"], p["cells"]) for p in problems] == [
        ("Y1", "error", ["表三!D6"]), ("Y1", "error", ["表三!J6"])]
    message = str(problems[0]["message"])
    assert "“自然人”列" in message and "2023年度报告" in message and "表三!D29" in message and "相差 1" in message


def test_y2_documents_in_force_that_do_not_continue(cli, tmp_path: Path) -> None:
    def three_more_in_force(r: Report) -> None:
        r.tables["t2"].values.at["normative", "in_force"] += 3

    code, problems = _check(cli, *_pair(tmp_path, three_more_in_force))
    assert code == 0, "Y2 is a warning: a clean-up of the document library breaks it legitimately"
    assert [(p["code"], p["severity"], p["cells"]) for p in problems] == [
        ("Y2", "warning", ["表二!B5", "表二!C5", "表二!D5"])]
    assert "行政规范性文件" in str(problems[0]["message"]) and "相差 3" in str(problems[0]["message"])


def test_without_previous_no_cross_year_check(cli, tmp_path: Path) -> None:
    def broken(r: Report) -> None:
        r.tables["t2"].values.at["normative", "in_force"] += 3

    _, this = _pair(tmp_path, broken)
    assert cli("check", this)[0] == 0 and "检查通过" in cli("check", this)[1]


def test_previous_of_another_unit_is_refused(cli, tmp_path: Path) -> None:
    _, this = _pair(tmp_path)
    other = tmp_path / "other.xlsx"
    write_workbook(synth_report("示例县第2镇", 2023), other)
    code, _, err = cli("check", this, "--previous", other)
    assert code == 2 and "示例县第2镇" in err
