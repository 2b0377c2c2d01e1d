"""The command line with faulty input (issue 22): abbreviated options, library warnings under --json, and
next year's workbook from a year that is not over."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pipeline.cli_parser import build_parser
from pipeline.core.fatal import CannotRun
from pipeline.core.paths import ROOT
from pipeline.format.layout import FIELD_INPUTS
from pipeline.workbook.next_year import not_over

from .helpers import EXAMPLE, edit_workbook

#: An Excel 2010 drop-down (x14 data validation: its list on another sheet), as Excel writes it into a
#: sheet's extension list; openpyxl cannot keep it and warns on loading.
X14 = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
       'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
       '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
       '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
       '<x14:formula1><xm:f>基本信息!$B$2:$B$4</xm:f></x14:formula1><xm:sqref>Z1</xm:sqref>'
       '</x14:dataValidation></x14:dataValidations></ext></extLst>')


def _with_x14(target: Path) -> Path:
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                assert "<extLst>" not in text
                data = text.replace("</worksheet>", X14 + "</worksheet>").encode("utf-8")
            out.writestr(info, data)
    return target


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_under_json_a_library_warning_never_reaches_stderr(tmp_path: Path) -> None:
    workbook = _with_x14(tmp_path / "x14.xlsx")
    loud = _run("check", workbook, "--annotate", tmp_path / "a.xlsx")
    assert "Data Validation extension" in loud.stderr, "the workbook must make openpyxl warn"
    quiet = _run("check", workbook, "--json", "--annotate", tmp_path / "b.xlsx")
    assert quiet.stderr == "" and quiet.returncode in (0, 1)
    assert json.loads(quiet.stdout)["errors"] == 0 and (tmp_path / "b.xlsx").is_file()


def test_an_abbreviated_option_is_not_taken_for_another(cli) -> None:
    """``--js`` was read as ``--json``."""
    code, out, err = cli("check", "--js", EXAMPLE)
    assert code == 2 and out == "" and "无法识别的参数：--js" in err


def test_no_command_takes_abbreviations() -> None:
    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert not parser.allow_abbrev and all(not p.allow_abbrev for p in subs.choices.values())


def test_next_years_workbook_from_this_years_is_refused_saying_why(cli, tmp_path: Path) -> None:
    """It wrote a workbook of next year, which ``check`` then refused (a year after this one)."""
    this_year = date.today().year
    source = edit_workbook(EXAMPLE, tmp_path / "今年.xlsx", {FIELD_INPUTS["year"].name: this_year})
    out = tmp_path / "明年.xlsx"
    code, _, err = cli("template", "--from", source, "-o", out)
    assert code == 2 and f"报告年度是 {this_year} 年，即今年" in err and not out.exists(), err
    folder = tmp_path / "各单位"
    folder.mkdir()
    source.rename(folder / "今年.xlsx")
    code, printed, err = cli("template", "--from", folder, "-o", tmp_path / "下一年度")
    assert code == 2 and "即今年" in err and "共生成 0 个" in printed


def test_the_year_that_decides() -> None:
    not_over(2024, "上年.xlsx", date(2025, 1, 1))
    with pytest.raises(CannotRun, match="即今年"):
        not_over(2025, "上年.xlsx", date(2025, 12, 31))
    with pytest.raises(CannotRun, match="晚于今年"):
        not_over(2026, "上年.xlsx", date(2025, 6, 1))
