"""A folder of units' workbooks: finding them, matching units by name, and working on them in parallel.

Shared by ``batch``, ``aggregate`` and the roster. Work runs in worker processes (reading a workbook
is pure Python and holds the GIL), results come back in file order so the output is the same on every
run, and nothing of a unit stays in memory once its result has been handled.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from pipeline.core.unit_names import UnitId, canonical, ending, match

T = TypeVar("T")
R = TypeVar("R")

#: What staff send in. .xls and .et are listed so that they are reported with advice (save as .xlsx),
#: not silently skipped as if the unit had not submitted.
SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et"})


def find_workbooks(folder: Path, skip: Sequence[Path | None] = ()) -> list[Path]:
    """Every workbook under ``folder`` (sub-folders too), in a stable order; not the files and folders
    in ``skip`` that lie inside ``folder`` (our output, the roster, last year's workbooks). A skipped
    folder that holds ``folder`` (``batch 各单位 -o .``) must not hide every workbook."""
    inside = folder.resolve()
    skipped = [s for s in (p.resolve() for p in skip if p is not None)
               if s.is_relative_to(inside) and s != inside]
    found = []
    for path in folder.rglob("*"):
        # ~$x.xlsx is Excel's lock file while x.xlsx is open; .x and .~lock are other tools' leftovers.
        if path.suffix.lower() not in SUFFIXES or path.name.startswith(("~$", ".")) or not path.is_file():
            continue
        if any(path.resolve().is_relative_to(s) for s in skipped):
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def unit_key(name: str) -> str:
    """One key for the spellings of one unit's name that only differ in typing and short forms
    (“某某县（区） 发展和改革局” = “某某县(区)发改局”); ``core.unit_names`` is the rule."""
    return canonical(name)


def same_unit_groups(units: Sequence[tuple[str, int | None]]) -> list[list[int]]:
    """Indexes of (unit, year) pairs that are one unit in one year by the unit-name rule
    (“洪泽区政府” and “淮安市洪泽区人民政府”), each group of two or more. Only names ending alike
    can match, so each name is compared within its ending's bucket, not with every other."""
    parent = list(range(len(units)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ids = [UnitId(name) for name, _ in units]
    buckets: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for i, (name, year) in enumerate(units):
        if name and ids[i].key:
            buckets[(year, ending(ids[i].key))].append(i)
    for members in buckets.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if root(i) != root(j) and match(ids[i], ids[j]) is not None:
                    parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in sorted(i for members in buckets.values() for i in members):
        groups[root(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int,
                initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Iterator[R]:
    """``map(fn, items)`` over ``jobs`` processes, results in order as soon as they are ready.

    ``initializer`` runs once per worker (load the Word template there, not once per unit). With one
    job everything runs here, which is also what a debugger wants.
    """
    if jobs <= 1 or len(items) <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, items)
        return
    # fork: workers start with the modules already imported; chunks amortise the round trips
    # while staying small enough that the progress display moves.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(8, len(items) // (jobs * 4)))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(fn, items, chunksize=chunk)
