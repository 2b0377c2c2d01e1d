"""The README stays true: its generated parts are current and name every check and every cell."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.core.paths import ROOT
from pipeline.core.problems import CODES
from pipeline.format.layout import all_inputs
from pipeline.workbook.guide import update_readme

README = ROOT / "README.md"


def test_generated_parts_are_current(tmp_path: Path) -> None:
    copy = tmp_path / "README.md"
    shutil.copy(README, copy)
    assert not update_readme(copy), "run `make docs` and commit README.md"


def test_every_problem_code_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    assert [c for c in CODES if f"| {c} |" not in text] == []


def test_readme_shows_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make report" in text and "make test" in text


def test_field_guide_names_every_unit_and_text_cell() -> None:
    text = README.read_text(encoding="utf-8")
    inputs = [i for i in all_inputs()[1:] if not i.name.startswith("t")]
    assert [i.place.address for i in inputs if i.place.address not in text] == []


def test_update_fills_empty_blocks_and_keeps_the_text_between(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("前言\n<!-- generated:checks -->\n<!-- /generated -->\n中间\n"
                      "<!-- generated:field_guide -->\n旧内容\n<!-- /generated -->\n结尾\n", encoding="utf-8")
    assert update_readme(readme)
    text = readme.read_text(encoding="utf-8")
    assert all(w in text for w in ("前言", "中间", "结尾", "| H1 |", "基本信息!B2")) and "旧内容" not in text
    assert not update_readme(readme)
