"""The units' links: the address they are built on, the 单位链接.xlsx that carries them, and the warning
when that address is one only the server's own computer can open (127.0.0.1, localhost, 0.0.0.0)."""

from __future__ import annotations

import io
import socket
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.core.cells import as_data
from pipeline.core.output import atomic_write
from pipeline.web.storage import Store

BASE_URL = "base_url"  # the setting: the address units type, given by serve --url
LINKS_NAME = "单位链接.xlsx"
_LOCAL = {"127.0.0.1", "localhost", "::1", "0.0.0.0", "::", ""}


def local_only(base: str) -> bool:
    """Whether links on ``base`` open only on the server's own computer."""
    host = urlsplit(base).hostname or ""
    return host in _LOCAL or host.startswith("127.")


def lan_address() -> str | None:
    """This computer's address on its network, as others would reach it; None when it has none. A
    UDP socket 'connected' to a private address sends nothing but says which interface would be used."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def local_warning(base: str, port: int | str) -> str:
    """What to say when the links are on ``base`` and only this computer can open them: which
    ``--host`` and ``--url`` to start with so the units can."""
    lan = lan_address()
    url = f"http://{lan or '本机局域网IP'}:{port}"
    return (f"注意：单位链接的地址是 {base}，只有运行本服务的这台电脑能打开，各单位打不开。"
            f"要让各单位访问，请停止服务后加 --host 0.0.0.0 --url {url} 重新启动"
            f"{'（' + lan + ' 是本机在局域网中的地址）' if lan else '（本机局域网IP 可在网络设置中查看）'}，"
            f"链接随之更新，已发出的链接中的密钥不变。")


def links_workbook(store: Store, base: str) -> bytes:
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
    # Each row by its number: ``ws[ws.max_row]`` looks at every cell of the sheet (max_row, then
    # max_column), which made a 10,000-unit roster's links file quadratic.
    for row, unit in enumerate(store.units(), 2):
        ws.append([unit.name, unit.deadline, f"{base or '（服务地址）'}/u/{unit.token}"])
        for column in range(1, 4):
            as_data(ws.cell(row, column))  # a name that begins with “=” stays text, never a formula
    for letter, width in zip("ABC", (30, 12, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_links(store: Store, base: str, path: Path | None = None) -> Path:
    """单位链接.xlsx in the data folder (or at ``path``), rewritten from the database at every start and
    after every change of the units: the office may have opened and saved it in Excel."""
    path = path or store.folder / LINKS_NAME
    with atomic_write(path, force=True) as tmp:
        tmp.write_bytes(links_workbook(store, base))
    return path
