"""Where each unit stands, for the county page: 未报送 / 有错误 / 仅有警告 / 已通过, on time or late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.units.round import Collected
from pipeline.units.submissions import Submission
from pipeline.web.storage import Unit, Upload

NOT_SUBMITTED, ERRORS, WARNINGS, PASSED = "未报送", "有错误", "仅有警告", "已通过"
CSS_CLASS = {NOT_SUBMITTED: "missing", ERRORS: "errors", WARNINGS: "warnings", PASSED: "passed"}


@dataclass(frozen=True)
class UnitStatus:
    unit: Unit
    state: str
    latest: Upload | None
    first: str | None  # when the unit first submitted: what is on time or late
    timing: str  # “按时”, “逾期 3 天”, “尚未到期”, “逾期 5 天未报送”

    @property
    def css(self) -> str:
        return CSS_CLASS[self.state]


def round_state(sub: Submission) -> str:
    """A unit's state in the round: a unit whose uploads do not count (another unit's workbook,
    another year's, unreadable) has not submitted."""
    return NOT_SUBMITTED if not sub.submitted else ERRORS if sub.errors else WARNINGS if sub.warnings else PASSED


def timing(deadline: date, first: str | None, today: date) -> str:
    """按时, 逾期 N 天, 未报送（已逾期 N 天）: said as the 报送情况表 says it (one rule, ``units.submissions``)."""
    sent = Submission("", file="—" if first else "", deadline=deadline,
                      received=datetime.fromisoformat(first) if first else None)
    return sent.timing(today)


def statuses(c: Collected, units: list[Unit], latest: dict[int, Upload]) -> list[UnitStatus]:
    """Each unit of the roster as the round settled it (``county_docs.collect``): a unit whose only
    upload does not count (another unit's, another year's, unreadable) has not submitted; on time or
    late by its first upload that counts."""
    rows = []
    for sub, unit in zip(c.subs, units, strict=False):  # the roster's units come first, in its order
        state = round_state(sub)
        said = sub.timing(c.round.today) + ("；收到的文件不计为报送" if sub.refused and not sub.submitted else "")
        first = sub.received.isoformat(timespec="seconds") if sub.received else None
        rows.append(UnitStatus(unit, state, latest.get(unit.id), first, said))
    return rows


def countdown(units: list[Unit], today: date) -> str:
    """One line about the next deadline still ahead (or that all have passed)."""
    ahead = sorted({date.fromisoformat(u.deadline) for u in units if date.fromisoformat(u.deadline) >= today})
    if not ahead:
        return "所有截止日期均已过。"
    nxt = ahead[0]
    days = (nxt - today).days
    when = f"{nxt.year}年{nxt.month}月{nxt.day}日"
    return f"下一个截止日期：{when}，今天截止。" if days == 0 else f"下一个截止日期：{when}，还有 {days} 天。"


def tally(rows: list[UnitStatus]) -> dict[str, int]:
    return {state: sum(r.state == state for r in rows) for state in (NOT_SUBMITTED, ERRORS, WARNINGS, PASSED)}
