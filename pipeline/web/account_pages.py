"""The county office's password: set once through the link ``serve`` prints, signed in and out,
changed in the browser. A forgotten password is reset only at the server (``serve --reset-password``).

A sign-in is a row in the database (``sessions``): logging out or choosing a new password ends it
for every copy of the cookie.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from pipeline.web import auth, sessions
from pipeline.web.pages import ACTOR, SIGNED_IN, client_address, login_required, sign_in_here, store_of

account = Blueprint("account", __name__, url_prefix="/county")


def _new_password_problem(password: str, again: str) -> str:
    if len(password) < auth.MIN_PASSWORD:
        return f"密码至少 {auth.MIN_PASSWORD} 位。"
    return "两次输入的新密码不一致。" if password != again else ""


@account.route("/setup/<code>", methods=["GET", "POST"])
def setup(code: str) -> str | BaseResponse | tuple[str, int]:
    """The one-time page ``serve`` prints at first start (or after a reset), where the office chooses its password."""
    store = store_of(current_app)
    expected = auth.setup_code(store)
    if expected is None or not auth.same(code, expected):
        abort(404)
    if request.method == "GET":
        return render_template("setup.html", code=code, message="")
    password = request.form.get("password", "")
    message = _new_password_problem(password, request.form.get("again", ""))
    if message:
        return render_template("setup.html", code=code, message=message), 400
    store.set_setting(auth.PASSWORD_KEY, auth.hash_password(password))
    store.delete_setting(auth.SETUP_KEY)
    store.audit(ACTOR, "设置密码", address=client_address())
    sign_in_here(store)
    return redirect(url_for("county.dashboard"), code=303)


@account.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    store = store_of(current_app)
    stored = store.setting(auth.PASSWORD_KEY)
    if stored is None:
        return render_template("login.html", message="尚未设置密码：请打开启动服务时终端显示的“首次设置密码”链接。",
                               ready=False)
    if request.method == "GET":
        return render_template("login.html", message="", ready=True)
    address = client_address()
    wait = sessions.reserve(store, address)  # counted before the slow hash: parallel guesses queue here
    if wait:
        return render_template("login.html", ready=True,
                               message=f"密码输错次数过多，请 {wait // 60 + 1} 分钟后再试。"), 429
    if not auth.password_matches(request.form.get("password", ""), stored):
        store.audit(ACTOR, "登录失败", address=address)
        return render_template("login.html", message="密码不正确。", ready=True), 403
    sessions.succeeded(store, address)
    store.audit(ACTOR, "登录", address=address)
    sign_in_here(store)
    return redirect(url_for("county.dashboard"), code=303)


@account.post("/logout")
def logout() -> BaseResponse:
    store = store_of(current_app)
    sessions.end(store, session.get(SIGNED_IN))
    store.audit(ACTOR, "退出登录", address=client_address())
    session.clear()
    return redirect(url_for("account.login"), code=303)


@account.route("/password", methods=["GET", "POST"])
@login_required
def password() -> str | BaseResponse | tuple[str, int]:
    """A new password, given the current one; every other signed-in browser is signed out."""
    if request.method == "GET":
        return render_template("password.html", message="")
    store = store_of(current_app)
    stored = store.setting(auth.PASSWORD_KEY) or ""
    new = request.form.get("password", "")
    message = ("当前密码不正确。" if not auth.password_matches(request.form.get("current", ""), stored)
               else _new_password_problem(new, request.form.get("again", "")))
    if message:
        return render_template("password.html", message=message), 400
    store.set_setting(auth.PASSWORD_KEY, auth.hash_password(new))
    ended = sessions.end_all(store)
    store.audit(ACTOR, "修改密码", detail=f"已退出 {max(ended - 1, 0)} 个其他登录", address=client_address())
    sign_in_here(store)
    flash("密码已修改，其他电脑上的登录已退出。")  # after the new cookie: a message for this browser
    return redirect(url_for("county.dashboard"), code=303)
