# ruff: noqa: E501  (page markup kept on its lines, as the sites print it)
"""Web pages as government websites publish a report, each modelled on a real published page.

Each shape reproduces the markup its page uses around and inside the article — the site's header,
navigation and footer, the editor's nested ``<span>``/``<font>`` runs, ``&nbsp;``-indented
paragraphs, tables wrapped in ``<div>`` with the official rowspans and colspans — filled with a
report's content, so the test knows exactly what each cell holds. The tables' shape comes from the
declaration's grid (``format.grid``), as the real pages' tables follow the official format.

- ``ucap``: the 沭阳县人民政府 site (ucap CMS; content pasted from Word: ``<o:p>`` runs, digits in
  their own ``<font face="Times New Roman">``, blank cells as ``<o:p>&nbsp;</o:p>``, the label
  “规范性文件”, the 落款 pushed right with spaces, the footer in an ``<iframe>``). Modelled on
  http://www.shuyang.gov.cn/sygfj/gknb/202401/2ecfb31a335f4d689220a3a23e24a986.shtml (as archived in
  zxj6827111-blip/KIROGOVCOMPARE:tests/沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局_2025-12-30.html),
  and filled with that report as typed in tests/corpus/reports/shuyang-fgj-2023.json.
- ``portal``: the 上海市人民政府 portal's article page (title block, the “字号：大 中 小” widget,
  paragraphs indented with ``&nbsp;``, a print/close bar and a hit counter below the article, headings
  with half-width brackets). Modelled on https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html;
  its cells carry what editors put in them: full-width digits, “件” after a number, “—”, “/” and
  empty cells, and ``<th>`` header cells inside ``<thead>``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from pipeline.format.grid import GridCell, table_grid
from pipeline.format.official import NARRATIVES, SECTIONS, TABLES, Table

Cell = Callable[[Table, GridCell], str]  # the inner HTML of one grid cell


def _table(table: Table, inner: Cell, tag: Callable[[GridCell], str] = lambda c: "td",
           attrs: str = "", head_rows: int = 0) -> str:
    rows: dict[int, list[str]] = {}
    for cell in table_grid(table):
        spans = "".join(f' {n}="{v}"' for n, v in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if v > 1)
        t = tag(cell)
        rows.setdefault(cell.row, []).append(f"<{t}{spans}>{inner(table, cell)}</{t}>")
    height = max(c.row + c.rowspan for c in table_grid(table))
    trs = [f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(height)]
    if head_rows:
        return (f"<table{attrs}><thead>{''.join(trs[:head_rows])}</thead>"
                f"<tbody>{''.join(trs[head_rows:])}</tbody></table>")
    return f"<table{attrs}><tbody>{''.join(trs)}</tbody></table>"


# --- ucap (沭阳县人民政府) --------------------------------------------------------------------

def _runs(text: str) -> str:
    """Word's runs as the page has them: digits in their own Times New Roman <font>."""
    out, buf, digit = [], "", None
    for ch in text + "\0":
        d = ch.isdigit()
        if ch == "\0" or (digit is not None and d != digit):
            face = "Times New Roman" if digit else "方正仿宋_GBK"
            out.append(f'<font style="font-family: 微软雅黑;" face="{face}">{escape(buf)}</font>')
            buf = ""
        buf += ch
        digit = d
    return f'<span style="font-family: 微软雅黑;">{"".join(out)}</span>'


def _ucap_p(inner: str) -> str:
    return (f'<p style="text-indent: 2em; text-align: justify; line-height: 2; font-family: 微软雅黑;" align="">'
            f'{inner}<span style="font-family: 微软雅黑;"><o:p></o:p></span></p>\n')


def ucap(report: dict, values: Callable[[str, tuple[str, str]], object]) -> str:
    """The 沭阳 page. ``report``: a corpus report dict (unit, year, texts, headings)."""
    unit, year = report["unit_name"], report["year"]
    title = f"{unit}{year}年政府信息公开年度报告"

    def inner(table: Table, cell: GridCell) -> str:
        if cell.role == "data":
            assert cell.key is not None
            value = values(table.key, cell.key)
            text = "<o:p>&nbsp;</o:p>" if value is None else escape(str(value))
        else:
            label = "规范性文件" if cell.text == "行政规范性文件" else cell.text
            # The editor split labels into runs wherever the typist paused.
            half = len(label) // 2
            text = f'{escape(label[:half])}</span><span style="font-family: 微软雅黑;">{escape(label[half:])}'
        return (f'\n      <p style="text-align: justify; line-height: 2;" align="">'
                f'<span style="font-family: 微软雅黑;">{text}</span><span style="font-family: 微软雅黑;"><o:p></o:p></span></p>\n      ')

    heading = report.get("headings", {})
    body = [_ucap_p(_runs(p)) for p in report["texts"]["intro"]]
    for section in SECTIONS:
        shown = heading.get(section.key, section.heading)
        body.append(_ucap_p(f'<span><font face="方正黑体_GBK">{escape(shown)}</font></span>'))
        for n in NARRATIVES:
            if n.section != section.key or not report["texts"][n.key]:
                continue
            if n.label:
                body.append(_ucap_p(f'<span><font face="方正楷体_GBK">{escape(heading.get(n.key, n.label))}</font></span>'))
            body += [_ucap_p(_runs(p)) for p in report["texts"][n.key]]
        for table in TABLES:
            if table.heading == section.heading:
                attrs = ' style="BORDER-COLLAPSE:collapse" cellspacing="0" cellpadding="2" bordercolor="#000000" border="1"'
                body.append(f'<div style="text-indent: 2em;" align="">\n{_table(table, inner, attrs=attrs)}\n</div>\n')
                body.append(_ucap_p('<span style="font-family: 微软雅黑;"><o:p>&nbsp;</o:p></span>'))
    pad = "&nbsp;" * 118
    body.append(_ucap_p(f'<span><o:p>{pad}{escape(unit)}</o:p></span>'))
    body.append(_ucap_p(f'<span><o:p>{pad}{_chinese_date(report["published"])}<br>\n</o:p></span>'))
    return f"""<!doctype html>
<html><head><meta charset="utf-8" /><title>{escape(title)}-沭阳县发改局</title>
<script>var websiteId = "e1db2778d23d43adb015b099e7687e2b";</script></head>
<body>
<div class="header-t"><div class="container"><div class="fl"><span id="utime">{year + 2}年12月30日\t星期二</span></div>
<div class="header-menu fr"><ul class="fl"><li><h4><a class="jft" href="javascript:void(0);">繁體版</a></h4></li>
<li class="wza"><h4><a href="javascript:;">无障碍</a></h4></li><li class="wza"><h4><a href="javascript:;">适老化</a></h4></li>
</ul></div></div></div>
<div class="header-ban"><div class="header-search"><form action="/search4/s" method="post">
<input name="searchWord" type="text" placeholder="请输入关键词"></form></div>
<div class="mainNav"><ul class="clearfix"><li class="nav0"><a href="/shuyang/index.shtml">首页</a></li>
<li class="nav1"><a href="/shuyang/zjsy/zjsy.shtml">走进沭阳</a></li><li class="nav4"><a href="/shuyang/xxgk/xxgk.shtml">政府信息公开</a></li>
</ul></div></div>
<div class="xxgkMain"><div class="container"><h2 class="siteTit">沭阳县发改局</h2>
<div class="xxgkHead"><h3 class="pageTit">政府信息公开</h3></div>
<div class="xxgkCon clearfix"><div class="xxgkArticle"><div class="article-tb">
<table class="table_content"><tbody>
<tr><td class="c1" align="center">名称</td><td class="c4" colspan="3" align="left">
              {escape(title)}
            </td></tr>
<tr><td class="c1" align="center">索引号</td><td class="c2" align="left">014314799/{year + 1}-00002</td>
<td class="c1" align="center">分类</td><td class="c3" align="left">信息公开年报&nbsp;&nbsp;其他&nbsp;&nbsp;报告</td></tr>
<tr><td class="c1" align="center">发布机构</td><td class="c2" align="left">{escape(unit)}</td>
<td class="c1" align="center">公开日期</td><td class="c3" align="left"><publishtime>{report["published"]}</publishtime></td></tr>
</tbody></table></div>
<div class="xxgkcont clearfix"><div class="xxfkl l">
<h1 class="article-title"><ucaptitle>{escape(title)}</ucaptitle></h1>
<div class="article-content " id="zoomcon"><ucapcontent>{"".join(body)}</ucapcontent></div>
</div></div></div></div></div></div>
<script type="text/javascript">var xggj = $("#xggj").children().length;</script>
<iframe src="/shuyang/footer/footer.shtml" frameborder="0" width="100%" id="adbottom" scrolling="no"></iframe>
</body></html>
"""


def _chinese_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


# --- portal (上海市人民政府) ---------------------------------------------------------------------

def portal(unit: str, year: int, texts: dict[str, list[str]], cells: Callable[[str, tuple[str, str]], str]) -> str:
    """The portal's article page; ``cells`` gives each data cell's inner HTML exactly as printed."""
    def inner(table: Table, cell: GridCell) -> str:
        if cell.role == "data":
            assert cell.key is not None
            return cells(table.key, cell.key)
        return f"<span>{escape(cell.text)}</span>"

    def tag(cell: GridCell) -> str:
        return "td" if cell.role in ("data", "rowhead") else "th"

    def p(text: str) -> str:
        return f"<p>&nbsp;&nbsp;{escape(text)}</p>\n"

    half = str.maketrans("（）：；，", "():;,")  # as the stored copy of the portal's page shows headings
    body = [p(t) for t in texts["intro"]]
    for section in SECTIONS:
        body.append(f"<p>&nbsp;&nbsp;<strong>{escape(section.heading)}</strong></p>\n")
        for n in NARRATIVES:
            if n.section != section.key or not texts[n.key]:
                continue
            if n.label:
                body.append(f"<p>&nbsp;&nbsp;<strong>{escape(n.label.translate(half))}</strong></p>\n")
            body += [p(t) for t in texts[n.key]]
        for table in TABLES:
            if table.heading == section.heading:
                head = 0 if table.key == "t2" else min(c.row for c in table_grid(table) if c.role == "data")
                html = _table(table, inner, tag, ' border="1"', head)
                body.append(f'<div class="table-box">{html}</div>\n')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(unit)}{year}年政府信息公开工作年度报告_政府信息公开年报_上海市人民政府</title></head>
<body><div class="top-nav"><a href="/">首页</a> | <a href="/nw2/">要闻动态</a> | <a href="/nw12344/">政府信息公开</a>
<span>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</span></div>
<div class="main"><div id="ivs_title" class="Article-title"><h2>{escape(unit)}{year}年政府信息公开工作年度报告</h2></div>
<div class="Article-time"><small>字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></small></div>
<div id="ivs_content" class="Article_content">
{"".join(body)}</div>
<div class="print-bar">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="counter">浏览次数：<span id="hits">1024</span></div></div>
<div class="footer"><p>主办：上海市人民政府办公厅&nbsp;&nbsp;沪ICP备05004632号</p></div>
</body></html>
"""
