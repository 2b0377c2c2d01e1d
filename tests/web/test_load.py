"""Fifty units upload at the same moment to one server (waitress on 127.0.0.1, as ``serve`` runs it):
none is lost, and each gets its own result. Bounded: fifty requests, each with a time limit."""

from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from pipeline.core.problems import as_json
from pipeline.run import check_workbook
from pipeline.web.app import create_app
from pipeline.web.serve import prepare
from tests.web.conftest import TIMEOUT, LiveServer, renamed_example, upload_over_http, write_roster

N = 50


def test_fifty_concurrent_uploads_lose_none_and_each_gets_its_own_result(tmp_path: Path) -> None:
    names = [f"测试{i:02d}镇" for i in range(1, N + 1)]
    prepared = prepare(tmp_path / "data", write_roster(tmp_path / "名单.xlsx", names), 2024, date(2025, 1, 31))
    try:
        store = prepared.store
        server = LiveServer(create_app(store, prepared.year), threads=8)
        try:
            tokens = {u.name: u.token for u in store.units()}
            files = {name: renamed_example(name) for name in names}
            sample = tmp_path / "sample.xlsx"
            sample.write_bytes(files[names[0]])
            expected = [p["code"] for p in json.loads(as_json(check_workbook(sample).problems))["problems"]]
            start = threading.Barrier(N)
            with ThreadPoolExecutor(N) as pool:
                futures = {name: pool.submit(upload_over_http, f"{server.url}/u/{tokens[name]}", files[name], start)
                           for name in names}
                answers = {name: future.result(timeout=TIMEOUT * 2) for name, future in futures.items()}
        finally:
            server.close()
        for unit in store.units():
            subs = store.submissions(unit.id)
            assert len(subs) == 1, unit.name  # none lost, none doubled
            sub = subs[0]
            assert sub.sha256 == hashlib.sha256(files[unit.name]).hexdigest()  # its own file
            assert store.file_path(sub.sha256).read_bytes() == files[unit.name]
            codes = [p["code"] for p in json.loads(sub.result)["problems"]]
            assert codes == expected, (unit.name, codes)  # its own result: no W1, the name is its own
            url, page = answers[unit.name]
            assert url.endswith(f"/u/{unit.token}/s/{sub.id}")
            assert f"检查结果：{unit.name}" in page and sub.received.replace('T', ' ') in page
    finally:
        prepared.lock.release()
