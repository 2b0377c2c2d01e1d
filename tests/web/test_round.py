"""The county's round through the web door: the same rules as ``batch`` (``units.round``) — wrong
uploads shown but never counted and never knocking another unit out, contacts in the documents, the
汇总 from any data folder, the round's year chosen by the county and judged in every upload, the
通报's 落款 from the roster, and every page and document in its reader's words."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from pipeline.format.layout import CONTACT_INPUTS
from pipeline.report.docx_text import places
from pipeline.units.roster import HEADERS, write_roster_template
from pipeline.web.app import create_app
from pipeline.web.serve import Prepared, prepare
from tests.helpers import EXAMPLE, edit_workbook
from tests.test_round import FINGERPRINT, FLAG, paper_faults, xlsx_texts

from .conftest import DEADLINE, TODAY, UNITS, YEAR, Unit, csrf_from, renamed_example, sign_in, token_of

PARENT = "某某县人民政府办公室"
FILLER, PHONE = (CONTACT_INPUTS[key].place.address for key in ("filler", "phone"))  # 基本信息!B10, B11
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512  # the start of an old .xls (OLE2) file


def _docx(data: bytes) -> str:
    return "\n".join(text for _, text in places(docx.Document(io.BytesIO(data))))


def _post(client: FlaskClient, url: str, **form: str):  # -> TestResponse
    csrf = csrf_from(client.get("/county").get_data(as_text=True))
    return client.post(url, data={"csrf": csrf, **form})


def _roster_with_parent(path: Path, names: list[str]) -> Path:
    write_roster_template(path)
    wb = load_workbook(path)
    for name in names:
        row: list[object] = [None] * len(HEADERS)
        row[HEADERS.index("单位名称")], row[HEADERS.index("上级单位")] = name, PARENT
        wb["名单"].append(row)
    wb.save(path)
    return path


def _app(prepared: Prepared, today: date = TODAY) -> Flask:
    prepared.store.clock = lambda: datetime.combine(today, time(10, 30))
    app = create_app(prepared.store, prepared.year, today)
    app.config["TESTING"] = False
    return app


@pytest.fixture
def with_parent(tmp_path: Path) -> Iterator[Prepared]:
    roster = _roster_with_parent(tmp_path / "名单.xlsx", UNITS)
    done = prepare(tmp_path / "data", roster, YEAR, DEADLINE, "http://county.example:8000", TODAY)
    yield done
    done.lock.release()


def test_the_aggregate_works_with_a_relative_data_folder(tmp_path: Path, roster: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # as `make serve` runs it: --data is a relative path
    prepared = prepare(Path("data"), roster, YEAR, DEADLINE, "http://county.example:8000", TODAY)
    try:
        client = _app(prepared).test_client()
        Unit(client, token_of(prepared, "盘江镇")).upload(EXAMPLE.read_bytes(), "盘江镇.xlsx")
        sign_in(client, prepared)
        response = _post(client, "/county/aggregate", unit="某某县人民政府", kind="县级人民政府")
        assert response.status_code == 200, response.get_data(as_text=True)
        members = list(load_workbook(io.BytesIO(response.data))["汇总单位"].iter_rows(min_row=2, values_only=True))
        assert [(m[1], m[3]) for m in members] == [("盘江镇", "是")]
    finally:
        prepared.lock.release()


def test_another_units_workbook_never_knocks_the_real_unit_out(client: FlaskClient, prepared: Prepared) -> None:
    Unit(client, token_of(prepared, "某某县教育局")).upload(EXAMPLE.read_bytes(), "盘江镇.xlsx")  # W1
    Unit(client, token_of(prepared, "盘江镇")).upload(EXAMPLE.read_bytes(), "盘江镇.xlsx")
    sign_in(client, prepared)
    response = _post(client, "/county/aggregate", unit="某某县人民政府", kind="县级人民政府")
    assert response.status_code == 200, response.get_data(as_text=True)
    members = list(load_workbook(io.BytesIO(response.data))["汇总单位"].iter_rows(min_row=2, values_only=True))
    assert [(m[1], m[3]) for m in members] == [("盘江镇", "是")], members
    assert not any("同一单位" in str(m[4]) for m in members)


def test_contacts_reach_the_web_documents(client: FlaskClient, prepared: Prepared, tmp_path: Path) -> None:
    filled = edit_workbook(EXAMPLE, tmp_path / "盘江镇.xlsx", {FILLER: "张三", PHONE: "0851-1234567"})
    Unit(client, token_of(prepared, "盘江镇")).upload(filled.read_bytes(), "盘江镇.xlsx")
    sign_in(client, prepared)
    table = load_workbook(io.BytesIO(client.get("/county/报送情况表.xlsx").data))["报送情况"]
    row = next(r for r in table.iter_rows(min_row=4, values_only=True) if r[2] == "盘江镇")
    assert row[8] == "张三 0851-1234567"
    summary = load_workbook(io.BytesIO(client.get("/county/问题清单.xlsx").data))["单位汇总"]
    assert ("盘江镇", "张三 0851-1234567") in {(r[0], r[5]) for r in summary.iter_rows(min_row=2, values_only=True)}


def test_wrong_files_are_shown_but_never_counted_as_reported(with_parent: Prepared, tmp_path: Path) -> None:
    client = _app(with_parent).test_client()
    last_year = edit_workbook(EXAMPLE, tmp_path / "2023.xlsx", {"基本信息!B3": 2023})
    Unit(client, token_of(with_parent, "盘江镇")).upload(XLS, "盘江镇.xls")
    Unit(client, token_of(with_parent, "某某县教育局")).upload(EXAMPLE.read_bytes(), "盘江镇.xlsx")
    finance = Unit(client, token_of(with_parent, "某某县财政局"))
    finance.upload(renamed_example("某某县财政局", last_year), "财政局.xlsx")
    sign_in(client, with_parent)
    table = load_workbook(io.BytesIO(client.get("/county/报送情况表.xlsx").data))["报送情况"]
    rows = list(table.iter_rows(min_row=4, values_only=True))
    assert [r[6] for r in rows] == ["未报送"] * 3 and all(r[7] == "收到的文件不计为报送" for r in rows)
    assert "已报送 0 个" in str(table["A2"].value)
    text = _docx(_post(client, "/county/bulletin", office="").data)
    assert "应报送 3 个单位，已报送 0 个" in text
    page = client.get("/county").get_data(as_text=True)
    assert "未报送 3" in page and "<td>按时</td>" not in page


def test_a_server_started_in_december_suggests_the_year_just_ended(tmp_path: Path, roster: Path) -> None:
    december = date(2026, 12, 7)
    prepared = prepare(tmp_path / "data", roster, None, None, "http://county.example:8000", december)
    try:
        assert prepared.year == 2025, "reports of 2026 are written from January 2027"
        client = _app(prepared, december).test_client()
        sign_in(client, prepared)
        assert "请先确认本次收集的报告年度" in client.get("/county").get_data(as_text=True)
    finally:
        prepared.lock.release()


def test_the_year_the_county_chooses_judges_every_upload(tmp_path: Path, roster: Path) -> None:
    december = date(2026, 12, 7)
    prepared = prepare(tmp_path / "data", roster, None, None, "http://county.example:8000", december)
    try:
        client = _app(prepared, december).test_client()
        sign_in(client, prepared)
        assert _post(client, "/county/round", year="2026", deadline="").status_code == 303
        assert {u.deadline for u in prepared.store.units()} == {"2027-01-31"}, "deadlines follow the year"
        unit = Unit(client, token_of(prepared, "盘江镇"))
        this_year = edit_workbook(EXAMPLE, tmp_path / "2026.xlsx", {"基本信息!B3": 2026})
        unit.upload(this_year.read_bytes(), "盘江镇.xlsx")
        unit.upload(EXAMPLE.read_bytes(), "盘江镇2024.xlsx")
        newer, older = prepared.store.submissions(prepared.store.units()[0].id)
        assert '"H8-YEAR"' not in older.result and '"W2"' not in older.result, "no “请填 2025” in a 2026 round"
        assert '"W2"' in newer.result and "本次收集的是 2026 年度" in newer.result and "请填 2025" not in newer.result
        assert "请先确认" not in client.get("/county").get_data(as_text=True)
    finally:
        prepared.lock.release()


def test_the_bulletin_is_signed_by_the_rosters_parent(with_parent: Prepared) -> None:
    client = _app(with_parent).test_client()
    sign_in(client, with_parent)
    text = _docx(_post(client, "/county/bulletin", office="").data)
    assert PARENT in text and "政务公开办公室\n" not in text.replace(PARENT, "")


def test_a_bulletin_without_any_signer_is_asked_for(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared)
    response = _post(client, "/county/bulletin", office="")
    assert response.status_code == 422 and "落款" in response.get_data(as_text=True)


def test_pages_and_documents_speak_to_their_reader(with_parent: Prepared, tmp_path: Path) -> None:
    """The example has half-width commas (T-PUNCT, whose terminal advice is --fix-punctuation) and
    “本乡” (T7); another unit's workbook (W1), last year's (W2) and an .xls (F1) complete the round."""
    client = _app(with_parent).test_client()
    last_year = renamed_example("某某县教育局", edit_workbook(EXAMPLE, tmp_path / "2023.xlsx", {"基本信息!B3": 2023}))
    education = Unit(client, token_of(with_parent, "某某县教育局"))
    results = [Unit(client, token_of(with_parent, "盘江镇")).upload(EXAMPLE.read_bytes(), "盘江镇.xlsx"),
               education.upload(EXAMPLE.read_bytes(), "盘江镇.xlsx"), education.upload(last_year, "去年的.xlsx"),
               Unit(client, token_of(with_parent, "某某县财政局")).upload(XLS, "财政局.xls")]
    for response in results:
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert not FLAG.search(page) and not FINGERPRINT.search(page), page
        assert "fix-punctuation" not in page
    sign_in(client, with_parent)
    pages = [client.get("/county").get_data(as_text=True)]
    documents = [_docx(_post(client, "/county/bulletin", office="").data)]
    for unit in with_parent.store.units():
        for sub in with_parent.store.submissions(unit.id):  # W1, W2, F1, T-PUNCT and T7 among them
            pages.append(client.get(f"/county/s/{sub.id}").get_data(as_text=True))
            documents.append(_docx(client.get(f"/county/s/{sub.id}/退回通知.docx").data))
    assert len(documents) == 5 and any("2023" in d for d in documents)
    for page in pages:
        assert not FLAG.search(page), re.findall(r".{20}--[a-z].{20}", page)
    for text in documents:
        assert paper_faults(text) == [], text
    for name in ("问题清单.xlsx", "报送情况表.xlsx"):
        path = tmp_path / name
        path.write_bytes(client.get(f"/county/{name}").data)
        assert paper_faults("\n".join(xlsx_texts(path))) == [], name


def test_a_units_own_page_says_what_the_county_counts(client: FlaskClient, prepared: Prepared) -> None:
    education = Unit(client, token_of(prepared, "某某县教育局"))
    education.upload(EXAMPLE.read_bytes(), "盘江镇.xlsx")  # another unit's workbook: W1
    page = education.page()
    assert '<strong class="state">未报送</strong>' in page and "（按时）" not in page
    education.upload(renamed_example("某某县教育局", clean=True), "教育局.xlsx")
    assert '<strong class="state">已通过</strong>' in education.page()


def test_an_upload_kept_before_the_round_is_read_again_for_its_unit_year_and_contact(
        client: FlaskClient, prepared: Prepared, tmp_path: Path) -> None:
    import json
    import sqlite3

    from pipeline.web.storage import DB_NAME

    filled = edit_workbook(EXAMPLE, tmp_path / "盘江镇.xlsx", {FILLER: "张三", PHONE: "0851-1234567"})
    Unit(client, token_of(prepared, "盘江镇")).upload(filled.read_bytes(), "盘江镇.xlsx")
    with sqlite3.connect(prepared.store.folder / DB_NAME) as db:  # as an older version stored it
        (result,) = db.execute("SELECT result FROM submissions").fetchone()
        old = json.loads(result)
        del old["workbook"]
        db.execute("UPDATE submissions SET result = ?", (json.dumps(old, ensure_ascii=False),))
    sign_in(client, prepared)
    table = load_workbook(io.BytesIO(client.get("/county/报送情况表.xlsx").data))["报送情况"]
    row = next(r for r in table.iter_rows(min_row=4, values_only=True) if r[2] == "盘江镇")
    assert row[6] == "按时" and row[8] == "张三 0851-1234567"
