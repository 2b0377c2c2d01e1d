"""What the web page does, without the web: check an upload, make a unit's documents, make the county's.

Each is the command line's own library function (``check_workbook``, ``annotate``, ``render_workbook``,
``IssueList``, ``aggregate_folder``) run on the stored file; the outputs are made in a temporary folder
and handed back as bytes, so nothing a request names ever becomes a path.
"""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.cells import put
from pipeline.core.fatal import CannotRun
from pipeline.core.names import file_name
from pipeline.core.output import atomic_write
from pipeline.core.problems import Audience, Problem, as_json, count, sort_problems
from pipeline.core.unit_names import How, UnitId, match, note
from pipeline.format.layout import FIELD_INPUTS
from pipeline.report import outputs
from pipeline.run import Outcome, check_workbook, render_workbook
from pipeline.units.round import Round, judge_year
from pipeline.units.words import for_reader
from pipeline.web.storage import Store, Unit

#: A filled template is about 40 KB; the safety gate refuses anything over 20 MB after it is stored.
MAX_UPLOAD = 20 * 1024 * 1024


@dataclass(frozen=True)
class Download:
    name: str  # shown to the browser as the file's name; never a path here
    data: bytes
    mimetype: str


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KINDS = {"docx": DOCX, "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def display_name(name: str | None) -> str:
    """The name the browser gave the file, only for showing: no folders, no control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return file_name(base)[:120] if base else "未命名.xlsx"


def _check(store: Store, unit: Unit, path: Path, shown: str) -> tuple[Outcome, list[Problem]]:
    """``check`` on the upload, with ``--previous`` when the office gave last year's workbook. Last
    year's file not fitting (another unit, another year) is a warning here, not a reason to refuse."""
    known = tuple(u.name for u in store.units())  # the roster: another unit's name copied in is T6
    if unit.previous_sha is None:
        return check_workbook(path, None, known), []
    previous = store.file_path(unit.previous_sha)
    try:
        return check_workbook(path, previous, known), []
    except CannotRun as exc:
        outcome = check_workbook(path, None, known)  # raises again if this year's file cannot be read
        said = exc.message.replace(previous.name, unit.previous_name or "上年工作簿").replace(path.name, shown)
        return outcome, [Problem("Y0", (), f"{said}未核对与上年的衔接（上年结转、现行有效件数）；请告知县政务公开办。")]


def _problems_for(store: Store, unit: Unit, year: int, path: Path, shown: str) -> tuple[list[Problem], bool,
                                                                                       dict[str, object]]:
    """The upload's problems, whether it could be read, and what it says of itself (``Facts``)."""
    try:
        outcome, notes = _check(store, unit, path, shown)
    except CannotRun as exc:  # the safety gate or the reader: the file is recorded with the reason
        return [Problem("F1", (), exc.message.replace(path.name, shown))], False, {}
    except Exception as exc:  # a bug of ours: this upload gets the reason, the server goes on
        logging.getLogger(__name__).exception("checking an upload of %s failed", unit.name)  # for the maintainer
        return [Problem("F1", (), f"内部错误（{type(exc).__name__}）。请把该文件发给县政务公开办，"
                                  f"由其转给工具维护人员。")], False, {}
    problems = outcome.problems + notes
    report = outcome.report
    name = report.unit_name
    how = match(UnitId(name), UnitId(unit.name)) if name else How.EXACT
    if how is not None and how is not How.EXACT:  # paired by the one name rule: said, as everywhere
        problems.append(Problem("U1", (), note("链接所属单位", unit.name, "工作簿", name), unit=name))
    if how is None:
        problems.append(Problem("W1", (FIELD_INPUTS["unit_name"].place.address,),
                                f"这份工作簿的“单位名称”是“{name}”，而本链接属于“{unit.name}”。每个单位只能通过自己的"
                                f"链接提交本单位的工作簿；如名称写法不同，请改为“{unit.name}”后重新上传。"))
    # The year judged against the round's, as the county's documents judge it (``units.round``).
    problems = judge_year(problems, report.year, Round(year, chosen=True))
    facts: dict[str, object] = {"unit": name, "year": report.year,
                                "kind": report.unit_kind.value if report.unit_kind else "",
                                "contact": dict(getattr(report, "contact", None) or {})}
    return problems, True, facts


def accept_upload(store: Store, unit: Unit, year: int, data: bytes, browser_name: str | None,
                  address: str) -> int:
    """Store the upload durably, check it exactly as ``check`` does (its year against the round's),
    record the result with what the workbook says of itself; the id of the submission, committed
    before this returns."""
    sha256 = store.put_file(data)
    shown = display_name(browser_name)
    problems, readable, facts = _problems_for(store, unit, year, store.file_path(sha256), shown)
    errors, warnings = count(problems)
    record = json.loads(as_json(problems))
    record["workbook"] = facts
    return store.add_submission(unit, sha256, shown, len(data), errors, warnings, readable,
                                json.dumps(record, ensure_ascii=False, indent=2), address)


def problems_of(result: str) -> list[Problem]:
    """The problems back from a stored ``check --json`` result, as they were (culprit and advice too)."""
    data = json.loads(result)
    return [Problem.from_dict(p) for p in data["problems"]]


def shown_problems(result: str) -> list[Problem]:
    """The problems as the page shows them to a clerk: in order, each in the browser's words."""
    return [for_reader(p, Audience.BROWSER) for p in sort_problems(problems_of(result))]


def annotated(store: Store, unit: Unit, sha256: str, result: str) -> Download:
    from pipeline.workbook.annotate import annotate

    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / "annotated.xlsx"
        annotate(store.file_path(sha256), [for_reader(p, Audience.BROWSER) for p in problems_of(result)], out)
        return Download(f"{file_name(unit.name)}_问题标注.xlsx", out.read_bytes(), XLSX)


def report(store: Store, unit: Unit, sha256: str, kind: str) -> Download:
    """The Word report, the web page or the PDF of a submission without errors (``render`` on it),
    with last year's workbook when the office gave one (as the upload was checked): the 同比 sentence
    and the table 主要数据与上年对比 are then in it, as ``render --previous`` prints them."""
    if kind not in KINDS:
        raise CannotRun("没有这种报告格式。")
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        target = Path(tmp) / "report.docx"
        source = store.file_path(sha256)
        previous = store.file_path(unit.previous_sha) if unit.previous_sha is not None else None
        try:
            outcome = render_workbook(source, target, previous=previous, kinds={kind})
        except CannotRun:
            if previous is None:
                raise
            # Last year's file does not fit (the upload's Y0 said so): the report as without it.
            outcome = render_workbook(source, target, kinds={kind})
        if outcome.written is None:
            raise CannotRun("这份工作簿有错误，不能生成报告。请改正后重新上传。")
        if outcome.failed is not None:
            raise outcome.failed
        from pipeline.report.context import title

        out = outputs.OUTPUTS[kind].paths(target)[0]
        return Download(f"{file_name(title(outcome.report))}.{kind}", out.read_bytes(), KINDS[kind])


def last_year_workbook(store: Store, unit: Unit, year: int) -> tuple[str, str] | None:
    """The unit's workbook of the year before ``year`` that the data folder holds, as (fingerprint,
    name to show): the office's (``serve --previous``, what uploads are checked against), else the
    unit's newest upload of that year, one without errors of its own first (an upload made during this
    year's collection has W2 for its year, which is no fault of its numbers). None if there is none."""
    if unit.previous_sha is not None:
        return unit.previous_sha, unit.previous_name or "上年工作簿"
    from pipeline.reading.reader import identify

    found: list[tuple[bool, str, str]] = []
    for sub in store.submissions(unit.id):  # newest first
        if not sub.readable:
            continue
        try:
            if identify(store.file_path(sub.sha256))[1] != year - 1:
                continue
        except Exception:  # stored long ago, unreadable today: not a source
            continue
        faulty = any(p.is_error and p.code != "W2" for p in problems_of(sub.result))
        found.append((faulty, sub.sha256, sub.file_name))
    best = min(found, key=lambda f: f[0], default=None)  # min keeps the newest of the best
    return None if best is None else (best[1], best[2])


def _next_year(store: Store, unit: Unit, year: int, sha256: str, shown: str) -> Download:
    """``template --from`` on last year's stored workbook, under the unit's own name."""
    from pipeline.reading.reader import read
    from pipeline.workbook.next_year import write_next_year

    last, problems = read(store.file_path(sha256))
    if last.year != year - 1:
        raise CannotRun(f"{shown} 不是 {year - 1} 年度的工作簿。")
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / "prefilled.xlsx"
        write_next_year(last, problems, out, name=shown, unit_name=unit.name)
        return Download(f"{file_name(unit.name)}{year}年度_填报表.xlsx", out.read_bytes(), XLSX)


def blank_workbook(unit: Unit, year: int, store: Store | None = None) -> Download:
    """The template with the unit's name and the report year already in: nothing to mistype. With
    the unit's last-year workbook in ``store``, prefilled from it as ``template --from`` does: 上年结转
    from last year's 结转下年度 (locked), last year's 现行有效件数 beside this year's, the contacts."""
    if store is not None and (source := last_year_workbook(store, unit, year)) is not None:
        try:
            return _next_year(store, unit, year, *source)
        except CannotRun:  # last year's file does not fit after all: the plain one, as without it
            logging.getLogger(__name__).warning("prefilling %s from %s failed", unit.name, source[1])
    from pipeline.workbook.template import build_workbook

    wb = build_workbook()
    for key, value in (("unit_name", unit.name), ("year", year)):
        place = FIELD_INPUTS[key].place
        put(wb[place.sheet], place.coordinate, value)  # a unit's name is text even if it starts with “=”
    with tempfile.TemporaryDirectory(prefix="web-") as tmp:
        out = Path(tmp) / "blank.xlsx"
        with atomic_write(out) as written:
            wb.save(written)
        return Download(f"{file_name(unit.name)}{year}年度_填报表.xlsx", out.read_bytes(), XLSX)
