"""The county office's pages, behind the password set at first start: every unit, its status and the
county's documents (问题清单, 汇总) made by the same library functions as the command line."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from pipeline.core.fatal import CannotRun
from pipeline.core.problems import sort_problems
from pipeline.format.official import UnitKind
from pipeline.web import auth, county_docs, service
from pipeline.web.app import client_address, send, store_of, today_of
from pipeline.web.service import Download
from pipeline.web.status import countdown, statuses, tally
from pipeline.web.storage import Store, Unit, Upload

county = Blueprint("county", __name__, url_prefix="/county")
COUNTY_NAME = "county_name"
BASE_URL = "base_url"
OFFICE = "office"  # the 落款 of the county's documents
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


def _submission(store: Store, submission_id: int) -> tuple[Upload, Unit]:
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
    rows = statuses(units, store.latest(), store.first_received(), today)
    base = (store.setting(BASE_URL) or request.host_url).rstrip("/")
    return render_template("county.html", rows=rows, tally=tally(rows), countdown=countdown(units, today),
                           base=base, year=current_app.extensions["year"], kinds=[k.value for k in UnitKind],
                           county_name=store.setting(COUNTY_NAME) or "", office=store.setting(OFFICE) or "",
                           audit=store.audit_log(30))


@county.get("/s/<int:submission_id>")
@login_required
def submission(submission_id: int) -> str:
    store = store_of(current_app)
    sub, found = _submission(store, submission_id)
    return render_template("result.html", unit=found, sub=sub, problems=sort_problems(service.problems_of(sub.result)),
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
    return _send(store, "下载报送情况表",
                 county_docs.submissions_table(store, int(current_app.extensions["year"]), today_of(current_app)))


@county.post("/bulletin")
@login_required
def bulletin() -> Response:
    store = store_of(current_app)
    office = " ".join(request.form.get("office", "").split())
    store.set_setting(OFFICE, office)
    return _send(store, "下载审核情况通报",
                 county_docs.bulletin(store, int(current_app.extensions["year"]), office, today_of(current_app)))


@county.get("/s/<int:submission_id>/退回通知.docx")
@login_required
def return_notice(submission_id: int) -> Response:
    store = store_of(current_app)
    sub, found = _submission(store, submission_id)
    if not (sub.errors or sub.warnings or not sub.readable):
        abort(404)
    download = county_docs.return_notice(found, sub, int(current_app.extensions["year"]),
                                         store.setting(OFFICE) or "", today_of(current_app))
    return _send(store, "下载退回通知", download, found.id)


@county.get("/问题清单.xlsx")
@login_required
def issues() -> Response:
    store = store_of(current_app)
    return _send(store, "下载问题清单", county_docs.issue_list(store))


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
    return _send(store, "下载汇总", county_docs.aggregate(store, name, kind, int(current_app.extensions["year"])))
