"""Administration in the browser (issue 19, item 4), each step in the audit log: a new roster with a
preview of what it changes, a unit added, renamed, disabled and enabled again, 单位链接.xlsx, units
filtered and sorted by status, every 退回通知 in one zip."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from flask.testing import FlaskClient
from openpyxl import load_workbook

from pipeline.units.roster import RosterEntry, write_roster_template
from pipeline.web.serve import Prepared
from tests.helpers import EXAMPLE
from tests.web.conftest import UNITS, Unit, csrf_from, renamed_example, sign_in, token_of


def _post(client: FlaskClient, url: str, data: dict[str, object], page: str = "/county/units"):  # -> TestResponse
    return client.post(url, data={"csrf": csrf_from(client.get(page).get_data(as_text=True)), **data})


def _actions(prepared: Prepared) -> list[str]:
    return [r["action"] for r in prepared.store.audit_log()]


def _rows(page: str) -> list[str]:
    """The units listed on the county page, in its order."""
    return re.findall(r'<th scope="row"><a href="/county/u/\d+">([^<]+)</a></th>', page)


def _unit_id(prepared: Prepared, name: str) -> int:
    return next(u.id for u in prepared.store.units(active_only=False) if u.name == name)


def test_a_new_roster_is_previewed_then_applied_and_kept_units_keep_their_links(
        client: FlaskClient, prepared: Prepared, tmp_path: Path) -> None:
    before = {name: token_of(prepared, name) for name in UNITS}
    Unit(client, before["某某县财政局"]).upload(EXAMPLE.read_bytes())  # a submission of the unit to be removed
    sign_in(client, prepared)
    roster = tmp_path / "新名单.xlsx"
    renamed = RosterEntry("某某县教育体育局", former=("某某县教育局",))  # its old name as 曾用名
    write_roster_template(roster, entries=[RosterEntry("盘江镇"), renamed, RosterEntry("新华街道")])
    preview = _post(client, "/county/roster", {"roster": (io.BytesIO(roster.read_bytes()), "新名单.xlsx")})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    said = r"新增（1）.*新华街道.*改名（1）.*某某县教育局 → 某某县教育体育局.*停用（1）.*某某县财政局"
    assert re.search(said, page, re.S)
    assert "不变：1 个单位" in page
    assert [u.name for u in prepared.store.units()] == UNITS  # nothing changed before the confirmation
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page)
    assert sha is not None
    done = client.post("/county/roster/apply", data={"csrf": csrf_from(page), "sha256": sha.group(1)})
    assert done.status_code == 303
    after = {u.name: u.token for u in prepared.store.units()}
    assert list(after) == ["盘江镇", "某某县教育体育局", "新华街道"]
    assert after["盘江镇"] == before["盘江镇"] and after["某某县教育体育局"] == before["某某县教育局"]
    assert client.get(f"/u/{before['某某县财政局']}").status_code == 404  # disabled: its link opens nothing
    removed = _unit_id(prepared, "某某县财政局")
    assert len(prepared.store.submissions(removed)) == 1  # its history kept
    assert "更新名单" in _actions(prepared) and "预览新名单" in _actions(prepared)
    links = load_workbook(prepared.store.folder / "单位链接.xlsx").active
    assert links is not None and [r[0] for r in links.iter_rows(min_row=2, values_only=True)] == list(after)


def test_a_unit_is_added_renamed_disabled_and_enabled_with_its_history(client: FlaskClient,
                                                                       prepared: Prepared) -> None:
    token = token_of(prepared, "某某县教育局")
    Unit(client, token).upload(renamed_example("某某县教育局"))
    sign_in(client, prepared)
    assert _post(client, "/county/units/add", {"name": "新华\u202e街道", "kind": "乡镇、街道"}).status_code == 303
    added = next(u for u in prepared.store.units() if u.name == "新华街道")  # the bidi override dropped
    assert added.deadline == "2025-01-31" and client.get(f"/u/{added.token}").status_code == 200
    again = _post(client, "/county/units/add", {"name": "新华街道"})
    assert again.status_code == 422 and "已有单位" in again.get_data(as_text=True)

    unit_id = _unit_id(prepared, "某某县教育局")
    assert _post(client, f"/county/units/{unit_id}/rename", {"name": "某某县教育体育局"}).status_code == 303
    renamed = prepared.store.unit(unit_id)
    assert renamed is not None and renamed.name == "某某县教育体育局" and renamed.token == token
    assert len(prepared.store.submissions(unit_id)) == 1
    assert "某某县教育体育局" in client.get(f"/county/u/{unit_id}").get_data(as_text=True)
    clash = _post(client, f"/county/units/{unit_id}/rename", {"name": "盘江镇"})
    assert clash.status_code == 422 and "已有单位“盘江镇”" in clash.get_data(as_text=True)

    assert _post(client, f"/county/units/{unit_id}/disable", {}).status_code == 303
    assert client.get(f"/u/{token}").status_code == 404
    assert "某某县教育体育局" not in _rows(client.get("/county").get_data(as_text=True))
    assert "已停用" in client.get("/county/units").get_data(as_text=True)
    assert _post(client, f"/county/units/{unit_id}/enable", {}).status_code == 303
    assert client.get(f"/u/{token}").status_code == 200
    assert {"新增单位", "单位改名", "停用单位", "启用单位"} <= set(_actions(prepared))


def test_the_links_file_is_downloaded_from_the_browser(client: FlaskClient, prepared: Prepared) -> None:
    sign_in(client, prepared)
    response = client.get("/county/单位链接.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in rows] == [(n, f"http://county.example:8000/u/{token_of(prepared, n)}")
                                            for n in UNITS]
    assert "下载单位链接" in _actions(prepared)


def test_units_are_filtered_and_sorted_by_status(client: FlaskClient, prepared: Prepared,
                                                 wrong_number: Path) -> None:
    Unit(client, token_of(prepared, "盘江镇")).upload(wrong_number.read_bytes())
    Unit(client, token_of(prepared, "某某县财政局")).upload(renamed_example("某某县财政局", clean=True))
    sign_in(client, prepared)

    def names(query: str) -> list[str]:
        return _rows(client.get(f"/county?{query}").get_data(as_text=True))

    assert names("") == UNITS
    assert names("status=有错误") == ["盘江镇"]
    assert names("status=未报送") == ["某某县教育局"]
    assert names("sort=name") == sorted(UNITS)
    assert names("sort=status")[0] == "某某县教育局"  # 未报送 first, then 有错误
    assert names("sort=status")[1] == "盘江镇"
    assert names("status=nonsense&sort=nonsense") == UNITS  # an unknown choice is no filter


def test_every_return_notice_in_one_zip(client: FlaskClient, prepared: Prepared, wrong_number: Path) -> None:
    Unit(client, token_of(prepared, "盘江镇")).upload(wrong_number.read_bytes())
    Unit(client, token_of(prepared, "某某县财政局")).upload(b"not a workbook", "坏文件.xlsx")
    sign_in(client, prepared)
    response = client.get("/county/退回通知.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["某某县财政局_退回通知.docx", "盘江镇_退回通知.docx"]
    words = "\n".join(p.text for p in Document(io.BytesIO(archive.read("盘江镇_退回通知.docx"))).paragraphs)
    assert "盘江镇" in words
    assert "下载全部退回通知" in _actions(prepared)


def test_administration_needs_the_password(client: FlaskClient, prepared: Prepared) -> None:
    for url in ("/county/units", "/county/单位链接.xlsx", "/county/退回通知.zip", "/county/password"):
        assert client.get(url).status_code == 302, url
    csrf = csrf_from(client.get(f"/u/{token_of(prepared, '盘江镇')}").get_data(as_text=True))  # a session's token
    for url in ("/county/units/add", "/county/units/1/rename", "/county/units/1/disable", "/county/roster",
                "/county/roster/apply"):
        assert client.post(url, data={"csrf": csrf, "name": "x"}).status_code == 302, url
    assert [u.name for u in prepared.store.units()] == UNITS
