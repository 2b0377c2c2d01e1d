"""The units of the round, changed by the county office: a new roster (planned, shown, then applied),
a unit added, renamed, disabled or enabled again. A unit's row is never deleted: its link (token) and
its submissions stay with it through every rename; a disabled unit's link opens nothing until enabled.

Names are paired by the one unit-name rule (``core.unit_names``): a roster that writes a unit's name
another way, or gives its old name as 曾用名, renames that unit rather than adding a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pipeline.core.fatal import CannotRun
from pipeline.core.unit_names import UnitId, canonical, match
from pipeline.format.official import UnitKind
from pipeline.units.deadlines import deadline_for
from pipeline.units.roster import RosterEntry
from pipeline.web.names import clean
from pipeline.web.storage import RosterUnit, Store, Unit, token_digest

DEADLINE = "deadline"  # the setting: serve --deadline, for every unit without its own


def for_all(store: Store) -> date | None:
    value = store.setting(DEADLINE)
    return date.fromisoformat(value) if value else None


def roster_unit(entry: RosterEntry, year: int, every: date | None) -> RosterUnit:
    """A roster line as the web keeps it: its deadline by ``batch``'s rule (its own, the office's, the 条例)."""
    due = deadline_for(entry.kind, year, entry.deadline, every)
    return RosterUnit(clean(entry.name), canonical(clean(entry.name)), due.isoformat(),
                      entry.kind.value if entry.kind else "", clean(entry.parent),
                      entry.deadline.isoformat() if entry.deadline else None)


@dataclass
class RosterPlan:
    """What a roster would change: in roster order, each line with the unit it is (None: a new one)."""

    lines: list[tuple[Unit | None, RosterUnit]] = field(default_factory=list)
    removed: list[Unit] = field(default_factory=list)  # enabled now, not on the roster: disabled

    @property
    def added(self) -> list[RosterUnit]:
        return [new for old, new in self.lines if old is None]

    @property
    def renamed(self) -> list[tuple[Unit, RosterUnit]]:
        return [(old, new) for old, new in self.lines if old is not None and old.name != new.name]

    @property
    def restored(self) -> list[Unit]:
        return [old for old, _ in self.lines if old is not None and not old.active]

    @property
    def kept(self) -> int:
        return sum(old is not None and old.name == new.name for old, new in self.lines)


def plan(store: Store, entries: list[RosterEntry], year: int) -> RosterPlan:
    """Pair each roster line with a known unit: the same name first, then the unit-name rule (another
    spelling, a 曾用名), only where the pairing is unambiguous; the rest are new."""
    units = store.units(active_only=False)
    by_key = {canonical(u.name): u for u in units}
    every, taken, result = for_all(store), set(), RosterPlan()
    for entry in entries:
        new = roster_unit(entry, year, every)
        old = by_key.get(new.key)
        if old is None or old.id in taken:
            me = UnitId(new.name, "", entry.former)
            found = [u for u in units if u.id not in taken and match(me, UnitId(u.name)) is not None]
            old = found[0] if len(found) == 1 else None
        if old is not None:
            taken.add(old.id)
        result.lines.append((old, new))
    result.removed = [u for u in units if u.active and u.id not in taken]
    return result


def apply(store: Store, changes: RosterPlan, new_token: Callable[[], str]) -> None:
    """Make the units those of the plan, in its order, in one transaction: names, deadlines, kinds and
    上级单位 from the roster; units not on it disabled, their submissions kept."""
    with store.transaction() as db:
        db.execute("UPDATE units SET active = 0, name_key = '~' || id")  # free every key for the renames
        for position, (old, new) in enumerate(changes.lines):
            if old is None:
                token = new_token()
                db.execute("INSERT INTO units(name, name_key, token, token_hash, deadline, active, position, "
                           "kind, parent, own_deadline) VALUES(?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                           (new.name, new.key, token, token_digest(token), new.deadline, position, new.kind,
                            new.parent, new.own_deadline))
            else:
                db.execute("UPDATE units SET name = ?, name_key = ?, deadline = ?, active = 1, position = ?, "
                           "kind = ?, parent = ?, own_deadline = ? WHERE id = ?",
                           (new.name, new.key, new.deadline, position, new.kind, new.parent, new.own_deadline,
                            old.id))
        # A disabled unit keeps its own key, so that a later roster or rename finds it again.
        for row in db.execute("SELECT id, name FROM units WHERE active = 0").fetchall():
            key = canonical(str(row["name"]))
            if db.execute("SELECT 1 FROM units WHERE name_key = ?", (key,)).fetchone() is None:
                db.execute("UPDATE units SET name_key = ? WHERE id = ?", (key, row["id"]))


def _name(text: str) -> str:
    name = clean(text)
    if not name:
        raise CannotRun("请填写单位名称。")
    if len(name) > 100:
        raise CannotRun("单位名称过长（最多 100 个字）。")
    return name


def _clash(store: Store, name: str, unit_id: int | None = None) -> None:
    key = canonical(name)
    for u in store.units(active_only=False):
        if u.id != unit_id and canonical(u.name) == key:
            state = "" if u.active else "（已停用，可在单位列表中重新启用）"
            raise CannotRun(f"已有单位“{u.name}”{state}，与“{name}”是同一个名称。")


def add_unit(store: Store, text: str, kind: str, parent: str, year: int, new_token: Callable[[], str]) -> Unit:
    """A unit not on the roster, with its own new link; its deadline by the 条例 and its kind."""
    name = _name(text)
    _clash(store, name)
    unit_kind = UnitKind(kind) if kind else None
    due = deadline_for(unit_kind, year, None, for_all(store)).isoformat()
    token = new_token()
    with store.transaction() as db:
        position = int(db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM units").fetchone()[0])
        cur = db.execute("INSERT INTO units(name, name_key, token, token_hash, deadline, active, position, kind, "
                         "parent) VALUES(?, ?, ?, ?, ?, 1, ?, ?, ?)",
                         (name, canonical(name), token, token_digest(token), due, position, kind, clean(parent)))
        unit_id = int(cur.lastrowid or 0)
    found = store.unit(unit_id)
    assert found is not None
    return found


def rename_unit(store: Store, unit_id: int, text: str) -> str:
    """The unit's new name (its link and submissions stay); the name it had."""
    unit = store.unit(unit_id)
    if unit is None:
        raise CannotRun("没有这个单位。")
    name = _name(text)
    _clash(store, name, unit_id)
    with store.transaction() as db:
        db.execute("UPDATE units SET name = ?, name_key = ? WHERE id = ?", (name, canonical(name), unit_id))
    return unit.name


def set_active(store: Store, unit_id: int, active: bool) -> Unit:
    unit = store.unit(unit_id)
    if unit is None:
        raise CannotRun("没有这个单位。")
    if active:
        _clash(store, unit.name, unit_id)
    with store.transaction() as db:
        db.execute("UPDATE units SET active = ?, name_key = ? WHERE id = ?",
                   (int(active), canonical(unit.name), unit_id))
    return unit
