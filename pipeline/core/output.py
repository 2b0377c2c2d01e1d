"""Writing outputs: atomically, and the same input always giving the same bytes.

An interrupted run leaves the previous report intact and no half-written file. Problems writing
(read-only folder, the file open in Word or WPS on Windows) become one Chinese line, not a traceback.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unicodedata import east_asian_width

from pipeline.core.fatal import CannotRun

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


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step."""
    if path.is_dir():
        raise CannotRun(f"输出路径 {path} 是文件夹。请指定文件名。")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise CannotRun(f"无法在 {path.parent} 中写入文件（{exc.strerror}）。"
                        f"请确认文件夹存在且有写入权限，或换一个输出位置。") from exc
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; an output is an ordinary file
        os.replace(tmp, path)
    except PermissionError as exc:
        raise CannotRun(f"无法写入 {path.name}：文件可能正在 Word、WPS 或 Excel 中打开，或没有写入权限。"
                        f"请关闭该文件后重试。") from exc
    except OSError as exc:
        raise CannotRun(f"无法写入 {path}（{exc.strerror}）。请检查磁盘空间和权限。") from exc
    finally:
        tmp.unlink(missing_ok=True)


def display_width(text: str) -> int:
    """How wide ``text`` shows in a terminal or a spreadsheet column: a CJK character takes two."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def file_name(text: str) -> str:
    """``text`` as one file name Windows and Linux both accept: a unit called “某局/办公室” must not
    turn its report's name into a folder."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip() or "报告"


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_write(path) as tmp:
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
