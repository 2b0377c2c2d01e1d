"""Writing outputs: where they may go, atomically, and the same input always giving the same bytes
(what they are called is ``names``).

``guard_output`` is the one rule for every file the tool writes; ``atomic_write`` applies its part
about existing files again at the moment of writing and notes each file in the folder's manifest.
An interrupted run leaves the previous report intact and no half-written file. Problems writing
(read-only folder, the file open in Word or WPS on Windows) become one Chinese line, not a traceback.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import entries, owned, record
from pipeline.core.paths import OUT

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def require_suffix(path: Path, suffix: str, what: str, hint: str = "") -> None:
    """Refuse, before any work, an output whose name says another format than what is written:
    Excel refuses a workbook named .xls, and ``-o 报告.pdf`` would be a Word file named as a PDF."""
    if path.is_dir() or path.suffix.lower() == suffix:
        return  # a folder is refused by atomic_write, with its own message
    raise CannotRun(f"{what} {path.name} 的扩展名应为 {suffix}，如 {path.stem or what}{suffix}。{hint}")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _same(a: Path, b: Path) -> bool:
    """One file under two names: a hard link, a symlink, another case on Windows or macOS."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def guard_output(path: Path, *, inputs: Iterable[Path | None] = (), units_folder: Path | None = None,
                 force: bool = False, folder: bool = False, hint: str = "") -> Path:
    """The one rule for every file (or, with ``folder``, output folder) the tool writes. Call it
    before any work, with everything the command reads; raise ``CannotRun`` (one Chinese line) when

    - ``path`` is an input (``inputs``: files and folders read) or the same file under another name
      (``..``, a symlink, a hard link), or lies inside an input file, or an output folder would be an
      input folder;
    - ``units_folder`` is given (pass it for a default output the user did not name) and ``path``
      lies inside it: the units' folder only gets what the user put there;
    - ``path`` is an existing file the tool did not write (not in the folder's manifest with its
      present size and SHA-256), unless ``force``; ``hint`` says how to force, where a command can.

    An output folder is also created here and tried with a temporary file, so a folder that cannot be
    written stops the run before any unit is read. Returns ``path``. ``atomic_write`` repeats the
    existing-file part when it writes, so a writer that forgets this call still never replaces
    someone else's file."""
    where = path.resolve()
    for given in (p for p in inputs if p is not None):
        source = given.resolve()
        if where == source or _same(path, given) or (source.is_file() and _inside(where, source)):
            raise CannotRun(f"输出 {path} 就是要读取的 {given}（或其另一个名字）。为免覆盖原文件，没有写入；"
                            f"请另指定输出位置。")
    if units_folder is not None and _inside(where, units_folder.resolve()):
        raise CannotRun(f"默认的输出位置 {path} 在各单位工作簿的文件夹 {units_folder} 之内。"
                        f"请用 -o 指定输出位置。")
    if folder:
        _writable_folder(path)
        return path
    if path.is_dir():
        raise CannotRun(f"输出路径 {path} 是文件夹。请指定文件名。")
    if not force and (path.exists() or path.is_symlink()) and not owned(path) and not _ours_before_manifests(path):
        raise CannotRun(f"{path} 已存在，且不是本工具写出的（或写出后被改动过）。为免覆盖，没有写入；"
                        f"请移走或改名该文件，或另指定输出位置{hint}。")
    return path


def _ours_before_manifests(path: Path) -> bool:
    """``out/`` in the tool's own folder holds only what the tool wrote (it is where reports go when
    no output is named): a file there that no manifest mentions dates from before manifests. One the
    manifest lists with other contents has been changed since, and is kept."""
    return path.resolve().is_relative_to(OUT.resolve()) and path.name not in entries(path.parent)


def _writable_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise CannotRun(f"输出文件夹 {path} 是一个文件。请用 -o 指定一个文件夹。")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".write-test.", dir=path)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise CannotRun(f"无法在 {path} 中创建或写入文件（{exc.strerror}）。"
                        f"请确认该文件夹可以创建、有写入权限，或用 -o 换一个输出文件夹。") from exc


@contextmanager
def atomic_write(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step and is
    noted in the folder's manifest. An existing ``path`` the tool did not write is refused
    (``guard_output``) unless ``force``."""
    guard_output(path, force=force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise CannotRun(f"无法在 {path.parent} 中写入文件（{exc.strerror}）。"
                        f"请确认文件夹存在且有写入权限，或换一个输出位置。") from exc
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; an output is an ordinary file
        guard_output(path, force=force)  # the work took a while: someone may have put a file there
        os.replace(tmp, path)
        record(path)
    except PermissionError as exc:
        raise CannotRun(f"无法写入 {path.name}：文件可能正在 Word、WPS 或 Excel 中打开，或没有写入权限。"
                        f"请关闭该文件后重试。") from exc
    except OSError as exc:
        raise CannotRun(f"无法写入 {path}（{exc.strerror}）。请检查磁盘空间和权限。") from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes, force: bool = False) -> None:
    with atomic_write(path, force) as tmp:
        tmp.write_bytes(data)


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """An Office file from its parts, with fixed zip timestamps: the same parts, the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            dst.writestr(zipfile.ZipInfo(name, _ZIP_TIME), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def reproducible_zip(data: bytes, rewrite: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Re-pack an Office file with fixed zip timestamps (zipfile stamps each part with the time
    of saving); ``rewrite(name, body)`` may fix time stamps inside parts too."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    return zip_parts({name: rewrite(name, body) if rewrite else body for name, body in parts.items()})
