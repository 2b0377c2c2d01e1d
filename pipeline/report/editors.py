"""How to put the web fragment (``*.片段.html``) into each rich-text editor of government websites:
the one declaration the README's section, the 说明 file of the publication pack and the editor tests
(tests/editors) all read.

``keeps`` says, for each route a clerk can take, what the saved article still has when shown on the
website's page: the measured facts of tests/editors (an editor keeping more or less than declared
fails the test, so the advice cannot drift from the editors' behaviour).
"""

from __future__ import annotations

from dataclasses import dataclass

#: What the tests measure on the saved article: every rowspan/colspan; a border on every side of every
#: cell; the numbers centred; all the text; the columns as wide as the fragment's (within 8 px); the
#: 仿宋 font on paragraphs and cells; the paragraphs' first-line indent, line height and no gap between
#: them; every header cell a ``<th>`` with its ``scope`` (what a screen reader reads a number's labels by).
SPANS, BORDERS, CENTRED, TEXT = "合并单元格", "表格边框", "数字居中", "全部文字"
WIDTHS, FONTS, PARAGRAPHS = "列宽", "字体", "段落格式（首行缩进、行距、段间距）"
HEADERS = "读屏软件可识别的表头（th 与 scope）"
CHART = "图解（SVG 图）"
QUALITIES = (SPANS, BORDERS, CENTRED, TEXT, WIDTHS, FONTS, PARAGRAPHS, HEADERS, CHART)
#: What to do where an editor deletes the 图解 (the pack has it as a picture too).
CHART_ADVICE = "编辑器会删掉片段中的图解：“图解”选“是”时，请用编辑器的“图片”按钮另行插入发布包中的 图解.png。"
ALL = frozenset(QUALITIES)
PASTE, SOURCE = "粘贴", "源代码"
#: The advice's file in the publication pack, beside the fragment.
ADVICE_FILE = "网页片段粘贴说明.txt"
#: How a clerk copies the fragment for the paste route.
COPY = "用浏览器打开片段文件（双击 .片段.html），按 Ctrl+A 全选、Ctrl+C 复制"

#: The rule wangEditor 5's documentation asks a site to add: its saved tables carry no border.
WANGEDITOR5_STYLE = "table td, table th { border: 1px solid #000; }"


@dataclass(frozen=True)
class Editor:
    key: str  # the page of tests/editors/pages that embeds it
    name: str
    route: str  # the advised route: PASTE or SOURCE
    steps: str  # what to click, in the editor's own words
    keeps: dict[str, frozenset[str]]  # route → what the website's page shows afterwards
    note: str = ""  # what the editor loses by design, and what to do about it
    #: The style sheet the note asks the website to give its article page, and what the page then shows
    #: (through the advised route); tested like the rest.
    site_style: str = ""
    with_site_style: frozenset[str] = frozenset()


EDITORS = (
    Editor("ueditor", "UEditor 1.4.3（百度编辑器，政府网站最常见）", PASTE,
           f"{COPY}，在编辑区按 Ctrl+V；或点工具栏“源代码”，粘贴片段文件的全部内容，"
           "再点一次“源代码”返回。",
           {PASTE: ALL, SOURCE: ALL - {CHART}},
           "用“源代码”时 UEditor 会弄坏图解（SVG），所以请直接粘贴。"),
    Editor("kindeditor", "KindEditor 4.1", PASTE,
           f"{COPY}，在编辑区按 Ctrl+V；或点“HTML代码”，粘贴片段文件的全部内容，再点一次返回。",
           {PASTE: ALL - {PARAGRAPHS, HEADERS, CHART}, SOURCE: ALL - {PARAGRAPHS, HEADERS, CHART}},
           "KindEditor 默认过滤行距和段落边距，段与段之间会多出空行；"
           "需要时请网站管理员关闭过滤（filterMode: false）。"),
    Editor("tinymce", "TinyMCE", SOURCE,
           "点“工具”→“源代码”（或工具栏的 <> 按钮），粘贴片段文件的全部内容，点“保存”。",
           {SOURCE: ALL - {CHART}, PASTE: ALL - {FONTS, PARAGRAPHS, CHART}},
           "直接 Ctrl+V 粘贴时，TinyMCE 在 Chrome 类浏览器中去掉全部 style：表格的边框、合并单元格、列宽和数字居中"
           "仍保留（靠 HTML 属性），字体、缩进和行距丢失，所以请用“源代码”。"),
    Editor("wangeditor4", "wangEditor 4", SOURCE,
           "网站提供“源码”或“HTML”按钮时，粘贴片段文件的全部内容；没有时请网站管理员用接口 editor.txt.html() 导入。",
           {SOURCE: ALL, PASTE: frozenset({SPANS, TEXT})},
           "wangEditor 4 粘贴时默认过滤全部样式（pasteFilterStyle），边框、居中和字体都会丢失，不要直接粘贴。"),
    Editor("wangeditor5", "wangEditor 5", PASTE,
           f"{COPY}，在编辑区按 Ctrl+V（wangEditor 5 没有源代码模式；管理员也可用接口 editor.setHtml() 导入）。",
           {PASTE: frozenset({SPANS, CENTRED, TEXT, WIDTHS}), SOURCE: frozenset({SPANS, CENTRED, TEXT, WIDTHS})},
           "wangEditor 5 保存的表格不带任何边框和字体（设计如此），表格边框要由网站的页面样式提供："
           f"请网站管理员在文章页的样式表中加上 {WANGEDITOR5_STYLE}。",
           WANGEDITOR5_STYLE, frozenset({BORDERS})),
    Editor("ckeditor5-tables", "CKEditor 5（带表格属性插件）", SOURCE,
           "点工具栏“源代码”（Source），粘贴片段文件的全部内容，再点一次“源代码”返回；没有该按钮时直接 Ctrl+V 粘贴。",
           {SOURCE: frozenset({SPANS, CENTRED, TEXT}), PASTE: frozenset({SPANS, CENTRED, TEXT})},
           "CKEditor 5 只保存与它自带样式不同的表格属性，1 像素实线边框和字体都不写入文章，"
           "网站的文章页须引用 CKEditor 的内容样式表 ckeditor5-content.css（文章放在 class=\"ck-content\" 的元素中），"
           "表格才有边框、占满版面宽度。",
           "ckeditor5-content.css", frozenset({BORDERS, WIDTHS})),
    Editor("ckeditor5", "CKEditor 5（经典版，无表格属性插件）", SOURCE,
           "点工具栏“源代码”（Source），粘贴片段文件的全部内容，再点一次返回；没有该按钮时直接 Ctrl+V 粘贴。",
           {SOURCE: frozenset({SPANS, TEXT}), PASTE: frozenset({SPANS, TEXT})},
           "没有表格属性插件的 CKEditor 5 不保存任何样式：数字不居中，边框要靠网站引用 ckeditor5-content.css"
           "（文章放在 class=\"ck-content\" 的元素中）；"
           "请网站管理员加上表格属性插件（TableProperties、TableCellProperties）。",
           "ckeditor5-content.css", frozenset({BORDERS})),
)


def advice() -> str:
    """The advice as the 说明 file of the publication pack (plain text, one paragraph per editor)."""
    lines = ["网页片段（.片段.html）粘贴到网站编辑器的方法", "",
             "片段不含样式表、class 和 id，每段文字、每个单元格都自带字体和字号，表格自带边框。"
             "按网站使用的编辑器操作：", ""]
    for e in EDITORS:
        kept = "、".join(k for k in QUALITIES if k in e.keeps[e.route])
        lines += [f"【{e.name}】用“{e.route}”：{e.steps}", f"  保留：{kept}。"]
        lines += [f"  注意：{e.note}"] if e.note else []
        lines += [f"  {CHART_ADVICE}"] if CHART not in e.keeps[e.route] else []
        lines += [f"  {_with_site_style(e)}"] if e.site_style else []
        lines.append("")
    return "\n".join(lines)


def markdown() -> str:
    """The advice as the README's section shows it (tests/test_fragment.py checks the README holds it),
    each editor with its picture: table 四 as the website's page shows it after the advised route."""
    lines = []
    for e in EDITORS:
        kept = "、".join(k for k in QUALITIES if k in e.keeps[e.route])
        lost = "、".join(k for k in QUALITIES if k not in e.keeps[e.route])
        lines += [f"- **{e.name}**：用“{e.route}”。{e.steps}", f"  保留{kept}" + (f"；丢失{lost}。" if lost else "。")]
        lines += [f"  {e.note}"] if e.note else []
        lines += [f"  {CHART_ADVICE}"] if CHART not in e.keeps[e.route] else []
        lines += [f"  {_with_site_style(e)[:-1]}（下图）。"] if e.site_style else []
        lines.append(f'  <br><img src="docs/editor-{e.key}.png" width="45%" alt="{e.name}保存后的表四">')
    return "\n".join(lines) + "\n"


def _with_site_style(e: Editor) -> str:
    return f"网站加上上述样式后，另有{'、'.join(k for k in QUALITIES if k in e.with_site_style)}。"
