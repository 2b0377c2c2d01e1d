"""``python -m pipeline serve``: prepare the data folder from the roster, write the units' links, serve.

The data folder holds everything (the database, the uploads, the links file); back it up by copying it
while the server is stopped. The server is waitress: pure Python, threads, nothing else to install.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.core.cells import as_data
from pipeline.core.fatal import CannotRun
from pipeline.core.output import atomic_write
from pipeline.units.deadlines import deadline_for
from pipeline.units.roster import RosterEntry, read_entries
from pipeline.web import auth
from pipeline.web.county_docs import DEADLINE, ROUND_SET, YEAR, default_year
from pipeline.web.county_pages import BASE_URL
from pipeline.web.storage import DataLock, RosterUnit, Store

if TYPE_CHECKING:
    from flask import Flask

LINKS_NAME = "单位链接.xlsx"


@dataclass(frozen=True)
class Prepared:
    store: Store
    lock: DataLock
    year: int
    links: Path
    setup_code: str | None
    previous_note: str = ""  # how many units' last-year workbooks were found (serve --previous)


def prepare(data: Path, roster: Path | None, year: int | None = None, deadline: date | None = None,
            url: str | None = None, today: date | None = None, previous: Path | None = None) -> Prepared:
    """Lock ``data`` for this server, bring the units in line with ``roster`` and write the links file."""
    lock = DataLock(data)
    try:
        store = Store(data)
        if year is not None:  # chosen at the terminal: the county page need not ask again
            store.set_setting(YEAR, str(year))
            store.set_setting(ROUND_SET, "1")
        year = int(store.setting(YEAR) or default_year(today or date.today()))
        store.set_setting(YEAR, str(year))
        if deadline is not None:
            store.set_setting(DEADLINE, deadline.isoformat())
        for_all = store.setting(DEADLINE)
        if url is not None:
            store.set_setting(BASE_URL, url.rstrip("/"))
        if roster is not None:
            store.sync_units([roster_unit(e, year, date.fromisoformat(for_all) if for_all else None)
                              for e in read_entries(roster, year)], auth.new_token)
        if not store.units():
            raise CannotRun("还没有单位名单。首次启动请用 --roster 指定名单（roster-template 生成模板），"
                            "如：python -m pipeline serve --roster 名单.xlsx")
        note = take_previous(store, previous, year) if previous is not None else ""
        links = data / LINKS_NAME
        write_links(store, links, store.setting(BASE_URL) or "")
        return Prepared(store, lock, year, links, auth.setup_code(store), note)
    except BaseException:
        lock.release()
        raise


def roster_unit(entry: RosterEntry, year: int, for_all: date | None) -> RosterUnit:
    """A roster line as the web keeps it: its deadline by ``batch``'s rule (its own, the office's, the 条例)."""
    due = deadline_for(entry.kind, year, entry.deadline, for_all)
    return RosterUnit(entry.name, entry.id.key, due.isoformat(), entry.kind.value if entry.kind else "", entry.parent,
                      entry.deadline.isoformat() if entry.deadline else None)


def take_previous(store: Store, folder: Path, year: int) -> str:
    """Keep each unit's previous-year workbook from ``folder`` (matched by 单位名称, as ``batch --previous``
    does) in the data folder, so that every upload is checked against it (Y1–Y3)."""
    from pipeline.core.unit_names import UnitId, match
    from pipeline.units.lastyear import index_previous

    index = index_previous(folder, jobs=1)
    missing = []
    for unit in store.units():
        me = UnitId(unit.name)
        matches = [path for uid, y, path in index.entries if y == year - 1 and match(uid, me) is not None]
        if len(matches) == 1:
            store.set_previous(unit.id, store.put_file(matches[0].read_bytes()), matches[0].name)
        else:
            missing.append(unit.name)
    found = len(store.units()) - len(missing)
    unmatched = f"；没有找到（或有多份）的：{'、'.join(missing)}" if missing else ""
    return f"上年（{year - 1} 年度）工作簿：{found} 个单位已找到，上传时将核对衔接关系{unmatched}"


def write_links(store: Store, path: Path, base: str) -> None:
    """One row per unit: its name, deadline and link, for the office to send to each unit."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "单位链接"
    ws.append(["单位名称", "截止日期", "专用链接（只发给该单位本身）"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for unit in store.units():
        ws.append([unit.name, unit.deadline, f"{base or '（服务地址）'}/u/{unit.token}"])
        for cell in ws[ws.max_row]:
            as_data(cell)  # a name that begins with “=” stays text, never a formula
    for col, width in zip("ABC", (30, 12, 80), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    # Rewritten at every start from the database: the office may have opened and saved it in Excel.
    with atomic_write(path, force=True) as tmp:
        wb.save(tmp)


def make_server(app: Flask, host: str, port: int, threads: int = 8) -> Any:
    """The waitress server for ``app``: threads for concurrent uploads, no server name in the headers."""
    from waitress import create_server

    # waitress reads a whole request body before the app sees it: cap it (well above the app's own limit,
    # so an upload slightly too big still gets the app's Chinese page, but a flood never fills the disk).
    return create_server(app, host=host, port=port, threads=threads, ident="", clear_untrusted_proxy_headers=True,
                         max_request_body_size=2 * int(app.config["MAX_CONTENT_LENGTH"]))


def serve(prepared: Prepared, host: str, port: int, say: Callable[[str], None] = print, threads: int = 8) -> None:
    """Serve until interrupted; the data folder stays locked meanwhile."""
    from pipeline.web.app import create_app

    app = create_app(prepared.store, prepared.year)
    server = make_server(app, host, port, threads)
    address = f"http://{host}:{getattr(server, 'effective_port', port)}"
    base = prepared.store.setting(BASE_URL) or address
    if not prepared.store.setting(BASE_URL):
        write_links(prepared.store, prepared.links, base)
    say(f"服务已启动：{address}（{prepared.year} 年度，{len(prepared.store.units())} 个单位；按 Ctrl+C 停止）")
    say(f"各单位的专用链接：{prepared.links}（请分别发给各单位，链接只发给该单位本身）")
    if prepared.previous_note:
        say(prepared.previous_note)
    if host in ("0.0.0.0", "::") and not prepared.store.setting(BASE_URL):
        say("提示：链接中的地址是 0.0.0.0，其他电脑无法使用。"
            "请加 --url http://本机局域网IP:端口 重新启动，链接会随之更新。")
    if prepared.setup_code is not None:
        say(f"首次设置密码：{base}/county/setup/{prepared.setup_code}（只在本机浏览器中打开，设置后此链接失效）")
    else:
        say(f"县政务公开办管理页面：{base}/county")

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # `kill` stops the server as Ctrl+C does

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()  # returns on Ctrl+C (waitress catches the KeyboardInterrupt)
    finally:
        server.close()
        prepared.lock.release()
    say("服务已停止。所有已确认的提交都已保存在数据目录中。")
