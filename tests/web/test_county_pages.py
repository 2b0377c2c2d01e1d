"""The county office's page: every unit's status, on time or late, the countdown, and its documents."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from flask.testing import FlaskClient
from openpyxl import load_workbook

from pipeline.web.serve import LINKS_NAME, Prepared
from pipeline.web.status import countdown, timing
from tests.helpers import EXAMPLE
from tests.web.conftest import UNITS, Unit, csrf_from, renamed_example, sign_in, token_of


def _row(page: str, name: str) -> str:
    start = page.index(f'">{name}</a></th>')
    return page[start:page.index("</tr>", start)]


def test_each_unit_shows_its_status(client: FlaskClient, prepared: Prepared, wrong_number: Path) -> None:
    sign_in(client, prepared)
    page = client.get("/county").get_data(as_text=True)
    assert all("未报送" in _row(page, name) for name in UNITS)
    assert "下一个截止日期：2025年1月31日，还有 11 天。" in page
    Unit(client, token_of(prepared, "盘江镇")).upload(wrong_number.read_bytes())
    Unit(client, token_of(prepared, "某某县教育局")).upload(renamed_example("某某县教育局", clean=True))
    page = client.get("/county").get_data(as_text=True)
    assert "有错误（" in _row(page, "盘江镇")
    # No errors: passed, or warnings only (whatever the text checks of the day say of the example's prose).
    assert "已通过" in _row(page, "某某县教育局") or "仅有警告" in _row(page, "某某县教育局")
    assert "未报送" in _row(page, "某某县财政局")
    assert "按时" in _row(page, "盘江镇")
    assert "未报送 1" in page and "有错误 1" in page
    Unit(client, token_of(prepared, "盘江镇")).upload(EXAMPLE.read_bytes())
    assert "仅有警告" in _row(client.get("/county").get_data(as_text=True), "盘江镇")


def test_each_units_link_is_on_the_page_and_in_the_links_file(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared)
    page = client.get("/county").get_data(as_text=True)
    links = load_workbook(prepared.store.folder / LINKS_NAME).active
    assert links is not None
    rows = list(links.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == UNITS
    for name, deadline, link in rows:
        token = token_of(prepared, str(name))
        assert link == f"http://county.example:8000/u/{token}" and deadline == "2025-01-31"
        assert f"/u/{token}" in page


def test_timing_and_countdown() -> None:
    deadline = date(2025, 1, 31)
    assert timing(deadline, "2025-01-31T23:00:00", date(2025, 2, 5)) == "按时"
    assert timing(deadline, "2025-02-03T09:00:00", date(2025, 2, 5)) == "逾期 3 天"
    assert timing(deadline, None, date(2025, 1, 31)) == "未报送"
    assert timing(deadline, None, date(2025, 2, 5)) == "未报送（已逾期 5 天）"
    from pipeline.web.storage import Unit as StoredUnit

    units = [StoredUnit(1, "甲", "t", "2025-01-31", True), StoredUnit(2, "乙", "u", "2025-03-31", True)]
    assert countdown(units, date(2025, 1, 31)) == "下一个截止日期：2025年1月31日，今天截止。"
    assert countdown(units, date(2025, 2, 1)) == "下一个截止日期：2025年3月31日，还有 58 天。"
    assert countdown(units, date(2025, 4, 1)) == "所有截止日期均已过。"


def test_the_issue_list_has_every_units_latest_problems_and_who_is_missing(client: FlaskClient, prepared: Prepared,
                                                                          wrong_number: Path) -> None:
    Unit(client, token_of(prepared, "盘江镇")).upload(wrong_number.read_bytes(), "盘江镇.xlsx")
    sign_in(client, prepared)
    response = client.get("/county/问题清单.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    problems = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert any(r[0] == "盘江镇" and "表三!D5" in str(r[2]) and r[4] == "错误" for r in problems)
    missing = {r[0] for r in problems if r[3] == "R1"}
    assert missing == {"某某县教育局", "某某县财政局"}
    summary = {r[0]: r for r in wb["单位汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["盘江镇"][1] == "盘江镇.xlsx" and summary["某某县财政局"][4] == "未报送"


def test_the_aggregate_sums_the_units_latest_workbooks(client: FlaskClient, prepared: Prepared,
                                                       tmp_path: Path) -> None:
    from tests.helpers import edit_workbook

    one = edit_workbook(EXAMPLE, tmp_path / "a.xlsx", {"表二!B4": 3})  # 规章 制发 (a 镇 gets P1, a warning)
    Unit(client, token_of(prepared, "盘江镇")).upload(one.read_bytes())
    Unit(client, token_of(prepared, "某某县教育局")).upload(renamed_example("某某县教育局", one))
    sign_in(client, prepared)
    csrf = csrf_from(client.get("/county").get_data(as_text=True))
    response = client.post("/county/aggregate", data={"csrf": csrf, "unit": "某某县人民政府", "kind": "县级人民政府"})
    assert response.status_code == 200, response.get_data(as_text=True)
    wb = load_workbook(io.BytesIO(response.data))
    assert wb["表二"]["B4"].value == 6
    members = [r[1] for r in wb["汇总单位"].iter_rows(min_row=2, values_only=True)]
    assert members == ["盘江镇", "某某县教育局"]
    assert "某某县人民政府" in client.get("/county").get_data(as_text=True)  # remembered for next time


def test_an_aggregate_with_nothing_submitted_says_so(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared)
    csrf = csrf_from(client.get("/county").get_data(as_text=True))
    response = client.post("/county/aggregate", data={"csrf": csrf, "unit": "某某县人民政府"})
    assert response.status_code == 422 and "还没有单位提交" in response.get_data(as_text=True)


def test_every_upload_and_download_is_in_the_audit_log(client: FlaskClient, prepared: Prepared) -> None:
    unit = Unit(client, token_of(prepared, "盘江镇"))
    location = unit.upload(EXAMPLE.read_bytes(), "盘江镇2024.xlsx").headers["Location"]
    client.get(f"{location}/report.docx")
    client.get(f"/u/{unit.token}/blank.xlsx")
    sign_in(client, prepared)
    client.get("/county/问题清单.xlsx")
    actions = [(row["actor"], row["action"]) for row in prepared.store.audit_log()]
    assert ("盘江镇", "上传") in actions and ("盘江镇", "下载报告") in actions and ("盘江镇", "下载填报表") in actions
    assert ("县政务公开办", "下载问题清单") in actions and ("县政务公开办", "设置密码") in actions
    page = client.get("/county").get_data(as_text=True)
    assert "最近的操作记录" in page and "下载问题清单" in page


def test_the_county_sees_any_units_result(client: FlaskClient, prepared: Prepared, wrong_number: Path) -> None:
    location = Unit(client, token_of(prepared, "盘江镇")).upload(wrong_number.read_bytes()).headers["Location"]
    sign_in(client, prepared)
    page = client.get(f"/county/s/{location.rsplit('/', 1)[1]}").get_data(as_text=True)
    assert "检查结果：盘江镇" in page and "表三!D5" in page
    assert client.get("/county/s/999").status_code == 404


def test_the_county_gets_each_workbook_as_sent_and_all_latest_in_one_zip(client: FlaskClient, prepared: Prepared,
                                                                        wrong_number: Path) -> None:
    import zipfile

    first, second = wrong_number.read_bytes(), EXAMPLE.read_bytes()
    Unit(client, token_of(prepared, "盘江镇")).upload(first, "第一次.xlsx")
    Unit(client, token_of(prepared, "盘江镇")).upload(second, "第二次.xlsx")
    sign_in(client, prepared)
    unit_id = prepared.store.units()[0].id
    history = client.get(f"/county/u/{unit_id}").get_data(as_text=True)
    assert "第一次.xlsx" in history and "第二次.xlsx" in history
    old = prepared.store.submissions(unit_id)[-1]
    response = client.get(f"/county/s/{old.id}/workbook.xlsx")
    assert response.data == first  # byte for byte what the unit sent
    assert "%E7%9B%98%E6%B1%9F%E9%95%87_20250120_103000.xlsx" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/county/各单位最新工作簿.zip").data))
    assert archive.namelist() == ["盘江镇.xlsx"] and archive.read("盘江镇.xlsx") == second
    for url in (f"/county/u/{unit_id}", f"/county/s/{old.id}/workbook.xlsx", "/county/各单位最新工作簿.zip"):
        assert FlaskClient(client.application).get(url).status_code == 302  # not without the password


def test_the_submissions_table_bulletin_and_return_notice(client: FlaskClient, prepared: Prepared,
                                                         wrong_number: Path) -> None:
    from docx import Document

    location = Unit(client, token_of(prepared, "盘江镇")).upload(wrong_number.read_bytes(), "盘江镇.xlsx")
    Unit(client, token_of(prepared, "某某县教育局")).upload(renamed_example("某某县教育局", clean=True), "教育局.xlsx")
    sign_in(client, prepared)
    table = load_workbook(io.BytesIO(client.get("/county/报送情况表.xlsx").data)).active
    assert table is not None
    rows = {r[2]: r for r in table.iter_rows(values_only=True) if r and r[2] in UNITS}
    assert set(rows) == set(UNITS)
    assert "退回" in str(rows["盘江镇"]) and "退回" not in str(rows["某某县教育局"])
    assert "教育局.xlsx" in rows["某某县教育局"] and not any("xlsx" in str(c) for c in rows["某某县财政局"])
    csrf = csrf_from(client.get("/county").get_data(as_text=True))
    response = client.post("/county/bulletin", data={"csrf": csrf, "office": "某某县人民政府办公室"})
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "某某县人民政府办公室" in text and "某某县财政局" in text  # the office signs; the missing unit named
    assert "某某县人民政府办公室" in client.get("/county").get_data(as_text=True)  # remembered
    submission = location.headers["Location"].rsplit("/", 1)[1]
    assert "退回通知" in client.get(f"/county/s/{submission}").get_data(as_text=True)
    notice = client.get(f"/county/s/{submission}/退回通知.docx")
    assert notice.status_code == 200
    words = "\n".join(p.text for p in Document(io.BytesIO(notice.data)).paragraphs)
    tables = "\n".join(c.text for t in Document(io.BytesIO(notice.data)).tables for r in t.rows for c in r.cells)
    assert "盘江镇" in words and "表三!D5" in tables
    for url in ("/county/报送情况表.xlsx", f"/county/s/{submission}/退回通知.docx"):
        assert FlaskClient(client.application).get(url).status_code == 302  # not without the password


def test_deadlines_follow_the_rosters_kind_and_own_date(tmp_path: Path) -> None:
    """As ``batch`` sets them (条例第四十九条): a government by 3月31日, a department by 1月31日, a unit's own
    date in the roster first; the kind and the 上级单位 are kept with the unit."""
    from pipeline.units.roster import DEADLINE_HEADER, KIND_HEADER, NAME_HEADER, PARENT_HEADER
    from pipeline.web.serve import prepare
    from tests.web.conftest import write_roster

    path = write_roster(tmp_path / "名单.xlsx", [])
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    header = [c.value for c in ws[1]]
    for name, kind, parent, own in (("某某县人民政府", "县级人民政府", "", None), ("某某县教育局", "县级人民政府部门",
                                     "某某县人民政府", None), ("盘江镇", "乡镇、街道", "", "2025-01-10")):
        row = {NAME_HEADER: name, KIND_HEADER: kind, PARENT_HEADER: parent, DEADLINE_HEADER: own}
        ws.append([row.get(str(h)) for h in header])
    wb.save(path)
    prepared = prepare(tmp_path / "data", path, 2024)
    try:
        units = {u.name: u for u in prepared.store.units()}
        assert units["某某县人民政府"].deadline == "2025-03-31"
        assert units["某某县教育局"].deadline == "2025-01-31" and units["某某县教育局"].parent == "某某县人民政府"
        assert units["盘江镇"].deadline == "2025-01-10" and units["盘江镇"].kind == "乡镇、街道"
    finally:
        prepared.lock.release()
