"""Names that come from outside (a browser's file name, a unit's name typed in a form or a roster) as
they may be shown and stored, and names inside a zip that never collide.

A right-to-left override (U+202E) makes “report‮xslx.exe” show as “reportexe.xlsx”; control
characters break lines and terminals. Neither is ever part of a real name: they are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.core.names import file_name

#: The bidirectional embeddings, overrides and isolates and the directional marks (LRM, RLM, ALM).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean(text: str) -> str:
    """``text`` without bidirectional controls and control characters; whitespace runs become one space."""
    text = _BIDI.sub("", text)
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


class ZipNames:
    """Entry names for one zip, each unique however Windows compares them (case, a trailing “.” or
    space dropped): a second “某局” becomes “某局（2）”. Unzipping never keeps one file of two."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def __call__(self, stem: str, suffix: str) -> str:
        base = file_name(clean(stem))
        name, number = f"{base}{suffix}", 1
        while name.casefold() in self._taken:
            number += 1
            name = f"{base}（{number}）{suffix}"
        self._taken.add(name.casefold())
        return name

    @property
    def count(self) -> int:
        return len(self._taken)
