"""What every page handler needs from the request it answers: the data folder, today, the caller's
address, the CSRF token, a download sent as an attachment.

Here, below the application factory and its blueprints, so that the pages never import the app
(``app`` registers the pages; the pages take these from here: no circle).
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import TypeVar

from flask import Flask, Response, current_app, redirect, send_file, session, url_for
from flask import request as current_request

from pipeline.web import sessions
from pipeline.web.service import Download
from pipeline.web.storage import Store

#: Who the audit log names for whatever the county office does in its pages.
ACTOR = "县政务公开办"
#: The cookie's key for the county office's session id (the session itself is a row in the database).
SIGNED_IN = "sid"
F = TypeVar("F", bound=Callable[..., object])


def store_of(app: Flask) -> Store:
    store = app.extensions["store"]
    assert isinstance(store, Store)
    return store


def today_of(app: Flask) -> date:
    fixed = app.extensions.get("today")
    return fixed if isinstance(fixed, date) else date.today()


def year_of(app: Flask) -> int:
    return int(app.extensions["year"])


def client_address() -> str:
    return current_request.remote_addr or ""


def csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def send(download: Download) -> Response:
    return send_file(io.BytesIO(download.data), mimetype=download.mimetype, as_attachment=True,
                     download_name=download.name)


def signed_in() -> bool:
    """Whether this browser's cookie names a county session still alive in the database."""
    return sessions.alive(store_of(current_app), session.get(SIGNED_IN), current_app.config["COUNTY_IDLE"])


def sign_in_here(store: Store) -> None:
    """A fresh cookie for this browser, naming a new session: a cookie planted before cannot ride along."""
    session.clear()
    session[SIGNED_IN] = sessions.begin(store)


def login_required(view: F) -> F:
    @wraps(view)
    def guarded(*args: object, **kwargs: object) -> object:
        if not signed_in():
            session.pop(SIGNED_IN, None)
            return redirect(url_for("account.login"))
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]
