"""Every page on a phone and to a screen reader (issue 19, item 7): at 390 px wide no page scrolls
sideways (wide tables scroll in their own box, the county's list of units becomes cards), a unit's
name never wraps one character a line, and axe-core finds no serious or critical violation.

Chromium is Debian's (``browser_type_launch_args`` in conftest); axe-core comes with axe-playwright-python.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from pipeline.web import service
from pipeline.web.serve import Prepared
from tests.web.conftest import YEAR, LiveServer, renamed_example, token_of, write_roster

PASSWORD = "县办密码12345"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def round_under_way(prepared: Prepared, wrong_number: Path) -> Prepared:
    """Three units: one with errors, one clean, one that sent a file that cannot be read."""
    store = prepared.store
    units = {u.name: u for u in store.units()}
    service.accept_upload(store, units["盘江镇"], YEAR, wrong_number.read_bytes(), "盘江镇_有错.xlsx", "")
    service.accept_upload(store, units["某某县教育局"], YEAR, renamed_example("某某县教育局", clean=True),
                          "某某县教育局2024年度政府信息公开工作年度报告填报表.xlsx", "")
    service.accept_upload(store, units["某某县财政局"], YEAR, b"not a workbook", "财政局.xls", "")
    return prepared


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def _check(page: Page, url: str) -> None:
    """The page at ``url`` as loaded: no sideways scroll, names not one character a line, axe clean."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{url}: the page is {width} px wide on a {PHONE['width']} px phone"
    for name, chars, lines in page.evaluate("""() => [...document.querySelectorAll('th[scope=row]')].map(th => {
            const range = document.createRange(); range.selectNodeContents(th);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return [th.textContent.trim(), th.textContent.trim().length, tops.size]; })"""):
        assert lines <= max(1, math.ceil(chars / 4)), f"{url}: “{name}” wraps into {lines} lines"
    serious = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{url}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']} — "
                                               f"{[n['target'] for n in v['nodes']][:3]}" for v in serious)


def test_every_page_fits_a_phone_and_passes_axe(phone: Page, live: LiveServer, round_under_way: Prepared,
                                                tmp_path: Path) -> None:
    store, base = round_under_way.store, live.url
    token = token_of(round_under_way, "盘江镇")
    subs = {u.name: store.submissions(u.id)[0] for u in store.units()}
    before = [f"{base}/", f"{base}/county/login", f"{base}/county/setup/{round_under_way.setup_code}",
              f"{base}/u/{token}", f"{base}/u/{token}/s/{subs['盘江镇'].id}",
              f"{base}/u/{token_of(round_under_way, '某某县财政局')}/s/{subs['某某县财政局'].id}",
              f"{base}/u/{token_of(round_under_way, '某某县教育局')}/s/{subs['某某县教育局'].id}",
              f"{base}/u/no-such-link"]
    for url in before:
        phone.goto(url)
        _check(phone, url)

    phone.goto(f"{base}/county/setup/{round_under_way.setup_code}")
    phone.fill("#password", PASSWORD)
    phone.fill("#again", PASSWORD)
    phone.click("button[type=submit]")
    unit_id = store.units()[0].id
    for url in (f"{base}/county", f"{base}/county?status=有错误&sort=name", f"{base}/county/units",
                f"{base}/county/password", f"{base}/county/u/{unit_id}", f"{base}/county/s/{subs['盘江镇'].id}",
                f"{base}/county/login"):
        phone.goto(url)
        _check(phone, url)

    # The roster preview, reached as the office reaches it: a file chosen on 单位管理, then 预览变化.
    roster = write_roster(tmp_path / "新名单.xlsx", ["盘江镇", "某某县人力资源和社会保障局"])
    phone.goto(f"{base}/county/units")
    phone.set_input_files("#roster", str(roster))
    phone.click("text=预览变化")
    phone.wait_for_selector("text=新名单将带来的变化")
    _check(phone, "/county/roster")


def test_the_county_page_is_usable_by_keyboard_alone(phone: Page, live: LiveServer,
                                                     round_under_way: Prepared) -> None:
    """Tab reaches the filters and every unit's page, and Enter follows them; the focus is drawn."""
    phone.goto(f"{live.url}/county/setup/{round_under_way.setup_code}")
    phone.fill("#password", PASSWORD)
    phone.fill("#again", PASSWORD)
    phone.press("#again", "Enter")
    phone.wait_for_selector("text=报送情况总览")
    for _ in range(60):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.textContent.trim().startsWith('有错误（')"):
            break
    else:
        pytest.fail("the filter 有错误 cannot be reached with Tab")
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    phone.keyboard.press("Enter")
    phone.wait_for_url("**status=**")
    names = phone.locator("th[scope=row]").all_inner_texts()
    # The wrong number; the file that cannot be read is no submission (the round's rule): 未报送, not here.
    assert names == ["盘江镇"]
