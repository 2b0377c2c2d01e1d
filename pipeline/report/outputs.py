"""Every file made from one report, declared once: the Word report, the web page, the fragment, the
PDF and the 图解, each with its name, its reader, how it is made, when an older one is stale and how
it goes. ``render``, ``batch``, ``publish`` and the web page all ask ``produce`` for a set of keys
(``kinds``), so a new output is one entry here (``register``), not a flag carried through every command.

Two ways of making: most are filled from the context, one report at a time (``make``); the PDF is
converted from the written Word reports, all of them in one LibreOffice start (``convert``), since
starting it costs seconds and a page a fraction of one. An older file of an output this run does not
renew is stale: it would disagree with the new Word report, so it is removed, but only when the
folder's manifest says the tool wrote it and nobody changed it since (``remove_owned``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import remove_owned
from pipeline.core.output import guard_output, write_bytes
from pipeline.report.context import Context
from pipeline.report.editors import ADVICE_FILE, advice

if TYPE_CHECKING:
    from pipeline.report.renderer import Renderer

#: Fill ``context`` into the output's first path (and any others it declares); the Word renderer
#: compiled once by the caller is passed along for whoever needs it.
Make = Callable[[Context, Path, "Renderer"], None]
#: From Word reports already written, every one's output beside it; returns what was written.
Convert = Callable[[list[Path]], list[Path]]


def _always(context: Context) -> bool:
    return True


@dataclass(frozen=True)
class Output:
    key: str  # what callers ask for: "docx", "html", "pdf" …
    label: str  # how messages name it
    names: tuple[str, ...]  # suffixes beside the Word report; with ``own_folder``, whole file names;
    # none: the Word report itself (the path the caller gave)
    audience: str  # who reads it: the declaration says so for whoever adds an output (nothing prints it yet)
    make: Make | None = None
    convert: Convert | None = None
    flag: str = ""  # the command-line switch asking for it (render, batch); "" = not offered there
    hint: str = ""  # why an older one was removed, and how to get it back
    own_folder: bool = False  # named without the report: only where a report has a folder of its own
    applies: Callable[[Context], bool] = _always  # 图解: only when the workbook asks for charts
    published: bool = True  # part of the publication pack

    def paths(self, target: Path) -> list[Path]:
        """Where this output of the Word report ``target`` goes."""
        if not self.names:
            return [target]
        if self.own_folder:
            return [target.parent / name for name in self.names]
        return [target.with_suffix(name) for name in self.names]


def _word(context: Context, path: Path, renderer: Renderer) -> None:
    renderer.render(context, path)


def _page(context: Context, path: Path, renderer: Renderer) -> None:
    from pipeline.report.html import render_html

    render_html(context, path)


def _fragment(context: Context, path: Path, renderer: Renderer) -> None:
    from pipeline.report.html import render_fragment

    render_fragment(context, path)


def _charts(context: Context, path: Path, renderer: Renderer) -> None:
    charts = context["charts"]
    write_bytes(path, charts.png)
    write_bytes(path.with_suffix(".svg"), charts.svg.encode("utf-8"))


def _advice(context: Context, path: Path, renderer: Renderer) -> None:
    write_bytes(path, advice().encode("utf-8"))


def _pdf(docx: list[Path]) -> list[Path]:
    from pipeline.report.pdf import DEFAULT_TIMEOUT, convert_many

    timeout = DEFAULT_TIMEOUT + 5 * len(docx)
    folders = {p.parent for p in docx}
    if len(folders) == 1:  # render, batch: every PDF straight into the one folder
        return convert_many(docx, folders.pop(), timeout)
    # Packs, each in its folder: converted in one start into a temporary folder, then each placed.
    with tempfile.TemporaryDirectory(prefix="gov-report-pdf-") as work:
        written = []
        for source, pdf in zip(docx, convert_many(docx, Path(work), timeout), strict=True):
            target = source.with_suffix(".pdf")
            write_bytes(target, pdf.read_bytes())
            written.append(target)
        return written


WORD = Output("docx", "Word 报告", (), "印发、盖章的正式文本", make=_word)
#: In the order they are made: the Word report first (the PDF is converted from it).
OUTPUTS: dict[str, Output] = {o.key: o for o in (
    WORD,
    Output("html", "网页版", (".html",), "在政府信息公开平台上发布的网页", make=_page, flag="html",
           hint="本次没有生成网页版；需要时请加 --html 重新生成"),
    Output("fragment", "网页片段", (".片段.html",), "粘贴到网站编辑器的内容", make=_fragment, flag="html",
           hint="本次没有生成网页版；需要时请加 --html 重新生成"),
    # Beside the fragment in a pack: how to put it into each website editor (the README's advice).
    Output("advice", "网页片段粘贴说明", (ADVICE_FILE,), "把网页片段放进网站编辑器的人",
           make=_advice, own_folder=True),
    Output("charts", "图解", ("图解.png", "图解.svg"), "单独发布的“图解年报”", make=_charts, own_folder=True,
           applies=lambda context: bool(context.get("charts")),
           hint="本次报告没有图解（“基本信息”中“图解”选了“否”，或各图的数都是 0）"),
    Output("pdf", "PDF", (".pdf",), "以 PDF 发布和存档", convert=_pdf, flag="pdf",
           hint="本次没有生成 PDF；需要 PDF 时请加 --pdf 重新生成"),
)}


def register(output: Output) -> None:
    """Add an output (after the PDF); every command that makes its kind then makes it."""
    OUTPUTS[output.key] = output


def chosen(kinds: Iterable[str]) -> list[Output]:
    """The outputs asked for, in their order; the Word report always (the others go beside it)."""
    wanted = {WORD.key, *kinds}
    unknown = wanted - set(OUTPUTS)
    if unknown:
        raise CannotRun(f"没有这种输出：{'、'.join(sorted(unknown))}。")
    return [o for o in OUTPUTS.values() if o.key in wanted]


def flagged(args: object) -> set[str]:
    """The kinds the command line's switches ask for (``--html`` → the page and the fragment)."""
    return {o.key for o in OUTPUTS.values() if o.flag and getattr(args, o.flag, False)}


def published() -> set[str]:
    """What a publication pack holds."""
    return {o.key for o in OUTPUTS.values() if o.published}


def guard(target: Path, kinds: Iterable[str], inputs: Iterable[Path | None] = (),
          context: Context | None = None) -> None:
    """The output rule for every file ``kinds`` would write beside ``target``, before any work; with
    the ``context``, only for the outputs it has (no 图解 for a report without charts)."""
    inputs = tuple(inputs)
    for output in chosen(kinds):
        if context is not None and not output.applies(context):
            continue
        for path in output.paths(target):
            guard_output(path, inputs=inputs)


def produce(context: Context, target: Path, kinds: Iterable[str], renderer: Renderer) -> list[Path]:
    """Write the Word report ``target`` and every other output of ``kinds`` made from the context
    (the PDF is ``convert``'s); what was written, in order."""
    written: list[Path] = []
    for output in chosen(kinds):
        if output.make is not None and output.applies(context):
            output.make(context, output.paths(target)[0], renderer)
            written += output.paths(target)
    return written


@dataclass
class Converted:
    written: list[Path] = field(default_factory=list)
    taken: list[Path] = field(default_factory=list)  # names holding a file the tool did not write: left alone
    failed: CannotRun | None = None  # LibreOffice failed; everything else is written and usable


def _ours_to_write(path: Path) -> bool:
    try:
        guard_output(path)
    except CannotRun:
        return False
    return True


def convert(targets: list[Path], kinds: Iterable[str]) -> Converted:
    """The outputs of ``kinds`` converted from the written Word reports ``targets``, each kind in one go.
    A name taken by someone else's file (the stamped final PDF put there by hand) is left alone and
    listed, not a failure of every other report's conversion."""
    done = Converted()
    for output in chosen(kinds):
        if output.convert is None:
            continue
        free = [t for t in targets if all(_ours_to_write(p) for p in output.paths(t))]
        done.taken += [p for t in targets if t not in free for p in output.paths(t)]
        try:
            done.written += output.convert(free) if free else []
        except CannotRun as exc:
            done.failed = exc
    return done


def beside(target: Path, alone: bool = False) -> list[Path]:
    """Every output's place for the Word report ``target``; with ``alone`` (a folder of its own, as a
    publication pack), also those named without the report."""
    return [p for o in OUTPUTS.values() if alone or not o.own_folder for p in o.paths(target)]


def remove_stale(target: Path, kept: Iterable[Path], alone: bool = False) -> list[Path]:
    """The tool's own outputs beside ``target`` that this run did not renew (``kept``): an earlier
    run's, of the report before this one, removed. A file changed since the tool wrote it, or never
    written by it, stays. What was removed."""
    keep = set(kept)
    return [p for p in beside(target, alone) if p not in keep and remove_owned(p)]


def removed_line(path: Path, target: Path) -> str:
    """One Chinese line for a stale output removed beside ``target``."""
    why = next((o.hint for o in OUTPUTS.values() if path in o.paths(target) and o.hint), "")
    return f"已删除 {path}：这是本工具上次生成的文件，与本次的 Word 报告不一致（{why}）。"
