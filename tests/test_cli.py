"""The command line: exit codes, the readable list, the JSON object, help for every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import _parser
from pipeline.core.paths import ROOT

from .seed import EXAMPLE_WARNINGS


def test_example_exits_0_with_only_the_seeds_own_warnings(cli, example: Path) -> None:
    code, out, err = cli("check", example)
    assert (code, err) == (0, "")
    assert f"共 0 个错误，{len(EXAMPLE_WARNINGS)} 个警告" in out
    assert all(f"[警告 {code}] {cell}" in out for code, cell in EXAMPLE_WARNINGS)


def test_json_is_exactly_one_object(cli, make_workbook) -> None:
    code, out, _ = cli("check", make_workbook({"表三!D5": 1, "表三!E5": "２"}), "--json")
    result = json.loads(out)  # raises if anything else was printed
    assert code == 1
    assert set(result) == {"ok", "errors", "warnings", "problems"}
    severities = [p["severity"] for p in result["problems"]]
    # H7-TEXT for “２”, and T4: the narrative's “无依申请公开” now disagrees with the computed 总计.
    assert (result["ok"], result["warnings"]) == (False, 2 + len(EXAMPLE_WARNINGS))
    assert result["errors"] == severities.count("error") >= 2 and result["warnings"] == severities.count("warning")
    # culprit, related and advice only where they say something (the H1 and the T4 about the same 新收 are related)
    assert all({"code", "severity", "cells", "message"} <= set(p)
               <= {"code", "severity", "cells", "message", "culprit", "related", "advice"} for p in result["problems"])
    assert result["problems"][0]["severity"] == "error"


def test_readable_list_names_cells_and_counts(cli, make_workbook) -> None:
    code, out, _ = cli("check", make_workbook({"表四!E5": 1}))  # a 总计 typed over its formula
    assert code == 1
    assert "[错误 H4] 表四!A5" in out and f"共 1 个错误，{len(EXAMPLE_WARNINGS)} 个警告" in out


def test_warnings_do_not_fail(cli, make_workbook) -> None:
    code, out, _ = cli("check", make_workbook({"表二!B11": "286"}))
    assert code == 0 and "警告 H7-TEXT" in out


@pytest.mark.parametrize("args", [(), ("check",), ("frobnicate",), ("check", "a.xlsx", "--bogus")])
def test_bad_arguments_exit_2_in_chinese(args: tuple[str, ...]) -> None:
    run = subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert "参数错误" in run.stderr and "Traceback" not in run.stderr


def test_cannot_run_is_one_line_exit_2(cli, tmp_path: Path) -> None:
    code, out, err = cli("check", tmp_path / "没有这个文件.xlsx")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "找不到文件" in err


def test_every_command_has_help_with_an_example() -> None:
    sub = next(a for a in _parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():  # type: ignore[attr-defined]
        assert parser.description and "例：python -m pipeline " + name in parser.description, name


@pytest.mark.parametrize(("command", "name"), [
    (("template",), "填报表.xls"), (("roster-template",), "名单"),
    (("aggregate", "各单位", "--unit", "某某县人民政府"), "汇总.docx"),
])
def test_an_output_named_as_another_format_is_refused(cli, tmp_path: Path, command: tuple[str, ...],
                                                      name: str) -> None:
    # Excel refuses to open a workbook saved under .xls; nothing is read or written before saying so.
    (tmp_path / "各单位").mkdir()
    args = [tmp_path / a if a == "各单位" else a for a in command]
    code, out, err = cli(*args, "-o", tmp_path / name)
    assert (code, out) == (2, "") and "的扩展名应为 .xlsx" in err, err
    assert not (tmp_path / name).exists()


def test_output_piped_into_a_reader_that_leaves_is_quiet(example: Path) -> None:
    """`check … | head`: no internal error or traceback when the reader closes the pipe."""
    child = subprocess.Popen([sys.executable, "-m", "pipeline", "check", str(example)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # gone before the first line is printed
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 2
    assert err == ""
