"""A label cell of a table whose text differs from the official format is a warning naming the cell
and the expected label (issue 9: a number typed over a row label of 表三 was accepted silently)."""

from __future__ import annotations

import json

from pipeline.format.grid import table_grid
from pipeline.format.layout import TABLE_INPUTS, grid_place
from pipeline.format.official import TABLE


def _row_label(table_key: str, cell: tuple[str, str]) -> tuple[str, str]:
    """(address, text) of the innermost row label beside an input cell."""
    row = TABLE_INPUTS[table_key][cell].place.row
    table = TABLE[table_key]
    labels = [(grid_place(table, g), g.text) for g in table_grid(table)
              if g.role == "rowhead" and grid_place(table, g).row == row]
    place, text = max(labels, key=lambda pair: pair[0].col)
    return place.address, text


def test_a_number_typed_over_a_row_label_is_a_warning(cli, make_workbook) -> None:
    address, label = _row_label("t3", ("new", "natural"))
    code, stdout, _ = cli("check", make_workbook({address: 5}), "--json")
    found = [p for p in json.loads(stdout)["problems"] if p["code"] == "L1"]
    assert code == 0 and len(found) == 1
    assert found[0]["cells"] == [address] and label in found[0]["message"] and "“5”" in found[0]["message"]


def test_an_edited_column_label_is_a_warning_and_the_example_has_none(cli, make_workbook, example) -> None:
    code, stdout, _ = cli("check", example, "--json")
    assert not [p for p in json.loads(stdout)["problems"] if p["code"] == "L1"]
    table = TABLE["t4"]
    head = next(g for g in table_grid(table) if g.role == "colhead")
    address = grid_place(table, head).address
    code, stdout, _ = cli("check", make_workbook({address: "改过的标签"}), "--json")
    assert code == 0
    found = [p for p in json.loads(stdout)["problems"] if p["code"] == "L1"]
    assert [p["cells"] for p in found] == [[address]] and head.text in found[0]["message"]
