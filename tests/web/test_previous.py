"""``serve --previous 上年目录/``: every upload is checked against the unit's last-year workbook, as
``check --previous`` does (Y1–Y3)."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient

from pipeline.run import check_workbook
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


def _download(client: FlaskClient, token: str, tmp_path: Path, name: str = "下载.xlsx") -> Path:
    response = client.get(f"/u/{token}/blank.xlsx")
    assert response.status_code == 200
    path = tmp_path / name
    path.write_bytes(response.data)
    return path


def _comment(path: Path, sheet: str, cell: str) -> str:
    from openpyxl import load_workbook

    comment = load_workbook(path)[sheet][cell].comment
    return comment.text if comment is not None else ""


def test_the_downloaded_workbook_is_prefilled_from_the_offices_last_year_workbook(tmp_path: Path) -> None:
    # serve --previous: 盘江镇 carried 2 requests of 自然人 into 2024 and had 7 行政规范性文件 in force.
    last_year = tmp_path / "上年"
    last_year.mkdir()
    edit_workbook(EXAMPLE, last_year / "盘江镇2023.xlsx",
                  {"year": 2023, "unit_name": "盘江镇人民政府", "表三!D29": 2, "表二!D5": 7, "contact_filler": "张三"})
    prepared = prepare(tmp_path / "data", write_roster(tmp_path / "名单.xlsx", UNITS), YEAR, DEADLINE,
                       previous=last_year)
    try:
        client: FlaskClient = create_app(prepared.store, YEAR, TODAY).test_client()
        path = _download(client, token_of(prepared, "盘江镇"), tmp_path)
        outcome = check_workbook(path)
        report = outcome.report
        assert (report.unit_name, report.year) == ("盘江镇", YEAR), "the link's unit, as the roster spells it"
        assert report.tables["t3"].value("carried", "natural") == 2 and report.contact.get("filler") == "张三"
        assert "2023 年度报告" in _comment(path, "表三", "D6") and "表三!D29" in _comment(path, "表三", "D6")
        assert "上年工作簿 表二!D5" in _comment(path, "表二", "E5")
        # Uploaded as it comes (texts still to write), its 上年结转 agrees with last year: no Y1.
        assert Unit(client, token_of(prepared, "盘江镇")).upload(path.read_bytes()).status_code == 303
        codes = _codes(prepared, "盘江镇")
        assert "H8" in codes and not {"Y1", "W1", "W2"} & set(codes)
        # A unit whose last-year workbook the office did not give gets the plain one.
        plain = check_workbook(_download(client, token_of(prepared, "某某县教育局"), tmp_path, "教育局.xlsx"))
        assert (plain.report.unit_name, plain.report.year) == ("某某县教育局", YEAR)
        assert plain.report.tables["t3"].value("carried", "natural") == 0
        assert _comment(tmp_path / "教育局.xlsx", "表三", "D6") == ""
    finally:
        prepared.lock.release()


def test_the_downloaded_workbook_is_prefilled_from_last_years_upload_in_the_data_folder(tmp_path: Path) -> None:
    # The office collected 2023 with this data folder, and collects 2024 with it now: 盘江镇's
    # 2023 upload without errors is last year's workbook (a later one with an error is passed over).
    roster = write_roster(tmp_path / "名单.xlsx", UNITS)
    prepared = prepare(tmp_path / "data", roster, YEAR - 1, DEADLINE)
    try:
        client: FlaskClient = create_app(prepared.store, YEAR - 1, TODAY).test_client()
        unit = Unit(client, token_of(prepared, "盘江镇"))
        # 3 of the year's new requests carried on (H1 holds); then 5 carried on with nothing new (H1 fails).
        good = edit_workbook(EXAMPLE, tmp_path / "2023.xlsx", {"year": 2023, "表三!D5": 3, "表三!D29": 3})
        wrong = edit_workbook(EXAMPLE, tmp_path / "2023错.xlsx", {"year": 2023, "表三!D29": 5})
        assert unit.upload(good.read_bytes()).status_code == 303
        assert unit.upload(wrong.read_bytes()).status_code == 303
        assert "H1" in _codes(prepared, "盘江镇")
    finally:
        prepared.lock.release()
    prepared = prepare(tmp_path / "data", None, YEAR)
    try:
        client = create_app(prepared.store, YEAR, TODAY).test_client()
        path = _download(client, token_of(prepared, "盘江镇"), tmp_path)
        report = check_workbook(path).report
        assert report.year == YEAR and report.tables["t3"].value("carried", "natural") == 3
        assert "2023 年度报告" in _comment(path, "表三", "D6")
    finally:
        prepared.lock.release()


def test_the_report_downloaded_carries_the_comparison_with_the_offices_last_year_workbook(tmp_path: Path) -> None:
    # As `render --previous`: the 同比 sentence and, the switch 与上年对比 being on, its table.
    import io

    import docx

    from pipeline.core.yoy import COMPARE_HEADING

    last_year = tmp_path / "上年"
    last_year.mkdir()
    edit_workbook(EXAMPLE, last_year / "盘江镇2023.xlsx", {"year": 2023})
    upload = edit_workbook(EXAMPLE, tmp_path / "盘江镇2024.xlsx", {"compare": "是"})
    prepared = prepare(tmp_path / "data", write_roster(tmp_path / "名单.xlsx", UNITS), YEAR, DEADLINE,
                       previous=last_year)
    try:
        client: FlaskClient = create_app(prepared.store, YEAR, TODAY).test_client()
        location = Unit(client, token_of(prepared, "盘江镇")).upload(upload.read_bytes()).headers["Location"]
        assert "Y4" not in _codes(prepared, "盘江镇")  # checked with last year's workbook
        response = client.get(f"{location}/report.docx")
        assert response.status_code == 200
        texts = [p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs]
        assert COMPARE_HEADING in texts
        assert "2023年" in client.get(f"{location}/report.html").get_data(as_text=True)
    finally:
        prepared.lock.release()
