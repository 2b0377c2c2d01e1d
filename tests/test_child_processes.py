"""A killed ``render --pdf`` ends LibreOffice with it and leaves no temporary folder (issue 9).

A stand-in soffice starts a child, as the real launcher starts soffice.bin, and writes both process
ids down; the command is then stopped with SIGTERM or Ctrl+C's SIGINT while the stand-in is converting.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT

from .helpers import EXAMPLE

SOFFICE = """#!/bin/sh
sleep 1000 &
echo "$$ $!" > "$PIDS.tmp" && mv "$PIDS.tmp" "$PIDS"
wait
"""


@pytest.fixture(autouse=True)
def ctrl_c_reaches_python():
    """Ctrl+C as a terminal delivers it. A shell starts background jobs (``make test &``) with SIGINT
    ignored, and children inherit that: Python then never raises KeyboardInterrupt, here or in the
    ``render`` started below. A handler, unlike an ignored signal, is reset to the default by exec."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _wait_for(condition, seconds: float) -> bool:
    """Poll ``condition``: a safety net so a broken case fails instead of hanging the suite."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_stopping_render_pdf_ends_libreoffice_and_removes_its_folder(tmp_path: Path, how: int) -> None:
    bin_dir, tmp = tmp_path / "bin", tmp_path / "tmp"
    bin_dir.mkdir()
    tmp.mkdir()
    (bin_dir / "soffice").write_text(SOFFICE)
    (bin_dir / "soffice").chmod(0o755)
    pids = tmp_path / "pids"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "TMPDIR": str(tmp), "PIDS": str(pids),
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "render", str(EXAMPLE), "-o",
                             str(tmp_path / "报告.docx"), "--pdf"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait_for(pids.exists, 120), proc.communicate(timeout=5)
        launcher, child = (int(p) for p in pids.read_text().split())
        assert _alive(launcher) and _alive(child)
        proc.send_signal(how)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2 and "运行被中断" in err.decode() and "Traceback" not in err.decode()
    assert _wait_for(lambda: not _alive(launcher) and not _alive(child), 10), "LibreOffice outlived the run"
    assert list(tmp.iterdir()) == [], "a temporary folder was left behind"
    assert (tmp_path / "报告.docx").is_file() and not (tmp_path / "报告.pdf").exists()


def test_a_stop_while_libreoffice_is_starting_still_ends_it(tmp_path: Path, monkeypatch) -> None:
    # Ctrl+C landing inside subprocess.Popen, after the group has started but before Popen returns
    # (seen under load): the stop must wait until the group can be ended, then end it.
    from pipeline.report import pdf

    script = tmp_path / "soffice"
    script.write_text(SOFFICE)
    script.chmod(0o755)
    pids = tmp_path / "pids"
    monkeypatch.setenv("PIDS", str(pids))
    real = subprocess.Popen

    def starting(*args, **kwargs):  # the group is up, the stop arrives before Popen returns
        proc = real(*args, **kwargs)
        assert _wait_for(pids.exists, 60)
        os.kill(os.getpid(), signal.SIGINT)
        return proc

    monkeypatch.setattr(pdf.subprocess, "Popen", starting)
    with pytest.raises(KeyboardInterrupt):
        pdf._run([str(script)], timeout=60)
    launcher, child = (int(p) for p in pids.read_text().split())
    assert _wait_for(lambda: not _alive(launcher) and not _alive(child), 10), "LibreOffice outlived the stop"
