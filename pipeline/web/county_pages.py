"""The county office's pages, behind the password set at first start: every unit, its status and the
county's documents (问题清单, 汇总) made by the same library functions as the command line."""

from __future__ import annotations

import io
import zipfile

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from pipeline.core.fatal import CannotRun
from pipeline.format.official import UnitKind
from pipeline.web import county_docs, service
from pipeline.web.links import BASE_URL, local_only
from pipeline.web.listing import SORTS, listing
from pipeline.web.names import ZipNames
from pipeline.web.pages import ACTOR, client_address, login_required, send, store_of, today_of
from pipeline.web.service import Download
from pipeline.web.status import CSS_CLASS, countdown, statuses, tally
from pipeline.web.storage import Store, Unit, Upload

county = Blueprint("county", __name__, url_prefix="/county")
COUNTY_NAME = "county_name"
OFFICE = county_docs.OFFICE  # the 落款 of the county's documents


def _submission(store: Store, submission_id: int) -> tuple[Upload, Unit]:
    """A submission and its unit, or 404."""
    sub = store.submission(submission_id)
    found = store.unit(sub.unit_id) if sub is not None else None
    if sub is None or found is None:
        abort(404)
    return sub, found


def _send(store: Store, action: str, download: Download, unit_id: int | None = None) -> Response:
    """Send a document made for the office, with a line in the audit log: who took which file."""
    store.audit(ACTOR, action, unit_id, download.name, client_address())
    return send(download)


@county.get("")
@login_required
def dashboard() -> str:
    store = store_of(current_app)
    units = store.units()
    today = today_of(current_app)
    collected = county_docs.collect(store, today)
    rows = statuses(collected, units, store.latest())
    shown = listing(rows, request.args.get("status"), request.args.get("sort"))
    base = (store.setting(BASE_URL) or request.host_url).rstrip("/")
    rnd = collected.round
    return render_template("county.html", rows=shown.rows, listing=shown, sorts=SORTS, total=len(rows),
                           tally=tally(rows), css_of=CSS_CLASS, countdown=countdown(units, today), base=base,
                           local=local_only(base), year=rnd.year, kinds=[k.value for k in UnitKind],
                           county_name=store.setting(COUNTY_NAME) or "", office=rnd.signer,
                           audit=store.audit_log(30), done=get_flashed_messages(),
                           round_set=bool(store.setting(county_docs.ROUND_SET)),
                           for_all=rnd.deadline.isoformat() if rnd.deadline else "")


@county.post("/round")
@login_required
def round_settings() -> BaseResponse:
    """The round's year and the office's date for all units (blank: each unit's own, or the 条例's)."""
    from datetime import date

    from pipeline.format.official import FIRST_YEAR

    store = store_of(current_app)
    today = today_of(current_app)
    try:
        year = int(request.form.get("year", "").strip())
        typed = request.form.get("deadline", "").strip()
        deadline = date.fromisoformat(typed) if typed else None
    except ValueError as exc:
        raise CannotRun("年度请填四位数字（如 2025），截止日期请选择日期或留空。") from exc
    if not FIRST_YEAR <= year <= today.year:
        raise CannotRun(f"报告年度应在 {FIRST_YEAR}—{today.year} 之间：年度报告在次年初编写，"
                        f"今年（{today.year} 年）收集的通常是 {today.year - 1} 年度的报告。")
    county_docs.set_round(store, year, deadline)
    current_app.extensions["year"] = year  # what every page and upload check from now on judges against
    store.audit("县政务公开办", "设置本轮年度和截止日期", detail=f"{year} 年度；{typed or '按条例或名单'}",
                address=client_address())
    return redirect(url_for("county.dashboard"), code=303)


@county.get("/s/<int:submission_id>")
@login_required
def submission(submission_id: int) -> str:
    store = store_of(current_app)
    sub, found = _submission(store, submission_id)
    return render_template("result.html", unit=found, sub=sub, problems=service.shown_problems(sub.result),
                           pdf=False, county=True, token="")


@county.get("/u/<int:unit_id>")
@login_required
def unit_history(unit_id: int) -> str:
    store = store_of(current_app)
    found = store.unit(unit_id)
    if found is None:
        abort(404)
    return render_template("history.html", unit=found, submissions=store.submissions(found.id))


@county.get("/s/<int:submission_id>/workbook.xlsx")
@login_required
def workbook(submission_id: int) -> Response:
    store = store_of(current_app)
    sub, found = _submission(store, submission_id)
    return _send(store, "下载原工作簿", county_docs.original(store, found, sub.sha256, sub.received), found.id)


@county.get("/各单位最新工作簿.zip")
@login_required
def workbooks() -> Response:
    store = store_of(current_app)
    return _send(store, "下载全部工作簿", county_docs.latest_workbooks(store))


@county.get("/报送情况表.xlsx")
@login_required
def submissions_table() -> Response:
    store = store_of(current_app)
    return _send(store, "下载报送情况表", county_docs.submissions_table(store, today_of(current_app)))


@county.post("/bulletin")
@login_required
def bulletin() -> Response:
    store = store_of(current_app)
    office = county_docs.signer(store, " ".join(request.form.get("office", "").split()))  # asked for when missing
    store.set_setting(OFFICE, office)
    return _send(store, "下载审核情况通报", county_docs.bulletin(store, office, today_of(current_app)))


def _returned(sub: Upload) -> bool:
    """A submission the office sends back with a 退回通知: one with problems, or a file it could not read."""
    return bool(sub.errors or sub.warnings or not sub.readable)


@county.get("/s/<int:submission_id>/退回通知.docx")
@login_required
def return_notice(submission_id: int) -> Response:
    store = store_of(current_app)
    sub, found = _submission(store, submission_id)
    if not _returned(sub):
        abort(404)
    download = county_docs.return_notice(store, found, sub, today_of(current_app))
    return _send(store, "下载退回通知", download, found.id)


@county.get("/退回通知.zip")
@login_required
def return_notices() -> Response:
    """Every 退回通知 of the round in one zip, one per unit whose latest submission goes back."""
    store = store_of(current_app)
    names, out = ZipNames(), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit, notice in county_docs.return_notices(store, today_of(current_app)):
            archive.writestr(names(unit, "_退回通知.docx"), notice.data)
    if not names.count:
        raise CannotRun("目前没有需要退回的单位：各单位最新一次提交都没有问题，或还没有单位提交。")
    return _send(store, "下载全部退回通知", Download("退回通知.zip", out.getvalue(), "application/zip"))


@county.get("/问题清单.xlsx")
@login_required
def issues() -> Response:
    store = store_of(current_app)
    return _send(store, "下载问题清单", county_docs.issue_list(store, today_of(current_app)))


@county.post("/aggregate")
@login_required
def aggregate() -> Response:
    store = store_of(current_app)
    name = " ".join(request.form.get("unit", "").split())
    if not name:
        raise CannotRun("请填写汇总单位名称，如“某某县人民政府”。")
    try:
        kind = UnitKind(request.form.get("kind", UnitKind.COUNTY_GOV.value))
    except ValueError:
        abort(400)
    store.set_setting(COUNTY_NAME, name)
    return _send(store, "下载汇总", county_docs.aggregate(store, name, kind, today_of(current_app)))
