"""Many units at once: check every workbook in a folder, render every clean report, list every problem.

One unit's broken file never stops the others: whatever happens to a unit becomes problems in its
result. Two phases, both in worker processes: first every workbook is read and checked (once), its
report left pickled in a temporary folder; then, with two workbooks of one unit known (D1: neither
is rendered, whatever the number of workers), each report is rendered and each workbook with
problems annotated. Phase 2 also waits for the round's year (W2: a workbook of another year is not
rendered either). The parent keeps each unit's small result; the round (``units.round``) is settled
from them at the end, and ``paperwork`` writes 问题清单.xlsx and the county's other documents.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.checks.suite import run_checks
from pipeline.checks.text_copy import check_names
from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import compact, remove_owned
from pipeline.core.model import Report
from pipeline.core.names import file_name, shown_path
from pipeline.core.output import guard_output
from pipeline.core.problems import Audience, Problem, count, sort_problems
from pipeline.format.official import UnitKind
from pipeline.reading.reader import identify, read
from pipeline.report import outputs
from pipeline.report.renderer import Renderer, probe_context
from pipeline.report.template_check import check_template
from pipeline.run import default_output, report_context
from pipeline.units.folder import find_workbooks, hold_output, ordered_map
from pipeline.units.lastyear import PreviousIndex, index_previous, previous_of
from pipeline.units.problem_list import SummaryRow
from pipeline.units.roster import read_entries
from pipeline.units.round import Collected, Receipt, Round, collect, contact_text, judge_year, round_year
from pipeline.units.settle import DUPLICATE_STATE, duplicate_problems
from pipeline.units.submissions import Submission
from pipeline.units.words import for_reader

if TYPE_CHECKING:
    from pipeline.units.publish import Pack

PUBLISH_FOLDER = "发布"  # batch --publish: a pack for each clean unit, under the output folder
ANNOTATED_FOLDER = "问题标注"
Annotator = Callable[[Path, list[Problem], Path], object]
#: Told after each unit: (done, total, unit, file, errors, warnings, what happened to its report).
OnUnit = Callable[[int, int, str, str, int, int, str], None]
#: Told after each workbook is read and checked, before any report is made: (done, total, file).
OnRead = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Settings:
    """What every worker needs; sent once to each worker process."""

    folder: Path
    outdir: Path
    template: Path
    previous: PreviousIndex | None = None
    kinds: frozenset[str] = frozenset()  # the outputs beside each Word report (``report.outputs``)
    scratch: Path | None = None  # where phase 1 leaves each checked report for phase 2 (a temporary folder)
    known_units: tuple[str, ...] = ()  # the roster's names (and 曾用名), for T6
    #: Without a roster, phase 2's T6 knows the names of the batch's other units (read in phase 1).
    batch_names: tuple[str, ...] = ()


@dataclass
class UnitResult:
    file: str  # relative to the batch folder
    unit: str = ""
    year: int | None = None
    problems: list[Problem] = field(default_factory=list)
    written: Path | None = None
    readable: bool = True
    kind: UnitKind | None = None
    received: datetime | None = None  # the file's modification time: when it came, without a roster
    contact: dict[str, str] = field(default_factory=dict)  # 填报人, 联系电话 … (workbooks that have them)

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


def _start_worker(settings: Settings, render: bool = False) -> None:
    """Once per worker process: with ``render`` (phase 2), the Word template is parsed and compiled
    here, not once per unit."""
    global _settings, _renderer
    _settings, _renderer = settings, Renderer(settings.template) if render else None


def _finish(result: UnitResult, report: Report, path: Path, settings: Settings,
            previous: Report | None = None) -> None:
    """Render a clean report; annotate a workbook with problems. What an earlier run into the same
    folder wrote for this unit and this run does not replace is removed: the folder says what the
    summary says (no report kept from data since found wrong, no PDF of the report before correction)."""
    out = default_output(report, settings.outdir)
    made: list[Path] = []
    if result.errors == 0 and _renderer is not None:
        try:
            made = outputs.produce(report_context(report, previous), out, settings.kinds, _renderer)
            result.written = out
        except CannotRun as exc:  # a file of the same name the tool did not write is one of these
            result.problems.append(Problem("F2", (), f"报告生成失败：{exc.message}", unit=report.unit_name))
    if report.unit_name and report.year is not None:  # else no report of this unit can be there
        # The PDF is converted after every unit is done, so a fresh one is never removed here.
        # Only files the manifest says the tool wrote: a final PDF placed there by hand stays.
        outputs.remove_stale(out, made)
    # Named after the file's place in the folder: two units' x.xlsx in different sub-folders differ.
    stem = file_name(Path(result.file).with_suffix("").as_posix().replace("/", "_"), "_问题标注")
    marked = settings.outdir / ANNOTATED_FOLDER / f"{stem}.xlsx"
    if result.problems:  # a copy the office sends back to the unit: the words of paper, no flags
        annotator()(path, [for_reader(p, Audience.PAPER) for p in result.problems], marked)
    else:
        remove_owned(marked)  # the unit has fixed everything since the last run


def _identity(path: Path) -> tuple[str, int | None]:
    """The 单位名称 and 报告年度 of a workbook ``read`` refused: a fault only in the tables still leaves
    a workbook of its unit (it counts for D1); none for a file that cannot be read at all."""
    try:
        return identify(path)
    except Exception:
        return "", None


@dataclass
class Checked:
    """Phase 1's answer for one workbook: its result so far, its unit for D1, where its report waits."""

    result: UnitResult
    identity: tuple[str, int | None]
    scratch: Path | None = None  # the pickled (report, last year's report) for phase 2


def check_unit(path: Path) -> Checked:
    """Phase 1 (in a worker): read and check one workbook, once. Never raises: a failure is a problem."""
    assert _settings is not None and _settings.scratch is not None, "_start_worker sets up each worker"
    result = UnitResult(shown_path(path.relative_to(_settings.folder).as_posix()))
    try:
        result.received = datetime.fromtimestamp(path.stat().st_mtime)
        report, problems = read(path)
        result.unit, result.year, result.kind = report.unit_name, report.year, report.unit_kind
        result.contact = dict(getattr(report, "contact", None) or {})  # older workbooks have none
        previous, notes = (None, []) if _settings.previous is None else previous_of(report, _settings.previous)
        problems += run_checks(report, previous, _settings.known_units) + notes
        result.problems = [replace(p, unit=p.unit or report.unit_name) for p in sort_problems(problems)]
    except CannotRun as exc:
        result.readable = False
        result.problems = [Problem("F1", (), exc.message)]
        return Checked(result, _identity(path))
    except Exception as exc:  # a bug of ours must not stop the other units; the row says whom to tell
        result.readable = False
        result.problems = [Problem("F1", (), f"内部错误（{type(exc).__name__}: {exc}）。请把该文件发给工具维护人员。")]
        return Checked(result, _identity(path))
    # Internal, in a temporary folder of this run (not an output): named after the workbook's path.
    scratch = _settings.scratch / f"{hashlib.sha256(os.fsencode(path)).hexdigest()}.pickle"
    try:
        scratch.write_bytes(pickle.dumps((report, previous), pickle.HIGHEST_PROTOCOL))
    except OSError as exc:  # the temporary folder's disk is full: this unit's report cannot be made
        result.problems.append(Problem("F2", (), f"报告生成失败：临时文件无法写入（{exc.strerror or exc}），"
                                                 f"请检查磁盘空间后重新运行。", unit=report.unit_name))
        return Checked(result, (report.unit_name, report.year))
    return Checked(result, (report.unit_name, report.year), scratch)


def finish_unit(task: tuple[Path, Checked, list[Problem]]) -> UnitResult:
    """Phase 2 (in a worker): with every unit's D1 and the round's year known, render a clean report and
    annotate a workbook with problems. Never raises: a failure to write is an F2 problem."""
    assert _settings is not None, "_start_worker sets up each worker"
    path, checked, judged = task
    result = checked.result
    # The round's judgement (its year; D1: a unit that sent two workbooks has an error in each) comes
    # before any report: a workbook of another year or sent twice is never rendered.
    result.problems = sort_problems(judged)
    if checked.scratch is None:  # unreadable (or its report could not be kept): nothing to render
        return result
    report, previous = pickle.loads(checked.scratch.read_bytes())  # our own file of this run
    checked.scratch.unlink()
    if _settings.batch_names:  # no roster: T6 again, now that the other units of the batch are known
        own = (previous.unit_name,) if previous is not None else ()
        names = [replace(p, unit=report.unit_name) for p in check_names(report, _settings.batch_names, own)]
        result.problems = sort_problems([p for p in result.problems if p.code != "T6"] + names)
    try:
        _finish(result, report, path, _settings, previous)
    except CannotRun as exc:
        result.problems.append(Problem("F2", (), f"报告生成失败：{exc.message}", unit=report.unit_name))
    except Exception as exc:
        result.problems.append(Problem("F2", (), f"报告生成失败：内部错误（{type(exc).__name__}: {exc}）。"
                                                 f"请把该文件发给工具维护人员。", unit=report.unit_name))
    return result


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
    year: int | None = None  # the report year most units give
    submissions: list[Submission] = field(default_factory=list)  # 报送情况, one a unit due or sent
    notices: list[Path] = field(default_factory=list)  # the 退回通知 written
    notices_kept: list[Path] = field(default_factory=list)  # edited by hand since: not replaced
    collected: Collected | None = None  # the settled round the documents were written from
    aggregate: Path | None = None  # the 汇总, when asked for
    packs: list[Pack] | None = None  # with ``publish``: the clean units' packs

    @property
    def errors(self) -> int:
        """Files with errors (the roster's units that sent nothing are ``missing``, not files)."""
        return sum(1 for row in self.summary if row.errors and row.file)

    @property
    def missing(self) -> int:
        return sum(1 for row in self.summary if not row.file)


def _year_and_duplicates(checked: list[Checked], files: list[str], rnd: Round) -> list[list[Problem]]:
    """Each workbook's problems with the round's judgement: its year against the round's (W2), and D1."""
    twice = duplicate_problems([c.identity for c in checked], files)
    return [judge_year(c.result.problems, c.identity[1], rnd) + ([twice[i]] if i in twice else [])
            for i, c in enumerate(checked)]


def run_batch(folder: Path, outdir: Path, template: Path, *, jobs: int = 1, previous: Path | None = None,
              roster: Path | None = None, on_unit: OnUnit | None = None, on_read: OnRead | None = None,
              kinds: Iterable[str] = (), deadline: date | None = None, office: str = "",
              today: date | None = None, year: int | None = None, aggregate: str = "",
              aggregate_kind: UnitKind = UnitKind.COUNTY_GOV, publish: bool = False) -> BatchResult:
    """Check (and render) every workbook under ``folder`` as one round (``units.round``); write into
    ``outdir`` 问题清单.xlsx, 报送情况表.xlsx, a 退回通知 for each workbook with problems and the
    审核情况通报 (``paperwork``), and with ``aggregate`` (the 汇总 unit's name) its 汇总.

    ``year``: the round's report year (else the one most workbooks give, ``round.round_year``);
    ``deadline``: the office's date for every unit (the roster's 截止日期 still wins; else 条例第四十九条);
    ``office``: who signs the notices (else the roster's 上级单位); ``today``: the date the documents are as of;
    ``publish``: a publication pack for each unit without errors (``publish_clean``), when every PDF was made.
    ``kinds``: the outputs beside each Word report (``report.outputs``); a converted one (the PDF) is
    made for every report in one LibreOffice start at the end, and a failure there is kept in
    ``failed`` (the reports and the list are written and usable)."""
    from pipeline.units import paperwork

    kinds = frozenset(kinds)
    if folder.resolve() == outdir.resolve():
        raise CannotRun(f"输出文件夹不能就是工作簿所在的文件夹 {folder}。请用 -o 指定另一个文件夹。")
    expected = read_entries(roster, year) if roster is not None else None  # a bad roster stops before the work
    # Before any unit is read: a folder that cannot be written would otherwise fail every unit.
    guard_output(outdir, inputs=(folder, previous, roster, template), folder=True)
    with hold_output(outdir):  # one run at a time into a folder, until the work is done or fails
        for each in (outdir, outdir / ANNOTATED_FOLDER, outdir / paperwork.NOTICE_FOLDER):
            compact(each)
        for name in (paperwork.ISSUES_NAME, paperwork.SUBMISSIONS_NAME, paperwork.BULLETIN_NAME, paperwork.RECORD_NAME):
            guard_output(outdir / name, inputs=(roster, template))
        paths = find_workbooks(folder, skip=(outdir, roster, previous))  # not units, wherever they are kept
        if not paths:
            raise CannotRun(f"{folder} 中没有找到 .xlsx 工作簿（含子文件夹）。请检查文件夹路径。")
        check_template(template, probe_context())  # once, here: a broken template would fail every unit
        paperwork.check_templates()
        index = index_previous(previous, jobs) if previous is not None else None
        files = [shown_path(p.relative_to(folder).as_posix()) for p in paths]
        today = today or date.today()
        results: list[UnitResult] = []
        states: list[str] = []
        written: dict[int, Path] = {}
        readable = 0
        with tempfile.TemporaryDirectory(prefix="gov-report-batch-") as scratch:
            known = tuple(n for e in expected or () for n in (e.name, *e.former))
            settings = Settings(folder, outdir, template, index, kinds, Path(scratch), known)
            # Phase 1: every workbook read and checked once. Phase 2, once the round's year and two
            # workbooks of one unit are known (W2, D1): render and annotate. No report is written and
            # then removed, however many workers run.
            checked = []
            for c in ordered_map(check_unit, paths, jobs, _start_worker, (settings,)):
                checked.append(c)
                if on_read is not None:
                    on_read(len(checked), len(paths), c.result.file)
            chosen = year is not None
            year = year if chosen else round_year([c.identity[1] for c in checked], today)
            if roster is not None and year is not None:  # again, now that “1月20日” has a year
                expected = read_entries(roster, year)
            rnd = Round(year, tuple(expected or ()), deadline, office, today, chosen)
            judged = _year_and_duplicates(checked, files, rnd)
            twice = {i for i, found in enumerate(judged) if any(p.code == "D1" for p in found)}
            tasks = list(zip(paths, checked, judged, strict=True))
            if not known:  # T6 in phase 2 knows the other units of this batch, as it would know a roster's
                settings = replace(settings, batch_names=tuple(dict.fromkeys(c.identity[0] for c in checked
                                                                             if c.identity[0])))
            del checked
            for i, result in enumerate(ordered_map(finish_unit, tasks, jobs, _start_worker, (settings, True))):
                readable += result.readable
                errors, warnings = count(result.problems)
                state = (f"已生成 {result.written.name}" if result.written else "无法读取" if not result.readable else
                         DUPLICATE_STATE if i in twice else "未生成（有错误）")
                if on_unit is not None:
                    on_unit(i + 1, len(paths), result.unit, result.file, errors, warnings, state)
                results.append(result)
                states.append(state)
                if result.written is not None:
                    written[i] = result.written
        receipts = [Receipt(r.file, r.unit, r.year or checked_year, r.kind, r.received, r.readable, r.problems,
                            r.contact, source=path)
                    for r, path, checked_year in zip(results, paths, [t[1].identity[1] for t in tasks], strict=True)]
        collected = collect(rnd, receipts)
        paperwork.remember_first_checks(outdir, collected.subs, today)
        state_of = {id(r): s for r, s in zip(receipts, states, strict=True)}
        summary = [SummaryRow(sub.unit, r.file, r.errors, r.warnings, state_of[id(r)], contact_text(r.contact))
                   if r is not None else SummaryRow(sub.unit, "", 1, 0, "未提交") for sub, r, _ in collected.rows()]
        done = BatchResult(len(paths), readable, summary, outdir / paperwork.ISSUES_NAME, len(written), year=year,
                           submissions=collected.subs, collected=collected)
        papers = paperwork.write_all(collected, outdir)
        done.notices, done.notices_kept = papers.notices, papers.kept
        if aggregate:
            from pipeline.units.round_docs import write_aggregate_into

            done.aggregate = write_aggregate_into(collected, outdir, aggregate, aggregate_kind, (roster, template))
        # A PDF name taken by a file the tool did not write (the stamped final PDF put there by hand)
        # is left alone and said once, not a failure of every other unit's conversion.
        converted = outputs.convert(list(written.values()), kinds)
        done.pdfs, done.taken, done.failed = len(converted.written), converted.taken, converted.failed
        if publish and done.failed is None:  # still holding the folder: no other run writes 发布 meanwhile
            publish_clean(done, folder, outdir, template, previous, jobs)
        return done


def publish_clean(done: BatchResult, folder: Path, outdir: Path, template: Path, previous: Path | None,
                  jobs: int) -> None:
    """A pack for each unit of ``done`` without errors under ``outdir``/发布, its fingerprint kept in the
    batch's record (审核记录.json, outside the packs, where whoever rewrites a pack cannot reach it) and in
    the 审核情况通报, written again with them."""
    from pipeline.units.paperwork import RECORD_NAME, write_bulletin
    from pipeline.units.publish import fingerprints, publish_batch, remember_fingerprints

    clean = [row.file for row in done.summary if row.file and not row.errors]
    done.packs = publish_batch(folder, clean, outdir / PUBLISH_FOLDER, template, previous, jobs)
    remember_fingerprints(outdir / RECORD_NAME, done.packs)
    if done.collected is not None:  # the 通报 again, now carrying each pack's fingerprint
        write_bulletin(done.collected, outdir, fingerprints(done.packs))

