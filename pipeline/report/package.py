"""A .docx package whose unchanged parts are compressed once, for every report made from a template.

A Word file is a zip; of the template's parts only word/document.xml and docProps/core.xml differ
from one report to the next, while styles.xml (350 KB), the theme, the fonts table and the rest are
the same every time. Python's ``zipfile`` can only write what it compresses itself, so each report
would compress them again; here they are deflated once and each report's zip is assembled from
those bytes and the few parts that changed. The layout is the plain zip format (PKWARE APPNOTE
4.3: local headers, central directory, end record), with fixed timestamps so that the same report
always gives the same bytes, as ``core.output.zip_parts`` does.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the zip format's first day
_DOS_TIME = 0
_VERSION = 20  # deflate
_DEFLATE = 8
_UTF8 = 0x800  # the name is UTF-8 (set only when it is not ASCII)


@dataclass(frozen=True)
class Entry:
    name: bytes
    flags: int
    crc: int
    size: int
    data: bytes  # deflated


def deflate(name: str, body: bytes) -> Entry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate at zipfile's default level
    data = packer.compress(body) + packer.flush()
    encoded = name.encode("utf-8")
    return Entry(encoded, _UTF8 if not name.isascii() else 0, zlib.crc32(body), len(body), data)


class Package:
    """The parts of a package in their order; ``build`` replaces some and returns the zip."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.order = list(parts)
        self._entries = {name: deflate(name, body) for name, body in parts.items()}

    def build(self, changed: dict[str, bytes]) -> bytes:
        unknown = set(changed) - set(self._entries)
        if unknown:
            raise KeyError(f"not parts of the template: {sorted(unknown)}")
        out: list[bytes] = []
        directory: list[bytes] = []
        offset = 0
        for name in self.order:
            e = deflate(name, changed[name]) if name in changed else self._entries[name]
            local = struct.pack("<IHHHHHIIIHH", 0x04034B50, _VERSION, e.flags, _DEFLATE, _DOS_TIME, _DOS_DATE,
                                e.crc, len(e.data), e.size, len(e.name), 0) + e.name
            directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, _VERSION, _VERSION, e.flags, _DEFLATE,
                                         _DOS_TIME, _DOS_DATE, e.crc, len(e.data), e.size, len(e.name), 0, 0, 0, 0,
                                         0, offset) + e.name)
            out += (local, e.data)
            offset += len(local) + len(e.data)
        central = b"".join(directory)
        end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory), len(central), offset, 0)
        return b"".join(out) + central + end
