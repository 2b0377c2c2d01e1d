"""A previous-year workbook must be the same unit and the year before."""

from __future__ import annotations

from pathlib import Path


def test_previous_of_the_same_unit_and_year_is_accepted(cli, make_workbook, example: Path) -> None:
    last_year = make_workbook({"year": 2023})
    assert cli("check", example, "--previous", last_year)[0] == 0


def test_previous_of_another_unit_is_refused(cli, make_workbook, example: Path) -> None:
    code, _, err = cli("check", example, "--previous", make_workbook({"unit_name": "红星镇", "year": 2023}))
    assert code == 2 and "红星镇" in err and "本单位上一年度" in err


def test_previous_not_of_the_year_before_is_refused(cli, make_workbook, example: Path) -> None:
    code, _, err = cli("check", example, "--previous", make_workbook({"year": 2022}))
    assert code == 2 and "应为 2023" in err
