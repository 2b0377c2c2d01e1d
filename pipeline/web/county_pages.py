"""The county office's pages, behind the password set at first start: every unit, its status and the
county's documents (问题清单, 汇总) made by the same library functions as the command line."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from pipeline.core.fatal import CannotRun
from pipeline.format.official import UnitKind
from pipeline.web import auth, county_docs, service
from pipeline.web.app import client_address, send, store_of, today_of
from pipeline.web.service import Download
from pipeline.web.status import countdown, statuses, tally
from pipeline.web.storage import Store, Submission, Unit

county = Blueprint("county", __name__, url_prefix="/county")
COUNTY_NAME = "county_name"
BASE_URL = "base_url"
OFFICE = county_docs.OFFICE  # the 落款 of the county's documents
F = TypeVar("F", bound=Callable[..., object])


def _signed_in() -> bool:
    return session.get("county") is True


def login_required(view: F) -> F:
    @wraps(view)
    def guarded(*args: object, **kwargs: object) -> object:
        if not _signed_in():
            return redirect(url_for("county.login"))
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def _submission(store: Store, submission_id: int) -> tuple[Submission, Unit]:
    """A submission and its unit, or 404."""
    sub = store.submission(submission_id)
    found = store.unit(sub.unit_id) if sub is not None else None
    if sub is None or found is None:
        abort(404)
    return sub, found


def _send(store: Store, action: str, download: Download, unit_id: int | None = None) -> Response:
    """Send a document made for the office, with a line in the audit log: who took which file."""
    store.audit("县政务公开办", action, unit_id, download.name, client_address())
    return send(download)


@county.route("/setup/<code>", methods=["GET", "POST"])
def setup(code: str) -> str | BaseResponse | tuple[str, int]:
    """The one-time page ``serve`` prints at first start, where the office chooses its password."""
    store = store_of(current_app)
    expected = auth.setup_code(store)
    if expected is None or not auth.same(code, expected):
        abort(404)
    if request.method == "GET":
        return render_template("setup.html", code=code, message="")
    password, again = request.form.get("password", ""), request.form.get("again", "")
    if len(password) < auth.MIN_PASSWORD or password != again:
        message = (f"密码至少 {auth.MIN_PASSWORD} 位。" if len(password) < auth.MIN_PASSWORD
                   else "两次输入的密码不一致。")
        return render_template("setup.html", code=code, message=message), 400
    store.set_setting(auth.PASSWORD_KEY, auth.hash_password(password))
    store.audit("县政务公开办", "设置密码", address=client_address())
    session.clear()
    session["county"] = True
    return redirect(url_for("county.dashboard"), code=303)


@county.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    store = store_of(current_app)
    stored = store.setting(auth.PASSWORD_KEY)
    if stored is None:
        return render_template("login.html", message="尚未设置密码：请打开启动服务时终端显示的“首次设置密码”链接。",
                               ready=False)
    if request.method == "GET":
        return render_template("login.html", message="", ready=True)
    throttle: auth.Throttle = current_app.extensions["throttle"]
    wait = throttle.wait(client_address())
    if wait:
        return render_template("login.html", ready=True,
                               message=f"密码输错次数过多，请 {wait // 60 + 1} 分钟后再试。"), 429
    if not auth.password_matches(request.form.get("password", ""), stored):
        throttle.failed(client_address())
        store.audit("县政务公开办", "登录失败", address=client_address())
        return render_template("login.html", message="密码不正确。", ready=True), 403
    throttle.succeeded(client_address())
    store.audit("县政务公开办", "登录", address=client_address())
    session.clear()  # a new session on sign-in: a cookie planted before cannot ride along
    session["county"] = True
    return redirect(url_for("county.dashboard"), code=303)


@county.post("/logout")
def logout() -> BaseResponse:
    session.clear()
    return redirect(url_for("county.login"), code=303)


@county.get("")
@login_required
def dashboard() -> str:
    store = store_of(current_app)
    units = store.units()
    today = today_of(current_app)
    collected = county_docs.collect(store, today)
    rows = statuses(collected, units, store.latest())
    base = (store.setting(BASE_URL) or request.host_url).rstrip("/")
    rnd = collected.round
    return render_template("county.html", rows=rows, tally=tally(rows), countdown=countdown(units, today),
                           base=base, year=rnd.year, kinds=[k.value for k in UnitKind],
                           county_name=store.setting(COUNTY_NAME) or "", office=rnd.signer,
                           audit=store.audit_log(30), round_set=bool(store.setting(county_docs.ROUND_SET)),
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


@county.get("/s/<int:submission_id>/退回通知.docx")
@login_required
def return_notice(submission_id: int) -> Response:
    store = store_of(current_app)
    sub, found = _submission(store, submission_id)
    if not (sub.errors or sub.warnings or not sub.readable):
        abort(404)
    download = county_docs.return_notice(store, found, sub, today_of(current_app))
    return _send(store, "下载退回通知", download, found.id)


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
