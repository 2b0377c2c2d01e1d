"""The data folder: numbered migrations, one server per folder, uploads durable and stored by fingerprint."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from pipeline.core.fatal import CannotRun
from pipeline.web.schema import MIGRATIONS, migrate
from pipeline.web.storage import DB_NAME, DataLock, Store


def test_a_new_database_gets_every_migration_once(tmp_path: Path) -> None:
    Store(tmp_path)
    Store(tmp_path)  # a second start applies nothing twice
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"settings", "units", "submissions", "audit"} <= tables
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(CannotRun, match="比本程序新"):
        Store(tmp_path)


def test_migrations_run_in_order_from_where_a_database_stands() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("BEGIN")
    for statement in _first_migration():
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("COMMIT")
    db.execute("INSERT INTO units(name, name_key, token, token_hash, deadline, position) "
               "VALUES('甲镇', '甲镇', 't', 'h', '2025-01-31', 0)")
    assert migrate(db) == len(MIGRATIONS)  # a version-1 database with data moves on, its data kept
    assert db.execute("SELECT name, kind, parent FROM units").fetchall() == [("甲镇", "", "")]
    assert migrate(db) == len(MIGRATIONS)


def _first_migration() -> list[str]:
    from pipeline.web.schema import _statements

    return _statements(MIGRATIONS[0])


def test_a_second_server_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    first = DataLock(tmp_path)
    with pytest.raises(CannotRun, match="已被另一个正在运行的服务使用"):
        DataLock(tmp_path)
    first.release()
    DataLock(tmp_path).release()  # free again once the first has stopped


def test_an_upload_is_stored_once_under_its_fingerprint(tmp_path: Path) -> None:
    store = Store(tmp_path)
    data = b"PK\x03\x04 some workbook bytes"
    digest = store.put_file(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.file_path(digest).read_bytes() == data
    assert store.put_file(data) == digest
    assert [p.name for p in store.files.rglob("*") if p.is_file()] == [f"{digest}.xlsx"]  # no temporary left


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a" * 63, "A" * 64, "g" * 64, ""])
def test_only_a_fingerprint_names_a_stored_file(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        Store(tmp_path).file_path(bad)


def test_the_roster_keeps_tokens_and_retires_units_no_longer_listed(tmp_path: Path) -> None:
    from pipeline.format.official import UnitKind
    from pipeline.units.roster import RosterEntry
    from pipeline.web import roster_admin

    store = Store(tmp_path)
    tokens = iter(f"token{i}" for i in range(10))

    def take(entries: list[RosterEntry]) -> None:
        roster_admin.apply(store, roster_admin.plan(store, entries, 2024), lambda: next(tokens))

    take([RosterEntry("甲镇"), RosterEntry("乙局")])
    before = {u.name: u.token for u in store.units()}
    take([RosterEntry("乙局", UnitKind.COUNTY_DEPT, "某某县人民政府", date(2025, 2, 28)), RosterEntry("丙街道")])
    after = {u.name: u for u in store.units()}
    assert list(after) == ["乙局", "丙街道"]
    assert after["乙局"].token == before["乙局"] and after["乙局"].deadline == "2025-02-28"
    assert (after["乙局"].kind, after["乙局"].parent) == ("县级人民政府部门", "某某县人民政府")
    assert [u.name for u in store.units(active_only=False) if not u.active] == ["甲镇"]
    take([RosterEntry("甲镇"), RosterEntry("乙局")])  # listed again: the same unit, its link back
    assert {u.name: u.token for u in store.units()} == before
