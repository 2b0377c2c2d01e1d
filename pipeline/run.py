"""The pipeline as one straight story: read → check → context → render.

The core is plain data in, plain data out: ``checks`` and ``context`` never touch files; reading is
``reader`` (and ``previous``), writing is ``renderer``, ``html`` and ``pdf`` through ``output``.
Errors in the data stop the story before rendering; warnings travel along. ``batch`` runs the same
stages for a folder of units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.suite import run_checks
from pipeline.checks.text_generated import left_out_note
from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import remove_owned
from pipeline.core.model import Report
from pipeline.core.output import file_name, guard_output, require_suffix
from pipeline.core.paths import OUT, WORD_TEMPLATE
from pipeline.core.problems import Problem, count
from pipeline.reading.previous import read_previous
from pipeline.reading.reader import read
from pipeline.report.context import Context, build_context, title


@dataclass
class Outcome:
    report: Report
    problems: list[Problem]
    written: Path | None = None  # the Word report
    also: list[Path] = field(default_factory=list)  # the HTML page and the PDF, when asked for
    failed: CannotRun | None = None  # the PDF conversion failed after the other files were written
    punctuation_fixed: int = 0  # half-width marks printed full-width (render --fix-punctuation)
    previous: Report | None = None  # last year's report, when given
    context: Context | None = None  # what the report was rendered from (its 图解 included)
    notes: list[str] = field(default_factory=list)  # lines for the operator that are not problems
    removed: list[Path] = field(default_factory=list)  # the tool's older page or PDF beside the report

    def removed_lines(self) -> list[str]:
        """What was removed beside the new report, and why, one Chinese line each."""
        lines = []
        for path in self.removed:
            if path.suffix == ".pdf":
                why = ("本次 PDF 转换失败" if self.failed is not None else
                       "本次没有生成 PDF；需要 PDF 时请加 --pdf 重新生成")
            else:
                why = "本次没有生成网页版；需要时请加 --html 重新生成"
            lines.append(f"已删除 {path}：这是本工具上次生成的文件，与本次的 Word 报告不一致（{why}）。")
        return lines

    @property
    def ok(self) -> bool:
        return count(self.problems)[0] == 0


def check_workbook(path: Path, previous: Path | None = None, known_units: Sequence[str] = ()) -> Outcome:
    """Read and check ``path``; with ``previous``, also against that unit's previous-year workbook;
    ``known_units``: the names of the other units the office knows (its roster), for T6."""
    report, problems = read(path)
    last_year, pairing = read_previous(previous, report) if previous is not None else (None, [])
    note = left_out_note(report)
    checked = run_checks(report, last_year, known_units)
    return Outcome(report, problems + pairing + checked, notes=[note] if note else [], previous=last_year)


def report_context(report: Report, previous: Report | None = None) -> Context:
    """The Word and web context of a checked report, with its 图解 when the workbook asks for them."""
    context = build_context(report, previous)
    if report.charts:
        from pipeline.report.charts import draw

        context["charts"] = draw(report, previous)
    return context


def default_output(report: Report, folder: Path = OUT) -> Path:
    """out/<标题>.docx; a unit name too long for a file name is cut, the year and 报告 kept."""
    return folder / f"{file_name(report.unit_name, title(report).removeprefix(report.unit_name))}.docx"


def _outputs(target: Path, html: bool, pdf: bool) -> list[Path]:
    page = target.with_suffix(".html")
    fragment = page.with_suffix(".片段.html")  # html.fragment_path, without loading the renderer
    return [target, *([page, fragment] if html else []), *([target.with_suffix(".pdf")] if pdf else [])]


def _remove_stale(target: Path, written: list[Path]) -> list[Path]:
    """The page, fragment and PDF beside ``target`` that this run did not write: an earlier run's,
    of the report before this one, removed as ``batch`` removes them. Only files the folder's
    manifest says the tool wrote, unchanged since: a PDF placed there by hand stays."""
    return [each for each in _outputs(target, True, True)[1:] if each not in written and remove_owned(each)]


def fix_punctuation(report: Report) -> int:
    """Print half-width marks between Chinese characters full-width in ``report``'s narrative (the
    report in memory, never the workbook); how many were changed."""
    from pipeline.core.punctuation import full_width, half_width_marks

    changed = sum(len(half_width_marks(p)) for ps in report.texts.values() for p in ps)
    report.texts = {key: [full_width(p) for p in ps] for key, ps in report.texts.items()}
    return changed


def render_workbook(path: Path, out: Path | None = None, template: Path = WORD_TEMPLATE,
                    previous: Path | None = None, html: bool = False, pdf: bool = False,
                    punctuation: bool = False) -> Outcome:
    """Check ``path``; if it has no errors, render the Word report to ``out`` and, when asked,
    the web page (``.html``) and the PDF beside it.

    The PDF comes last, and a LibreOffice failure is kept in ``outcome.failed`` rather than raised:
    the .docx and the .html are written and usable, and the caller says both things. The tool's own
    page or PDF of an earlier report beside ``out`` that this run does not renew is removed
    (``outcome.removed``): no PDF disagrees with the new .docx."""
    inputs = (path, template, previous)
    if out is not None:  # before anything is read; `-o 工作簿.xlsx` would replace the unit's workbook
        require_suffix(out, ".docx", "Word 报告", "网页版和 PDF 请加 --html、--pdf，会生成在 Word 报告旁边。")
        for each in _outputs(out, html, pdf):
            guard_output(each, inputs=inputs)
    outcome = check_workbook(path, previous)
    if not outcome.ok:
        return outcome
    # Imported here: `check` alone never loads the Word machinery.
    from pipeline.report.renderer import Renderer
    from pipeline.report.template_check import check_template

    if punctuation:
        outcome.punctuation_fixed = fix_punctuation(outcome.report)
    context = report_context(outcome.report, outcome.previous)
    check_template(template, context)
    target = out or default_output(outcome.report)
    for each in _outputs(target, html, pdf):  # all before the first is written
        guard_output(each, inputs=inputs)
    Renderer(template).render(context, target)  # the one renderer, as batch uses it
    outcome.written, outcome.context = target, context
    if html:  # the page, and the fragment to paste into a website's editor
        from pipeline.report.html import fragment_path, render_fragment, render_html

        render_html(context, target.with_suffix(".html"))
        render_fragment(context, fragment_path(target.with_suffix(".html")))
        outcome.also += [target.with_suffix(".html"), fragment_path(target.with_suffix(".html"))]
    if pdf:
        from pipeline.report.pdf import convert_many

        try:
            outcome.also += convert_many([target], target.parent)
        except CannotRun as exc:
            outcome.failed = exc
    outcome.removed = _remove_stale(target, outcome.also)
    return outcome
