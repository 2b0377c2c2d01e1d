"""The county page's list of units, filtered by status and sorted, by the address's own parameters
(``?status=有错误&sort=deadline``): the page has no script, so each choice is a link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.web.status import CSS_CLASS, UnitStatus

#: The sort orders offered, in the order the page lists them: key → (label, how).
SORTS: dict[str, tuple[str, Callable[[UnitStatus], object]]] = {
    "roster": ("名单顺序", lambda r: 0),  # the rows come in roster order; a stable sort keeps it
    "status": ("状态", lambda r: list(CSS_CLASS).index(r.state) if r.state in CSS_CLASS else len(CSS_CLASS)),
    "name": ("单位名称", lambda r: r.unit.name),
    "deadline": ("截止日期", lambda r: r.unit.deadline),
    "latest": ("最近提交", lambda r: r.latest.received if r.latest else ""),
}


@dataclass(frozen=True)
class Listing:
    rows: list[UnitStatus]
    status: str  # "" for every status
    sort: str


def listing(rows: list[UnitStatus], status: str | None, sort: str | None) -> Listing:
    """``rows`` with only units of ``status`` (any if unknown or empty), sorted by ``sort`` (roster order
    if unknown); the most recent submission first when sorted by it."""
    status = status if status in CSS_CLASS else ""
    sort = sort if sort in SORTS else "roster"
    kept = [r for r in rows if not status or r.state == status]
    kept.sort(key=SORTS[sort][1], reverse=sort == "latest")  # type: ignore[arg-type]
    return Listing(kept, status, sort)
