"""Sessions and limits that hold (issue 19, item 5): a county sign-in ends on logout, on a new password
and when idle, for every copy of its cookie; an upload too big for the server itself gets the Chinese
page that states the limit; file names lose bidirectional and control characters; zip entries are unique."""

from __future__ import annotations

import http.client
import io
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from pipeline.web.serve import Prepared
from pipeline.web.service import MAX_UPLOAD
from tests.helpers import EXAMPLE
from tests.web.conftest import LiveServer, Unit, csrf_from, renamed_example, sign_in, write_roster

PASSWORD = "县办密码12345"


def _copy(client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s cookies (as a stolen or copied cookie would be)."""
    other = FlaskClient(client.application)
    for cookie in client._cookies.values():  # the test client's jar: copy every cookie as it is
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return other


def _post(client: FlaskClient, url: str, page: str, data: dict[str, str]):  # -> TestResponse
    return client.post(url, data={"csrf": csrf_from(client.get(page).get_data(as_text=True)), **data})


def test_logging_out_ends_the_session_for_a_copied_cookie_too(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared, PASSWORD)
    copied = _copy(client)
    assert copied.get("/county").status_code == 200
    assert _post(client, "/county/logout", "/county", {}).status_code == 303
    assert copied.get("/county").status_code == 302  # the copy opens nothing any more
    assert client.get("/county").status_code == 302
    assert "退出登录" in [r["action"] for r in prepared.store.audit_log()]


def test_a_new_password_signs_every_other_browser_out(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared, PASSWORD)
    other = FlaskClient(client.application)
    assert _post(other, "/county/login", "/county/login", {"password": PASSWORD}).status_code == 303
    assert other.get("/county").status_code == 200
    wrong = _post(client, "/county/password", "/county/password",
                  {"current": "不是这个密码", "password": "新的密码67890", "again": "新的密码67890"})
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.get_data(as_text=True)
    changed = _post(client, "/county/password", "/county/password",
                    {"current": PASSWORD, "password": "新的密码67890", "again": "新的密码67890"})
    assert changed.status_code == 303
    assert "密码已修改" in client.get("/county").get_data(as_text=True)  # this browser stays signed in
    assert other.get("/county").status_code == 302
    assert _post(other, "/county/login", "/county/login", {"password": PASSWORD}).status_code == 403
    assert _post(other, "/county/login", "/county/login", {"password": "新的密码67890"}).status_code == 303
    assert "修改密码" in [r["action"] for r in prepared.store.audit_log()]


def test_an_idle_session_ends(client: FlaskClient, prepared: Prepared) -> None:
    now = [datetime(2025, 1, 20, 9, 0)]
    prepared.store.clock = lambda: now[0]
    sign_in(client, prepared, PASSWORD)
    now[0] += timedelta(minutes=50)
    assert client.get("/county").status_code == 200  # in use: the idle time starts again
    now[0] += timedelta(minutes=50)
    assert client.get("/county").status_code == 200
    now[0] += timedelta(minutes=61)
    assert client.get("/county").status_code == 302


def test_a_200_mb_upload_gets_the_chinese_page_that_states_the_limit(live: LiveServer, unit: Unit) -> None:
    """waitress refuses such a body itself, before the app: its answer is the app's page, not English text."""
    host, port = live.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.putrequest("POST", f"/u/{unit.token}/upload")
    connection.putheader("Content-Type", "multipart/form-data; boundary=b")
    connection.putheader("Content-Length", str(200 * 1024 * 1024))
    connection.endheaders(b"--b\r\n" + b"x" * 65536)
    response = connection.getresponse()
    page = response.read().decode()
    assert response.status == 413
    assert f"上传的文件太大（上限 {MAX_UPLOAD // 1024 // 1024} MB）" in page and "Request Entity Too Large" not in page
    assert response.getheader("Content-Type", "").startswith("text/html")
    assert "default-src 'none'" in response.getheader("Content-Security-Policy", "")
    connection.close()


def test_a_file_name_loses_bidi_and_control_characters(unit: Unit, prepared: Prepared) -> None:
    shown = "报告\u202excod.exe\u2066\u200f\x1b[31m.xlsx"
    location = unit.upload(EXAMPLE.read_bytes(), shown).headers["Location"]
    (sub,) = prepared.store.submissions(prepared.store.units()[0].id)
    assert sub.file_name.startswith("报告xcod.exe") and sub.file_name.endswith("[31m.xlsx")
    assert not any(c in sub.file_name for c in "\u202e\u2066\u200f\x1b")
    page = unit.client.get(location).get_data(as_text=True) + unit.page()
    assert not any(c in page for c in "\u202e\u2066\u200f\x1b")
    assert all("\u202e" not in r["detail"] for r in prepared.store.audit_log())


def test_two_units_whose_names_differ_by_a_trailing_dot_get_two_zip_entries(tmp_path: Path) -> None:
    from pipeline.web.app import create_app
    from pipeline.web.serve import prepare

    names = ["甲镇", "甲镇."]
    prepared = prepare(tmp_path / "data", write_roster(tmp_path / "名单.xlsx", names), 2024)
    try:
        app: Flask = create_app(prepared.store, 2024)
        client = app.test_client()
        for unit in prepared.store.units():
            Unit(client, unit.token).upload(renamed_example(unit.name))
        sign_in(client, prepared)
        for url in ("/county/各单位最新工作簿.zip", "/county/退回通知.zip"):
            entries = zipfile.ZipFile(io.BytesIO(client.get(url).data)).namelist()
            assert len(entries) == 2 and len({e.casefold() for e in entries}) == 2, (url, entries)
    finally:
        prepared.lock.release()
