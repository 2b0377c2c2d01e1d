"""``python -m pipeline serve``: prepare the data folder from the roster, write the units' links, serve.

The data folder holds everything (the database, the uploads, the links file); back it up by copying it
while the server is stopped. The server is waitress: pure Python, threads, nothing else to install.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.core.fatal import CannotRun
from pipeline.units.deadlines import early_warning
from pipeline.units.roster import read_entries
from pipeline.web import auth, oversize, roster_admin
from pipeline.web.app import create_app, too_large_page
from pipeline.web.county_docs import ROUND_SET, YEAR, default_year
from pipeline.web.links import BASE_URL, LINKS_NAME, local_only, local_warning, write_links
from pipeline.web.roster_admin import DEADLINE
from pipeline.web.storage import DataLock, Store

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["LINKS_NAME", "Prepared", "make_server", "prepare", "serve"]


@dataclass(frozen=True)
class Prepared:
    store: Store
    lock: DataLock
    year: int
    links: Path
    setup_code: str | None
    previous_note: str = ""  # how many units' last-year workbooks were found (serve --previous)
    reset: bool = False  # the password was just forgotten (serve --reset-password)


def prepare(data: Path, roster: Path | None, year: int | None = None, deadline: date | None = None,
            url: str | None = None, today: date | None = None, previous: Path | None = None,
            reset_password: bool = False) -> Prepared:
    """Lock ``data`` for this server, bring the units in line with ``roster`` and write the links file;
    ``reset_password``: forget the office's password and sign everyone out (a new setup code is printed)."""
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
        if url is not None:
            store.set_setting(BASE_URL, url.rstrip("/"))
        if roster is not None:
            changes = roster_admin.plan(store, read_entries(roster, year), year)
            roster_admin.apply(store, changes, auth.new_token)
            if changes.added or changes.renamed or changes.removed or changes.restored:
                store.audit("服务器", "更新名单", detail=f"启动时给的名单 {roster.name}：新增 {len(changes.added)}、"
                            f"改名 {len(changes.renamed)}、停用 {len(changes.removed)}、恢复 {len(changes.restored)}")
        if not store.units():
            raise CannotRun("还没有单位名单。首次启动请用 --roster 指定名单（roster-template 生成模板），"
                            "如：python -m pipeline serve --roster 名单.xlsx")
        note = take_previous(store, previous, year) if previous is not None else ""
        if reset_password:
            auth.reset_password(store)
            store.audit("服务器", "重设密码", detail="在服务器上重设：原密码作废，全部登录已退出")
        links = write_links(store, store.setting(BASE_URL) or "", data / LINKS_NAME)
        return Prepared(store, lock, year, links, auth.setup_code(store), note, reset_password)
    except BaseException:
        lock.release()
        raise


def take_previous(store: Store, folder: Path, year: int) -> str:
    """Keep each unit's previous-year workbook from ``folder`` (matched by 单位名称, as ``batch --previous``
    does) in the data folder, so that every upload is checked against it (Y1–Y3)."""
    from pipeline.core.unit_names import UnitId, match
    from pipeline.units.lastyear import index_previous
    from pipeline.workbook.imported import workbook_bytes

    index = index_previous(folder, jobs=1)
    missing = []
    for unit in store.units():
        me = UnitId(unit.name)
        matches = [path for uid, y, path in index.entries if y == year - 1 and match(uid, me) is not None]
        if len(matches) == 1:
            # A published report (.docx, page, PDF) is kept as the workbook it imports to.
            store.set_previous(unit.id, store.put_file(workbook_bytes(matches[0])), matches[0].name)
        else:
            missing.append(unit.name)
    found = len(store.units()) - len(missing)
    unmatched = f"；没有找到（或有多份）的：{'、'.join(missing)}" if missing else ""
    return f"上年（{year - 1} 年度）工作簿：{found} 个单位已找到，上传时将核对衔接关系{unmatched}"


def make_server(app: Flask, host: str, port: int, threads: int = 8) -> Any:
    """The waitress server for ``app``: threads for concurrent uploads, no server name in the headers."""
    import errno

    from waitress import create_server

    # waitress reads a whole request body before the app sees it: cap it (well above the app's own limit,
    # so an upload slightly too big still gets the app's Chinese page, but a flood never fills the disk).
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="",
                               clear_untrusted_proxy_headers=True,
                               max_request_body_size=2 * int(app.config["MAX_CONTENT_LENGTH"]))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CannotRun(f"端口 {port} 已被占用（另一个程序或另一个服务正在使用）。请用 --port 换一个端口，"
                            f"如 --port {port + 1 if 0 < port < 65535 else 8001}，或先关闭占用该端口的程序。") from exc
        if exc.errno == errno.EACCES:
            raise CannotRun(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限）。"
                            f"请用 --port 8000 等 1024 以上的端口。") from exc
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or isinstance(exc, socket.gaierror):
            raise CannotRun(f"无法在地址 {host} 上启动服务：本机没有这个地址。"
                            f"只给本机用请省略 --host；给局域网用请用 --host 0.0.0.0。") from exc
        raise
    oversize.install(server, *too_large_page(app))
    return server


def serve(prepared: Prepared, host: str, port: int, say: Callable[[str], None] = print, threads: int = 8) -> None:
    """Serve until interrupted; the data folder stays locked meanwhile."""
    app = create_app(prepared.store, prepared.year)
    try:
        server = make_server(app, host, port, threads)
    except BaseException:
        prepared.lock.release()
        raise
    address = f"http://{host}:{getattr(server, 'effective_port', port)}"
    base = prepared.store.setting(BASE_URL) or address
    if not prepared.store.setting(BASE_URL):
        write_links(prepared.store, base, prepared.links)
    say(f"服务已启动：{address}（{prepared.year} 年度，{len(prepared.store.units())} 个单位；按 Ctrl+C 停止）")
    say(f"各单位的专用链接：{prepared.links}（请分别发给各单位，链接只发给该单位本身）")
    if prepared.previous_note:
        say(prepared.previous_note)
    for_all = prepared.store.setting(DEADLINE)
    early = early_warning(date.fromisoformat(for_all), prepared.year, "--deadline 给的") if for_all else None
    if early:  # as batch warns: a date before the year ends is most often the year after's, mistyped
        say(early)
    if local_only(base):
        say(local_warning(base, getattr(server, "effective_port", port)))
    if prepared.setup_code is not None:
        first = "重设密码（原密码已作废）" if prepared.reset else "首次设置密码"
        say(f"{first}：{base}/county/setup/{prepared.setup_code}（只在本机浏览器中打开，设置后此链接失效）")
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
