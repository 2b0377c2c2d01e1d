"""图解: one page of charts drawn from the checked tables, PNG for Word and SVG for the web page.

Evaluations of these reports (e.g. the transparency evaluations of the Chinese Academy of Social
Sciences) praise 图解 and count missing charts among the defects; offices draw them by hand. Here they
come from the same checked tables as the report, so a chart cannot disagree with a table. Every bar
carries its number as text (an SVG ``<text>`` whose group id names the bar), which is what a reader
and the read-back test see.

matplotlib is imported here only, and this module only when charts are asked for: ``check`` stays
fast. Text is drawn in the CJK font fonts/fonts.conf gives 黑体 (the font the PDF uses for headings).
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass, field
from functools import cache

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.sentences import result_groups
from pipeline.core.yoy import FIGURES, value
from pipeline.format.official import T3_COLS, T4_GROUPS, T4_RESULTS, TABLE4
from pipeline.report.pdf import font_environment

#: The figure's size: the 156 mm text width, most of a page.
WIDTH_MM, HEIGHT_MM = 156, 200
PNG_DPI = 200
_BAR, _LAST = "#9e1b1b", "#8c8c8c"  # this year in the red of official documents; last year in grey


@dataclass(frozen=True)
class Panel:
    key: str  # the id prefix of its bars in the SVG
    title: str
    bars: dict[str, int]  # label -> value, in order
    last_year: dict[str, int] | None = None  # the same labels a year before (the change panel)


@dataclass(frozen=True)
class Charts:
    png: bytes
    svg: str
    panels: list[Panel] = field(default_factory=list)


def _t4_label(group: str) -> str:
    path = dict(T4_GROUPS)[group]
    return "（".join(path) + "）" if len(path) > 1 else path[0]


def panels(report: Report, previous: Report | None = None) -> list[Panel]:
    """What is drawn: the checked tables' numbers, labelled as the tables label them."""
    t3, t4 = report.tables["t3"], report.tables["t4"]
    applicants = {c.label: int(t3.value("new", c.key)) for c in T3_COLS if c.key != "total"}
    out = [
        Panel("results", "依申请公开办理结果（件）", {g.name: g.count for g in result_groups(report)}),
        Panel("applicants", "本年新收申请的申请人（件）", applicants),
    ]
    for group, _ in T4_GROUPS:
        results = {TABLE4.col(f"{group}_{k}").label: int(t4.value("cases", f"{group}_{k}")) for k in T4_RESULTS}
        out.append(Panel(f"t4-{group}", f"{_t4_label(group)}结果（件）", results))
    if previous is not None:
        out.append(Panel("change", "与上年比较（件）", main_figures(report), main_figures(previous)))
    # A chart whose every bar is 0 shows nothing but its title: a township without a single 复议
    # gets no empty 行政复议 chart.
    return [p for p in out if any(p.bars.values()) or any((p.last_year or {}).values())]


def main_figures(report: Report) -> dict[str, int]:
    """The figures a 同比 chart compares (``yoy.FIGURES``): requests received and handled, reviews and suits."""
    return {f.chart: value(report, f) for f in FIGURES}


@cache
def _font_file() -> str:
    """The file fontconfig (with fonts/fonts.conf) uses for 黑体: the PDF's own heading font."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "黑体"], capture_output=True, text=True,
                               env=font_environment(), timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        found = ""
    if not found:
        raise CannotRun("找不到中文字体，无法绘制图解。请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk），"
                        "或在“基本信息”中把“图解”选为“否”。")
    return found


def _draw_panel(ax: object, panel: Panel, font: object) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    labels = list(panel.bars)
    ys = list(range(len(labels)))
    if panel.last_year is None:
        groups = [("", panel.bars, _BAR, 0.0, 0.6)]
    else:
        groups = [("上年", panel.last_year, _LAST, -0.2, 0.38), ("本年", panel.bars, _BAR, 0.2, 0.38)]
    top = max([1, *(v for _, values, *_ in groups for v in values.values())])
    for name, values, color, shift, height in groups:
        bars = ax.barh([y + shift for y in ys], [values[k] for k in labels], height=height, color=color,
                       label=name or None)
        for bar, label in zip(bars, labels, strict=True):
            value = values[label]
            text = ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, str(value),
                           va="center", ha="left", fontproperties=font, fontsize=9)
            text.set_gid(f"value-{panel.key}-{name or '本年'}-{label}")
    ax.set_yticks(ys, labels, fontproperties=font, fontsize=9)
    ax.invert_yaxis()  # first label on top, as in the table
    ax.set_xlim(0, top * 1.15)
    ax.set_title(panel.title, fontproperties=font, fontsize=11, loc="left")
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    if panel.last_year is not None:
        # Above the bars, level with the left-aligned title: never over a long bar.
        ax.legend(prop=font, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), ncol=2)


def draw(report: Report, previous: Report | None = None) -> Charts | None:
    """The chart page for ``report`` (with ``previous``, also the change from last year); None when
    no chart has anything to show (every number 0)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: a server, a batch, a test
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=_font_file())
    drawn = panels(report, previous)
    if not drawn:
        return None
    rows = len(drawn)
    mm = 1 / 25.4
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "gov-report", "font.size": 9}):
        fig, axes = plt.subplots(rows, 1, figsize=(WIDTH_MM * mm, HEIGHT_MM * mm), squeeze=False,
                                 gridspec_kw={"height_ratios": [max(2, len(p.bars)) for p in drawn]})
        try:
            for ax, panel in zip(axes[:, 0], drawn, strict=True):
                _draw_panel(ax, panel, font)
            fig.tight_layout(h_pad=1.5)
            png, svg = io.BytesIO(), io.StringIO()
            fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return Charts(png.getvalue(), _svg_for_web(svg.getvalue()), drawn)


def _svg_for_web(svg: str) -> str:
    """The SVG as an inline element of a web page: no XML prologue, and the font named with the
    web page's fallbacks, since a reader's computer may not have the exact CJK face."""
    svg = svg[svg.index("<svg"):]
    # As wide as the page's text, however wide that is; the viewBox keeps the proportions.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    fallback = "'黑体', SimHei, 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"
    return re.sub(r"font-family: [^;\"]*", f"font-family: {fallback}", svg)
