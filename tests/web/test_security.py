"""Every safety point of the web page, over HTTP: size limit, tokens, CSRF, paths, bad files, headers, password."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from pipeline.web import auth
from pipeline.web.app import CSP, create_app
from pipeline.web.serve import Prepared
from pipeline.web.service import MAX_UPLOAD
from pipeline.web.storage import DB_NAME
from tests.helpers import EXAMPLE
from tests.web.conftest import LiveServer, Unit, csrf_from, sign_in, token_of


def _count_submissions(prepared: Prepared) -> int:
    return sum(len(prepared.store.submissions(u.id)) for u in prepared.store.units())


def test_an_oversize_upload_is_refused_in_chinese_and_the_server_goes_on(unit: Unit, prepared: Prepared) -> None:
    response = unit.upload(b"PK" + b"\0" * (MAX_UPLOAD + 128 * 1024))
    assert response.status_code == 413
    assert "上传的文件太大" in response.get_data(as_text=True)
    assert _count_submissions(prepared) == 0
    assert unit.upload(EXAMPLE.read_bytes()).status_code == 303


def test_over_real_http_an_oversize_upload_gets_the_chinese_page(live: LiveServer, unit: Unit) -> None:
    import urllib.error
    import urllib.request

    body = b"x" * (MAX_UPLOAD + 256 * 1024)
    request = urllib.request.Request(f"{live.url}/u/{unit.token}/upload", body,
                                     {"Content-Type": "multipart/form-data; boundary=b"}, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 413
    assert "上传的文件太大" in refused.value.read().decode()
    assert refused.value.headers["Content-Security-Policy"] == CSP
    with urllib.request.urlopen(f"{live.url}/u/{unit.token}", timeout=60) as page:  # and it answers on
        assert page.status == 200


@pytest.mark.parametrize("token", ["nonsense", "a" * 32, "../county", "%00", "盘江镇"])
def test_a_wrong_token_finds_nothing(client: FlaskClient, token: str) -> None:
    for path in ("", "/blank.xlsx", "/s/1"):
        response = client.get(f"/u/{token}{path}")
        assert response.status_code == 404
        assert "找不到这个页面" in response.get_data(as_text=True)


def test_a_token_with_one_character_changed_is_refused(client: FlaskClient, prepared: Prepared) -> None:
    token = token_of(prepared, "盘江镇")
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/u/{changed}").status_code == 404
    assert auth.unit_for_token(prepared.store, token) is not None
    assert auth.unit_for_token(prepared.store, changed) is None


def test_a_units_token_sees_only_that_unit(client: FlaskClient, prepared: Prepared) -> None:
    own, other = Unit(client, token_of(prepared, "盘江镇")), Unit(client, token_of(prepared, "某某县教育局"))
    location = own.upload(EXAMPLE.read_bytes()).headers["Location"]
    submission = location.rsplit("/", 1)[1]
    for suffix in ("", "/annotated.xlsx", "/report.docx", "/report.html"):
        assert client.get(f"{location}{suffix}").status_code == 200
        assert client.get(f"/u/{other.token}/s/{submission}{suffix}").status_code == 404
    assert "盘江镇" not in other.page()  # nor its name on the other unit's page


def test_a_form_without_its_csrf_token_changes_nothing(unit: Unit, prepared: Prepared) -> None:
    for csrf in ("", "forged-token"):
        response = unit.upload(EXAMPLE.read_bytes(), csrf=csrf)
        assert response.status_code == 400
    fresh = FlaskClient(unit.client.application, unit.client.response_wrapper)
    no_session = fresh.post(f"/u/{unit.token}/upload", data={"csrf": csrf_from(unit.page()),
                                                             "workbook": (io.BytesIO(EXAMPLE.read_bytes()), "x.xlsx")})
    assert no_session.status_code == 400  # a token from someone else's session is no token
    assert _count_submissions(prepared) == 0


def test_county_forms_need_the_csrf_token_too(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared)
    assert client.post("/county/aggregate", data={"unit": "某某县人民政府"}).status_code == 400
    assert client.post("/county/login", data={"password": "whatever"}).status_code == 400
    assert client.post("/county/logout").status_code == 400


@pytest.mark.parametrize("name", ["../../../etc/passwd.xlsx", "..\\..\\boot.ini.xlsx", "/tmp/absolute.xlsx",
                                  "a/b/c.xlsx", "nul\x00.xlsx", "<script>alert(1)</script>.xlsx", ".."])
def test_a_file_name_is_never_a_path(unit: Unit, prepared: Prepared, tmp_path: Path, name: str) -> None:
    before = {p for p in tmp_path.rglob("*")}
    response = unit.upload(EXAMPLE.read_bytes(), name=name)
    assert response.status_code == 303
    (sub,) = prepared.store.submissions(prepared.store.units()[0].id)
    assert "/" not in sub.file_name and "\\" not in sub.file_name and "\x00" not in sub.file_name
    new = {p for p in tmp_path.rglob("*")} - before
    files = prepared.store.files.resolve()
    # The only new files are the upload, stored under its fingerprint, and the database's own.
    assert {p.name for p in new if p.is_file() and not p.name.startswith(DB_NAME)} == {f"{sub.sha256}.xlsx"}
    assert all(p.resolve().is_relative_to(files) or p.name.startswith(DB_NAME) for p in new)
    page = unit.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>" not in page  # shown escaped


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize("data", [b"", b"not a workbook at all", b"<html><table></table></html>", b"PK\x03\x04broken",
                                  b"%PDF-1.7", _bomb()], ids=["empty", "text", "html", "broken-zip", "pdf", "zip-bomb"])
def test_after_any_bad_upload_the_server_keeps_answering(unit: Unit, prepared: Prepared, data: bytes) -> None:
    response = unit.upload(data, "坏文件.xlsx")
    assert response.status_code == 303
    page = unit.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "文件无法读取" in page and "坏文件.xlsx" in page
    assert unit.upload(EXAMPLE.read_bytes()).status_code == 303  # and checks the next one as ever


def test_every_response_carries_the_security_headers(client: FlaskClient, unit: Unit, prepared: Prepared) -> None:
    location = unit.upload(EXAMPLE.read_bytes()).headers["Location"]
    for url in ("/", f"/u/{unit.token}", location, f"{location}/report.html", "/u/nothing", "/county/login",
                "/static/style.css"):
        response = client.get(url)
        assert response.headers["Content-Security-Policy"] == CSP, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"  # a unit's link is its key
    assert "script-src" not in CSP and "'unsafe-inline'" not in CSP


def test_the_county_pages_need_the_password(client: FlaskClient, prepared: Prepared) -> None:
    for url in ("/county", "/county/问题清单.xlsx", "/county/s/1"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/county/login")
    assert "尚未设置密码" in client.get("/county/login").get_data(as_text=True)


def test_the_password_is_set_once_stored_hashed_and_checked(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared, "县办密码12345")
    assert client.get("/county").status_code == 200
    db = sqlite3.connect(prepared.store.folder / DB_NAME)
    stored = db.execute("SELECT value FROM settings WHERE key = ?", (auth.PASSWORD_KEY,)).fetchone()[0]
    db.close()
    assert "县办密码12345" not in stored and stored.startswith("scrypt$")
    assert client.get(f"/county/setup/{prepared.setup_code}").status_code == 404  # the setup link is spent
    client.post("/county/logout", data={"csrf": csrf_from(client.get("/county").get_data(as_text=True))})
    assert client.get("/county").status_code == 302
    csrf = csrf_from(client.get("/county/login").get_data(as_text=True))
    assert client.post("/county/login", data={"csrf": csrf, "password": "县办密码12346"}).status_code == 403
    csrf = csrf_from(client.get("/county/login").get_data(as_text=True))
    assert client.post("/county/login", data={"csrf": csrf, "password": "县办密码12345"}).status_code == 303
    assert client.get("/county").status_code == 200


def test_a_wrong_setup_code_or_a_short_password_sets_nothing(client: FlaskClient, prepared: Prepared) -> None:
    assert client.get("/county/setup/wrong-code").status_code == 404
    url = f"/county/setup/{prepared.setup_code}"
    csrf = csrf_from(client.get(url).get_data(as_text=True))
    assert client.post(url, data={"csrf": csrf, "password": "short", "again": "short"}).status_code == 400
    assert client.post(url, data={"csrf": csrf, "password": "longenough1", "again": "longenough2"}).status_code == 400
    assert prepared.store.setting(auth.PASSWORD_KEY) is None


def test_password_hashes_verify_only_the_same_password() -> None:
    stored = auth.hash_password("正确的密码abc")
    assert auth.password_matches("正确的密码abc", stored)
    assert not auth.password_matches("正确的密码abd", stored)
    assert not auth.password_matches("正确的密码abc", "plain-text")
    assert stored != auth.hash_password("正确的密码abc")  # salted


def test_guessing_the_password_is_stopped_after_five_tries(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared, "县办密码12345")
    client.post("/county/logout", data={"csrf": csrf_from(client.get("/county").get_data(as_text=True))})

    def attempt(password: str) -> int:
        csrf = csrf_from(client.get("/county/login").get_data(as_text=True))
        return client.post("/county/login", data={"csrf": csrf, "password": password}).status_code

    assert [attempt(f"猜测{i}") for i in range(5)] == [403] * 5
    assert attempt("县办密码12345") == 429  # even the right password waits now
    assert client.get("/county").status_code == 302


def test_thirty_parallel_wrong_passwords_get_five_checked(client: FlaskClient, prepared: Prepared,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit holds under a crowd: counting and recording an attempt are one transaction, made before
    the slow hash. (Counted in memory after the hash, 30 parallel guesses once got 11 checked.)"""
    import threading

    sign_in(client, prepared, "县办密码12345")
    checked, lock = [], threading.Lock()
    real = auth.password_matches

    def counted(password: str, stored: str) -> bool:
        with lock:
            checked.append(password)
        return real(password, stored)

    monkeypatch.setattr(auth, "password_matches", counted)
    clients = [FlaskClient(client.application) for _ in range(30)]
    tokens = [csrf_from(c.get("/county/login").get_data(as_text=True)) for c in clients]
    start = threading.Barrier(30)
    codes: list[int] = []

    def guess(i: int) -> None:
        start.wait(timeout=60)
        code = clients[i].post("/county/login", data={"csrf": tokens[i], "password": f"猜测{i}"}).status_code
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(codes) == [403] * 5 + [429] * 25
    assert len(checked) == 5


def test_the_throttle_is_per_address_its_window_passes_and_a_success_clears_it(prepared: Prepared) -> None:
    from datetime import datetime, timedelta

    from pipeline.web import sessions

    store, now = prepared.store, [datetime(2025, 1, 20, 10, 0)]
    store.clock = lambda: now[0]
    assert [sessions.reserve(store, "a", limit=2) for _ in range(3)] == [0, 0, 601]
    assert sessions.reserve(store, "b", limit=2) == 0  # another address is not held back
    now[0] += timedelta(minutes=10, seconds=1)
    assert sessions.reserve(store, "a", limit=2) == 0  # the window has passed
    sessions.succeeded(store, "a")
    assert sessions.reserve(store, "a", limit=2) == 0 and sessions.reserve(store, "a", limit=2) == 0


def test_a_bug_while_checking_is_that_uploads_reason_and_the_server_goes_on(unit: Unit, prepared: Prepared,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.web import service

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(service, "check_workbook", broken)
    response = unit.upload(EXAMPLE.read_bytes())
    page = unit.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "内部错误（RuntimeError）" in page and "a bug of ours" not in page  # no internals shown to the unit
    monkeypatch.undo()
    assert "检查结果" in unit.client.get(unit.upload(EXAMPLE.read_bytes()).headers["Location"]).get_data(as_text=True)
    assert _count_submissions(prepared) == 2


def test_a_unit_named_like_a_formula_stays_text_in_every_spreadsheet(tmp_path: Path) -> None:
    """The links file and the unit's blank workbook hold the name as typed, never as a live formula."""
    from pipeline.web.serve import LINKS_NAME, prepare
    from tests.helpers import HOSTILE_MARK, formulas
    from tests.web.conftest import write_roster

    hostile = f'=HYPERLINK("http://{HOSTILE_MARK}/","点我")'
    prepared = prepare(tmp_path / "data", write_roster(tmp_path / "名单.xlsx", [hostile]), 2024)
    try:
        links = prepared.store.folder / LINKS_NAME
        assert formulas(links) == []
        client = create_app(prepared.store, prepared.year).test_client()
        blank = tmp_path / "blank.xlsx"
        blank.write_bytes(client.get(f"/u/{prepared.store.units()[0].token}/blank.xlsx").data)
        assert not any(HOSTILE_MARK in f for f in formulas(blank))
        from openpyxl import load_workbook

        assert load_workbook(links).active["A2"].value == hostile  # type: ignore[index]
    finally:
        prepared.lock.release()
