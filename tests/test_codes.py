"""Every code a run can emit is in the problem catalogue, and ``check --json`` answers every outcome,
the fatal ones too, with one JSON object on stdout (issue 9)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT
from pipeline.core.problems import CODES
from pipeline.format.rules import EQUATIONS

_CODE = re.compile(r"^[A-Z]\d+(-[A-Z]+)*$")
#: Calls whose first argument, or ``code=``, is a code: problems, the reader's collector, fatal ends.
_EMITTERS = {"Problem", "problem", "CannotRun", "fatal_json", "_fatal", "Equation"}


def emitted_codes() -> dict[str, str]:
    """Every code literal the code base emits, with where (file:line)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name | ast.Tuple) for t in node.targets):
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                names = [n.id for t in node.targets for n in (t.elts if isinstance(t, ast.Tuple) else [t])
                         if isinstance(n, ast.Name)]
                if any(n.startswith("FATAL") for n in names):  # the fatal codes, named once in core.fatal
                    for v in values:
                        if isinstance(v, ast.Constant) and isinstance(v.value, str):
                            found[v.value] = f"{path.name}:{node.lineno}"
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in _EMITTERS:
                continue
            args = [node.args[0]] if node.args and name != "CannotRun" else node.args[1:2]
            args += [k.value for k in node.keywords if k.arg == "code"]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _CODE.match(arg.value):
                    found[arg.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_emitted_code_is_in_the_catalogue() -> None:
    # The 勾稽 equations carry their codes as data (H4–H6 built in a loop): taken from the declaration.
    found = emitted_codes() | {eq.code: "format/rules.py EQUATIONS" for eq in EQUATIONS}
    assert len(found) > 30, found  # the walk sees the code base's problems, not nothing
    assert {"F0", "F0-ARGS", "F0-INTERNAL", "H1", "T1", "F2"} <= set(found)
    assert {code: where for code, where in found.items() if code not in CODES} == {}


def test_the_walk_would_see_a_code_missing_from_the_catalogue(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "pipeline"
    fake.mkdir()
    (fake / "x.py").write_text('Problem("Z9", (), "…")\nraise CannotRun("…", code="Z8")\n', encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert set(emitted_codes()) == {"Z9", "Z8"}


def _one_json(stdout: str) -> dict[str, object]:
    value = json.loads(stdout)
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize("args", [
    ("check", "{tmp}/没有这个文件.xlsx", "--json"),
    ("check", "{tmp}/坏.xlsx", "--json"),
    ("check", "--json", "{tmp}/坏.xlsx", "--annotate", "{tmp}/坏.xlsx"),
    ("check", "--json", "--no-such-option", "{tmp}/坏.xlsx"),
])
def test_check_json_fatal_is_one_json_object(cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    code, stdout, err = cli(*(a.format(tmp=tmp_path) for a in args))
    result = _one_json(stdout)
    assert code == 2 and err == ""
    fatal = result["fatal"]
    assert isinstance(fatal, dict) and fatal["code"] in CODES and fatal["message"]
    assert result | {"fatal": None} == {"ok": False, "fatal": None, "errors": 0, "warnings": 0, "problems": []}


def test_check_json_internal_error_is_one_json_object(cli, tmp_path: Path, monkeypatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("pipeline.cli.check_workbook", broken)
    code, stdout, err = cli("check", tmp_path / "x.xlsx", "--json")
    assert code == 2 and err == "" and _one_json(stdout)["fatal"] == {
        "code": "F0-INTERNAL", "message": _one_json(stdout)["fatal"]["message"]}  # type: ignore[index]
    assert "内部错误" in stdout


def test_without_json_a_fatal_end_is_one_line_on_stderr(cli, tmp_path: Path) -> None:
    code, stdout, err = cli("check", tmp_path / "没有这个文件.xlsx")
    assert code == 2 and stdout == "" and err.startswith("无法继续：") and err.count("\n") == 1
