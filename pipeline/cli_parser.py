"""The command line's parser: every command, its arguments and their Chinese help.

Kept apart from ``cli.py`` so the handlers there read as translation only. Nothing here runs a
command: ``cli.py`` looks the handler up by ``args.command``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, NoReturn

from pipeline import argparse_zh
from pipeline.core.fatal import FATAL_ARGUMENTS, CannotRun
from pipeline.core.paths import OUT, README, WORD_TEMPLATE
from pipeline.format.official import UnitKind
from pipeline.units.folder import default_jobs

#: What each argument stands for in the usage lines (“-o 输出” rather than argparse's “-o OUTPUT”).
_METAVARS = {"workbook": "工作簿.xlsx", "folder": "文件夹", "output": "输出", "jobs": "进程数", "previous": "上年",
             "roster": "名单.xlsx", "template": "模板.docx", "unit": "单位名称", "year": "年度", "readme": "README.md",
             "report": "报告"}


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse_zh.HelpFormatter)
        kwargs.setdefault("allow_abbrev", False)  # “--js” is a typo to name, not --json
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise CannotRun(f"参数错误：{message}。运行 python -m pipeline --help 查看用法。", FATAL_ARGUMENTS)


def _shared() -> dict[str, tuple[tuple[str, ...], dict[str, Any]]]:
    """Arguments several commands take: flags and keywords, the help being each one's usual text.

    A function, not a constant: ``default_jobs()`` is asked when the parser is made, as before."""
    return {
        "workbook": (("workbook",), {"type": Path, "help": "填好的 .xlsx 工作簿（不会被修改）"}),
        "template": (("--template",), {"type": Path, "default": WORD_TEMPLATE,
                                       "help": "Word 模板（默认 templates/report.docx）"}),
        "previous": (("--previous",), {"type": Path, "default": None,
                                       "help": "本单位上一年度的工作簿，用于核对衔接关系"}),
        "jobs": (("-j", "--jobs"), {"type": argparse_zh.positive, "default": default_jobs(),
                                    "help": "并行进程数（默认为 CPU 核数）"}),
        "force": (("--force",), {"action": "store_true", "help": "输出文件已存在且不是本工具写出的，也覆盖"}),
        "html": (("--html",), {"action": "store_true"}),
        "pdf": (("--pdf",), {"action": "store_true"}),
        "fix_punctuation": (("--fix-punctuation",), {"action": "store_true"}),
    }


def _add_shared(parser: argparse.ArgumentParser, *names: str, **helps: str) -> None:
    """Add the shared arguments ``names`` in the order given (the order ``--help`` lists them);
    ``helps`` replaces the usual help text of one of them for this command."""
    shared = _shared()
    for name in names:
        flags, keywords = shared[name]
        parser.add_argument(*flags, **(keywords | ({"help": helps[name]} if name in helps else {})))


def build_parser() -> argparse.ArgumentParser:
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
    _add_shared(t, "force")

    c = sub.add_parser("check", help="检查填好的工作簿",
                       description="检查工作簿中的每个数、每条勾稽关系。例：python -m pipeline check 盘江镇2024.xlsx"
                                   "；标注问题退回单位：python -m pipeline check 盘江镇2024.xlsx "
                                   "--annotate 盘江镇2024_问题标注.xlsx")
    _add_shared(c, "workbook")
    c.add_argument("--json", action="store_true", help="以 JSON 输出（供其他程序读取）")
    _add_shared(c, "previous")
    c.add_argument("--annotate", type=Path, default=None, metavar="标注.xlsx",
                   help="另存一份标注副本：问题单元格标红并附批注，另加“问题清单”工作表（原文件不变）")

    r = sub.add_parser("render", help="检查并生成 Word 报告",
                       description="先检查，无错误时生成 Word 报告，可同时生成网页和 PDF。"
                                   "例：python -m pipeline render 盘江镇2024.xlsx -o 报告.docx --html --pdf")
    _add_shared(r, "workbook")
    r.add_argument("-o", "--output", type=Path, default=None, help="输出的 .docx（默认 out/<标题>.docx）")
    _add_shared(r, "template", "previous", "html", "pdf", "fix_punctuation",
                html="同时生成网页版（同名 .html，单个文件，可直接发布）和供粘贴到网站编辑器的网页片段（.片段.html）",
                pdf="同时生成 PDF（同名 .pdf，需要 LibreOffice）",
                fix_punctuation="正文中夹在汉字之间的半角标点 , ( ) : ; ? ! 在报告中印为全角（工作簿不变）")
    r.add_argument("--pdf-if-available", action="store_true",
                   help="本机有 LibreOffice 时生成 PDF，没有时只提示如何安装（make report 用）")

    b = sub.add_parser("batch", help="批量检查文件夹中所有单位的工作簿并生成报告",
                       description="检查文件夹（含子文件夹）中的每个工作簿，为没有错误的单位生成报告，"
                                   "并输出问题清单.xlsx。例：python -m pipeline batch 各单位/ -o 结果/")
    b.add_argument("folder", type=Path, help="存放各单位工作簿的文件夹（工作簿不会被修改）")
    b.add_argument("-o", "--output", type=Path, default=None, help="输出文件夹（默认 out/<文件夹名>）")
    _add_shared(b, "jobs", "previous", previous="上一年度各单位工作簿的文件夹（按单位名称对应）")
    b.add_argument("--roster", type=Path, default=None,
                   help="应报送单位名单（.xlsx），用于查缺；可含单位类别、上级单位、截止日期、报送时间")
    b.add_argument("--deadline", type=argparse_zh.date_value, default=None, metavar="日期",
                   help="全部单位的截止日期，如 2025-01-20（名单中单位自己的截止日期优先；"
                        "默认按条例第四十九条：部门、乡镇街道 1月31日，政府 3月31日）")
    b.add_argument("--office", default="", metavar="单位",
                   help="退回通知和审核情况通报的落款，如“某某县人民政府办公室”"
                        "（默认用名单的“上级单位”；都没有时为“政务公开办公室”）")
    b.add_argument("--year", type=int, default=None, metavar="年度",
                   help="本轮收集的报告年度，如 2025（默认取多数工作簿的年度）；其他年度的工作簿不计为报送")
    b.add_argument("--aggregate", default="", metavar="单位",
                   help="同时生成汇总工作簿（各单位计为报送的工作簿之和），如“某某县人民政府”")
    _add_shared(b, "template", "pdf", "html",
                pdf="同时生成 PDF（需要 LibreOffice；全部报告一次转换）",
                html="同时生成网页版（每份报告旁同名 .html）和网页片段（.片段.html）")
    b.add_argument("--publish", action="store_true",
                   help="为每个没有错误的单位生成发布包（结果/发布/<标题>/，同 publish 命令；需要 LibreOffice）")

    u = sub.add_parser("publish", help="生成发布包：Word、PDF、网页、网页片段、图解和发布清单",
                       description="检查工作簿，无错误时在一个文件夹中生成发布所需的全部文件和发布清单（每个文件的 "
                                   "SHA-256）。例：python -m pipeline publish 盘江镇2024.xlsx -o 发布/")
    _add_shared(u, "workbook")
    u.add_argument("-o", "--output", type=Path, default=OUT / "发布", help="发布包放在哪个文件夹下（默认 out/发布）")
    _add_shared(u, "template", "previous", "fix_punctuation", previous="本单位上一年度的工作簿（同比与衔接核对）",
                fix_punctuation="正文中夹在汉字之间的半角标点印为全角")

    v = sub.add_parser("verify", help="核对发布包发布后是否被改动",
                       description="按发布清单重新计算每个文件的 SHA-256，指出哪个文件被改动、删除或新增。"
                                   "例：python -m pipeline verify 发布/盘江镇2024年政府信息公开工作年度报告/")
    v.add_argument("folder", type=Path,
                   help="publish 生成的发布文件夹，或存放多个发布文件夹的文件夹（batch 的 结果/发布/）")
    v.add_argument("--fingerprint", metavar="指纹",
                   help="publish 发布时打印的发布清单指纹（另存在发布文件夹以外）：连发布清单一起被改动也能查出")

    n = sub.add_parser("roster-template", help="生成空白的应报送单位名单",
                       description="生成名单模板：一列“单位名称”，每行一个单位。"
                                   "例：python -m pipeline roster-template -o 名单.xlsx")
    n.add_argument("-o", "--output", type=Path, default=Path("名单.xlsx"), help="输出路径（默认 ./名单.xlsx）")
    _add_shared(n, "force")

    a = sub.add_parser("aggregate", help="汇总所属各单位的三张统计表",
                       description="把文件夹中各单位工作簿的表二、表三、表四逐格相加，生成汇总单位的工作簿并检查。"
                                   "例：python -m pipeline aggregate 各单位/ --unit 某某县人民政府")
    a.add_argument("folder", type=Path, help="存放各单位工作簿的文件夹（含子文件夹）")
    a.add_argument("--unit", required=True, help="汇总单位名称，如“某某县人民政府”")
    a.add_argument("--kind", default=UnitKind.COUNTY_GOV.value, choices=[k.value for k in UnitKind],
                   help=f"汇总单位的类别（默认“{UnitKind.COUNTY_GOV.value}”）")
    a.add_argument("--year", type=argparse_zh.positive, default=None, help="汇总的报告年度（默认取多数单位的年度）")
    a.add_argument("--include-invalid", action="store_true", help="有错误的单位也计入汇总（默认不计入）")
    _add_shared(a, "jobs")
    a.add_argument("-o", "--output", type=Path, default=None,
                   help="输出的汇总工作簿（默认 out/<单位><年度>年汇总.xlsx）")

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
    w.add_argument("--reset-password", action="store_true",
                   help="忘记管理密码时：作废原密码、退出全部登录，启动时显示一次性的设置链接")

    i = sub.add_parser("import", help="把已发布的年度报告（Word、网页、PDF、文本）读回标准工作簿",
                       description="读取按 2021 年格式发布的年度报告，生成标准工作簿：单位、年度、各部分正文、"
                                   "表二、表三、表四；读不出的项目留空并列在“导入说明”工作表和屏幕上。"
                                   "例：python -m pipeline import 盘江镇2024年报告.docx -o 盘江镇2024.xlsx")
    i.add_argument("report", type=Path, help="已发布的报告：.docx、.html/.htm、.pdf 或 .txt（不会被修改）")
    i.add_argument("-o", "--output", type=Path, default=None, help="输出的工作簿（默认 out/<原文件名>.xlsx）")
    _add_shared(i, "force")

    au = sub.add_parser("audit", help="审核文件夹中已发布的年度报告：逐份导入、检查、跨年度核对和雷同比对",
                        description="导入文件夹中各单位已发布的报告（可混合 Word、网页、PDF、文本），逐份检查，"
                                    "按单位名称对应上下年度，比较各单位文字是否雷同，写出问题清单和审核情况。"
                                    "例：python -m pipeline audit 已发布报告/ -o 审核结果/")
    au.add_argument("folder", type=Path, help="存放已发布报告的文件夹（含子文件夹；报告不会被修改）")
    au.add_argument("-o", "--output", type=Path, default=None, help="输出文件夹（默认 out/<文件夹名>_审核）")

    d = sub.add_parser("docs", help="更新 README 中自动生成的填报指南和检查清单",
                       description="更新 README 中自动生成的部分。例：python -m pipeline docs")
    d.add_argument("--readme", type=Path, default=README, help="README 路径")
    argparse_zh.name_metavars(p, _METAVARS)
    return p
