"""The Flask application: security on every request, then the unit's pages and the county office's.

Every POST carries the session's CSRF token; every response carries a content-security policy that
allows no script and no outside resource, and no referrer (a unit's link is its key). A request never
names a path: files are found by fingerprint in the store. Whatever an upload does, the server answers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Flask, Response, abort, render_template, request, session
from werkzeug.exceptions import HTTPException

from pipeline.core.fatal import CannotRun
from pipeline.web import auth, sessions
from pipeline.web.pages import csrf_token
from pipeline.web.service import MAX_UPLOAD
from pipeline.web.storage import Store

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HERE = Path(__file__).parent

_MESSAGES = {
    400: "请求无效：页面可能已过期。请返回上一页，刷新后重试。",
    403: "没有权限访问此页面。",
    404: "找不到这个页面。单位请使用县政务公开办发来的链接（链接要完整复制）；链接失效时请与县政务公开办联系。",
    405: "不支持这种访问方式。",
    413: f"上传的文件太大（上限 {MAX_UPLOAD // 1024 // 1024} MB）。填好的填报表通常只有几十 KB；"
         "请把数据“选择性粘贴 → 数值”到新的模板中再上传。",
}


def create_app(store: Store, year: int, today: date | None = None) -> Flask:
    """The web application on ``store``; ``year`` is the report year being collected, ``today`` fixed in tests."""
    app = Flask("pipeline.web", template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        SECRET_KEY=auth.session_secret(store),
        MAX_CONTENT_LENGTH=MAX_UPLOAD + 64 * 1024,  # the file plus the form around it
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["store"] = store
    app.extensions["year"] = year
    app.extensions["today"] = today
    app.config["COUNTY_IDLE"] = sessions.IDLE  # a county sign-in idle this long is ended

    @app.before_request
    def _csrf() -> None:
        if request.method == "POST":
            sent = request.form.get("csrf", "")
            if not sent or not auth.same(sent, session.get("csrf", "")):
                abort(400)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.context_processor
    def _globals() -> dict[str, object]:
        return {"csrf_token": csrf_token}

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[str, int]:
        code = exc.code or 500
        return render_template("error.html", message=_MESSAGES.get(code, "请求无法完成。"), code=code), code

    @app.errorhandler(CannotRun)
    def _cannot_run(exc: CannotRun) -> tuple[str, int]:
        return render_template("error.html", message=exc.message, code=422), 422

    @app.errorhandler(Exception)
    def _internal(exc: Exception) -> tuple[str, int]:
        app.logger.exception("internal error")
        return render_template("error.html", code=500, message=f"内部错误（{type(exc).__name__}）。请稍后重试；"
                               "如仍出错，请把所用文件发给县政务公开办，由其转给工具维护人员。"), 500

    @app.get("/")
    def index() -> str:
        return render_template("index.html")

    from pipeline.web.account_pages import account
    from pipeline.web.admin_pages import admin
    from pipeline.web.county_pages import county
    from pipeline.web.unit_pages import unit

    for blueprint in (unit, account, county, admin):
        app.register_blueprint(blueprint)
    return app


def too_large_page(app: Flask) -> tuple[bytes, list[tuple[str, str]]]:
    """The page and headers for an upload over the limit, as this app answers it: for the server to send
    when it refuses such a body itself, before the app sees it (``oversize``)."""
    with app.test_request_context("/"):
        body = render_template("error.html", message=_MESSAGES[413], code=413).encode()
    return body, [("Content-Type", "text/html; charset=utf-8"), ("Content-Security-Policy", CSP),
                  ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                  ("X-Frame-Options", "DENY"), ("Cache-Control", "no-store")]
