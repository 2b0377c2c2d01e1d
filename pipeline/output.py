"""Writing outputs atomically: a reader never sees a half-written file.

An interrupted run leaves the previous report intact. Problems writing (read-only folder, the file
open in Word or WPS on Windows) become one Chinese line, not a traceback.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import CannotRun


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise CannotRun(f"无法在 {path.parent} 中写入文件（{exc.strerror}）。请换一个有写权限的输出目录。") from exc
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise CannotRun(f"无法写入 {path}（{exc.strerror}）。如果该文件正在 Word、WPS 或 Excel 中打开，"
                        f"请先关闭再重试。") from exc
    finally:
        tmp.unlink(missing_ok=True)
