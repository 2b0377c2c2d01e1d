"""One batch at a time into an output folder, and what a batch killed half-way leaves behind (issue 22).

Two runs at once into one folder left 16 reports while the 问题清单 listed 8; a run killed with SIGKILL
left ``.xxxxxxxx.xlsx`` files (``atomic_write``'s temporary names) that no later run removed.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from pipeline.core.paths import ROOT
from pipeline.units.folder import LOCK_NAME

from .synth import unit_names, write_units

UNITS = unit_names(2)
#: Another run holding the folder until its stdin closes (or it is killed).
HOLDER = """
    from pathlib import Path
    import sys
    from pipeline.units.folder import hold_output
    hold = hold_output(Path({out!r}))
    print("held", flush=True)
    sys.stdin.read()
"""
REPORT = "{}2024年政府信息公开工作年度报告.docx"


def _units(tmp_path: Path) -> Path:
    units = tmp_path / "units"
    units.mkdir()
    write_units(units, UNITS)
    return units


def _start(code: str) -> subprocess.Popen[str]:
    """A second Python process running ``code``; it prints one line once it is where the test wants it."""
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip(), proc.communicate(timeout=30)
    return proc


def test_a_second_batch_into_a_folder_in_use_is_refused_and_writes_nothing(cli, tmp_path: Path) -> None:
    units, out = _units(tmp_path), tmp_path / "out"
    out.mkdir()
    other = _start(HOLDER.format(out=str(out)))
    try:
        code, printed, err = cli("batch", units, "-o", out, "-j", "1")
    finally:
        other.communicate("", timeout=30)  # the other run ends
    assert code == 2 and "正在被另一个批量检查使用" in err and f"进程 {other.pid}" in err, err
    assert not any(out.glob("*.docx")) and not (out / "问题清单.xlsx").exists()
    assert not (out / LOCK_NAME).exists(), "the other run removed its lock when it ended"
    code, printed, _ = cli("batch", units, "-o", out, "-j", "1")
    assert code == 0 and all((out / REPORT.format(u)).is_file() for u in UNITS), printed
    assert not (out / LOCK_NAME).exists()


def test_a_lock_left_by_a_killed_run_does_not_stop_the_next(cli, tmp_path: Path) -> None:
    units, out = _units(tmp_path), tmp_path / "out"
    out.mkdir()
    killed = _start(HOLDER.format(out=str(out)))
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=30)
    assert (out / LOCK_NAME).exists()  # SIGKILL runs no clean-up; the system dropped the lock
    code, printed, _ = cli("batch", units, "-o", out, "-j", "1")
    assert code == 0, printed


def test_the_temporary_files_of_a_killed_run_are_cleared_by_the_next(cli, tmp_path: Path) -> None:
    units, out = _units(tmp_path), tmp_path / "out"
    (out / "退回通知").mkdir(parents=True)
    left = []
    for target in (out / "问题清单.xlsx", out / "退回通知" / "某单位_退回通知.docx"):
        killed = _start(f"""
            import time
            from pathlib import Path
            from pipeline.core.output import atomic_write
            with atomic_write(Path({str(target)!r})) as tmp:
                tmp.write_bytes(b"half")
                print(tmp, flush=True)
                time.sleep(600)
        """)
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=30)
        left += [p for p in target.parent.iterdir() if p.name.startswith(".") and p.suffix == target.suffix]
    assert len(left) == 2 and all(p.stat().st_size == 4 for p in left), left
    kept = [out / ".htaccess", out / ".说明.xlsx", out / ".notes.xlsx"]  # dot-files of the office's own
    for path in kept:
        path.write_text("ours")
    code, printed, _ = cli("batch", units, "-o", out, "-j", "1")
    assert code == 0, printed
    assert not any(p.exists() for p in left)
    assert all(p.read_text() == "ours" for p in kept)


def test_batch_publishes_while_it_still_holds_its_output_folder(tmp_path: Path, monkeypatch) -> None:
    """``batch --publish`` writes 发布 and its record into the output folder: held until that is done
    too, so no second run into the folder starts between the 问题清单 and the packs."""
    import pytest

    from pipeline.core.fatal import CannotRun
    from pipeline.core.paths import WORD_TEMPLATE
    from pipeline.units import publish
    from pipeline.units.batch import run_batch
    from pipeline.units.folder import hold_output

    published: list[list[str]] = []

    def packs(folder: Path, files: list[str], root: Path, *rest: object) -> list[publish.Pack]:
        with pytest.raises(CannotRun, match="正在被另一个批量检查使用"):
            hold_output(root.parent)  # as a second run would, now
        published.append(files)
        return []

    monkeypatch.setattr(publish, "publish_batch", packs)
    out = tmp_path / "out"
    done = run_batch(_units(tmp_path), out, WORD_TEMPLATE, publish=True)
    assert published and done.packs == []
    assert not (out / LOCK_NAME).exists(), "let go once the run returned"
    hold_output(out).release()
