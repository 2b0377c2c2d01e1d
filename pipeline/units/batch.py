"""Many units at once: check every workbook in a folder, render every clean report, list every problem.

One unit's broken file never stops the others: whatever happens to a unit becomes problems in its
result. Workers read, check and render; the parent only streams results into 问题清单.xlsx and the
summary, so memory stays flat however many units there are. What needs all units — two workbooks of
one unit, the roster — is settled at the end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.suite import run_checks
from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import compact, remove_owned
from pipeline.core.model import Report
from pipeline.core.output import file_name, guard_output, shown_path
from pipeline.core.problems import Problem, count, sort_problems
from pipeline.reading.previous import read_previous
from pipeline.reading.reader import read
from pipeline.report.context import build_context
from pipeline.report.document import check_template
from pipeline.report.renderer import Renderer, probe_context
from pipeline.run import default_output
from pipeline.units.folder import find_workbooks, ordered_map, unit_key
from pipeline.units.problem_list import IssueList, SummaryRow
from pipeline.units.roster import Submitted, compare, read_roster

ISSUES_NAME = "问题清单.xlsx"
ANNOTATED_FOLDER = "问题标注"
#: Last year's workbooks by unit: unit_key -> [(year, path)].
PreviousIndex = dict[str, list[tuple[int | None, Path]]]
Annotator = Callable[[Path, list[Problem], Path], object]
#: Told after each unit: (done, total, unit, file, errors, warnings, what happened to its report).
OnUnit = Callable[[int, int, str, str, int, int, str], None]


@dataclass(frozen=True)
class Settings:
    """What every worker needs; sent once to each worker process."""

    folder: Path
    outdir: Path
    template: Path
    previous: PreviousIndex | None = None
    html: bool = False  # the web page beside each report


@dataclass
class UnitResult:
    file: str  # relative to the batch folder
    unit: str = ""
    year: int | None = None
    problems: list[Problem] = field(default_factory=list)
    written: Path | None = None
    readable: bool = True

    @property
    def errors(self) -> int:
        return count(self.problems)[0]


def annotator() -> Annotator:
    """What marks a unit's problems in a copy of its workbook: ``check --annotate``'s function
    (looked up at the call, so a test can stand in for it)."""
    from pipeline.workbook.annotate import annotate

    return annotate


_settings: Settings | None = None
_renderer: Renderer | None = None


def _start_worker(settings: Settings) -> None:
    """Once per worker process: the Word template is parsed and compiled here, not once per unit."""
    global _settings, _renderer
    _settings, _renderer = settings, Renderer(settings.template)


def _previous_of(report: Report, index: PreviousIndex) -> tuple[Report | None, list[Problem]]:
    """Last year's report of this unit from the --previous folder, or why the continuity is not checked."""
    if report.year is None:
        return None, []  # the missing year is already an error of its own
    want, unit = report.year - 1, report.unit_name
    candidates = index.get(unit_key(unit), [])
    matches = [path for year, path in candidates if year == want]
    skipped = "未核对与上年的衔接（Y1、Y2）"
    if len(matches) == 1:
        try:
            return read_previous(matches[0], report), []
        except CannotRun as exc:
            return None, [Problem("Y0", (), f"{exc.message}{skipped}。", unit=unit)]
    if not candidates:
        why = f"上年工作簿文件夹中没有“{unit}”的工作簿"
    elif not matches:
        years = "、".join(sorted({str(y) for y, _ in candidates}))
        why = f"上年工作簿文件夹中“{unit}”的工作簿是 {years} 年度的，没有 {want} 年度的"
    else:
        files = "、".join(p.name for p in matches)
        why = f"上年工作簿文件夹中“{unit}”有 {len(matches)} 份 {want} 年度工作簿（{files}），无法确定用哪一份"
    return None, [Problem("Y0", (), f"{why}，{skipped}。", unit=unit)]


def _finish(result: UnitResult, report: Report, path: Path, settings: Settings) -> None:
    """Render a clean report; annotate a workbook with problems. What an earlier run into the same
    folder wrote for this unit and this run does not replace is removed: the folder says what the
    summary says (no report kept from data since found wrong, no PDF of the report before correction)."""
    out = default_output(report, settings.outdir)
    if result.errors == 0 and _renderer is not None:
        try:
            context = build_context(report)
            _renderer.render(context, out)
            result.written = out
            if settings.html:
                from pipeline.report.html import render_html

                render_html(context, out.with_suffix(".html"))
        except CannotRun as exc:  # a file of the same name the tool did not write is one of these
            result.problems.append(Problem("F2", (), f"报告生成失败：{exc.message}", unit=report.unit_name))
    if report.unit_name and report.year is not None:  # else no report of this unit can be there
        # The PDF is converted after every unit is done, so a fresh one is never removed here.
        # Only files the manifest says the tool wrote: a final PDF placed there by hand stays.
        kept = (".docx", ".html") if result.written and settings.html else (".docx",) if result.written else ()
        for suffix in sorted({".docx", ".html", ".pdf"} - set(kept)):
            remove_owned(out.with_suffix(suffix))
    # Named after the file's place in the folder: two units' x.xlsx in different sub-folders differ.
    stem = file_name(Path(result.file).with_suffix("").as_posix().replace("/", "_"), "_问题标注")
    marked = settings.outdir / ANNOTATED_FOLDER / f"{stem}.xlsx"
    if result.problems:
        annotator()(path, result.problems, marked)
    else:
        remove_owned(marked)  # the unit has fixed everything since the last run


def check_unit(path: Path) -> UnitResult:
    """Everything about one unit (in a worker process). Never raises: a failure is a problem."""
    assert _settings is not None, "_start_worker sets up each worker"
    result = UnitResult(shown_path(path.relative_to(_settings.folder).as_posix()))
    try:
        report, problems = read(path)
        result.unit, result.year = report.unit_name, report.year
        previous, notes = (None, []) if _settings.previous is None else _previous_of(report, _settings.previous)
        problems += run_checks(report, previous) + notes
        result.problems = [Problem(p.code, p.cells, p.message, p.unit or report.unit_name)
                           for p in sort_problems(problems)]
    except CannotRun as exc:
        result.readable = False
        result.problems = [Problem("F1", (), exc.message)]
        return result
    except Exception as exc:  # a bug of ours must not stop the other units; the row says whom to tell
        result.readable = False
        result.problems = [Problem("F1", (), f"内部错误（{type(exc).__name__}: {exc}）。请把该文件发给工具维护人员。")]
        return result
    try:  # the workbook was read: what goes wrong now is writing its outputs (F2), not reading it (F1)
        _finish(result, report, path, _settings)
    except CannotRun as exc:
        result.problems.append(Problem("F2", (), f"报告生成失败：{exc.message}", unit=report.unit_name))
    except Exception as exc:
        result.problems.append(Problem("F2", (), f"报告生成失败：内部错误（{type(exc).__name__}: {exc}）。"
                                                 f"请把该文件发给工具维护人员。", unit=report.unit_name))
    return result


def _identify(path: Path) -> tuple[str, int | None, Path] | None:
    try:
        report, _ = read(path)
    except Exception:  # an unreadable last-year file simply matches no unit; Y0 says so
        return None
    return unit_key(report.unit_name), report.year, path


def index_previous(folder: Path, jobs: int) -> PreviousIndex:
    """Last year's workbooks under ``folder`` by unit (matched by 单位名称)."""
    paths = find_workbooks(folder)
    if not paths:
        raise CannotRun(f"上年工作簿文件夹 {folder} 中没有 .xlsx 工作簿。请指定存放上一年度各单位工作簿的文件夹。")
    index: PreviousIndex = defaultdict(list)
    for found in ordered_map(_identify, paths, jobs):
        if found is not None:
            index[found[0]].append((found[1], found[2]))
    return dict(index)


@dataclass
class BatchResult:
    files: int
    readable: int
    summary: list[SummaryRow]
    issues: Path
    reports: int
    pdfs: int = 0
    failed: CannotRun | None = None  # the PDF conversion, after everything else was written
    taken: list[Path] = field(default_factory=list)  # PDFs not written: the name holds someone else's file

    @property
    def errors(self) -> int:
        """Files with errors (the roster's units that sent nothing are ``missing``, not files)."""
        return sum(1 for row in self.summary if row.errors and row.file)

    @property
    def missing(self) -> int:
        return sum(1 for row in self.summary if not row.file)


Row = tuple[str, int | None, SummaryRow]  # unit, year, summary row: all that is kept of a unit


def _ours_to_write(path: Path) -> bool:
    try:
        guard_output(path)
    except CannotRun:
        return False
    return True


def _settle_duplicates(rows: list[Row], written: dict[int, Path], issues: IssueList) -> None:
    """Two workbooks of one unit and year: report both, render neither (we cannot tell which is right)."""
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, (unit, year, _) in enumerate(rows):
        if unit:
            groups[(unit_key(unit), year)].append(i)
    for (_, year), members in groups.items():
        if len(members) < 2:
            continue
        files = "、".join(rows[i][2].file for i in members)
        for i in members:
            row = rows[i][2]
            if i in written:
                report = written.pop(i)
                remove_owned(report)
                remove_owned(report.with_suffix(".html"))
            message = (f"“{row.unit}”的 {year} 年度工作簿共有 {len(members)} 份：{files}。"
                       f"无法确定以哪一份为准，均未生成报告；请只保留一份后重新提交。")
            issues.add(row.unit, row.file, [Problem("D1", (), message, unit=row.unit)])
            row.errors += 1
            row.report = "未生成（重复提交）"


def _settle_roster(expected: list[str], summary: list[SummaryRow], issues: IssueList) -> None:
    """Who has not submitted (a summary row each) and who is not on the roster."""
    for problem, file in compare(expected, [Submitted(r.unit, r.file) for r in summary if r.unit]):
        issues.add(problem.unit, file, [problem])
        if problem.code == "R1":
            summary.append(SummaryRow(problem.unit, "", 1, 0, "未提交"))


def run_batch(folder: Path, outdir: Path, template: Path, *, jobs: int = 1, previous: Path | None = None,
              roster: Path | None = None, on_unit: OnUnit | None = None, html: bool = False,
              pdf: bool = False) -> BatchResult:
    """Check (and render) every workbook under ``folder``; write 问题清单.xlsx into ``outdir``.

    With ``pdf``, every report written is converted in one LibreOffice start at the end; a failure
    there is kept in ``failed`` (the reports and the list are written and usable)."""
    if folder.resolve() == outdir.resolve():
        raise CannotRun(f"输出文件夹不能就是工作簿所在的文件夹 {folder}。请用 -o 指定另一个文件夹。")
    expected = read_roster(roster) if roster is not None else None  # a bad roster stops before the work
    # Before any unit is read: a folder that cannot be written would otherwise fail every unit.
    guard_output(outdir, inputs=(folder, previous, roster, template), folder=True)
    for each in (outdir, outdir / ANNOTATED_FOLDER):
        compact(each)
    guard_output(outdir / ISSUES_NAME, inputs=(roster, template))
    paths = find_workbooks(folder, skip=(outdir, roster, previous))  # not units, wherever they are kept
    if not paths:
        raise CannotRun(f"{folder} 中没有找到 .xlsx 工作簿（含子文件夹）。请检查文件夹路径。")
    check_template(template, probe_context())  # once, here: a broken template would fail every unit
    index = index_previous(previous, jobs) if previous is not None else None
    settings = Settings(folder, outdir, template, index, html)
    issues = IssueList()
    rows: list[Row] = []
    written: dict[int, Path] = {}
    readable = 0
    for i, result in enumerate(ordered_map(check_unit, paths, jobs, _start_worker, (settings,))):
        issues.add(result.unit, result.file, result.problems)
        readable += result.readable
        errors, warnings = count(result.problems)
        state = (f"已生成 {result.written.name}" if result.written else
                 "无法读取" if not result.readable else "未生成（有错误）")
        if on_unit is not None:
            on_unit(i + 1, len(paths), result.unit, result.file, errors, warnings, state)
        rows.append((result.unit, result.year, SummaryRow(result.unit, result.file, errors, warnings, state)))
        if result.written is not None:
            written[i] = result.written
    _settle_duplicates(rows, written, issues)
    summary = [row for _, _, row in rows]
    if expected is not None:
        _settle_roster(expected, summary, issues)
    target = outdir / ISSUES_NAME
    issues.save(summary, target)
    done = BatchResult(len(paths), readable, summary, target, len(written))
    # A PDF name taken by a file the tool did not write (the stamped final PDF put there by hand)
    # is left alone and said once, not a failure of every other unit's conversion.
    done.taken = [p.with_suffix(".pdf") for p in written.values() if pdf and not _ours_to_write(p.with_suffix(".pdf"))]
    to_convert = [p for p in written.values() if p.with_suffix(".pdf") not in done.taken]
    if pdf and to_convert:
        from pipeline.report.pdf import DEFAULT_TIMEOUT, convert_many

        try:  # one LibreOffice start for all: it costs seconds to start, a fraction of one per page
            done.pdfs = len(convert_many(to_convert, outdir, DEFAULT_TIMEOUT + 5 * len(to_convert)))
        except CannotRun as exc:
            done.failed = exc
    return done
