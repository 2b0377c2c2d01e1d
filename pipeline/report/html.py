"""The report as one self-contained web page for the 政府信息公开 platform, and as a fragment to paste.

Built from the same context as the Word report (never by converting the .docx), so the two say the
same. The tables come from ``grid.table_grid``: ``<th>`` cells with the official rowspans and
colspans, ``scope`` on every header and, because table 二 stacks four blocks under different headers
and table 三 nests three levels of row labels, a ``headers`` list on every number naming exactly the
labels it sits under — what a screen reader reads out with the number. No script, no external
asset; inline CSS with A4 print rules (GB/T 9704 margins and fonts, header rows repeated by ``thead``).

A government website's editor (UEditor, KindEditor, TinyMCE, wangEditor, CKEditor) takes pasted HTML
but drops ``<style>`` and classes, so the page's tables would lose their borders. The fragment
(``fragment``) is the same article built for those editors: paragraphs and tables at the top level,
every style on its element (``inline_style``), no ``<style>``, class or id; tests/editors drives the
editors themselves and pipeline/report/editors.py says how to paste into each.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise
from pathlib import Path

from pipeline.core.output import write_bytes
from pipeline.core.yoy import COMPARE_AFTER, COMPARE_DIFF, COMPARE_HEADING, COMPARE_ITEM, COMPARE_PCT
from pipeline.format.grid import GridCell, table_grid, width
from pipeline.format.official import NARRATIVES, SECTIONS, TABLES, Table
from pipeline.report.context import Context, table_key
from pipeline.report.inline_style import FONTS, TABLE_ATTRIBUTES, TABLE_SIZE
from pipeline.report.inline_style import cell as _inline_cell
from pipeline.report.inline_style import style as _style
from pipeline.report.inline_style import text as _text
from pipeline.report.table_layout import column_widths, compare_widths

CSS = f"""
html {{ background: #f4f4f4; }}
body {{ margin: 0; font-family: {FONTS["body"]}; font-size: 18px; line-height: 1.75; color: #000; }}
main {{ max-width: 48em; margin: 1.5em auto; padding: 2em 2.5em; background: #fff; }}
h1 {{ font-family: {FONTS["title"]}; font-size: 1.6em; font-weight: normal; text-align: center;
      line-height: 1.5; margin: 0 0 1em; }}
h2 {{ font-family: {FONTS["h2"]}; font-size: 1em; font-weight: normal; margin: 0; text-indent: 2em; }}
h3 {{ font-family: {FONTS["h3"]}; font-size: 1em; font-weight: normal; margin: 0; text-indent: 2em; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.table-wrap {{ overflow-x: auto; margin: 0.5em 0 1em; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 0.8em; line-height: 1.4; }}
th, td {{ border: 1px solid #000; padding: 0.3em 0.25em; text-align: center; vertical-align: middle;
          font-weight: normal; }}
th[scope="row"], th[scope="rowgroup"] {{ text-align: left; }}
th.item {{ text-align: center; }}
td {{ font-variant-numeric: tabular-nums; white-space: nowrap; }}
table.wide {{ font-size: 0.7em; }}
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@media print {{
  html, main {{ background: none; }}
  main {{ max-width: none; margin: 0; padding: 0; }}
  body {{ font-size: 16pt; line-height: 28pt; }}
  h1 {{ font-size: 22pt; line-height: 36pt; margin-bottom: 28pt; }}
  h2, h3 {{ break-after: avoid; }}
  .table-wrap {{ overflow: visible; }}
  table {{ font-size: 10.5pt; line-height: 14pt; }}
  table.wide {{ font-size: 9pt; line-height: 12pt; }}
  td, th:not([rowspan]) {{ break-inside: avoid; }}  /* a rowspan must be free to cross the page */
  table {{ break-inside: avoid; }}  /* each table fits a page, as in the Word report: keep it whole */
  thead {{ display: table-header-group; }}
}}
"""

#: Above this many columns a table gets the smaller type, as in the Word template.
WIDE = 12

def _scope(cell: GridCell) -> str:
    if cell.role == "rowhead":
        return "rowgroup" if cell.rowspan > 1 else "row"
    if cell.role == "title":
        return "rowgroup"  # 第二十条第（一）项 heads the block of rows below it (its own tbody)
    return "colgroup" if cell.colspan > 1 else "col"


def _block_starts(grid: list[GridCell]) -> list[int]:
    """The first grid row of each block: table 二's blocks each begin with a title row."""
    titles = sorted(c.row for c in grid if c.role == "title")
    return titles or [0]


def _block(row: int, starts: list[int]) -> int:
    return sum(1 for s in starts if s <= row)


def _headers(cell: GridCell, grid: list[GridCell], starts: list[int], ids: dict[GridCell, str]) -> list[str]:
    """The header cells a number sits under: in its block, the title, the column headers above it
    and the row labels left of it."""
    block = _block(cell.row, starts)
    found = []
    for h in grid:
        if h.role in ("data", "corner") or _block(h.row, starts) != block:
            continue
        above = h.role == "colhead" and h.col <= cell.col < h.col + h.colspan
        left = h.role == "rowhead" and h.row <= cell.row < h.row + h.rowspan
        if h.role == "title" or above or left:
            found.append(ids[h])
    return found


def _cell_html(table: Table, cell: GridCell, ctx: Context, headers: list[str], ident: str) -> str:
    spans = _spans(cell)
    if cell.role == "data":
        assert cell.key is not None
        value = ctx[table.key][table_key(*cell.key)]
        return f'<td{spans} headers="{" ".join(headers)}">{escape(value)}</td>'
    item = ' class="item"' if cell.role == "title" else ""
    return f'<th id="{ident}" scope="{_scope(cell)}"{item}{spans}>{escape(cell.text)}</th>'


def _spans(cell: GridCell) -> str:
    return "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if n > 1)


def _fragment_cell(table: Table, cell: GridCell, ctx: Context, shares: list[float]) -> str:
    """A cell as the fragment writes it. ids and headers do not survive an editor (the labels are read
    from the layout); ``scope`` does in most. A block's title row (第二十条第（一）项) is a ``<td>``:
    CKEditor 5 lifts leading rows of ``<th>`` into ``<thead>``, away from the block they head."""
    share, size = sum(shares[cell.col:cell.col + cell.colspan]), TABLE_SIZE[width(table) > WIDE]
    if cell.role == "data":
        assert cell.key is not None
        return _inline_cell("td", "td", _spans(cell), share, size, ctx[table.key][table_key(*cell.key)])
    if cell.role == "title":
        return _inline_cell("td", "th", _spans(cell), share, size, cell.text)
    kind = "th.row" if cell.role == "rowhead" else "th"
    return _inline_cell("th", kind, _spans(cell), share, size, cell.text, f' scope="{_scope(cell)}"')


def table_html(table: Table, ctx: Context, labelled_by: str, inline: bool = False) -> str:
    grid = table_grid(table)
    ids = {c: f"{table.key}-r{c.row}c{c.col}" for c in grid if c.role != "data"}
    starts = _block_starts(grid)
    widths = column_widths(table)
    shares = [100 * w / sum(widths) for w in widths]
    rows: dict[int, list[str]] = {}
    for cell in grid:
        headers = _headers(cell, grid, starts, ids) if cell.role == "data" else []
        made = (_fragment_cell(table, cell, ctx, shares) if inline
                else _cell_html(table, cell, ctx, headers, ids.get(cell, "")))
        rows.setdefault(cell.row, []).append(made)
    # A grid row made only of spanned-over cells still needs its <tr> for the rowspans to add up.
    lines = {r: f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(max(c.row + c.rowspan for c in grid))}
    if len(starts) > 1:
        # Stacked blocks under their own headers: one tbody each, no thead to repeat above the others.
        bounds = [*starts, len(lines)]
        body = "".join("<tbody>" + "".join(lines[r] for r in range(a, b)) + "</tbody>"
                       for a, b in pairwise(bounds))
    else:
        first = min(c.row for c in grid if c.role == "data")
        body = ("<thead>" + "".join(lines[r] for r in range(first)) + "</thead><tbody>"
                + "".join(lines[r] for r in range(first, len(lines))) + "</tbody>")
    cols = _colgroup(widths)
    if inline:
        return f"<table{TABLE_ATTRIBUTES}{_style(True, 'table')}><colgroup>{cols}</colgroup>{body}</table>"
    wide_class = ' class="wide"' if width(table) > WIDE else ""
    return (f'<div class="table-wrap"><table{wide_class} aria-labelledby="{labelled_by}">'
            f"<colgroup>{cols}</colgroup>{body}</table></div>")


def _colgroup(widths: list[int]) -> str:
    """The Word template's column widths, as shares: the web table is proportioned like the print."""
    return "".join(f'<col style="width: {100 * w / sum(widths):.2f}%">' for w in widths)


def compare_html(ctx: Context, inline: bool = False) -> str:
    """The table 主要数据与上年对比 under its heading, proportioned like the Word table."""
    widths = compare_widths()
    heads = (COMPARE_ITEM, ctx["compare"]["last_year"], ctx["compare"]["year"], COMPARE_DIFF, COMPARE_PCT)
    if inline:
        shares, size = [100 * w / sum(widths) for w in widths], TABLE_SIZE[False]
        head = "".join(_inline_cell("th", "th", "", s, size, h, ' scope="col"')
                       for s, h in zip(shares, heads, strict=True))
        rows = "".join("<tr>" + _inline_cell("th", "th.row", "", shares[0], size, r["label"], ' scope="row"')
                       + "".join(_inline_cell("td", "td", "", s, size, r[k])
                                 for s, k in zip(shares[1:], ("last", "now", "diff", "pct"), strict=True))
                       + "</tr>" for r in ctx["compare_rows"])
    else:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in heads)
        rows = "".join(f'<tr><th scope="row">{escape(r["label"])}</th>'
                       + "".join(f"<td>{escape(r[k])}</td>" for k in ("last", "now", "diff", "pct"))
                       + "</tr>" for r in ctx["compare_rows"])
    caption = f"<p{_style(True, 'caption', extra=' font-size: 16px; line-height: 1.75; color: #000;' * inline)}>"
    caption += f"{_text(COMPARE_HEADING)}</p>"
    table = f"<colgroup>{_colgroup(widths)}</colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
    if inline:
        return f"{caption}<table{TABLE_ATTRIBUTES}{_style(True, 'table')}>{table}</table>"
    return f'{caption}<div class="table-wrap"><table aria-label="{escape(COMPARE_HEADING)}">{table}</table></div>'


def _paragraphs(ctx: Context, key: str, inline: bool = False) -> list[str]:
    return [f"<p{_style(inline, 'p')}>{escape(p, quote=not inline)}</p>" for p in ctx[key]]


def article(ctx: Context, inline: bool = False) -> str:
    """Title, introduction, the six sections with their sub-headings, paragraphs and tables, in the
    order of the official format; ``inline``: the fragment's form, every style on its element."""
    parts = [f"<h1{_style(inline, 'h1')}>{escape(ctx['title'], quote=not inline)}</h1>"]
    for n in NARRATIVES:
        if n.section is None:
            parts += _paragraphs(ctx, n.key, inline)
    for section in SECTIONS:
        ident = f"section-{section.key}"
        if inline:
            parts.append(f"<h2{_style(True, 'h2')}>{_text(section.heading)}</h2>")
        else:
            parts.append(f'<section aria-labelledby="{ident}"><h2 id="{ident}">{escape(section.heading)}</h2>')
        for n in NARRATIVES:
            if n.section == section.key:
                # A sub-part left empty (H8-PART) is printed without its sub-heading, as in Word.
                label = f"<h3{_style(inline, 'h3')}>{escape(n.label, quote=not inline)}</h3>"
                parts += [label] if n.label and ctx[n.key] else []
                parts += _paragraphs(ctx, n.key, inline)
        parts += [table_html(t, ctx, ident, inline) for t in TABLES if t.heading == section.heading]
        if section.key == COMPARE_AFTER and ctx["compare_rows"]:
            parts.append(compare_html(ctx, inline))
        parts += [] if inline else ["</section>"]
    signature = ctx["signature"]
    if signature["date"]:
        parts.append(_signature(signature["unit"], signature["date"], inline))
    charts = ctx.get("charts")
    if charts:
        # The SVG is ours (matplotlib's output, labels escaped by it), never text from the workbook raw.
        parts.append(f"<h2{_style(inline, 'h2')}>{escape(ctx['charts_heading'])}</h2>")
        box = "p" if inline else "div"  # an editor's top level takes paragraphs, not blocks of its own
        parts.append(f'<{box} style="max-width: 100%; overflow-x: auto; text-indent: 0;">{charts.svg}</{box}>')
    return "\n".join(parts)


def _signature(unit: str, date: str, inline: bool) -> str:
    """The 落款: the date 4 characters from the right, the unit centred above it. The page centres
    both in a box; the fragment has no box to keep (editors unwrap or flatten it), so each line is set
    right with the padding that centres the unit over the date, counted in characters (a digit is
    half a character)."""
    if not inline:
        block = "margin: 1.75em 4em 0 auto; width: fit-content; text-align: center;"
        return (f'<div style="{block}"><p style="text-indent: 0; text-align: center;">{escape(unit)}</p>'
                f'<p style="text-indent: 0; text-align: center;">{escape(date)}</p></div>')

    def ems(text: str) -> float:
        return sum(0.5 if ch.isascii() else 1 for ch in text)

    unit_pad = 4 + max(0.0, (ems(date) - ems(unit)) / 2)
    return (f'<p{_style(True, "signature", extra=f" padding-right: {unit_pad:g}em; margin-top: 1.75em;")}>'
            f"{_text(unit)}</p><p{_style(True, 'signature', extra=' padding-right: 4em;')}>{_text(date)}</p>")


def fragment(ctx: Context) -> str:
    """The report to paste into a website's editor: paragraphs and tables at the top level (no
    wrapping ``<div>``: UEditor and wangEditor 5 drop or flatten it, and its styles with it), each
    carrying its own font, size, line height and colour."""
    return article(ctx, inline=True) + "\n"


def page(ctx: Context) -> str:
    """The whole page as text: the article in a standalone HTML document with its style sheet."""
    title = escape(ctx["title"])
    body = article(ctx)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n<main>\n<article>\n{body}\n</article>\n</main>\n</body>\n</html>\n")


def render_html(ctx: Context, out: Path) -> None:
    """Write the page to ``out`` atomically, UTF-8."""
    write_bytes(out, page(ctx).encode("utf-8"))


def render_fragment(ctx: Context, out: Path) -> None:
    """Write the fragment to ``out`` atomically, UTF-8."""
    write_bytes(out, fragment(ctx).encode("utf-8"))
