"""The pipeline as one straight story: read → check → context → render.

The core is plain data in, plain data out; only ``reader``, ``document`` and ``output`` touch files.
Errors in the data stop the story before rendering; warnings travel along.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.checks import run_checks
from pipeline.context import build_context, title
from pipeline.model import Report
from pipeline.previous import read_previous
from pipeline.problems import Problem, count
from pipeline.reader import read

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATE = ROOT / "templates" / "report.docx"


@dataclass
class Outcome:
    report: Report
    problems: list[Problem]
    written: Path | None = None

    @property
    def ok(self) -> bool:
        return count(self.problems)[0] == 0


def check_workbook(path: Path, previous: Path | None = None) -> Outcome:
    """Read and check ``path``; with ``previous``, also against that unit's previous-year workbook."""
    report, problems = read(path)
    last_year = read_previous(previous, report) if previous is not None else None
    return Outcome(report, problems + run_checks(report, last_year))


def default_output(report: Report, folder: Path = ROOT / "out") -> Path:
    return folder / f"{title(report)}.docx"


def render_workbook(path: Path, out: Path | None = None, template: Path = DEFAULT_TEMPLATE,
                    previous: Path | None = None) -> Outcome:
    """Check ``path``; if it has no errors, render the Word report to ``out``."""
    outcome = check_workbook(path, previous)
    if not outcome.ok:
        return outcome
    # Imported here: `check` alone never loads the Word machinery.
    from pipeline.document import check_template
    from pipeline.renderer import Renderer

    context = build_context(outcome.report)
    check_template(template, context)
    target = out or default_output(outcome.report)
    # The same document as document.render, without checking the template a second time.
    Renderer(template).render(context, target)
    outcome.written = target
    return outcome
