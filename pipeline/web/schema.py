"""The database's schema, in one place: numbered migrations applied in order.

``PRAGMA user_version`` says how far a database has come; opening a data folder applies the rest, each
in its own transaction. Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

import sqlite3

from pipeline.core.fatal import CannotRun

#: Each entry moves a database from version i to i + 1; never edit one that has shipped, add the next.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,   -- core.unit_names.canonical(name): one unit, one row
        token TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, -- sha256(token): looked up by this, then compared in constant time
        deadline TEXT NOT NULL,          -- ISO date
        active INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL        -- roster order
    );
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        received TEXT NOT NULL,          -- ISO time, local
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,         -- as the browser named it: shown, never used as a path
        size INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        readable INTEGER NOT NULL,
        result TEXT NOT NULL             -- the check's JSON, as check --json prints it
    );
    CREATE INDEX submissions_unit ON submissions(unit_id, id);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,             -- county, or the unit's name
        action TEXT NOT NULL,
        unit_id INTEGER REFERENCES units(id),
        detail TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT ''
    );
    """,
    # 2: the roster's 单位类别 and 上级单位 (the deadline follows from the kind, 条例第四十九条).
    """
    ALTER TABLE units ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE units ADD COLUMN parent TEXT NOT NULL DEFAULT '';
    """,
    # 3: the unit's previous-year workbook (serve --previous), stored by fingerprint like an upload.
    """
    ALTER TABLE units ADD COLUMN previous_sha TEXT;
    ALTER TABLE units ADD COLUMN previous_name TEXT NOT NULL DEFAULT '';
    """,
    # 4: the county office's sign-ins live here, not in the cookie (logout and a new password end them),
    # and every password attempt is a row, counted and written in one transaction (sessions.py).
    """
    CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,        -- sha256 of the random id in the browser's cookie
        created TEXT NOT NULL,           -- ISO time, local
        seen TEXT NOT NULL               -- the last request: idle longer than the limit ends it
    );
    CREATE TABLE login_attempts (
        id INTEGER PRIMARY KEY,
        address TEXT NOT NULL,
        time TEXT NOT NULL               -- ISO time, local; a success deletes the address's rows
    );
    CREATE INDEX login_attempts_address ON login_attempts(address, time);
    """,
    # 5: the round's year can change on the county page: each unit's own 截止日期 from the roster is
    # kept apart (NULL: none), so that its deadline can be worked out again for another year.
    """
    ALTER TABLE units ADD COLUMN own_deadline TEXT;
    """,
)


def migrate(db: sqlite3.Connection) -> int:
    """Bring ``db`` to the latest schema; return its version. A database newer than this program is refused."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise CannotRun(f"数据目录中的数据库版本（{version}）比本程序新（{len(MIGRATIONS)}）。请更新本工具后再启动。")
    for number in range(version, len(MIGRATIONS)):
        db.execute("BEGIN IMMEDIATE")  # executescript would commit half a migration; one statement at a time
        for statement in _statements(MIGRATIONS[number]):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {number + 1}")
        db.execute("COMMIT")
    return len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
