"""Command line: ``python -m pipeline template | check | render | batch | aggregate | roster-template | serve | docs``.

Translation only: arguments in, exit code out. 0 = clean, 1 = problems in the data, 2 = cannot run
(unreadable file, broken template, bad arguments). Expected failures print one Chinese line;
``-v`` adds the traceback for whoever maintains the tool.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pipeline import argparse_zh
from pipeline.core import problems as fmt
from pipeline.core.fatal import FATAL, FATAL_ARGUMENTS, FATAL_INTERNAL, CannotRun
from pipeline.core.output import file_name, guard_output, require_suffix
from pipeline.core.paths import OUT, README, WORD_TEMPLATE, WORKBOOK_TEMPLATE
from pipeline.format.official import UnitKind
from pipeline.run import check_workbook, render_workbook
from pipeline.units.folder import default_jobs

OK, DATA_PROBLEMS, CANNOT_RUN = 0, 1, 2
FORCE_HINT = "，或加 --force 覆盖"


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse_zh.HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise CannotRun(f"参数错误：{message}。运行 python -m pipeline --help 查看用法。", FATAL_ARGUMENTS)


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
    print(fmt.as_json(outcome.problems) if args.json else fmt.as_text(outcome.problems))
    for note in [] if args.json else outcome.notes:  # --json prints one JSON object and nothing else
        print(note)
    if args.annotate is not None and not args.json:  # --json prints one JSON object and nothing else
        print(f"已生成问题标注副本：{args.annotate}（问题单元格标红并附批注，另有“问题清单”工作表）")
    return OK if outcome.ok else DATA_PROBLEMS


def _render(args: argparse.Namespace) -> int:
    from pipeline.report import pdf as pdf

    want_pdf = args.pdf or (args.pdf_if_available and pdf.available())
    outcome = render_workbook(args.workbook, args.output, args.template, args.previous,
                              html=args.html, pdf=want_pdf, punctuation=args.fix_punctuation)
    print(fmt.as_text(outcome.problems), *outcome.notes, sep="\n")
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
    from pipeline.units.aggregate import aggregate_folder, as_text, write_aggregate
    from pipeline.units.folder import find_workbooks

    inputs = (args.folder, *find_workbooks(args.folder))
    if args.output is not None:  # before reading every unit: `-o 各单位/某单位.xlsx` would replace it
        require_suffix(args.output, ".xlsx", "汇总工作簿")
        guard_output(args.output, inputs=inputs)
    agg = aggregate_folder(args.folder, args.unit, UnitKind(args.kind), args.year, args.include_invalid, args.jobs)
    out = args.output or OUT / f"{file_name(args.unit, f'{agg.report.year}年汇总')}.xlsx"
    guard_output(out, inputs=inputs, units_folder=None if args.output else args.folder)
    write_aggregate(agg, out)
    print(as_text(agg))
    print(f"已生成汇总工作簿：{out}（正文部分请汇总单位自行填写，再用 check、render 检查和生成报告）")
    return OK if agg.ok else DATA_PROBLEMS


def _batch(args: argparse.Namespace) -> int:
    from pipeline.units.batch import run_batch
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
                           roster=args.roster, on_unit=progress, html=args.html, pdf=args.pdf,
                           deadline=args.deadline, office=args.office)
    finally:  # Ctrl+C or a stop half-way: the terminal gets its cursor back
        progress.close()
    print(summary_table(result.summary))
    missing = f"名单上 {result.missing} 个单位未提交。" if result.missing else ""
    print(f"共 {result.files} 个文件：{result.reports} 份报告已生成（{outdir}），{result.errors} 个文件有错误。"
          f"{missing}问题清单：{result.issues}")
    print(f"报送情况表、审核情况通报已写入 {outdir}；退回通知 {len(result.notices)} 份（{outdir / '退回通知'}）。")
    if result.notices_kept:
        print(f"以下退回通知已被手工改过，未覆盖：{'、'.join(p.name for p in result.notices_kept)}")
    if args.pdf and result.failed is None:
        print(f"已生成 PDF {result.pdfs} 份。")
    if result.taken:
        print(f"以下 {len(result.taken)} 个 PDF 的文件名已被不是本工具写出的文件占用（如手工放入的正式 PDF），"
              f"未覆盖，也未生成：{'、'.join(p.name for p in result.taken)}")
    if result.failed is not None:
        raise result.failed
    if args.publish:
        from pipeline.units.publish import publish_batch

        clean = [row.file for row in result.summary if row.file and not row.errors]
        packs = publish_batch(args.folder, clean, outdir / "发布", args.template, args.previous, args.jobs)
        print(f"已为 {len(packs)} 个没有错误的单位生成发布包（{outdir / '发布'}，每个单位一个文件夹，含发布清单）。")
    if result.readable == 0:
        print("没有一个工作簿能够读取，请查看问题清单中的原因。", file=sys.stderr)
        return CANNOT_RUN
    return DATA_PROBLEMS if result.errors or result.missing else OK


def _publish(args: argparse.Namespace) -> int:
    from pipeline.report import pdf as pdf
    from pipeline.units.publish import MANIFEST, Pack, finish, prepare

    if not pdf.available():  # the pack holds the PDF: say so before any work
        raise CannotRun(f"找不到 LibreOffice（soffice），无法生成发布包中的 PDF。{pdf.INSTALL_HINT}")
    made = prepare(args.workbook, args.output, args.template, args.previous, args.fix_punctuation)
    if not isinstance(made, Pack):
        print(fmt.as_text(made.problems))
        print("有错误，未生成发布包。", file=sys.stderr)
        return DATA_PROBLEMS
    finish([made], args.template)
    print(fmt.as_text(made.outcome.problems))
    print(f"已生成发布包：{made.folder}（{len(made.files)} 个文件，清单 {MANIFEST}）")
    return OK


def _verify(args: argparse.Namespace) -> int:
    from pipeline.units.publish import verify, verify_text

    manifest, found = verify(args.folder)
    print(verify_text(args.folder, manifest, found))
    return OK if all(f.state == "未改动" for f in found) else DATA_PROBLEMS


def _roster_template(args: argparse.Namespace) -> int:
    from pipeline.units.roster import write_roster_template

    require_suffix(args.output, ".xlsx", "名单")
    guard_output(args.output, force=args.force, hint=FORCE_HINT)
    write_roster_template(args.output, force=args.force)
    print(f"已生成名单模板：{args.output}（在“单位名称”列下每行填写一个应报送的单位）")
    return OK


def _serve(args: argparse.Namespace) -> int:
    from pipeline.web.serve import prepare, serve

    serve(prepare(args.data, args.roster, args.year, args.deadline, args.url, previous=args.previous),
          args.host, args.port)
    return OK


def _docs(args: argparse.Namespace) -> int:
    from pipeline.workbook.guide import update_readme

    changed = update_readme(args.readme)
    print(f"{args.readme}：{'已更新' if changed else '已是最新'}")
    return OK


#: What each argument stands for in the usage lines (“-o 输出” rather than argparse's “-o OUTPUT”).
_METAVARS = {"workbook": "工作簿.xlsx", "folder": "文件夹", "output": "输出", "jobs": "进程数", "previous": "上年",
             "roster": "名单.xlsx", "template": "模板.docx", "unit": "单位名称", "year": "年度", "readme": "README.md"}


def _parser() -> argparse.ArgumentParser:
    argparse_zh.install()  # before the parsers are made: their group titles are translated then
    p = _Parser(prog="python -m pipeline", description="政府信息公开工作年度报告：填报表检查与报告生成。")
    p.add_argument("-v", "--verbose", action="store_true", help="出错时显示完整的调试信息")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="命令")

    t = sub.add_parser("template", help="生成空白填报模板，或按上年工作簿生成下一年度的工作簿",
                       description="生成空白填报模板。例：python -m pipeline template -o 填报表.xlsx；"
                                   "按上年预填下一年度：python -m pipeline template --from 盘江镇2024.xlsx "
                                   "-o 盘江镇2025.xlsx（--from 也可以是文件夹，-o 则为输出文件夹）")
    t.add_argument("-o", "--output", type=Path, default=None,
                   help="输出路径（默认 workbook_template.xlsx；有 --from 时默认在 out/ 下）")
    t.add_argument("--from", dest="source", type=Path, default=None, metavar="上年.xlsx或文件夹",
                   help="上一年度的工作簿（或各单位工作簿的文件夹）：带入单位信息、上年结转、上年现行有效件数")
    t.add_argument("--no-last-text", action="store_true", help="不把上年正文作为批注附在正文单元格上")
    t.add_argument("--force", action="store_true", help="输出文件已存在且不是本工具写出的，也覆盖")
    t.set_defaults(func=_template)

    c = sub.add_parser("check", help="检查填好的工作簿",
                       description="检查工作簿中的每个数、每条勾稽关系。例：python -m pipeline check 盘江镇2024.xlsx"
                                   "；标注问题退回单位：python -m pipeline check 盘江镇2024.xlsx "
                                   "--annotate 盘江镇2024_问题标注.xlsx")
    c.add_argument("workbook", type=Path, help="填好的 .xlsx 工作簿（不会被修改）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出（供其他程序读取）")
    c.add_argument("--previous", type=Path, default=None, help="本单位上一年度的工作簿，用于核对衔接关系")
    c.add_argument("--annotate", type=Path, default=None, metavar="标注.xlsx",
                   help="另存一份标注副本：问题单元格标红并附批注，另加“问题清单”工作表（原文件不变）")
    c.set_defaults(func=_check)

    r = sub.add_parser("render", help="检查并生成 Word 报告",
                       description="先检查，无错误时生成 Word 报告，可同时生成网页和 PDF。"
                                   "例：python -m pipeline render 盘江镇2024.xlsx -o 报告.docx --html --pdf")
    r.add_argument("workbook", type=Path, help="填好的 .xlsx 工作簿（不会被修改）")
    r.add_argument("-o", "--output", type=Path, default=None, help="输出的 .docx（默认 out/<标题>.docx）")
    r.add_argument("--template", type=Path, default=WORD_TEMPLATE, help="Word 模板（默认 templates/report.docx）")
    r.add_argument("--previous", type=Path, default=None, help="本单位上一年度的工作簿，用于核对衔接关系")
    r.add_argument("--html", action="store_true", help="同时生成网页版（同名 .html，单个文件，可直接发布）和供粘贴到网站编辑器的网页片段（.片段.html）")
    r.add_argument("--pdf", action="store_true", help="同时生成 PDF（同名 .pdf，需要 LibreOffice）")
    r.add_argument("--fix-punctuation", action="store_true",
                   help="正文中夹在汉字之间的半角标点 , ( ) : ; ? ! 在报告中印为全角（工作簿不变）")
    r.add_argument("--pdf-if-available", action="store_true",
                   help="本机有 LibreOffice 时生成 PDF，没有时只提示如何安装（make report 用）")
    r.set_defaults(func=_render)

    b = sub.add_parser("batch", help="批量检查文件夹中所有单位的工作簿并生成报告",
                       description="检查文件夹（含子文件夹）中的每个工作簿，为没有错误的单位生成报告，"
                                   "并输出问题清单.xlsx。例：python -m pipeline batch 各单位/ -o 结果/")
    b.add_argument("folder", type=Path, help="存放各单位工作簿的文件夹（工作簿不会被修改）")
    b.add_argument("-o", "--output", type=Path, default=None, help="输出文件夹（默认 out/<文件夹名>）")
    b.add_argument("-j", "--jobs", type=argparse_zh.positive, default=default_jobs(),
                   help="并行进程数（默认为 CPU 核数）")
    b.add_argument("--previous", type=Path, default=None, help="上一年度各单位工作簿的文件夹（按单位名称对应）")
    b.add_argument("--roster", type=Path, default=None,
                   help="应报送单位名单（.xlsx），用于查缺；可含单位类别、上级单位、截止日期、报送时间")
    b.add_argument("--deadline", type=argparse_zh.date_value, default=None, metavar="日期",
                   help="全部单位的截止日期，如 2025-01-20（名单中单位自己的截止日期优先；"
                        "默认按条例第四十九条：部门、乡镇街道 1月31日，政府 3月31日）")
    b.add_argument("--office", default="", metavar="单位",
                   help="退回通知和审核情况通报的落款，如“某某县人民政府办公室”（默认“政务公开办公室”）")
    b.add_argument("--template", type=Path, default=WORD_TEMPLATE, help="Word 模板（默认 templates/report.docx）")
    b.add_argument("--pdf", action="store_true", help="同时生成 PDF（需要 LibreOffice；全部报告一次转换）")
    b.add_argument("--html", action="store_true", help="同时生成网页版（每份报告旁同名 .html）和网页片段（.片段.html）")
    b.add_argument("--publish", action="store_true",
                   help="为每个没有错误的单位生成发布包（结果/发布/<标题>/，同 publish 命令；需要 LibreOffice）")
    b.set_defaults(func=_batch)

    u = sub.add_parser("publish", help="生成发布包：Word、PDF、网页、网页片段、图解和发布清单",
                       description="检查工作簿，无错误时在一个文件夹中生成发布所需的全部文件和发布清单（每个文件的 "
                                   "SHA-256）。例：python -m pipeline publish 盘江镇2024.xlsx -o 发布/")
    u.add_argument("workbook", type=Path, help="填好的 .xlsx 工作簿（不会被修改）")
    u.add_argument("-o", "--output", type=Path, default=OUT / "发布", help="发布包放在哪个文件夹下（默认 out/发布）")
    u.add_argument("--template", type=Path, default=WORD_TEMPLATE, help="Word 模板（默认 templates/report.docx）")
    u.add_argument("--previous", type=Path, default=None, help="本单位上一年度的工作簿（同比与衔接核对）")
    u.add_argument("--fix-punctuation", action="store_true", help="正文中夹在汉字之间的半角标点印为全角")
    u.set_defaults(func=_publish)

    v = sub.add_parser("verify", help="核对发布包发布后是否被改动",
                       description="按发布清单重新计算每个文件的 SHA-256，指出哪个文件被改动、删除或新增。"
                                   "例：python -m pipeline verify 发布/盘江镇2024年政府信息公开工作年度报告/")
    v.add_argument("folder", type=Path, help="publish 生成的发布文件夹")
    v.set_defaults(func=_verify)

    n = sub.add_parser("roster-template", help="生成空白的应报送单位名单",
                       description="生成名单模板：一列“单位名称”，每行一个单位。"
                                   "例：python -m pipeline roster-template -o 名单.xlsx")
    n.add_argument("-o", "--output", type=Path, default=Path("名单.xlsx"), help="输出路径（默认 ./名单.xlsx）")
    n.add_argument("--force", action="store_true", help="输出文件已存在且不是本工具写出的，也覆盖")
    n.set_defaults(func=_roster_template)

    a = sub.add_parser("aggregate", help="汇总所属各单位的三张统计表",
                       description="把文件夹中各单位工作簿的表二、表三、表四逐格相加，生成汇总单位的工作簿并检查。"
                                   "例：python -m pipeline aggregate 各单位/ --unit 某某县人民政府")
    a.add_argument("folder", type=Path, help="存放各单位工作簿的文件夹（含子文件夹）")
    a.add_argument("--unit", required=True, help="汇总单位名称，如“某某县人民政府”")
    a.add_argument("--kind", default=UnitKind.COUNTY_GOV.value, choices=[k.value for k in UnitKind],
                   help=f"汇总单位的类别（默认“{UnitKind.COUNTY_GOV.value}”）")
    a.add_argument("--year", type=argparse_zh.positive, default=None, help="汇总的报告年度（默认取多数单位的年度）")
    a.add_argument("--include-invalid", action="store_true", help="有错误的单位也计入汇总（默认不计入）")
    a.add_argument("-j", "--jobs", type=argparse_zh.positive, default=default_jobs(),
                   help="并行进程数（默认为 CPU 核数）")
    a.add_argument("-o", "--output", type=Path, default=None,
                   help="输出的汇总工作簿（默认 out/<单位><年度>年汇总.xlsx）")
    a.set_defaults(func=_aggregate)

    w = sub.add_parser("serve", help="启动网页服务：各单位在浏览器中上传检查，政务公开办查看报送情况",
                       description="启动网页服务。首次启动用 --roster 指定名单，各单位的专用链接写在数据目录的"
                                   "“单位链接.xlsx”中。例：python -m pipeline serve --roster 名单.xlsx")
    w.add_argument("--host", default="127.0.0.1", metavar="地址",
                   help="监听地址（默认只允许本机访问；局域网访问用 0.0.0.0）")
    w.add_argument("--port", type=int, default=8000, metavar="端口", help="端口（默认 8000）")
    w.add_argument("--data", type=Path, default=Path("web-data"), metavar="数据目录",
                   help="数据目录（默认 ./web-data）")
    w.add_argument("--roster", type=Path, default=None, metavar="名单.xlsx",
                   help="应报送单位名单（.xlsx）；首次启动必填，更新名单时再给")
    w.add_argument("--year", type=int, default=None, metavar="年度",
                   help="收集的报告年度（默认按今天推算，之后保存在数据目录中）")
    w.add_argument("--deadline", type=argparse_zh.date_value, default=None, metavar="日期",
                   help="截止日期，如 2027-01-31（默认次年 1 月 31 日）")
    w.add_argument("--previous", type=Path, default=None, metavar="上年目录",
                   help="上一年度各单位工作簿的文件夹：上传时按单位核对与上年的衔接（Y1–Y3）")
    w.add_argument("--url", default=None, metavar="网址",
                   help="各单位访问本服务的地址，写进链接，如 http://192.168.1.10:8000")
    w.set_defaults(func=_serve)

    d = sub.add_parser("docs", help="更新 README 中自动生成的填报指南和检查清单",
                       description="更新 README 中自动生成的部分。例：python -m pipeline docs")
    d.add_argument("--readme", type=Path, default=README, help="README 路径")
    d.set_defaults(func=_docs)
    argparse_zh.name_metavars(p, _METAVARS)
    return p


def _wants_json(argv: Sequence[str]) -> bool:
    """``check … --json``: every outcome, the fatal ones too, is one JSON object on stdout."""
    return "check" in argv and "--json" in argv


def _fatal(argv: Sequence[str], code: str, line: str) -> int:
    if _wants_json(argv):
        print(fmt.fatal_json(code, line))
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
    try:
        args = _parser().parse_args(argv)
    except CannotRun as exc:  # bad arguments
        return _fatal(argv, exc.code, exc.message)
    try:
        return int(args.func(args))
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
