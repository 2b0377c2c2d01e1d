"""In a real browser (Chromium driven by Playwright): a unit uploads a workbook with one wrong number,
sees the problem and its cell, uploads the corrected one and downloads the report; the county page,
in another browser session, shows each change of status.

``SCREENSHOTS_DIR=docs`` (``make screenshots``) also saves the README's pictures of both pages there.
"""

from __future__ import annotations

import os
from pathlib import Path

from docx import Document
from playwright.sync_api import Browser, Page, expect

from pipeline.web import service
from pipeline.web.serve import Prepared
from tests.helpers import EXAMPLE
from tests.web.conftest import YEAR, LiveServer, renamed_example, token_of

PASSWORD = "县办密码12345"


def _status(county: Page, live: LiveServer, name: str) -> str:
    county.goto(f"{live.url}/county")
    row = county.locator("tr", has=county.locator(f'th[scope="row"] a:text-is("{name}")'))
    return row.locator("td.state").inner_text()


def other_warnings(store) -> int:
    unit = next(u for u in store.units() if u.name == "某某县教育局")
    return store.submissions(unit.id)[0].warnings


def _shot(page: Page, name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes().startswith(b"\x89PNG")
    target = os.environ.get("SCREENSHOTS_DIR")
    if target:
        page.screenshot(path=str(Path(target) / name), full_page=True)


def test_a_unit_corrects_its_workbook_and_the_county_sees_it(browser: Browser, live: LiveServer, prepared: Prepared,
                                                             wrong_number: Path, tmp_path: Path) -> None:
    store = prepared.store
    other = next(u for u in store.units() if u.name == "某某县教育局")
    clean = renamed_example("某某县教育局", clean=True)
    service.accept_upload(store, other, YEAR, clean, "某某县教育局.xlsx", "127.0.0.1")

    # The county office sets its password through the first-start link and sees 盘江镇 not yet submitted.
    county = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    county.goto(f"{live.url}/county/setup/{prepared.setup_code}")
    county.fill("#password", PASSWORD)
    county.fill("#again", PASSWORD)
    county.click("button[type=submit]")
    expect(county.locator("h1")).to_contain_text("报送情况总览")
    assert _status(county, live, "盘江镇") == "未报送"
    assert _status(county, live, "某某县教育局") in ("已通过", f"仅有警告（{other_warnings(store)} 个警告）")

    # The unit opens its link and uploads a workbook with one wrong number.
    unit = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN").new_page()
    link = f"{live.url}/u/{token_of(prepared, '盘江镇')}"
    unit.goto(link)
    expect(unit.locator("h1")).to_contain_text("盘江镇")
    unit.set_input_files("#workbook", str(wrong_number))
    unit.click("text=上传并检查")
    expect(unit.locator(".verdict")).to_contain_text("不能生成报告")
    wrong = unit.locator("ol.problems li.error", has=unit.locator(".cell:text-is('表三!D5')"))
    expect(wrong.first).to_be_visible()
    expect(wrong.first.locator(".message")).to_contain_text("两者应相等")
    expect(unit.locator("text=下载 Word 报告")).to_have_count(0)
    _shot(unit, "web-unit-errors.png", tmp_path)
    assert _status(county, live, "盘江镇").startswith("有错误")

    # It uploads the corrected workbook, sees it pass and downloads the Word report.
    unit.goto(link)
    unit.set_input_files("#workbook", str(EXAMPLE))
    unit.click("text=上传并检查")
    expect(unit.locator(".verdict")).to_contain_text("没有错误")
    with unit.expect_download() as download:
        unit.click("text=下载 Word 报告")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "盘江镇2024年政府信息公开工作年度报告.docx"
    assert "盘江镇2024年政府信息公开工作年度报告" in "\n".join(p.text for p in Document(str(saved)).paragraphs)

    # The county page shows the change, and the unit's page lists both submissions.
    assert _status(county, live, "盘江镇").startswith("仅有警告")
    _shot(county, "web-county.png", tmp_path)
    unit.goto(link)
    expect(unit.locator("table.list tbody tr")).to_have_count(2)
    expect(unit.locator(".state")).to_have_text("仅有警告")
    _shot(unit, "web-unit.png", tmp_path)
