"""A folder of units' workbooks: finding them, matching units by name, and working on them in parallel;
and the output folder a batch holds while it writes (``hold_output``).

Shared by ``batch``, ``aggregate`` and the roster. Work runs in worker processes (reading a workbook
is pure Python and holds the GIL), results come back in file order so the output is the same on every
run, and nothing of a unit stays in memory once its result has been handled.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import owned
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


#: The lock a batch holds on its output folder while it writes there; removed when it ends.
LOCK_NAME = ".gov-report-batch.lock"
#: What ``core.output.atomic_write`` names a file while writing it (a dot, mkstemp's eight characters,
#: the output's suffix), and its writable-folder probe: what a run killed half-way leaves behind.
_TEMPORARY = re.compile(r"\.[a-z0-9_]{8}\.(?:xlsx|docx|pdf|html|png|json|jsonl|zip|txt)|\.write-test\.[a-z0-9_]{8}")


class OutputHold:
    """An output folder held by this run (``hold_output``). It is let go by ``release``, by leaving a
    ``with`` block, when the object is dropped (a function holding it in a local returns or fails),
    and, however the process ends, by the system, which drops the lock with the file descriptor."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Removed before unlocking, so a run that opened this file meanwhile sees it gone and retries
        # (Windows removes no open file: there, after closing).
        if sys.platform != "win32":
            self.path.unlink(missing_ok=True)
        os.close(fd)
        if sys.platform == "win32":
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> OutputHold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter shutdown, modules may be gone
            self.release()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        pid, _, since = path.read_text(encoding="utf-8").partition(" ")
    except OSError:
        return ""
    return f"（进程 {pid}，{since.strip()} 开始）" if pid.strip().isdigit() else ""


def hold_output(folder: Path) -> OutputHold:
    """Hold ``folder`` (an existing output folder) for one batch, or refuse in one Chinese line when
    another run holds it: two runs writing one 问题清单 and one set of reports leave reports the list
    does not know. Holding it, clear the temporary files a run killed half-way (SIGKILL, a power cut)
    left there; nothing else is touched, and no file the folder's manifest knows."""
    path = folder / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise CannotRun(f"无法在 {folder} 中创建文件（{exc.strerror}）。"
                            f"请确认有写入权限，或用 -o 换一个输出文件夹。") from exc
        if not _try_lock(fd):
            os.close(fd)
            raise CannotRun(f"输出文件夹 {folder} 正在被另一个批量检查使用{_holder(path)}。两次检查同时写入会使报告与"
                            f"问题清单对不上，本次没有运行。请等那一次结束后再运行，或用 -o 另指定输出文件夹。")
        try:  # the lock of a file the run before removed as this one opened it holds nothing: again
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}".encode())
    hold = OutputHold(fd, path)
    clear_temporaries(folder)
    return hold


def clear_temporaries(folder: Path) -> list[Path]:
    """Remove, under ``folder``, the temporary files of an interrupted write; return what was removed."""
    removed = []
    for path in folder.rglob(".*"):
        if _TEMPORARY.fullmatch(path.name) and path.is_file() and not path.is_symlink() and not owned(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
