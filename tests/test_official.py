"""The declaration against the spec: every label verbatim, both ways, and the official shapes."""

from __future__ import annotations

import re

from pipeline.format.grid import height, table_grid, width
from pipeline.format.official import SECTIONS, T3_RESULT_ROWS, TABLE2, TABLE3, TABLE4, TABLES

from .seed import DATA

SPEC = DATA / "official_format.md"
_NOTE = re.compile(r"\((?:merged|title row)[^)]*\)")


def _spec_blocks() -> list[str]:
    return re.findall(r"```\n(.*?)```", SPEC.read_text(encoding="utf-8"), re.S)


def _spec_labels() -> set[str]:
    labels = set()
    for block in _spec_blocks():
        for line in block.splitlines():
            for part in _NOTE.sub("", line).split("|"):
                if re.search(r"[\u4e00-\u9fff]", part):
                    labels.add(part.strip())
    return labels


def _declared_labels() -> set[str]:
    labels = {s.heading for s in SECTIONS}
    for t in TABLES:
        labels |= {cell.text for cell in table_grid(t) if cell.text}
    return labels


def test_every_declared_label_is_verbatim_in_the_spec() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert {label for label in _declared_labels() if label not in text} == set()


def test_every_spec_label_is_declared() -> None:
    assert _spec_labels() - _declared_labels() == set()


def test_official_shapes() -> None:
    assert len(TABLE3.rows) == 25 and len(TABLE3.cols) == 7 and len(T3_RESULT_ROWS) == 21
    assert len(TABLE4.cols) == 15 and len(TABLE4.rows) == 1
    assert len(TABLE2.cells()) == 10
    assert (height(TABLE3), width(TABLE3)) == (28, 10)  # 3 header rows + 25; 3 label columns + 7
    corner = table_grid(TABLE3)[0]
    assert (corner.role, corner.rowspan, corner.colspan) == ("corner", 3, 3)


def test_grid_covers_every_position_exactly_once() -> None:
    for t in TABLES:
        seen: set[tuple[int, int]] = set()
        for c in table_grid(t):
            spots = {(c.row + i, c.col + j) for i in range(c.rowspan) for j in range(c.colspan)}
            assert not spots & seen, (t.key, c)
            seen |= spots
        assert seen == {(r, c) for r in range(height(t)) for c in range(width(t))}, t.key
