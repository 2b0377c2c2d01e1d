"""A county's round walked in the browser (Chromium): first start, a new roster uploaded and confirmed,
the links downloaded, units uploading good and bad files through their links, the list filtered, every
退回通知 in one zip, the password changed (another signed-in browser is signed out), logout.

What a round's county documents say is the round module's; here only that the office can do each step
in the browser and sees what the units did. (Parity of the documents with ``batch`` is tested there.)
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pipeline.units.roster import RosterEntry, write_roster_template
from pipeline.web.serve import Prepared
from tests.helpers import EXAMPLE
from tests.web.conftest import LiveServer, renamed_example

PASSWORD, NEW_PASSWORD = "县办密码12345", "新的县办密码678"


def _context(browser: Browser) -> BrowserContext:
    return browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN", accept_downloads=True)


def _download(page: Page, text: str, folder: Path) -> Path:
    with page.expect_download() as download:
        page.click(f"text={text}")
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def _listed(county: Page) -> list[str]:
    return county.locator("table.units th[scope=row]").all_inner_texts()


def _upload(browser: Browser, link: str, data: bytes, name: str, tmp_path: Path) -> str:
    """A unit opens its link and uploads ``data`` as the file ``name``; the verdict it is shown."""
    file = tmp_path / name
    file.write_bytes(data)
    page = _context(browser).new_page()
    page.goto(link)
    page.set_input_files("#workbook", str(file))
    page.click("text=上传并检查")
    verdict = page.locator(".verdict").inner_text()
    page.context.close()
    return verdict


def test_a_county_round_in_the_browser(browser: Browser, live: LiveServer, prepared: Prepared, wrong_number: Path,
                                       tmp_path: Path) -> None:
    # First start: the office opens the link serve printed and chooses its password.
    county = _context(browser).new_page()
    county.goto(f"{live.url}/county/setup/{prepared.setup_code}")
    county.fill("#password", PASSWORD)
    county.fill("#again", PASSWORD)
    county.click("button[type=submit]")
    expect(county.locator("h1")).to_contain_text("报送情况总览")
    other = _context(browser).new_page()  # a second computer of the office, signed in too
    other.goto(f"{live.url}/county/login")
    other.fill("#password", PASSWORD)
    other.press("#password", "Enter")
    expect(other.locator("h1")).to_contain_text("报送情况总览")

    # A new roster: previewed, confirmed; 某某县财政局 leaves, 新华街道 joins, 教育局 is renamed.
    roster = tmp_path / "新名单.xlsx"
    renamed = RosterEntry("某某县教育体育局", former=("某某县教育局",))
    write_roster_template(roster, entries=[RosterEntry("盘江镇"), renamed, RosterEntry("新华街道")])
    county.click("text=单位管理")
    county.set_input_files("#roster", str(roster))
    county.click("text=预览变化")
    expect(county.locator("main")).to_contain_text("某某县教育局 → 某某县教育体育局")
    county.click("text=确认，按新名单更新")
    expect(county.locator(".notice.done")).to_contain_text("新增 1、改名 1、停用 1")
    links = load_workbook(_download(county, "下载单位链接.xlsx", tmp_path)).active
    assert links is not None
    link = {str(r[0]): str(r[2]) for r in links.iter_rows(min_row=2, values_only=True)}
    assert list(link) == ["盘江镇", "某某县教育体育局", "新华街道"]
    local = {name: url.replace("http://county.example:8000", live.url) for name, url in link.items()}

    # The units upload through their links: a good workbook, one with a wrong number, an old .xls.
    assert "没有错误" in _upload(browser, local["盘江镇"], EXAMPLE.read_bytes(), "盘江镇2024.xlsx", tmp_path)
    educated = renamed_example("某某县教育体育局", source=wrong_number)
    assert "不能生成报告" in _upload(browser, local["某某县教育体育局"], educated, "教育体育局.xlsx", tmp_path)
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert "文件无法读取" in _upload(browser, local["新华街道"], old, "新华街道.xls", tmp_path)

    # The office filters its list and takes every 退回通知 at once.
    county.click("text=报送情况")
    assert _listed(county) == ["盘江镇", "某某县教育体育局", "新华街道"]
    county.click("nav.filters >> text=有错误")
    assert _listed(county) == ["某某县教育体育局", "新华街道"]
    notices = zipfile.ZipFile(io.BytesIO(_download(county, "全部退回通知（.zip）", tmp_path).read_bytes()))
    # As batch writes them: one for each unit whose latest file has problems (盘江镇: the example's warnings).
    assert sorted(notices.namelist()) == [f"{n}_退回通知.docx" for n in ("新华街道", "某某县教育体育局", "盘江镇")]

    # A new password signs the other computer out; logging out ends this session too.
    county.click("text=修改密码")
    county.fill("#current", PASSWORD)
    county.fill("#password", NEW_PASSWORD)
    county.fill("#again", NEW_PASSWORD)
    county.click("main button[type=submit]")
    expect(county.locator(".notice.done")).to_contain_text("密码已修改")
    other.goto(f"{live.url}/county")
    expect(other.locator("h1")).to_contain_text("县政务公开办登录")
    county.click("text=退出登录")
    expect(county.locator("h1")).to_contain_text("县政务公开办登录")
    county.goto(f"{live.url}/county")
    expect(county.locator("h1")).to_contain_text("县政务公开办登录")
    actions = [r["action"] for r in prepared.store.audit_log()]
    assert {"设置密码", "登录", "预览新名单", "更新名单", "下载单位链接", "上传", "下载全部退回通知", "修改密码",
            "退出登录"} <= set(actions)
