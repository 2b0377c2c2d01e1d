"""The command line speaks Chinese, argparse's own strings included; the progress bar stays on one line."""

from __future__ import annotations

import argparse
import inspect
import io
import re

import pytest
from rich.console import Console

from pipeline import argparse_zh
from pipeline.cli import main
from pipeline.core.names import display_width
from pipeline.units.progress import Progress

#: argparse's English that must never reach a clerk.
ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "the following arguments",
           "invalid choice", "unrecognized arguments", "expected one argument", "error:")
COMMANDS = ("", "template", "check", "render", "batch", "roster-template", "aggregate", "docs")


def test_every_translated_message_is_still_argparses_own() -> None:
    source = inspect.getsource(argparse)
    assert [m for m in argparse_zh.MESSAGES if repr(m) not in source and f'"{m}"' not in source] == []
    assert all(m in source for m in argparse_zh.PLURALS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_english(parse, command: str) -> None:
    code, out, _ = parse(*([command] if command else []), "--help")
    assert code == 0
    assert out.startswith("用法：") and "选项：" in out and "显示帮助并退出" in out
    assert [w for w in ENGLISH if w in out.lower()] == []
    assert not re.search(r"\b[A-Z]{3,}\b", out.replace("README", "").replace("JSON", "").replace("PDF", "")
                         .replace("HTML", "").replace("CPU", "")), "no English metavars (OUTPUT, FOLDER)"


@pytest.fixture
def parse(capsys):
    """The command line as a clerk meets it: (exit code, stdout, stderr); ``--help`` exits from argparse."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.parametrize(("args", "said"), [
    (["batch"], "缺少参数：文件夹"),
    (["batch", "x", "--frob"], "无法识别的参数：--frob"),
    (["frob"], "无效的选项 'frob'"),
    (["check", "a.xlsx", "--bogus"], "无法识别的参数：--bogus"),
    (["batch", "x", "-j", "two"], "不是正整数"),
    (["batch", "x", "--deadline", "下周"], "不是日期"),
    (["check", "a.xlsx", "--previous"], "需要一个值"),
])
def test_argument_errors_are_one_chinese_line(parse, args: list[str], said: str) -> None:
    code, out, err = parse(*args)
    assert code == 2 and out == "" and said in err and err.startswith("参数错误：")
    assert err.count("\n") == 1 and [w for w in ENGLISH if w in err.lower()] == []


def test_help_lines_fit_the_terminal(parse, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = parse("batch", "--help")
    assert max(display_width(line) for line in out.splitlines()) <= 80
    assert not any(line.lstrip().startswith(("，", "。", "）", "”")) for line in out.splitlines())


def test_wrap_breaks_chinese_anywhere_and_latin_at_spaces() -> None:
    lines = argparse_zh.wrap("全部单位的截止日期，如 2025-01-20（名单中单位自己的截止日期优先）", 20)
    assert all(display_width(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == "全部单位的截止日期，如2025-01-20（名单中单位自己的截止日期优先）"
    assert not any(line.startswith(("）", "，")) for line in lines)


def _bar(width: int) -> tuple[Progress, io.StringIO]:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=width, color_system=None, legacy_windows=False)
    return Progress(stream, console), stream


def test_the_bar_stays_on_one_line_with_a_long_chinese_name() -> None:
    progress, stream = _bar(60)
    long_name = "某某省某某市某某县某某镇人民政府办公室综合科" * 3
    for done in range(1, 4):
        progress(done, 3, long_name, "a.xlsx", 0, 0, "已生成")
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
    lines = [line for chunk in screen.split("\n") for line in chunk.split("\r") if line.strip()]
    assert lines and all(display_width(line) <= 60 for line in lines), "never wider than the terminal"
    assert lines[-1].startswith("生成报告") and "3/3" in lines[-1] and "…" in lines[-1]


def test_the_bar_moves_while_workbooks_are_read_then_while_reports_are_made() -> None:
    progress, stream = _bar(80)
    for done in range(1, 3):
        progress.reading(done, 2, f"{done}.xlsx")
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
    assert "读取检查" in shown and "2/2" in shown and "生成报告" not in shown
    for done in range(1, 3):
        progress(done, 2, "盘江镇", f"{done}.xlsx", 0, 0, "已生成")
    lines = [line for chunk in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue()).split("\n")
             for line in chunk.split("\r") if line.strip()]
    assert lines[-1].startswith("生成报告") and "2/2" in lines[-1]


def test_without_a_terminal_one_line_per_unit() -> None:
    stream = io.StringIO()
    progress = Progress(stream)
    progress(1, 2, "盘江镇", "盘江镇.xlsx", 1, 2, "未生成（有错误）")
    progress(2, 2, "", "损坏.xlsx", 1, 0, "无法读取")
    assert stream.getvalue().splitlines() == ["[1/2] 盘江镇.xlsx　盘江镇：错误 1，警告 2，未生成（有错误）",
                                              "[2/2] 损坏.xlsx　—：错误 1，警告 0，无法读取"]
