"""``python -m tests.editors.install_ueditor``: UEditor 1.4.3 as government CMSs ship it, from its PyPI
distribution (DjangoUeditor 1.8.143 carries UEditor's built static files), unpacked into
tests/editors/vendor/ueditor (``make test-editors`` runs this once).

UEditor itself was never published to a package registry by Baidu; this Django app ships the
unmodified 1.4.3 build (``UE.version = "1.4.3"`` in ueditor.all.js), checked below.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DISTRIBUTION = "DjangoUeditor==1.8.143"
HERE = Path(__file__).resolve().parent
TARGET = HERE / "vendor" / "ueditor"
PREFIX = "DjangoUeditor/static/ueditor/"


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        DISTRIBUTION, "-d", work], check=True)
        archive = next(Path(work).iterdir())
        staging = HERE / "vendor" / "ueditor.partial"
        shutil.rmtree(staging, ignore_errors=True)
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                inside = name.split("/", 1)[1] if "/" in name else ""
                if not inside.startswith(PREFIX) or name.endswith("/"):
                    continue
                relative = Path(inside[len(PREFIX):])
                if ".." in relative.parts:  # a package's archive is input like any other
                    continue
                out = staging / relative
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(z.read(name))
    if 'UE.version = "1.4.3"' not in (staging / "ueditor.all.js").read_text(encoding="utf-8"):
        sys.exit(f"{DISTRIBUTION} does not carry UEditor 1.4.3")
    staging.rename(TARGET)  # complete or absent: a half-unpacked editor is never taken for installed


if __name__ == "__main__":
    main()
