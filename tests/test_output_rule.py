"""One rule for every file the tool writes (core.output.guard_output, issue 9): an output never is an
input (under ``..``, a symlink or a hard link), never replaces a file the tool did not write, and the
units' folder only gets what the user names. Every writer of the command line is tried."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import MANIFEST
from pipeline.core.output import guard_output, write_bytes
from pipeline.core.paths import WORD_TEMPLATE

from .helpers import EXAMPLE

SEGMENTS = st.lists(st.sampled_from(["units", "..", ".", "linkdir", "sub"]), max_size=3)
NAMES = st.sampled_from(["a.xlsx", "alias.xlsx", "link.xlsx", "tpl.docx", "tpl_alias.docx", "a.xlsx/x.xlsx",
                         "new.xlsx", "new.docx", "out"])


def _scene(root: Path) -> list[Path]:
    """A units folder, a Word template, and other names for them: every file an input."""
    (root / "units").mkdir()
    (root / "sub").mkdir()
    shutil.copy(EXAMPLE, root / "units" / "a.xlsx")
    shutil.copy(WORD_TEMPLATE, root / "tpl.docx")
    os.link(root / "units" / "a.xlsx", root / "alias.xlsx")
    os.link(root / "tpl.docx", root / "tpl_alias.docx")
    (root / "link.xlsx").symlink_to(root / "units" / "a.xlsx")
    (root / "linkdir").symlink_to(root / "units", target_is_directory=True)
    return [root / "units" / "a.xlsx", root / "tpl.docx"]


def _digest(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


WRITERS: dict[str, Callable[[Path, Path], list[str | Path]]] = {
    "render": lambda root, out: ["render", root / "units" / "a.xlsx", "--template", root / "tpl.docx", "-o", out],
    "annotate": lambda root, out: ["check", root / "units" / "a.xlsx", "--annotate", out],
    "aggregate": lambda root, out: ["aggregate", root / "units", "--unit", "某县", "-o", out, "-j", "1"],
    "batch": lambda root, out: ["batch", root / "units", "--template", root / "tpl.docx", "-o", out, "-j", "1"],
    "template": lambda root, out: ["template", "-o", out],
    "roster-template": lambda root, out: ["roster-template", "-o", out],
}


@pytest.mark.parametrize("writer", list(WRITERS))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=SEGMENTS, name=NAMES)
def test_no_writer_ever_writes_over_an_input(cli, writer: str, segments: list[str], name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        inputs = _scene(root)
        before = _digest(inputs)
        out = root.joinpath("sub", *segments, name)
        code, _, err = cli(*WRITERS[writer](root, out))
        assert code in (0, 1, 2) and "内部错误" not in err, err
        assert _digest(inputs) == before, f"{writer} -o {out} changed an input"
        assert (root / "link.xlsx").is_symlink() and (root / "alias.xlsx").stat().st_nlink == 2
        if any(out.resolve() == p.resolve() for p in inputs):
            assert code == 2, f"{writer} -o {out} was not refused"


@settings(max_examples=200, deadline=None)
@given(segments=SEGMENTS, name=NAMES)
def test_guard_output_refuses_every_name_of_an_input(segments: list[str], name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        inputs = _scene(root)
        out = root.joinpath("sub", *segments, name)
        reaches = out.resolve() in {p.resolve() for p in inputs} or any(
            out.resolve().is_relative_to(p.resolve()) for p in inputs)
        same = out.exists() and any(os.path.samefile(out, p) for p in inputs)
        if reaches or same:
            with pytest.raises(CannotRun):
                guard_output(out, inputs=inputs)


def test_aggregate_never_replaces_a_units_workbook(cli, tmp_path: Path) -> None:
    units = tmp_path / "各单位"
    units.mkdir()
    shutil.copy(EXAMPLE, units / "某单位.xlsx")
    before = _digest([units / "某单位.xlsx"])
    code, _, err = cli("aggregate", units, "--unit", "某县", "-o", units / "某单位.xlsx", "-j", "1")
    assert code == 2 and "为免覆盖" in err and err.count("\n") == 1
    assert _digest([units / "某单位.xlsx"]) == before


def test_a_default_output_never_lands_among_the_units(cli, tmp_path: Path, monkeypatch) -> None:
    units = tmp_path / "各单位"
    units.mkdir()
    shutil.copy(EXAMPLE, units / "某单位.xlsx")
    monkeypatch.setattr("pipeline.cli.OUT", units / "out")  # as if the units were kept around out/
    code, _, err = cli("aggregate", units, "--unit", "某县", "-j", "1")
    assert code == 2 and "请用 -o 指定输出位置" in err
    code, _, err = cli("batch", units, "-j", "1")
    assert code == 2 and "请用 -o 指定输出位置" in err and not (units / "out").exists()
    assert cli("batch", units, "-o", units / "结果", "-j", "1")[0] == 0, "a folder the user names is fine"


@pytest.mark.parametrize("command", ["template", "roster-template"])
def test_templates_replace_a_file_they_did_not_write_only_with_force(cli, tmp_path: Path, command: str) -> None:
    out = tmp_path / "填好的.xlsx"
    out.write_bytes(b"a workbook someone filled in")
    code, _, err = cli(command, "-o", out)
    assert code == 2 and "--force" in err and out.read_bytes() == b"a workbook someone filled in"
    assert cli(command, "-o", out, "--force")[0] == 0 and out.read_bytes() != b"a workbook someone filled in"
    assert cli(command, "-o", out)[0] == 0, "written by the tool now: replaced without --force"


def test_a_file_edited_since_the_tool_wrote_it_is_not_the_tools(tmp_path: Path) -> None:
    out = tmp_path / "报告.docx"
    write_bytes(out, b"written by the tool")
    guard_output(out)
    out.write_bytes(b"edited by hand afterwards")
    with pytest.raises(CannotRun, match="不是本工具写出的"):
        guard_output(out)
    assert (tmp_path / MANIFEST).is_file()


def test_an_output_folder_that_cannot_be_made_stops_before_any_unit(cli, tmp_path: Path) -> None:
    units = tmp_path / "各单位"
    units.mkdir()
    for i in range(3):
        shutil.copy(EXAMPLE, units / f"单位{i}.xlsx")
    blocker = tmp_path / "某文件"
    blocker.write_text("x")
    code, stdout, err = cli("batch", units, "-o", blocker / "out", "-j", "2")
    assert code == 2 and stdout == ""
    assert err.startswith("无法继续：") and err.count("\n") == 1 and "无法在" in err, err


def test_reports_in_out_from_before_manifests_are_the_tools(tmp_path: Path, monkeypatch) -> None:
    # out/ is where reports go when no output is named: an existing checkout's out/ predates manifests.
    monkeypatch.setattr("pipeline.core.output.OUT", tmp_path / "out")
    old = tmp_path / "out" / "某镇2024年政府信息公开工作年度报告.docx"
    old.parent.mkdir()
    old.write_bytes(b"a report written before manifests existed")
    guard_output(old)
    write_bytes(old, b"the new report")
    old.write_bytes(b"edited by hand since")  # now the manifest knows it: an edit is kept
    with pytest.raises(CannotRun, match="不是本工具写出的"):
        guard_output(old)


def test_the_unwritable_output_folder_is_one_line_and_nothing_else_on_stderr(tmp_path: Path) -> None:
    # In a process of its own: the stray "Exception ignored … Traceback" blocks came at interpreter exit.
    import subprocess
    import sys

    from pipeline.core.paths import ROOT

    units = tmp_path / "各单位"
    units.mkdir()
    for i in range(3):
        shutil.copy(EXAMPLE, units / f"单位{i}.xlsx")
    (tmp_path / "某文件").write_text("x")
    run = subprocess.run([sys.executable, "-m", "pipeline", "batch", str(units), "-o", str(tmp_path / "某文件" / "out"),
                          "-j", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("无法继续：") and run.stderr.count("\n") == 1, run.stderr
