"""Command line: ``python -m pipeline template | check | render | batch | aggregate | roster-template | serve | docs
| import | audit``.

Translation only: arguments in, exit code out. 0 = clean, 1 = problems in the data, 2 = cannot run
(unreadable file, broken template, bad arguments). Expected failures print one Chinese line;
``-v`` adds the traceback for whoever maintains the tool. The commands, their arguments and help
are declared in ``cli_parser``; here each command's handler.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.cli_parser import build_parser as _parser  # the name tests/test_cli.py walks the commands by
from pipeline.core.fatal import FATAL, FATAL_INTERNAL, CannotRun
from pipeline.core.names import file_name
from pipeline.core.output import guard_output, require_suffix
from pipeline.core.paths import OUT, WORKBOOK_TEMPLATE
from pipeline.core.problems import as_json, as_text, fatal_json
from pipeline.format.official import UnitKind
from pipeline.run import check_workbook, render_workbook

OK, DATA_PROBLEMS, CANNOT_RUN = 0, 1, 2
FORCE_HINT = "，或加 --force 覆盖"


def _template(args: argparse.Namespace) -> int:
    if args.source is not None:
        return _next_year(args)
    from pipeline.workbook.template import write_template

    out = args.output or WORKBOOK_TEMPLATE
    require_suffix(out, ".xlsx", "填报模板")
    guard_output(out, force=args.force, hint=FORCE_HINT)
    write_template(out, force=args.force)
    print(f"已生成填报模板：{out}")
    return OK


def _next_year(args: argparse.Namespace) -> int:
    """``template --from``: next year's workbook prefilled from last year's, one or a folder of them."""
    from pipeline.units.next_year import prefill_folder
    from pipeline.workbook.next_year import prefill

    source: Path = args.source
    if not source.is_dir():
        out = args.output or OUT / f"{source.stem}_下一年度.xlsx"
        require_suffix(out, ".xlsx", "新工作簿")
        guard_output(out, inputs=(source,), force=args.force, hint=FORCE_HINT)
        done = prefill(source, out, not args.no_last_text, force=args.force)
        print(f"已生成{done.unit_name} {done.year} 年度的工作簿：{out}（上年结转已按上年报告带入）")
        if done.errors:
            print(f"注意：上年工作簿有 {len(done.errors)} 个错误，带入的数以其为准，请核对。")
        return OK
    outdir = args.output or OUT / f"{source.resolve().name}_下一年度"
    if outdir.suffix.lower() == ".xlsx":
        raise CannotRun(f"--from 给的是文件夹 {source}，-o 也应是文件夹（每个单位一个工作簿），不是 {outdir.name}。")
    guard_output(outdir, inputs=(source,), units_folder=None if args.output else source, folder=True)
    result = prefill_folder(source, outdir, not args.no_last_text, force=args.force)
    for path, done in result.written:
        note = f"（上年工作簿有 {len(done.errors)} 个错误，带入的数请核对）" if done.errors else ""
        print(f"已生成：{path.name}{note}")
    for path, why in result.failed:
        print(f"未生成：{path.name}：{why}", file=sys.stderr)
    print(f"共生成 {len(result.written)} 个单位下一年度的工作簿（{outdir}），{len(result.failed)} 个文件未能生成。")
    if not result.written:
        return CANNOT_RUN
    return DATA_PROBLEMS if result.failed else OK


def _check(args: argparse.Namespace) -> int:
    if args.annotate is not None:  # before the work: the copy never replaces the workbook checked
        from pipeline.workbook.annotate import check_target

        check_target(args.workbook, args.annotate)
        guard_output(args.annotate, inputs=(args.workbook, args.previous))
    outcome = check_workbook(args.workbook, args.previous)
    if args.annotate is not None:
        from pipeline.workbook.annotate import annotate

        annotate(args.workbook, outcome.problems, args.annotate)
    print(as_json(outcome.problems) if args.json else as_text(outcome.problems))
    for note in [] if args.json else outcome.notes:  # --json prints one JSON object and nothing else
        print(note)
    if args.annotate is not None and not args.json:  # --json prints one JSON object and nothing else
        print(f"已生成问题标注副本：{args.annotate}（问题单元格标红并附批注，另有“问题清单”工作表）")
    return OK if outcome.ok else DATA_PROBLEMS


def _render(args: argparse.Namespace) -> int:
    from pipeline.report import outputs
    from pipeline.report import pdf as pdf

    kinds = outputs.flagged(args)
    want_pdf = args.pdf or (args.pdf_if_available and pdf.available())
    kinds |= {"pdf"} if want_pdf else set()
    outcome = render_workbook(args.workbook, args.output, args.template, args.previous,
                              kinds=kinds, punctuation=args.fix_punctuation)
    print(as_text(outcome.problems), *outcome.notes, sep="\n")
    if outcome.written is None:
        print("有错误，未生成报告。", file=sys.stderr)
        return DATA_PROBLEMS
    for path in (outcome.written, *outcome.also):
        print(f"已生成报告：{path}")
    for line in outcome.removed_lines():  # an earlier run's page or PDF that would disagree with it
        print(line)
    if outcome.punctuation_fixed:
        print(f"已按 --fix-punctuation 在报告中把 {outcome.punctuation_fixed} 处半角标点印为全角（工作簿未改动）。")
    if args.pdf_if_available and not want_pdf:
        print(f"未生成 PDF：本机没有 LibreOffice。{pdf.INSTALL_HINT}")
    if outcome.failed is not None:
        raise outcome.failed
    return OK


def _aggregate(args: argparse.Namespace) -> int:
    from pipeline.units.aggregate import aggregate_folder, aggregate_text, write_aggregate
    from pipeline.units.folder import find_workbooks
    from pipeline.units.round_docs import aggregate_name

    inputs = (args.folder, *find_workbooks(args.folder))
    if args.output is not None:  # before reading every unit: `-o 各单位/某单位.xlsx` would replace it
        require_suffix(args.output, ".xlsx", "汇总工作簿")
        guard_output(args.output, inputs=inputs)
    agg = aggregate_folder(args.folder, args.unit, UnitKind(args.kind), args.year, args.include_invalid, args.jobs)
    out = args.output or OUT / aggregate_name(args.unit, agg.report.year)
    guard_output(out, inputs=inputs, units_folder=None if args.output else args.folder)
    write_aggregate(agg, out)
    print(aggregate_text(agg))
    print(f"已生成汇总工作簿：{out}（正文部分请汇总单位自行填写，再用 check、render 检查和生成报告）")
    return OK if agg.ok else DATA_PROBLEMS


def _batch(args: argparse.Namespace) -> int:
    from pipeline.report import outputs
    from pipeline.units.batch import run_batch
    from pipeline.units.deadlines import early_warnings
    from pipeline.units.problem_list import summary_table
    from pipeline.units.progress import Progress

    if args.pdf or args.publish:
        from pipeline.report import pdf as pdf

        if not pdf.available():  # before the work, not after hundreds of reports
            raise CannotRun(f"找不到 LibreOffice（soffice），无法生成 PDF（--pdf、--publish）。{pdf.INSTALL_HINT}")
    outdir = args.output or OUT / file_name(args.folder.resolve().name)
    if args.output is None:  # a default never lands among the units' workbooks (run_batch checks the rest)
        guard_output(outdir, units_folder=args.folder, folder=True)
    progress = Progress(sys.stdout)
    try:
        result = run_batch(args.folder, outdir, args.template, jobs=args.jobs, previous=args.previous,
                           roster=args.roster, on_unit=progress, on_read=progress.reading,
                           kinds=outputs.flagged(args), deadline=args.deadline, office=args.office, year=args.year,
                           aggregate=args.aggregate, publish=args.publish)
    finally:  # Ctrl+C or a stop half-way: the terminal gets its cursor back
        progress.close()
    print(summary_table(result.summary))
    for line in early_warnings(result.year, args.deadline, [(s.unit, s.deadline) for s in result.submissions]):
        print(line)
    missing = f"名单上 {result.missing} 个单位未提交。" if result.missing else ""
    print(f"共 {result.files} 个文件：{result.reports} 份报告已生成（{outdir}），{result.errors} 个文件有错误。"
          f"{missing}问题清单：{result.issues}")
    print(f"报送情况表、审核情况通报已写入 {outdir}；退回通知 {len(result.notices)} 份（{outdir / '退回通知'}）。")
    if result.collected is not None and not result.collected.round.signer:  # asked for, as the web page asks
        print("退回通知和审核情况通报的落款暂用“政务公开办公室”：没有给 --office，名单中也没有“上级单位”。"
              "请用 --office 指定发文单位后重新运行。")
    if result.aggregate is not None:
        print(f"已生成汇总工作簿：{result.aggregate}")
    if result.notices_kept:
        print(f"以下退回通知已被手工改过，未覆盖：{'、'.join(p.name for p in result.notices_kept)}")
    if args.pdf and result.failed is None:
        print(f"已生成 PDF {result.pdfs} 份。")
    if result.taken:
        print(f"以下 {len(result.taken)} 个 PDF 的文件名已被不是本工具写出的文件占用（如手工放入的正式 PDF），"
              f"未覆盖，也未生成：{'、'.join(p.name for p in result.taken)}")
    if result.failed is not None:
        raise result.failed
    if result.packs is not None:  # made while the output folder was still held (run_batch)
        from pipeline.units.batch import PUBLISH_FOLDER
        from pipeline.units.paperwork import RECORD_NAME

        packs = outdir / PUBLISH_FOLDER
        print(f"已为 {len(result.packs)} 个没有错误的单位生成发布包（{packs}，每个单位一个文件夹，含发布清单）；"
              f"各发布清单的指纹记在 {outdir / RECORD_NAME} 和审核情况通报中，核对：verify {packs}。")
    if result.readable == 0:
        print("没有一个工作簿能够读取，请查看问题清单中的原因。", file=sys.stderr)
        return CANNOT_RUN
    return DATA_PROBLEMS if result.errors or result.missing else OK


def _publish(args: argparse.Namespace) -> int:
    from pipeline.report import pdf as pdf
    from pipeline.units.publish import Pack, finish, prepare
    from pipeline.units.verify import MANIFEST, fingerprint

    if not pdf.available():  # the pack holds the PDF: say so before any work
        raise CannotRun(f"找不到 LibreOffice（soffice），无法生成发布包中的 PDF。{pdf.INSTALL_HINT}")
    made = prepare(args.workbook, args.output, args.template, args.previous, args.fix_punctuation)
    if not isinstance(made, Pack):
        print(as_text(made.problems))
        print("有错误，未生成发布包。", file=sys.stderr)
        return DATA_PROBLEMS
    finish([made], args.template)
    print(as_text(made.outcome.problems))
    print(f"已生成发布包：{made.folder}（{len(made.files)} 个文件，清单 {MANIFEST}）")
    for path in made.outcome.removed:
        print(f"已删除 {path.name}：上次发布的文件，本次没有（它在上次发布后没有被改动过）。")
    for path in made.kept:
        print(f"未删除 {path.name}：上次发布的文件，本次没有，但发布后被改动过，原样保留（不在本次发布清单中）。")
    print(f"发布清单指纹：{fingerprint(made.folder)}\n请把这个指纹另外保存（发布文件夹以外，如登记簿或办公系统）；"
          f"核对时用 verify {made.folder} --fingerprint 指纹，连发布清单一起被改动也查得出。")
    return OK


def _verify(args: argparse.Namespace) -> int:
    from pipeline.units.verify import verify_all, verify_text

    results = verify_all(args.folder, args.fingerprint)
    print("\n\n".join(verify_text(r) for r in results))
    return OK if all(r.ok for r in results) else DATA_PROBLEMS


def _roster_template(args: argparse.Namespace) -> int:
    from pipeline.units.roster import write_roster_template

    require_suffix(args.output, ".xlsx", "名单")
    guard_output(args.output, force=args.force, hint=FORCE_HINT)
    write_roster_template(args.output, force=args.force)
    print(f"已生成名单模板：{args.output}（在“单位名称”列下每行填写一个应报送的单位）")
    return OK


def _serve(args: argparse.Namespace) -> int:
    from pipeline.web.serve import prepare, serve

    serve(prepare(args.data, args.roster, args.year, args.deadline, args.url, previous=args.previous,
                  reset_password=args.reset_password), args.host, args.port)
    return OK


def _import(args: argparse.Namespace) -> int:
    """``import``: a published report → the standard workbook; 1 when a required part is missing."""
    from pipeline.workbook.imported import import_to_workbook

    out = args.output or OUT / f"{file_name(args.report.stem)}.xlsx"
    require_suffix(out, ".xlsx", "工作簿")
    guard_output(out, inputs=(args.report,), force=args.force, hint=FORCE_HINT)
    report, note = import_to_workbook(args.report, out, args.force)
    print(*note.lines(), sep="\n")
    print(f"已生成{report.unit_name} {report.year} 年度的工作簿：{out}（导入情况见其中的“导入说明”工作表）")
    return OK if note.complete else DATA_PROBLEMS


def _audit(args: argparse.Namespace) -> int:
    """``audit``: a folder of published reports; 1 when anything was found."""
    from pipeline.units.audit import run_audit
    from pipeline.units.audit_docs import audit_text, write_documents

    outdir = args.output or OUT / f"{file_name(args.folder.resolve().name)}_审核"
    guard_output(outdir, inputs=(args.folder,), units_folder=None if args.output else args.folder, folder=True)
    result = run_audit(args.folder, outdir)
    write_documents(result, outdir)
    print(audit_text(result, outdir))
    return DATA_PROBLEMS if result.findings else OK


def _docs(args: argparse.Namespace) -> int:
    from pipeline.workbook.guide import update_readme

    changed = update_readme(args.readme)
    print(f"{args.readme}：{'已更新' if changed else '已是最新'}")
    return OK


#: Each command's handler, by the name ``cli_parser`` gives the command.
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "template": _template, "check": _check, "render": _render, "batch": _batch, "publish": _publish,
    "verify": _verify, "roster-template": _roster_template, "aggregate": _aggregate, "serve": _serve, "docs": _docs,
    "import": _import, "audit": _audit,
}


def _wants_json(argv: Sequence[str]) -> bool:
    """``check … --json``: every outcome, the fatal ones too, is one JSON object on stdout."""
    return "check" in argv and "--json" in argv


def _fatal(argv: Sequence[str], code: str, line: str) -> int:
    if _wants_json(argv):
        print(fatal_json(code, line))
    else:
        print(line, file=sys.stderr)
    return CANNOT_RUN


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (a service stopping, `kill`) ends the run as Ctrl+C does: child processes are ended
    and temporary folders removed on the way out, instead of Python dying where it stands."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # a non-UTF-8 file name in a message must not end the run
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    if threading.current_thread() is not threading.main_thread():  # signals go to the main thread only
        return _main(argv)
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str]) -> int:
    if not _wants_json(argv):
        return _run(argv)
    # One JSON object on stdout and nothing on stderr: what a library warns of on the way (openpyxl
    # on an Excel 2010 drop-down it cannot keep in an annotated copy) is not for the program reading it.
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        return _run(argv)


def _run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except CannotRun as exc:  # bad arguments
        return _fatal(argv, exc.code, exc.message)
    try:
        return int(_COMMANDS[args.command](args))
    except CannotRun as exc:
        return _fatal(argv, exc.code, f"无法继续：{exc.message}")
    except BrokenPipeError:  # `check … | head`: whoever read the output has gone; say nothing more
        # As the Python docs advise: point stdout at devnull so the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return CANNOT_RUN
    except KeyboardInterrupt:  # Ctrl+C: outputs are written atomically, so nothing is half-written
        return _fatal(argv, FATAL, "无法继续：运行被中断。没有写出不完整的文件，原有的报告保持不变；请重新运行。")
    except Exception as exc:  # a bug of ours: still one line for staff, the trace with -v
        if args.verbose:
            traceback.print_exc()
        return _fatal(argv, FATAL_INTERNAL, f"内部错误（{type(exc).__name__}: {exc}）。请把这条信息和所用文件发给"
                                            f"工具维护人员；加 -v 可显示详细信息。")
