"""``python -m pipeline serve`` as an office starts it: the address printed, a second server refused."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from pipeline.cli import main
from pipeline.core.paths import ROOT
from pipeline.web.storage import DataLock, Store
from tests.helpers import EXAMPLE
from tests.web.conftest import upload_over_http, write_roster


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
        lines = [server.stdout.readline() for _ in range(2)]
        assert "单位链接.xlsx" in lines[0] and "/county/setup/" in lines[1]
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
