"""File names made from unit names: valid on Windows and Linux whatever the unit is called (issue 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import run as run
from pipeline.core.names import MAX_STEM_BYTES, file_name
from pipeline.format.official import REPORT_TITLE_SUFFIX
from pipeline.workbook.writer import write_workbook

from .synth import synth_report

LONG = "某某省某某市某某县人民政府办公室关于政府信息公开工作的专门机构暨政务公开领导小组办公室" * 2  # > 255 bytes
KEEP = f"2024{REPORT_TITLE_SUFFIX}"


def test_a_long_name_is_cut_keeping_the_year_and_suffix_with_a_hash() -> None:
    name = file_name(LONG, KEEP)
    assert len(name.encode()) <= MAX_STEM_BYTES and name.endswith(KEEP)
    assert name.startswith("某某省某某市") and "~" in name
    assert file_name(LONG + "甲", KEEP) != file_name(LONG + "乙", KEEP), "two long names stay two"


@pytest.mark.parametrize(("text", "expected"), [
    ("CON", "_CON"), ("nul", "_nul"), ("COM1.备份", "_COM1.备份"), ("LPT9", "_LPT9"), ("CONSOLE", "CONSOLE"),
    ("某局.", "某局"), ("某局 . ", "某局"), (".某局", "某局"), ("..", "报告"), ("", "报告"),
    ("某局/办公室", "某局_办公室"), ('a<b>:"c"|?*', "a_b___c____"), ("a\ud800b", "a_b"),
])
def test_reserved_names_dots_and_forbidden_characters(text: str, expected: str) -> None:
    assert file_name(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=300), st.sampled_from(["", KEEP, "_问题标注", "2024年汇总"]))
def test_every_name_is_valid(text: str, keep: str) -> None:
    name = file_name(text, keep)
    encoded = name.encode("utf-8")  # a lone surrogate would fail here
    assert 0 < len(encoded) <= MAX_STEM_BYTES
    assert not set(name) & set('\\/:*?"<>|') and all(ord(c) >= 32 and c != "\x7f" for c in name)
    assert not name.startswith(".") and not name.endswith((".", " "))
    assert name.split(".")[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


def test_render_and_batch_with_a_unit_name_past_the_file_system_limit(cli, tmp_path: Path, monkeypatch) -> None:
    units = tmp_path / "units"
    write_workbook(synth_report(LONG), units / "long.xlsx")
    default = run.default_output
    monkeypatch.setattr(run, "default_output", lambda report, folder=tmp_path / "default": default(report, folder))
    code, stdout, err = cli("render", units / "long.xlsx", "--html")
    assert code == 0 and err == "", err
    written = Path(stdout.split("已生成报告：")[1].splitlines()[0])
    assert written.parent == tmp_path / "default" and written.is_file() and written.with_suffix(".html").is_file()
    assert written.name.endswith(f"{KEEP}.docx") and len(written.name.encode()) <= 255
    code, stdout, err = cli("batch", units, "-o", tmp_path / "out", "-j", "1")
    assert code == 0 and err == "" and "无法读取" not in stdout, stdout
    names = [p.name for p in (tmp_path / "out").glob(f"*{KEEP}.docx")]  # beside the county's notices
    assert len(names) == 1 and "~" in names[0] and len(names[0].encode()) <= 255


def test_a_file_name_that_is_not_utf8_is_shown_as_windows_wrote_it(cli, tmp_path: Path) -> None:
    # A zip made on Chinese Windows and unpacked on Linux: the name's bytes are GB18030.
    units = tmp_path / "units"
    units.mkdir()
    name = os.fsdecode("张三镇".encode("gb18030") + b".xlsx")
    write_workbook(synth_report("张三镇"), units / name)
    code, stdout, err = cli("batch", units, "-o", tmp_path / "out", "-j", "1")
    assert code == 0 and err == "" and "张三镇.xlsx" in stdout
    code, stdout, err = cli("aggregate", units, "--unit", "某县", "-o", tmp_path / "汇总.xlsx", "-j", "1")
    assert code == 0 and "张三镇.xlsx" in stdout
