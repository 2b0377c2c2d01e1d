"""The web page under test: a data folder made from a roster, the app, and workbooks for each unit."""

from __future__ import annotations

import http.cookiejar
import io
import re
import threading
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from pipeline.core.cells import as_data
from pipeline.core.punctuation import full_width
from pipeline.units.roster import write_roster_template
from pipeline.web.app import create_app
from pipeline.web.serve import Prepared, make_server, prepare
from tests.helpers import EXAMPLE, edit_workbook

YEAR = 2024
DEADLINE = date(2025, 1, 31)
TODAY = date(2025, 1, 20)  # eleven days before the deadline
UNITS = ["盘江镇", "某某县教育局", "某某县财政局"]
#: Debian's chromium, as the brief of this project says: no browser is ever downloaded.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def write_roster(path: Path, names: list[str]) -> Path:
    write_roster_template(path)
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    for name in names:
        ws.append([name])
        as_data(ws.cell(ws.max_row, 1))  # a name like “=HYPERLINK(…)” is the test's data, not a formula
    wb.save(path)
    return path


def _refs(text: str) -> bytes:
    return "".join(f"&#{ord(c)};" for c in text).encode()


def renamed_example(name: str, source: Path = EXAMPLE, clean: bool = False) -> bytes:
    """The example workbook as unit ``name`` sent it: every 盘江镇 in it (name and narrative) replaced,
    in the parts' bytes (as UTF-8 or as character references, however the file spells it). ``clean``:
    a 局 without the example's real warnings (“本乡”, “乡主要领导” become “本局”, “局主要领导”; the
    half-width commas between Chinese characters become full-width)."""
    swaps = {"盘江镇": name, **({"本乡": "本局", "乡主要领导": "局主要领导"} if clean else {})}
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            for old, new in swaps.items():
                body = body.replace(_refs(old), _refs(new)).replace(old.encode(), new.encode())
            if clean and info.filename.startswith("xl/worksheets/"):  # and its half-width commas (T-PUNCT)
                text = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])) if int(m[1]) >= 0x3000 else m[0], body.decode())
                body = full_width(text).encode()
            dst.writestr(info, body)
    return out.getvalue()


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return write_roster(tmp_path / "名单.xlsx", UNITS)


@pytest.fixture
def prepared(tmp_path: Path, roster: Path) -> Iterator[Prepared]:
    done = prepare(tmp_path / "data", roster, YEAR, DEADLINE, "http://county.example:8000", TODAY)
    done.store.clock = lambda: datetime.combine(TODAY, time(10, 30))
    yield done
    done.lock.release()


@pytest.fixture
def app(prepared: Prepared) -> Flask:
    application = create_app(prepared.store, prepared.year, TODAY)
    application.config["TESTING"] = False  # errors go through the Chinese error pages, as in service
    return application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def token_of(prepared: Prepared, name: str) -> str:
    return next(u.token for u in prepared.store.units() if u.name == name)


def csrf_from(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "every form carries a CSRF token"
    return match.group(1)


@dataclass
class Unit:
    client: FlaskClient
    token: str

    def page(self) -> str:
        response = self.client.get(f"/u/{self.token}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def upload(self, data: bytes, name: str = "填报表.xlsx", csrf: str | None = None):  # -> TestResponse
        token = csrf if csrf is not None else csrf_from(self.page())
        return self.client.post(f"/u/{self.token}/upload",
                                data={"csrf": token, "workbook": (io.BytesIO(data), name)})


@pytest.fixture
def unit(client: FlaskClient, prepared: Prepared) -> Unit:
    return Unit(client, token_of(prepared, "盘江镇"))


@pytest.fixture
def wrong_number(tmp_path: Path) -> Path:
    """The example with one wrong number: 表三!D5 (本年新收, 自然人) 1 where everything else says 0."""
    return edit_workbook(EXAMPLE, tmp_path / "盘江镇_错一个数.xlsx", {"表三!D5": 1})


def sign_in(client: FlaskClient, prepared: Prepared, password: str = "县办密码12345") -> None:
    """Set the password through the first-start link, which signs the office in."""
    assert prepared.setup_code is not None
    url = f"/county/setup/{prepared.setup_code}"
    csrf = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf": csrf, "password": password, "again": password})
    assert response.status_code == 303


class LiveServer:
    """The app under waitress on 127.0.0.1 in a thread, made as ``serve`` makes it; stopped by the test.

    The loop runs here a poll at a time so that stopping it closes the sockets in its own thread
    (closing them from another thread under a running select fails)."""

    def __init__(self, app: Flask, threads: int = 8) -> None:
        self.server = make_server(app, "127.0.0.1", 0, threads)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from waitress import wasyncore

        while not self._stop.is_set():
            wasyncore.loop(timeout=0.1, map=self.server._map, count=1)
        self.server.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=30)


@pytest.fixture
def live(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    yield server
    server.close()


TIMEOUT = 180  # seconds for one request, on two shared cores


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="{name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload_over_http(url: str, data: bytes, start: threading.Barrier | None = None) -> tuple[str, str]:
    """As a browser: open the unit's page (session cookie, CSRF token), then upload; the result page."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(url, timeout=TIMEOUT) as page:
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.read().decode())
    assert csrf is not None
    body, kind = _multipart({"csrf": csrf.group(1)}, "填报表.xlsx", data)
    request = urllib.request.Request(f"{url}/upload", body, {"Content-Type": kind}, method="POST")
    if start is not None:
        start.wait(timeout=TIMEOUT)  # every upload leaves together
    with opener.open(request, timeout=TIMEOUT) as result:  # follows the 303 to the result page
        return result.geturl(), result.read().decode()


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    """pytest-playwright launches Debian's chromium (``playwright install`` is never run)."""
    return {"executable_path": "/usr/bin/chromium", "args": [*CHROMIUM_ARGS, "--lang=zh-CN"]}
