"""The county office's administration of its units, each step in the audit log: a new roster (with a
preview of what it changes before anything does), a unit added, renamed, disabled or enabled again,
and 单位链接.xlsx to download. The links file in the data folder is rewritten after every change."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from pipeline.core.fatal import CannotRun
from pipeline.format.official import UnitKind
from pipeline.units.roster import RosterEntry, read_entries
from pipeline.web import auth, roster_admin
from pipeline.web.links import BASE_URL, LINKS_NAME, links_workbook, write_links
from pipeline.web.pages import ACTOR, client_address, login_required, send, store_of, year_of
from pipeline.web.service import XLSX, Download
from pipeline.web.storage import Store

admin = Blueprint("admin", __name__, url_prefix="/county")


def _base(store: Store) -> str:
    return (store.setting(BASE_URL) or request.host_url).rstrip("/")


def _changed(store: Store, action: str, detail: str, unit_id: int | None = None) -> BaseResponse:
    """After a change of the units: the audit line, the links file again, back to the list."""
    store.audit(ACTOR, action, unit_id, detail, client_address())
    write_links(store, _base(store))
    flash(f"{action}：{detail}")
    return redirect(url_for("admin.units"), code=303)


@admin.get("/units")
@login_required
def units() -> str:
    store = store_of(current_app)
    return render_template("units.html", units=store.units(active_only=False), kinds=[k.value for k in UnitKind],
                           done=get_flashed_messages())


@admin.get(f"/{LINKS_NAME}")
@login_required
def links() -> Response:
    store = store_of(current_app)
    store.audit(ACTOR, "下载单位链接", detail=LINKS_NAME, address=client_address())
    return send(Download(LINKS_NAME, links_workbook(store, _base(store)), XLSX))


@admin.post("/units/add")
@login_required
def add() -> BaseResponse:
    store = store_of(current_app)
    kind = request.form.get("kind", "")
    if kind and kind not in {k.value for k in UnitKind}:
        abort(400)
    unit = roster_admin.add_unit(store, request.form.get("name", ""), kind, request.form.get("parent", ""),
                                 year_of(current_app), auth.new_token)
    return _changed(store, "新增单位", f"{unit.name}（截止日期 {unit.deadline}）", unit.id)


@admin.post("/units/<int:unit_id>/rename")
@login_required
def rename(unit_id: int) -> BaseResponse:
    store = store_of(current_app)
    before = roster_admin.rename_unit(store, unit_id, request.form.get("name", ""))
    after = store.unit(unit_id)
    assert after is not None
    return _changed(store, "单位改名", f"{before} → {after.name}（链接和提交记录不变）", unit_id)


@admin.post("/units/<int:unit_id>/<any(disable, enable):what>")
@login_required
def switch(unit_id: int, what: str) -> BaseResponse:
    store = store_of(current_app)
    unit = roster_admin.set_active(store, unit_id, what == "enable")
    said = "启用单位" if what == "enable" else "停用单位"
    note = "链接恢复有效" if what == "enable" else "链接暂停使用，提交记录保留"
    return _changed(store, said, f"{unit.name}（{note}）", unit_id)


def _read_roster(store: Store, sha256: str) -> list[RosterEntry]:
    """The roster stored under ``sha256``, read as ``serve --roster`` reads one (a copy named .xlsx:
    the reader goes by the suffix, the stored file's name is ours)."""
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        path = Path(tmp) / "名单.xlsx"
        path.write_bytes(store.file_path(sha256).read_bytes())
        return read_entries(path, year_of(current_app))


@admin.post("/roster")
@login_required
def roster_preview() -> str:
    """The new roster's changes, shown before any is made: added, renamed, disabled, kept."""
    store = store_of(current_app)
    file = request.files.get("roster")
    if file is None or not file.filename:
        raise CannotRun("请先选择名单文件（.xlsx，可用命令行 roster-template 生成模板）。")
    sha256 = store.put_file(file.read())
    changes = roster_admin.plan(store, _read_roster(store, sha256), year_of(current_app))
    store.audit(ACTOR, "预览新名单", detail=f"新增 {len(changes.added)}、改名 {len(changes.renamed)}、"
                f"停用 {len(changes.removed)}", address=client_address())
    return render_template("roster_preview.html", plan=changes, sha256=sha256)


@admin.post("/roster/apply")
@login_required
def roster_apply() -> BaseResponse:
    store = store_of(current_app)
    sha256 = request.form.get("sha256", "")
    try:
        entries = _read_roster(store, sha256)
    except (ValueError, FileNotFoundError):  # not the fingerprint of a roster this page stored
        abort(400)
    changes = roster_admin.plan(store, entries, year_of(current_app))
    roster_admin.apply(store, changes, auth.new_token)
    return _changed(store, "更新名单", f"新增 {len(changes.added)}、改名 {len(changes.renamed)}、"
                    f"停用 {len(changes.removed)}、恢复 {len(changes.restored)}、不变 {changes.kept}")
