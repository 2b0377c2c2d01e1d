"""``python -m pipeline serve`` as an office starts it: the address printed, a second server refused."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.paths import ROOT
from pipeline.web.storage import DataLock, Store
from tests.helpers import EXAMPLE
from tests.web.conftest import upload_over_http, write_roster


class Idle:
    """A server that stops at once: what serve says at its start is what the tests read."""

    effective_port = 8000

    def run(self) -> None:
        pass

    def close(self) -> None:
        pass


def _read_lines(stream, count: int, timeout: float = 60) -> list[str]:
    """``count`` lines of a running server's output, or as many as came within ``timeout`` (never hangs)."""
    import threading

    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(stream.readline() for _ in range(count)), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines + [""] * (count - len(lines))


def test_serve_starts_prints_its_address_and_refuses_a_second_server(tmp_path: Path, capsys) -> None:
    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇", "某某县教育局"])
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--data", str(data), "--roster", str(roster),
                               "--port", "0", "--year", "2024"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith("服务已启动：http://127.0.0.1:"), first
        address = first.split("：", 1)[1].split("（", 1)[0]
        lines = _read_lines(server.stdout, 3)
        assert "单位链接.xlsx" in lines[0] and "/county/setup/" in lines[2]
        # Links on 127.0.0.1 open only here: the terminal says so, and what to start with instead.
        assert "只有运行本服务的这台电脑能打开" in lines[1] and "--host 0.0.0.0 --url http://" in lines[1]
        with urllib.request.urlopen(address, timeout=10) as response:
            assert "填报检查" in response.read().decode()
        assert main(["serve", "--data", str(data), "--port", "0"]) == 2
        assert "已被另一个正在运行的服务使用" in capsys.readouterr().err
        server.terminate()  # as `kill` would: the server says it stopped and frees the folder
        assert server.wait(timeout=20) == 0
        assert "服务已停止" in server.stdout.read()
        DataLock(data).release()
    finally:
        server.kill()
        server.wait(timeout=20)


def test_an_accepted_upload_survives_the_server_being_killed(tmp_path: Path) -> None:
    """SIGKILL right after the page said “received”: the file and its result are there on restart."""
    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇"])
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "pipeline", "serve", "--data", str(data), "--port", "0", "--year", "2024"]
    server = subprocess.Popen([*command, "--roster", str(roster)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        address = server.stdout.readline().split("：", 1)[1].split("（", 1)[0]
        token = Store(data).units()[0].token
        url, page = upload_over_http(f"{address}/u/{token}", EXAMPLE.read_bytes())
        assert "检查结果：盘江镇" in page
    finally:
        server.kill()  # no shutdown, no flush: as a power cut would leave it
        server.wait(timeout=20)
    store = Store(data)
    (sub,) = store.submissions(store.units()[0].id)
    assert url.endswith(f"/s/{sub.id}") and sub.sha256 == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert store.file_path(sub.sha256).read_bytes() == EXAMPLE.read_bytes()
    DataLock(data).release()  # the dead server's lock went with it: the office can start again


def test_serve_without_a_roster_at_first_start_says_what_to_do(tmp_path: Path, capsys) -> None:
    assert main(["serve", "--data", str(tmp_path / "data"), "--port", "0"]) == 2
    assert "首次启动请用 --roster 指定名单" in capsys.readouterr().err


def test_serve_refuses_a_date_it_cannot_read(tmp_path: Path, capsys) -> None:
    assert main(["serve", "--data", str(tmp_path), "--deadline", "1月31日"]) == 2
    assert "不是日期" in capsys.readouterr().err


def test_make_serves_example_roster_gives_each_unit_its_kind_and_deadline(tmp_path: Path) -> None:
    # `make serve` starts with examples/名单示例.xlsx for 2024: a 镇 and the 局 are due 2025-01-31.
    from datetime import date

    from pipeline.web.serve import prepare
    from tests.roster_example import EXAMPLE_ROSTER

    prepared = prepare(tmp_path / "data", EXAMPLE_ROSTER, 2024, today=date(2025, 1, 20))
    try:
        units = {u.name: (u.kind, u.parent, u.deadline) for u in prepared.store.units()}
        assert len(units) == 5
        assert units["盘江镇"] == ("乡镇、街道", "某某县人民政府", "2025-01-31")
        assert units["某某县教育局"] == ("县级人民政府部门", "某某县人民政府", "2025-01-31")
    finally:
        prepared.lock.release()


def test_a_port_in_use_is_one_chinese_line_naming_it_and_how_to_pick_another(tmp_path: Path, capsys) -> None:
    import socket

    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇"])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--data", str(tmp_path / "data"), "--roster", str(roster), "--port", str(port),
                     "--year", "2024"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"端口 {port} 已被占用" in err and "--port" in err
    assert "内部错误" not in err and "OSError" not in err and len(err.strip().splitlines()) == 1
    DataLock(tmp_path / "data").release()  # the refused start left the data folder free


def test_reset_password_at_the_server_prints_a_new_setup_code_and_ends_every_sign_in(tmp_path: Path) -> None:
    from flask.testing import FlaskClient

    from pipeline.web import auth
    from pipeline.web import serve as serving
    from pipeline.web.app import create_app
    from pipeline.web.serve import prepare
    from tests.web.conftest import sign_in

    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇"])
    prepared = prepare(tmp_path / "data", roster, 2024)
    client: FlaskClient = create_app(prepared.store, 2024).test_client()
    sign_in(client, prepared, "县办密码12345")
    assert client.get("/county").status_code == 200
    prepared.lock.release()
    again = prepare(tmp_path / "data", None, reset_password=True)
    try:
        assert again.reset and again.setup_code is not None and again.setup_code != prepared.setup_code
        assert again.store.setting(auth.PASSWORD_KEY) is None
        assert client.get("/county").status_code == 302  # the browser signed in before is signed out
        said: list[str] = []

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(serving, "make_server", lambda *args, **kwargs: Idle())
            serving.serve(again, "127.0.0.1", 8000, said.append)
        assert f"重设密码（原密码已作废）：http://127.0.0.1:8000/county/setup/{again.setup_code}" in "\n".join(said)
    finally:
        again.lock.release()  # serve released it; releasing twice is harmless


def test_the_county_page_warns_when_the_links_open_only_on_this_computer(tmp_path: Path) -> None:
    from pipeline.web.app import create_app
    from pipeline.web.serve import prepare
    from tests.web.conftest import sign_in

    prepared = prepare(tmp_path / "data", write_roster(tmp_path / "名单.xlsx", ["盘江镇"]), 2024)
    try:
        client = create_app(prepared.store, 2024).test_client()
        sign_in(client, prepared)
        page = client.get("/county").get_data(as_text=True)  # on http://localhost/
        assert "只有运行本服务的这台电脑能打开" in page and "--host 0.0.0.0 --url http://" in page
        prepared.store.set_setting("base_url", "http://192.168.1.10:8000")  # as serve --url keeps it
        page = client.get("/county").get_data(as_text=True)  # on http://localhost/
        assert "只有运行本服务的这台电脑能打开" not in page and "http://192.168.1.10:8000/u/" in page
    finally:
        prepared.lock.release()


def test_a_deadline_before_the_year_ends_is_a_warning_at_the_start(tmp_path: Path) -> None:
    """As batch warns: ``--deadline 2024-01-20`` for the 2024 reports is most often 2025-01-20 mistyped;
    a deadline after the year says nothing."""
    from datetime import date

    from pipeline.web import serve as serving
    from pipeline.web.serve import prepare

    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇"])
    for deadline, warned in ((date(2024, 1, 20), True), (date(2025, 1, 20), False)):
        prepared = prepare(tmp_path / f"data{deadline.year}", roster, 2024, deadline)
        said: list[str] = []
        try:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(serving, "make_server", lambda *args, **kwargs: Idle())
                serving.serve(prepared, "127.0.0.1", 8000, said.append)
        finally:
            prepared.lock.release()
        early = [line for line in said if line.startswith("警告：")]
        assert (early == [] if not warned else
                len(early) == 1 and "2024年1月20日" in early[0] and "2025年1月20日" in early[0]), said
