"""What the tool wrote into a folder: a manifest beside the outputs, so a later run replaces or removes
only its own files and never a file someone placed there (a hand-made final PDF, an edited report).

One line of JSON per file written (name, size, SHA-256, time), appended: appending is atomic for such
short lines, so batch workers writing into one folder at once need no lock, and a run killed midway
loses at most the line of the file it was writing. A file is the tool's own when the manifest lists
its name with its present size and SHA-256: a file replaced or edited by hand since is not.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

#: In every folder the tool writes into; a dot-file, so it is never taken for a unit's workbook.
MANIFEST = ".gov-report-manifest.jsonl"


def sha256(path: Path) -> str:
    """A file's SHA-256, read in blocks: the fingerprint in the output manifest and the publication pack."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def entries(folder: Path) -> dict[str, dict[str, object]]:
    """The latest line for each name in ``folder``'s manifest (a torn last line is skipped)."""
    found: dict[str, dict[str, object]] = {}
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return found
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            found[entry["name"]] = entry
    return found


def owned(path: Path) -> bool:
    """``path`` is a file the tool wrote and nobody has changed since."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    entry = entries(path.parent).get(path.name)
    return (entry is not None and entry.get("size") == size and path.is_file()
            and entry.get("sha256") == sha256(path))


def record(path: Path) -> None:
    """Note ``path`` (just written by the tool) in its folder's manifest. ASCII JSON: a name that
    is not UTF-8 (surrogate escapes) reads back as the same name."""
    line = json.dumps({"name": path.name, "size": path.stat().st_size, "sha256": sha256(path),
                       "time": datetime.now(UTC).isoformat(timespec="seconds")})
    fd = os.open(path.parent / MANIFEST, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
    finally:
        os.close(fd)


def remove_owned(path: Path) -> bool:
    """Remove ``path`` if the tool wrote it (an output of an earlier run this run does not renew);
    leave any other file alone. True if removed."""
    if not owned(path):
        return False
    path.unlink(missing_ok=True)
    return True


def compact(folder: Path) -> None:
    """Rewrite ``folder``'s manifest with one line per file still there unchanged (the start of a
    batch, before any worker appends): the manifest does not grow with every run."""
    old = entries(folder)
    if not old:
        return
    keep = [e for name, e in old.items() if owned(folder / name)]
    if len(keep) == len(old) and len(old) == sum(1 for _ in (folder / MANIFEST).open(encoding="utf-8")):
        return
    tmp = folder / f"{MANIFEST}.tmp"
    tmp.write_text("".join(json.dumps(e) + "\n" for e in keep), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
