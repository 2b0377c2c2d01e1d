"""``serve --previous 上年目录/``: every upload is checked against the unit's last-year workbook, as
``check --previous`` does (Y1–Y3)."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient

from pipeline.web.app import create_app
from pipeline.web.serve import prepare
from pipeline.web.service import accept_upload
from tests.helpers import EXAMPLE, edit_workbook
from tests.web.conftest import DEADLINE, TODAY, UNITS, YEAR, Unit, token_of, write_roster


def _codes(prepared, name: str) -> list[str]:
    unit = next(u for u in prepared.store.units() if u.name == name)
    return [p["code"] for p in json.loads(prepared.store.submissions(unit.id)[0].result)["problems"]]


def test_uploads_are_checked_against_last_years_workbook(tmp_path: Path) -> None:
    last_year = tmp_path / "上年"
    last_year.mkdir()
    # Last year 盘江镇 carried 2 requests over; this year's 上年结转 (表三!D6) says 0: Y1.
    edit_workbook(EXAMPLE, last_year / "盘江镇2023.xlsx", {"year": 2023, "表三!D29": 2})
    edit_workbook(EXAMPLE, last_year / "盘江镇2022.xlsx", {"year": 2022})  # not the year before: not taken
    roster = write_roster(tmp_path / "名单.xlsx", UNITS)
    prepared = prepare(tmp_path / "data", roster, YEAR, DEADLINE, previous=last_year)
    try:
        assert prepared.previous_note.startswith("上年（2023 年度）工作簿：1 个单位已找到")
        assert "某某县教育局" in prepared.previous_note
        client: FlaskClient = create_app(prepared.store, YEAR, TODAY).test_client()
        page = client.get(Unit(client, token_of(prepared, "盘江镇")).upload(EXAMPLE.read_bytes())
                          .headers["Location"]).get_data(as_text=True)
        assert "Y1" in page and "表三!D6" in page and "不能生成报告" in page
        assert "Y1" in _codes(prepared, "盘江镇")
    finally:
        prepared.lock.release()


def test_a_last_year_workbook_that_does_not_fit_is_a_warning_not_a_refusal(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "名单.xlsx", UNITS)
    prepared = prepare(tmp_path / "data", roster, YEAR, DEADLINE)
    try:
        store = prepared.store
        unit = store.units()[0]
        other = edit_workbook(EXAMPLE, tmp_path / "别的单位.xlsx", {"unit_name": "别的镇", "year": 2023})
        store.set_previous(unit.id, store.put_file(other.read_bytes()), "别的单位.xlsx")
        unit = store.units()[0]
        accept_upload(store, unit, YEAR, EXAMPLE.read_bytes(), "盘江镇2024.xlsx", "")
        (sub,) = store.submissions(unit.id)
        problems = json.loads(sub.result)["problems"]
        y0 = [p for p in problems if p["code"] == "Y0"]
        assert sub.readable and len(y0) == 1
        assert "别的单位.xlsx" in y0[0]["message"] and "别的镇" in y0[0]["message"]
        assert unit.previous_sha is not None and unit.previous_sha not in y0[0]["message"]
    finally:
        prepared.lock.release()
