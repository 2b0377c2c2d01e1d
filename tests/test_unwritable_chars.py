"""Characters that cannot be written (a lone surrogate, as Excel's escape _xD800_) are removed at
reading with a warning naming the cell, so `check` and `render` agree (issue 9)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.format.layout import FIELD_INPUTS, TEXT_INPUTS

from .helpers import rezip

S5 = TEXT_INPUTS["s5"].place
NAME = FIELD_INPUTS["unit_name"].place


def _with_escape(tmp_path: Path, part: str, cell: str, escaped: str) -> Path:
    """The example with ``escaped`` put at the start of ``cell``'s inline text in sheet ``part``,
    as Excel writes characters it cannot store (``_xD800_``)."""
    def edit(name: str, body: bytes) -> bytes:
        if name != f"xl/worksheets/{part}.xml":
            return body
        changed, n = re.subn(rb'(<c r="%s"[^>]*><is><t[^>]*>)' % cell.encode(), rb"\g<1>" + escaped.encode(), body)
        assert n == 1
        return changed

    return rezip(tmp_path / "escaped.xlsx", edit=edit)


def test_a_lone_surrogate_in_the_narrative_is_removed_and_named(cli, tmp_path: Path) -> None:
    book = _with_escape(tmp_path, "sheet3", S5.coordinate, "_xD800_")
    code, stdout, err = cli("check", book)
    assert code == 0 and err == ""
    assert "[警告 T1]" in stdout and S5.address in stdout
    code, stdout, err = cli("render", book, "-o", tmp_path / "报告.docx")
    assert code == 0 and err == "" and (tmp_path / "报告.docx").is_file()


def test_a_lone_surrogate_in_the_unit_name_is_removed_and_named(cli, tmp_path: Path) -> None:
    book = _with_escape(tmp_path, "sheet2", NAME.coordinate, "_xDC00_")
    code, stdout, _ = cli("check", book, "--json")
    assert code == 0 and '"T1"' in stdout and NAME.address in stdout
    code, _, err = cli("render", book, "-o", tmp_path / "报告.docx")
    assert code == 0 and err == ""


def test_an_escaped_pair_is_one_character_and_kept(tmp_path: Path) -> None:
    from pipeline.reading.cell_text import clean_text

    assert clean_text("笑_xD83D__xDE00_") == ("笑\U0001F600", False)
    assert clean_text("a_xD800_b") == ("ab", True)
