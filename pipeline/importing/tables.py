"""Tables 二, 三 and 四 from the cells printed under their headings, by the declaration's labels.

The cells come as one stream in reading order (``source.tokens``): a Word table, an HTML table, a
PDF table, tab-separated lines and one-cell-per-line text all give the same stream, and a table split
across pages is simply more of it. A labelled row is found by its label, searching forward, and its
values are the cells that follow it up to the next label; their number must be the number of the
row's columns, or the row is not read (which column a missing cell belonged to cannot be known).
"""

from __future__ import annotations

from pipeline.core.model import Number, TableData
from pipeline.format.layout import TABLE_INPUTS
from pipeline.format.official import TABLE, CellKind, Line
from pipeline.importing.labels import T4_COLS, T4_ROW, TABLE_ROWS, bare, same_label
from pipeline.importing.note import ImportNote
from pipeline.importing.source import Cell
from pipeline.importing.values import is_value, read_value


def _trim(values: list[Cell], wanted: int) -> list[Cell]:
    """Empty cells at either end beyond the row's width: the gaps of a label cell merged across
    two columns, or a row's trailing tab, as text copied from a table shows them."""
    out = list(values)
    while len(out) > wanted and not out[0].text.strip():
        out.pop(0)
    while len(out) > wanted and not out[-1].text.strip():
        out.pop()
    return out


def _address(table_key: str, row: str, col: str) -> str:
    return TABLE_INPUTS[table_key][row, col].place.address


def _row_name(table_key: str, row: str) -> str:
    table = TABLE[table_key]
    label = table.row(row).label
    return f"{table.sheet}“{label}”行" if label else table.sheet


def _name(table_key: str, row: str, col: str) -> str:
    table = TABLE[table_key]
    address = _address(table_key, row, col)
    r: Line = table.row(row)
    c: Line = table.col(col)
    where = f"“{r.label}”行“{'/'.join(c.path)}”列" if r.label else f"“{'/'.join(c.path)}”列"
    return f"{address}（{where}）"


def _put(data: TableData, row: str, cols: tuple[str, ...], cells: list[Cell], note: ImportNote) -> None:
    kinds = {(r.key, c.key): kind for r, c, kind in data.table.cells()}
    for col, cell in zip(cols, cells, strict=True):
        part = _name(data.table.key, row, col)
        got = read_value(cell.text, kinds.get((row, col), CellKind.COUNT))
        if got.value is None:
            note.lack(part, got.why, cell.where, address=_address(data.table.key, row, col),
                      row=_row_name(data.table.key, row))
            continue
        value: Number = got.value
        data.values[row, col] = value
        note.read.append((part, cell.where))


def _lack_row(data: TableData, row: str, cols: tuple[str, ...], why: str, where: str, note: ImportNote) -> None:
    for col in cols:
        note.lack(_name(data.table.key, row, col), why, where, address=_address(data.table.key, row, col),
                  row=_row_name(data.table.key, row))


def _values_after(cells: list[Cell], start: int) -> int:
    end = start
    while end < len(cells) and is_value(cells[end].text):
        end += 1
    return end


def _labelled(key: str, cells: list[Cell], note: ImportNote) -> TableData:
    data = TableData.empty(key)
    pos = 0
    for row, label, cols in TABLE_ROWS[key]:
        at = next((i for i in range(pos, len(cells))
                   if not is_value(cells[i].text) and same_label(cells[i].text, label)), None)
        if at is None:
            _lack_row(data, row, cols, "表中找不到这一行", "", note)
            continue
        end = _values_after(cells, at + 1)
        values = _trim(cells[at + 1:end], len(cols))
        pos = end
        if len(values) != len(cols):
            _lack_row(data, row, cols, f"这一行有 {len(values)} 个格，应有 {len(cols)} 个，无法确定各数属于哪一列",
                      cells[at].where, note)
            continue
        _put(data, row, cols, values, note)
        if bare(cells[at].text) != bare(label):
            note.remarks.append(f"{data.table.sheet}的“{cells[at].text.strip()}”行按官方格式的“{label}”读取")
    return data


def _table4(cells: list[Cell], note: ImportNote) -> TableData:
    """Table 四 has no row label: its values are the one run of value cells as wide as the table."""
    data = TableData.empty("t4")
    runs, i = [], 0
    while i < len(cells):
        end = _values_after(cells, i)
        if end > i:
            runs.append(_trim(cells[i:end], len(T4_COLS)))
            i = end
        else:
            i += 1
    fitting = [r for r in runs if len(r) == len(T4_COLS)]
    if len(fitting) == 1:
        _put(data, T4_ROW, T4_COLS, fitting[0], note)
    else:
        why = ("表中找不到这一行数字" if not runs else
               f"表中的数字有 {max(len(r) for r in runs)} 格一行，应有 {len(T4_COLS)} 格，无法确定各数属于哪一列")
        _lack_row(data, T4_ROW, T4_COLS, why, runs[0][0].where if runs and runs[0] else "", note)
    return data


def read_table(key: str, cells: list[Cell], note: ImportNote) -> TableData:
    """The table ``key`` from the cells printed under its heading; every cell not read is noted."""
    return _table4(cells, note) if key == "t4" else _labelled(key, cells, note)
