"""A cell's text as every command sees it: line ends unified, characters no file can hold removed."""

from __future__ import annotations

import re
from typing import Any

# Characters Word cannot hold (XML 1.0 forbids them; docxtpl would drop them silently), and lone
# surrogates (Excel's _xD800_), which no file, terminal or UTF-8 text can hold: `check` would pass
# and `render` stop. Removed at reading, with a warning, so every command sees the same text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Excel stores such characters as _xHHHH_ (ECMA-376 ST_Xstring; a literal "_x" is written _x005F_x)
# and openpyxl hands the escape through as text: undone here, or "_x0001_" would be printed.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

#: Excel (and openpyxl when saving) cut a cell's text here without a word.
EXCEL_CELL_LIMIT = 32767


def clean_text(raw: Any) -> tuple[str, bool]:
    """The cell's text with Windows line ends unified and XML-illegal characters removed."""
    if raw is None:
        return "", False
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), str(raw))
    # An escaped pair (_xD83D__xDE00_) is one character; only the surrogates left alone are removed.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROL.sub("", text)
    return cleaned, cleaned != text


def paragraphs(text: str) -> list[str]:
    """Alt+Enter separates paragraphs; indentation typed by hand is dropped (the template indents)."""
    return [p.strip() for p in text.split("\n") if p.strip()]
