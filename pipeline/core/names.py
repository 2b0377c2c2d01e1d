"""What the tool's files are called: a name every file system takes, and a path that can be shown.

A unit's name becomes a file name (its report, its marked-up copy); a file name read from a folder
is printed and written into spreadsheets. Both come from people and other systems, so both are made
safe here; ``output`` writes the files.
"""

from __future__ import annotations

import hashlib
import os
import re
from unicodedata import east_asian_width


def display_width(text: str) -> int:
    """How wide ``text`` shows in a terminal or a spreadsheet column: a CJK character takes two."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


#: A file name may have 255 bytes (ext4, NTFS counts 255 UTF-16 units: fewer than bytes for Chinese).
#: Room is kept for a suffix (.docx, _问题标注.xlsx) and atomic_write's temporary name.
MAX_STEM_BYTES = 200
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\ud800-\udfff]')


def file_name(text: str, keep: str = "", limit: int = MAX_STEM_BYTES) -> str:
    """``text + keep`` as one file name (without suffix) that Windows and Linux both accept: a unit
    called “某局/办公室” must not turn its report's name into a folder, nor “CON” into a device.
    Too long a name is cut in ``text`` at a character boundary and a short hash of the whole added,
    so ``keep`` (the year and 年政府信息公开工作年度报告) stays whole and two long names stay two."""
    head, tail = _FORBIDDEN.sub("_", text), _FORBIDDEN.sub("_", keep)
    name = (head + tail).strip().lstrip(".").rstrip(". ")  # a leading dot hides; Windows drops a trailing one
    if not name:
        return "报告"
    if len(name.encode("utf-8")) > limit:
        mark = "~" + hashlib.sha256((text + keep).encode("utf-8", "replace")).hexdigest()[:8]
        room = max(limit - len(tail.encode("utf-8")) - len(mark), 0)
        cut = head.strip().lstrip(".").encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
        name = (cut + mark + tail).rstrip(". ")
        name = name.encode("utf-8")[:limit].decode("utf-8", "ignore").rstrip(". ")
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = "_" + name
    return name


def shown_path(text: str) -> str:
    """A path as text that can be printed and written anywhere. A file name that is not UTF-8 (a zip
    made on Chinese Windows, unpacked on Linux) reaches Python with surrogate escapes, which no
    terminal, spreadsheet or JSON can hold: read as GB18030, as Windows wrote it, or marked “?”."""
    raw = os.fsencode(text)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")
