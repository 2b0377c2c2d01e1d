"""Word → PDF through LibreOffice headless, with the 公文 fonts mapped to free CJK fonts.

The traps are in the field notes: two soffice runs sharing a profile collide on its lock and may
exit 0 without a PDF, so every run gets its own profile and every PDF is checked; one start converts
many documents (a start costs about a second); without a font mapping LibreOffice draws 仿宋, 楷体,
黑体 and 小标宋 all in one sans font, so ``fonts/fonts.conf`` is passed as FONTCONFIG_FILE.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

from pipeline.core.fatal import CannotRun
from pipeline.core.output import write_bytes
from pipeline.core.paths import FONTS_CONF

#: A cold start with a fresh profile takes a few seconds; an eight-page report converts in one more.
DEFAULT_TIMEOUT = 120.0
INSTALL_HINT = ("要同时生成 PDF，请安装 LibreOffice：sudo apt-get install libreoffice-writer-nogui "
                "fonts-noto-cjk fonts-arphic-gkai00mp texlive-lang-chinese")


def soffice() -> str | None:
    """The LibreOffice command on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def font_environment() -> dict[str, str]:
    """The environment for LibreOffice: ours plus the shipped font mapping."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


_OVERFLOW_PUNCT = re.compile(rb'<w:overflowPunct(?: w:val="(\w+)")?/>')


def _flip_overflow_punct(xml: bytes) -> bytes:
    def flip(match: re.Match[bytes]) -> bytes:
        allowed = match.group(1) not in (b"0", b"false", b"off")
        return b'<w:overflowPunct w:val="%s"/>' % (b"0" if allowed else b"1")

    return _OVERFLOW_PUNCT.sub(flip, xml)


def _for_libreoffice(docx: Path, folder: Path) -> Path:
    """A copy of ``docx`` that LibreOffice lays out as Word would.

    LibreOffice's DOCX import reads w:overflowPunct inverted (writerfilter sets
    ParaIsHangingPunctuation to ``val == 0``), so the template's “no hanging punctuation” would make
    every line-final “。” hang past the right margin in the PDF. The copy says the opposite, which
    LibreOffice then reads as meant; the .docx for Word and WPS stays as the standard defines it.
    """
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename in ("word/styles.xml", "word/document.xml"):
                    body = _flip_overflow_punct(body)
                dst.writestr(info, body)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CannotRun(f"{docx.name} 不是有效的 Word 文档（.docx），无法转换为 PDF。") from exc
    copy = folder / docx.name
    copy.write_bytes(out.getvalue())
    return copy


def _end_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has already gone
        os.killpg(proc.pid, signal.SIGKILL)


#: The stops the command line turns into KeyboardInterrupt (Ctrl+C, and SIGTERM in ``cli``).
_STOPS = (signal.SIGINT, signal.SIGTERM)
_Held = tuple[dict[signal.Signals, Any], list[signal.Signals]]


def _hold_stops() -> _Held | None:
    """Hold Ctrl+C and SIGTERM back while LibreOffice starts: each is noted, not acted on. Python runs
    signal handlers in the main thread whichever thread the signal reaches, so this holds in any
    process; None off the main thread (the web server's workers), where handlers cannot be set."""
    if threading.current_thread() is not threading.main_thread():
        return None
    caught: list[signal.Signals] = []
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signal.Signals(signum))) for s in _STOPS}
    return previous, caught


def _release_stops(held: _Held | None) -> None:
    """Put the handlers back; a stop that came meanwhile is acted on now, as it would have been."""
    if held is None:
        return
    previous, caught = held
    for stop, handler in previous.items():  # None: a handler set outside Python; the default is closest
        signal.signal(stop, signal.SIG_DFL if handler is None else handler)
    if caught:
        handler = previous[caught[0]]
        if callable(handler):  # Python's KeyboardInterrupt, or the command line's SIGTERM handler
            handler(caught[0], None)
        elif handler == signal.SIG_DFL:
            os.kill(os.getpid(), caught[0])


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    # soffice is a launcher that starts soffice.bin, in a process group of their own (so Ctrl+C in
    # the terminal reaches us, not them half-way through a file). The whole group is ended on every
    # way out — a timeout, Ctrl+C, SIGTERM (the command line turns it into KeyboardInterrupt), an
    # error, and after a normal exit for anything left — or a soffice.bin outlives us, holds the
    # profile and keeps the temporary folder from being removed. A stop arriving while Popen is still
    # starting the group would leave it running with nobody to end it (seen under load): stops are
    # held back until ``proc`` exists, then acted on inside the ``try`` that ends the group.
    held = _hold_stops()
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=font_environment(), start_new_session=True)
    except BaseException:
        _release_stops(held)
        raise
    with proc:
        try:
            _release_stops(held)
            out, err = proc.communicate(timeout=timeout)
        except BaseException:
            _end_group(proc)
            proc.communicate()
            raise
        finally:
            _end_group(proc)
        return subprocess.CompletedProcess(command, proc.returncode, out, err)


def convert_many(docx_paths: list[Path], outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Convert each .docx to ``outdir/<stem>.pdf`` in one LibreOffice start; return the PDFs in order.

    Each PDF is written atomically: a failed or interrupted run leaves the previous PDFs intact.
    """
    command = soffice()
    if command is None:
        raise CannotRun(f"找不到 LibreOffice（soffice），无法生成 PDF。{INSTALL_HINT}")
    if not docx_paths:
        return []
    stems = [p.stem for p in docx_paths]
    if len(set(stems)) != len(stems):
        raise CannotRun("要转换的 Word 文档中有同名文件，生成的 PDF 会互相覆盖。请给每份报告不同的文件名。")
    for path in docx_paths:
        if not path.is_file():
            raise CannotRun(f"找不到要转换的 Word 文档：{path}。")
    with tempfile.TemporaryDirectory(prefix="gov-report-pdf-") as work:
        profile, source, target = Path(work) / "profile", Path(work) / "docx", Path(work) / "pdf"
        source.mkdir()
        copies = [_for_libreoffice(p, source) for p in docx_paths]
        args = [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--nologo", "--convert-to", "pdf", "--outdir", str(target), *(str(p) for p in copies)]
        try:
            run = _run(args, timeout)
        except subprocess.TimeoutExpired as exc:
            raise CannotRun(f"LibreOffice 在 {timeout:.0f} 秒内没有完成 PDF 转换，已终止。"
                            f"请关闭其他 LibreOffice 窗口后重试。") from exc
        except OSError as exc:
            raise CannotRun(f"无法启动 LibreOffice（{exc.strerror}）。{INSTALL_HINT}") from exc
        written = []
        for stem in stems:
            pdf = target / f"{stem}.pdf"
            # Exit code 0 without a PDF happens (a profile lock, a document it could not load).
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
                reason = f"（{detail[-1]}）" if detail else f"（退出码 {run.returncode}）"
                raise CannotRun(f"LibreOffice 没有生成 {stem}.pdf{reason}。"
                                f"请确认该 Word 文档能在 LibreOffice 中打开。")
            out = outdir / pdf.name
            write_bytes(out, pdf.read_bytes())
            written.append(out)
    return written
