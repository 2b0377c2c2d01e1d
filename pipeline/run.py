"""The pipeline as one straight story: read → check → context → render.

The core is plain data in, plain data out: ``checks`` and ``context`` never touch files; reading is
``reader`` (and ``previous``), writing is ``report.outputs`` (every file made from a report, declared
once) through ``output``. Errors in the data stop the story before rendering; warnings travel along.
What checking learnt that rendering needs (the topics the unit's own text states) travels in the
``Outcome``: nothing is read or analysed twice. ``batch`` runs the same stages for a folder of units.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.suite import run_checks
from pipeline.checks.text_generated import left_out_note, stated_topics
from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.names import file_name
from pipeline.core.output import require_suffix
from pipeline.core.paths import OUT, WORD_TEMPLATE
from pipeline.core.problems import Problem, count
from pipeline.reading.previous import read_previous
from pipeline.reading.reader import read
from pipeline.report import outputs
from pipeline.report.context import Context, build_context, title


@dataclass
class Outcome:
    report: Report
    problems: list[Problem]
    written: Path | None = None  # the Word report
    also: list[Path] = field(default_factory=list)  # every other output written beside it
    failed: CannotRun | None = None  # the PDF conversion failed after the other files were written
    punctuation_fixed: int = 0  # half-width marks printed full-width (render --fix-punctuation)
    previous: Report | None = None  # last year's report, when given
    context: Context | None = None  # what the report was rendered from (its 图解 included)
    notes: list[str] = field(default_factory=list)  # lines for the operator that are not problems
    removed: list[Path] = field(default_factory=list)  # the tool's older outputs beside the report
    #: Topic → narrative key where the unit's text states it (``stated_topics``): found once while
    #: checking, used again by the context to leave out generated sentences saying the same.
    topics: dict[str, str] = field(default_factory=dict)

    def removed_lines(self) -> list[str]:
        """What was removed beside the new report, and why, one Chinese line each."""
        assert self.written is not None or not self.removed
        lines = []
        for path in self.removed:
            line = outputs.removed_line(path, self.written) if self.written is not None else ""
            if path.suffix == ".pdf" and self.failed is not None:
                line = line.replace(outputs.OUTPUTS["pdf"].hint, "本次 PDF 转换失败")
            lines.append(line)
        return lines

    @property
    def ok(self) -> bool:
        return count(self.problems)[0] == 0


def check_workbook(path: Path, previous: Path | None = None, known_units: Sequence[str] = ()) -> Outcome:
    """Read and check ``path``; with ``previous``, also against that unit's previous-year workbook;
    ``known_units``: the names of the other units the office knows (its roster), for T6."""
    report, problems = read(path)
    last_year, pairing = read_previous(previous, report) if previous is not None else (None, [])
    return check_report(report, problems + pairing, last_year, known_units)


def check_report(report: Report, problems: list[Problem], previous: Report | None = None,
                 known_units: Sequence[str] = ()) -> Outcome:
    """Check a report already read (``problems``: the reader's); ``previous``: last year's, read;
    ``known_units``: the names of the other units the office knows (its roster), for T6."""
    topics = stated_topics(report)
    note = left_out_note(report, topics)
    return Outcome(report, problems + run_checks(report, previous, known_units), notes=[note] if note else [],
                   previous=previous, topics=topics)


def report_context(report: Report, previous: Report | None = None, topics: dict[str, str] | None = None) -> Context:
    """The Word and web context of a checked report, with its 图解 when the workbook asks for them
    (and any chart has something to show)."""
    context = build_context(report, previous, topics)
    if report.charts:
        from pipeline.report.charts import draw

        context["charts"] = draw(report, previous) or ""
    return context


def default_output(report: Report, folder: Path = OUT) -> Path:
    """out/<标题>.docx; a unit name too long for a file name is cut, the year and 报告 kept."""
    return folder / f"{file_name(report.unit_name, title(report).removeprefix(report.unit_name))}.docx"


def fix_punctuation(report: Report) -> int:
    """Print half-width marks between Chinese characters full-width in ``report``'s narrative (the
    report in memory, never the workbook); how many were changed."""
    from pipeline.core.punctuation import full_width, half_width_marks

    changed = sum(len(half_width_marks(p)) for ps in report.texts.values() for p in ps)
    report.texts = {key: [full_width(p) for p in ps] for key, ps in report.texts.items()}
    return changed


def render_workbook(path: Path, out: Path | None = None, template: Path = WORD_TEMPLATE,
                    previous: Path | None = None, kinds: Iterable[str] = (),
                    punctuation: bool = False) -> Outcome:
    """Check ``path``; if it has no errors, render the Word report to ``out`` and the other outputs
    of ``kinds`` (``report.outputs``: "html", "fragment", "pdf" …) beside it."""
    kinds = set(kinds)
    inputs = (path, template, previous)
    if out is not None:  # before anything is read; `-o 工作簿.xlsx` would replace the unit's workbook
        require_suffix(out, ".docx", "Word 报告", "网页版和 PDF 请加 --html、--pdf，会生成在 Word 报告旁边。")
        outputs.guard(out, kinds, inputs)
    outcome = check_workbook(path, previous)
    if not outcome.ok:
        return outcome
    return render_checked(outcome, out, template, kinds, punctuation, inputs)


def render_checked(outcome: Outcome, out: Path | None = None, template: Path = WORD_TEMPLATE,
                   kinds: Iterable[str] = (), punctuation: bool = False, inputs: Iterable[Path | None] = (),
                   alone: bool = False) -> Outcome:
    """Render a checked, clean ``outcome``: the outputs of ``kinds`` (``outputs.produce``, the PDF
    converted last). A LibreOffice failure is kept in ``outcome.failed`` rather than raised: the other
    files are written and usable, and the caller says both things. The tool's own older outputs beside
    the report that this run does not renew are removed (``outcome.removed``): no PDF disagrees with
    the new .docx. ``alone``: the report has a folder of its own (a publication pack)."""
    # Imported here: `check` alone never loads the Word machinery.
    from pipeline.report.renderer import Renderer
    from pipeline.report.template_check import check_template

    assert outcome.ok, "only a report without errors is rendered"
    if punctuation:
        outcome.punctuation_fixed = fix_punctuation(outcome.report)
        if outcome.punctuation_fixed:  # the text changed: what it states is read again
            outcome.topics = stated_topics(outcome.report)
    context = report_context(outcome.report, outcome.previous, outcome.topics)
    check_template(template, context)
    target = out or default_output(outcome.report)
    outputs.guard(target, kinds, inputs, context)  # all before the first is written
    written = outputs.produce(context, target, kinds, Renderer(template))
    outcome.written, outcome.context, outcome.also = target, context, written[1:]
    converted = outputs.convert([target], kinds)
    outcome.also += converted.written
    outcome.failed = converted.failed
    outcome.removed = outputs.remove_stale(target, written + converted.written, alone)
    return outcome
