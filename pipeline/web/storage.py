"""The data folder: one SQLite database and the uploaded files, stored by their SHA-256 fingerprint.

The schema is ``schema.py``'s numbered migrations, applied when a store opens. An upload is written
to its file and fsync'd, then its row is committed (synchronous=FULL), and only then does the page
answer: nothing a unit was told was accepted is lost on a crash. One server per data folder: a second
one is refused by an exclusive lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from pipeline.core.fatal import CannotRun
from pipeline.web.names import clean
from pipeline.web.schema import migrate

DB_NAME = "web.sqlite3"
LOCK_NAME = ".server.lock"
FILES = "files"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DataLock:
    """Held while a server runs on a data folder; a second server on it is refused at once."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = (folder / LOCK_NAME).open("a")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self._file.close()
            self._file = None
            raise CannotRun(f"数据目录 {folder} 已被另一个正在运行的服务使用。同一数据目录只能运行一个服务；"
                            f"请先关闭另一个，或用 --data 指定另一个目录。") from exc

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    token: str
    deadline: str  # ISO date
    active: bool
    kind: str = ""  # 单位类别 from the roster, when it says
    parent: str = ""  # 上级单位 from the roster, when it says
    previous_sha: str | None = None  # last year's workbook (serve --previous), for Y1–Y3
    previous_name: str = ""
    own_deadline: str | None = None  # the roster's own 截止日期 (ISO date), when it gives one


@dataclass(frozen=True)
class RosterUnit:
    """One unit as the roster gives it; ``key`` is how names are matched."""

    name: str
    key: str
    deadline: str
    kind: str = ""
    parent: str = ""
    own_deadline: str | None = None  # the roster's own 截止日期, when it gives one


@dataclass(frozen=True)
class Upload:
    """One workbook a unit uploaded, as stored (its 报送情况 across the county is ``units.submissions``)."""

    id: int
    unit_id: int
    received: str
    sha256: str
    file_name: str
    size: int
    errors: int
    warnings: int
    readable: bool
    result: str


Record = TypeVar("Record", Unit, Upload)


def _record(cls: type[Record], row: sqlite3.Row) -> Record:
    """A row as ``cls``: each field from the column of its name; SQLite's 0/1 flags become bool."""
    values: dict[str, Any] = {}
    for f in fields(cls):
        values[f.name] = bool(row[f.name]) if f.type in ("bool", bool) else row[f.name]
    return cls(**values)


class Store:
    """The data folder. Each call opens its own connection: the server answers from many threads."""

    def __init__(self, folder: Path, clock: Callable[[], datetime] = datetime.now) -> None:
        self.folder = folder
        self.clock = clock  # when things happen; a test sets the date it needs
        self.files = folder / FILES
        self.files.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            migrate(db)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        # Autocommit mode: transactions are the explicit BEGIN IMMEDIATE … COMMIT below.
        db = sqlite3.connect(self.folder / DB_NAME, timeout=30, isolation_level=None)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a commit is on disk when it returns, WAL or not
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT): what it reads, no one else changes meanwhile."""
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")

    def now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # -- settings -------------------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        with self._db() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_setting(self, key: str, value: str) -> None:
        with self._db() as db:
            db.execute("INSERT INTO settings(key, value) VALUES(?, ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def delete_setting(self, key: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM settings WHERE key = ?", (key,))

    # -- units ----------------------------------------------------------------------------------
    def units(self, active_only: bool = True) -> list[Unit]:
        sql = "SELECT * FROM units" + (" WHERE active = 1" if active_only else "") + " ORDER BY position, id"
        with self._db() as db:
            return [_record(Unit, r) for r in db.execute(sql)]

    def unit(self, unit_id: int) -> Unit | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM units WHERE id = ?", (unit_id,)).fetchone()
        return None if row is None else _record(Unit, row)

    def unit_by_token_hash(self, token_hash: str) -> Unit | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM units WHERE token_hash = ? AND active = 1", (token_hash,)).fetchone()
        return None if row is None else _record(Unit, row)

    def set_deadlines(self, deadlines: dict[int, str]) -> None:
        """Each unit's deadline (ISO date), in one transaction: the round's year or date for all changed."""
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("UPDATE units SET deadline = ? WHERE id = ?", [(d, i) for i, d in deadlines.items()])
            db.execute("COMMIT")

    def set_previous(self, unit_id: int, sha256: str | None, name: str) -> None:
        with self._db() as db:
            db.execute("UPDATE units SET previous_sha = ?, previous_name = ? WHERE id = ?", (sha256, name, unit_id))

    # -- files and submissions --------------------------------------------------------------------
    def file_path(self, sha256: str) -> Path:
        """Where the upload with this fingerprint lives: a name made by us, never by the request."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 fingerprint")
        return self.files / sha256[:2] / f"{sha256}.xlsx"

    def put_file(self, data: bytes) -> str:
        """Store ``data`` under its fingerprint, durably (file and folder fsync'd); return the fingerprint."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.file_path(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest  # the same bytes are already safely there
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".upload.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(name, target)
        finally:
            Path(name).unlink(missing_ok=True)
        _fsync_dir(target.parent)
        return digest

    def add_submission(self, unit: Unit, sha256: str, file_name: str, size: int, errors: int, warnings: int,
                       readable: bool, result: str, address: str) -> int:
        """Record a checked upload and its audit line in one transaction; committed when this returns.
        The browser's file name is stored without bidirectional or control characters (``names.clean``)."""
        file_name = clean(file_name) or "未命名.xlsx"
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            cur = db.execute("INSERT INTO submissions(unit_id, received, sha256, file_name, size, errors, warnings, "
                             "readable, result) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (unit.id, self.now(), sha256, file_name, size, errors, warnings, int(readable), result))
            db.execute("INSERT INTO audit(time, actor, action, unit_id, detail, address) VALUES(?, ?, ?, ?, ?, ?)",
                       (self.now(), unit.name, "上传", unit.id, f"{file_name}（{sha256}）", address))
            db.execute("COMMIT")
            return int(cur.lastrowid or 0)

    def submissions(self, unit_id: int) -> list[Upload]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM submissions WHERE unit_id = ? ORDER BY id DESC", (unit_id,))
            return [_record(Upload, r) for r in rows]

    def submission(self, submission_id: int) -> Upload | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM submissions WHERE id = ?", (submission_id,)).fetchone()
        return None if row is None else _record(Upload, row)

    def latest(self) -> dict[int, Upload]:
        """Each unit's latest submission."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM submissions WHERE id IN (SELECT MAX(id) FROM submissions "
                              "GROUP BY unit_id)")
            return {s.unit_id: s for s in (_record(Upload, r) for r in rows)}

    # -- audit ----------------------------------------------------------------------------------
    def audit(self, actor: str, action: str, unit_id: int | None = None, detail: str = "", address: str = "") -> None:
        with self._db() as db:
            db.execute("INSERT INTO audit(time, actor, action, unit_id, detail, address) VALUES(?, ?, ?, ?, ?, ?)",
                       (self.now(), actor, action, unit_id, detail, address))

    def audit_log(self, limit: int = 200) -> list[sqlite3.Row]:
        with self._db() as db:
            return list(db.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,)))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
