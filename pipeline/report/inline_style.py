"""The web fragment's styles (``html.fragment``), written on each element: what the page's style sheet
gives an element, and what the websites' editors need besides (tests/editors measured it).

An editor keeps no ``<style>``, class or id, and several drop a wrapping block with its styles, so
the font, size, line height and colour are on every paragraph and cell, in px (an editor's own body
font is no base for ``em``). Filters that drop ``style`` on paste leave HTML 4's attributes, so the
tables say their borders, width and alignment twice.
"""

from __future__ import annotations

from html import escape

#: The 公文 font names first (a reader's licensed fonts win), then the free fonts of fonts/fonts.conf.
FONTS = {
    "body": '"仿宋_GB2312", "仿宋", FangSong, FandolFang, "Noto Serif CJK SC", serif',
    "title": '"方正小标宋简体", "方正小标宋_GBK", "Noto Serif CJK SC", "Source Han Serif SC", serif',
    "h2": '"黑体", SimHei, "Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
    "h3": '"楷体_GB2312", "楷体", KaiTi, "AR PL KaitiM GB", FandolKai, serif',
}

#: The fragment's text: what ``body`` and the table give the page, written on every paragraph and cell,
#: in px (an editor's own body font is no base for ``em``). Single quotes in font lists: the style
#: sits inside a double-quoted attribute.
_TEXT = f"font-family: {FONTS['body']}; font-size: 16px; line-height: 1.75; color: #000;"
_CELL = ("border: 1px solid #000; padding: 4px 3px; vertical-align: middle; font-weight: normal; color: #000; "
         f"font-family: {FONTS['body']}; line-height: 1.4;")
#: The fragment's styles: what CSS gives each element of the page, written on the element.
INLINE = {
    "h1": f"font-family: {FONTS['title']}; font-size: 26px; font-weight: normal; text-align: center; "
          f"line-height: 1.5; color: #000; margin: 0 0 16px;",
    "h2": f"font-family: {FONTS['h2']}; font-size: 16px; line-height: 1.75; color: #000; font-weight: normal; "
          f"margin: 0; text-indent: 2em;",
    "h3": f"font-family: {FONTS['h3']}; font-size: 16px; line-height: 1.75; color: #000; font-weight: normal; "
          f"margin: 0; text-indent: 2em;",
    "p": f"{_TEXT} margin: 0; text-indent: 2em; text-align: justify;",
    "table": "border-collapse: collapse; margin: 8px 0 16px; border: 1px solid #000;",
    "caption": f"font-family: {FONTS['h2']}; text-align: center; text-indent: 0; margin: 0.5em 0 0;",
    "th": f"{_CELL} text-align: center;",
    "th.row": f"{_CELL} text-align: left;",
    "td": f"{_CELL} text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap;",
    "signature": f"{_TEXT} margin: 0; text-indent: 0; text-align: right;",
}
INLINE = {k: v.replace('"', "'") for k, v in INLINE.items()}
#: The same as attributes, for the editors whose filters drop ``style`` (TinyMCE pasting in chromium;
#: UEditor's paste drops the table's style and ``border``): HTML 4's presentational attributes survive
#: them, and a browser still draws the borders (``rules="all"`` survives UEditor), the width and the
#: alignment from them. The width is the attribute only: chromium copies a ``width: 100%`` style as the
#: pixels of the clerk's window, which UEditor keeps.
TABLE_ATTRIBUTES = ' border="1" rules="all" frame="box" cellspacing="0" cellpadding="4" width="100%"'
#: The table's type size in px: 0.8 of the text, 0.7 for the wide tables (as on the page).
TABLE_SIZE = {False: 13, True: 11}


def text(text: str) -> str:
    """Text for the fragment: quotes left as they are (UEditor's source mode turns ``&#x27;`` into the
    six characters themselves); ``&``, ``<`` and ``>`` escaped."""
    return escape(text, quote=False)


def style(inline: bool, *names: str, extra: str = "") -> str:
    return f' style="{" ".join(INLINE[n] for n in names)}{extra}"' if inline else ""


def cell(tag: str, kind: str, spans: str, share: float, size: int, content: str, scope: str = "") -> str:
    """A fragment's table cell: its style, and the same said by attributes (align, valign, width)."""
    align = "left" if kind == "th.row" else "center"
    legacy = f' align="{align}" valign="middle" width="{share:.2f}%"'
    return f"<{tag}{scope}{spans}{legacy}{style(True, kind, extra=f' font-size: {size}px;')}>{text(content)}</{tag}>"
