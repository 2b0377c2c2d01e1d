"""The county office's sign-in, kept in the database: the browser's cookie holds only a random id.

Logging out deletes the row, a new password deletes every row, and a session idle longer than
``IDLE`` is gone: a copied cookie opens nothing after any of these (a signed cookie alone would
stay valid until it expires). Password guesses are limited in one transaction per attempt (``reserve``):
the attempt is counted before the slow hash is computed, so thirty parallel guesses cannot all
slip under the limit between a check and a count.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from pipeline.web.storage import Store

IDLE = timedelta(hours=1)
LIMIT, WINDOW = 5, timedelta(minutes=10)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def begin(store: Store) -> str:
    """A new signed-in session; the id to put in the browser's cookie."""
    session_id = secrets.token_urlsafe(32)
    now = store.now()
    with store.transaction() as db:
        db.execute("INSERT INTO sessions(id_hash, created, seen) VALUES(?, ?, ?)", (_digest(session_id), now, now))
    return session_id


def alive(store: Store, session_id: object, idle: timedelta = IDLE) -> bool:
    """Whether ``session_id`` (from the cookie) is a session still signed in; its idle time starts again."""
    if not isinstance(session_id, str) or not session_id:
        return False
    now = store.clock()
    oldest = (now - idle).isoformat(timespec="seconds")
    with store.transaction() as db:
        db.execute("DELETE FROM sessions WHERE seen < ?", (oldest,))
        found = db.execute("UPDATE sessions SET seen = ? WHERE id_hash = ?",
                           (now.isoformat(timespec="seconds"), _digest(session_id))).rowcount
    return found == 1


def end(store: Store, session_id: object) -> None:
    if isinstance(session_id, str):
        with store.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id_hash = ?", (_digest(session_id),))


def end_all(store: Store) -> int:
    """Sign every browser out (a new password, a reset at the server); how many were signed in."""
    with store.transaction() as db:
        return int(db.execute("DELETE FROM sessions").rowcount)


def reserve(store: Store, address: str, limit: int = LIMIT, window: timedelta = WINDOW) -> int:
    """Before a password is checked: 0 if ``address`` may try (the attempt is then already counted as a
    failure), else the seconds until it may. Counting and recording are one transaction."""
    now = store.clock()
    start = (now - window).isoformat(timespec="seconds")
    with store.transaction() as db:
        db.execute("DELETE FROM login_attempts WHERE time < ?", (start,))
        rows = db.execute("SELECT time FROM login_attempts WHERE address = ? ORDER BY time",
                          (address,)).fetchall()
        if len(rows) >= limit:
            first = datetime.fromisoformat(str(rows[0]["time"]))
            return max(int((first + window - now).total_seconds()) + 1, 1)
        db.execute("INSERT INTO login_attempts(address, time) VALUES(?, ?)",
                   (address, now.isoformat(timespec="seconds")))
    return 0


def succeeded(store: Store, address: str) -> None:
    """The right password: the address's count starts again."""
    with store.transaction() as db:
        db.execute("DELETE FROM login_attempts WHERE address = ?", (address,))
