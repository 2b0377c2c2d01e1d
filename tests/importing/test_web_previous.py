"""``serve --previous 上年目录/`` with last year's report as published (a .docx): kept as the workbook it
imports to, and every upload checked against it (Y1), as with last year's workbook."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient

from pipeline.reading.reader import read
from pipeline.report.context import build_context
from pipeline.report.renderer import Renderer
from pipeline.report.word_template import WORD_TEMPLATE
from pipeline.web.app import create_app
from pipeline.web.serve import prepare
from tests.helpers import EXAMPLE, edit_workbook
from tests.web.conftest import DEADLINE, TODAY, UNITS, YEAR, Unit, token_of, write_roster


def test_uploads_are_checked_against_last_years_published_report(tmp_path: Path) -> None:
    # Last year 盘江镇 carried 2 requests over; this year's 上年结转 (表三!D6) says 0: Y1.
    workbook = edit_workbook(EXAMPLE, tmp_path / "盘江镇2023.xlsx", {"year": 2023, "表三!D29": 2})
    last_year = tmp_path / "上年"
    last_year.mkdir()
    report, _ = read(workbook)
    Renderer(WORD_TEMPLATE).render(build_context(report), last_year / "盘江镇2023年政府信息公开工作年度报告.docx")
    prepared = prepare(tmp_path / "data", write_roster(tmp_path / "名单.xlsx", UNITS), YEAR, DEADLINE,
                       previous=last_year)
    try:
        assert prepared.previous_note.startswith("上年（2023 年度）工作簿：1 个单位已找到")
        client: FlaskClient = create_app(prepared.store, YEAR, TODAY).test_client()
        page = client.get(Unit(client, token_of(prepared, "盘江镇")).upload(EXAMPLE.read_bytes())
                          .headers["Location"]).get_data(as_text=True)
        assert "Y1" in page and "表三!D6" in page
        unit = next(u for u in prepared.store.units() if u.name == "盘江镇")
        codes = [p["code"] for p in json.loads(prepared.store.submissions(unit.id)[0].result)["problems"]]
        assert "Y1" in codes and "Y0" not in codes
    finally:
        prepared.lock.release()
