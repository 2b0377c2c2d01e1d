"""Outputs declared once (``report.outputs``): one entry makes a new output in render, batch and
publish; and what checking found is not found again (one reading of a workbook, one text analysis)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.core.output import write_bytes
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.core.problems import Problem
from pipeline.report import outputs
from pipeline.report.context import Context
from pipeline.report.outputs import Output

from .helpers import EXAMPLE, edit_workbook
from .seed import seed_fixed

TITLE = "盘江镇2024年政府信息公开工作年度报告"


def _summary(context: Context, path: Path, renderer: object) -> None:
    write_bytes(path, f"{context['title']}：摘要".encode())


@pytest.fixture
def dummy(monkeypatch: pytest.MonkeyPatch) -> Output:
    """A new output, registered in the one place outputs are declared (and forgotten after the test)."""
    monkeypatch.setattr(outputs, "OUTPUTS", dict(outputs.OUTPUTS))
    made = Output("summary", "摘要", (".摘要.txt",), "测试", make=_summary, hint="本次没有生成摘要")
    outputs.register(made)
    return made


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edit_workbook(EXAMPLE, tmp_path_factory.mktemp("clean") / "盘江镇2024.xlsx", seed_fixed())


def test_a_registered_output_is_made_by_render(dummy: Output, clean: Path, tmp_path: Path) -> None:
    from pipeline.run import render_workbook

    outcome = render_workbook(clean, tmp_path / "r.docx", kinds={"summary"})
    assert outcome.also == [tmp_path / "r.摘要.txt"]
    assert (tmp_path / "r.摘要.txt").read_text(encoding="utf-8") == f"{TITLE}：摘要"
    again = render_workbook(clean, tmp_path / "r.docx")  # not asked for: the older one is stale, removed
    assert again.removed == [tmp_path / "r.摘要.txt"] and not (tmp_path / "r.摘要.txt").exists()
    assert again.removed_lines() == [f"已删除 {tmp_path / 'r.摘要.txt'}：这是本工具上次生成的文件，"
                                     f"与本次的 Word 报告不一致（本次没有生成摘要）。"]


def test_a_registered_output_is_made_by_batch(dummy: Output, clean: Path, tmp_path: Path) -> None:
    from pipeline.units.batch import run_batch

    (tmp_path / "units").mkdir()
    shutil.copy(clean, tmp_path / "units" / "盘江镇.xlsx")
    result = run_batch(tmp_path / "units", tmp_path / "out", WORD_TEMPLATE, kinds={"summary"})
    assert result.reports == 1 and (tmp_path / "out" / f"{TITLE}.摘要.txt").is_file()


def test_a_registered_output_is_published(dummy: Output, clean: Path, tmp_path: Path) -> None:
    from pipeline.units.publish import MANIFEST, Pack, finish, prepare

    pack = prepare(clean, tmp_path / "发布")
    assert isinstance(pack, Pack)
    finish([pack])
    manifest = json.loads((pack.folder / MANIFEST).read_text(encoding="utf-8"))
    assert f"{TITLE}.摘要.txt" in manifest["files"] and f"{TITLE}.pdf" in manifest["files"]


def test_the_command_line_asks_by_the_declared_switches() -> None:
    from argparse import Namespace

    assert outputs.flagged(Namespace(html=True, pdf=False)) == {"html", "fragment"}
    assert outputs.flagged(Namespace(html=False, pdf=True)) == {"pdf"}
    with pytest.raises(Exception, match="没有这种输出"):
        outputs.chosen({"odt"})


def test_render_analyses_the_text_once(monkeypatch: pytest.MonkeyPatch, clean: Path, tmp_path: Path) -> None:
    """The topics the unit's own text states are found while checking and travel in the outcome."""
    from pipeline.checks import text_generated

    calls = []
    real = text_generated.stated_topics
    monkeypatch.setattr(text_generated, "stated_topics", lambda report: calls.append(1) or real(report))
    import pipeline.run as run

    monkeypatch.setattr(run, "stated_topics", text_generated.stated_topics)
    run.render_workbook(clean, tmp_path / "r.docx")
    assert len(calls) == 1


def test_publish_reads_the_workbook_once(monkeypatch: pytest.MonkeyPatch, clean: Path, tmp_path: Path) -> None:
    import pipeline.run as run
    from pipeline.units import publish

    reads = []
    real = run.read
    monkeypatch.setattr(run, "read", lambda path: reads.append(path) or real(path))
    assert isinstance(publish.prepare(clean, tmp_path / "发布"), publish.Pack)
    assert reads == [clean]


def test_publish_batch_reads_each_workbook_once(monkeypatch: pytest.MonkeyPatch, clean: Path,
                                                tmp_path: Path) -> None:
    import pipeline.reading.reader as reader
    import pipeline.run as run
    from pipeline.units import publish

    reads: list[Path] = []
    real = reader.read

    def counted(path: Path) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(reader, "read", counted)
    monkeypatch.setattr(run, "read", counted)
    monkeypatch.setattr(publish, "finish", lambda packs, template=WORD_TEMPLATE: None)  # no PDF needed here
    (tmp_path / "units").mkdir()
    shutil.copy(clean, tmp_path / "units" / "盘江镇.xlsx")
    packs = publish.publish_batch(tmp_path / "units", ["盘江镇.xlsx"], tmp_path / "发布")
    assert len(packs) == 1 and reads == [tmp_path / "units" / "盘江镇.xlsx"]


def test_problem_from_dict_mirrors_as_dict() -> None:
    problem = Problem("H1", ("表三!D5", "表三!D7"), "最可能出错的是 表三!D7。", unit="盘江镇", culprit="表三!D7")
    assert Problem.from_dict(problem.as_dict()) == problem
    plain = Problem("T9", ("正文!B3",), "只写了“无”。")
    assert Problem.from_dict(json.loads(json.dumps(plain.as_dict()))) == plain


def test_the_web_keeps_the_likely_culprit() -> None:
    """The marked-up copy of a stored upload marks the culprit cell, as ``check --annotate`` does."""
    from pipeline.core.problems import as_json
    from pipeline.web.service import problems_of

    problem = Problem("H1", ("表三!D5", "表三!D7"), "最可能出错的是 表三!D7。", culprit="表三!D7")
    assert problems_of(as_json([problem])) == [problem]


def test_public_names_only() -> None:
    """openpyxl's private modules (``openpyxl.worksheet._write_only``) change without notice; one
    name per idea: ``fmt`` is one module, ``Submission`` one class, and files are named in ``names``."""
    import re

    from pipeline.core.paths import ROOT

    sources = {p: p.read_text(encoding="utf-8") for p in (ROOT / "pipeline").rglob("*.py")}
    assert not [p for p, text in sources.items() if re.search(r"openpyxl[\w.]*\._\w", text)]
    assert len({m for text in sources.values() for m in re.findall(r"import (\S+) as fmt\b", text)}) <= 1
    assert sum(len(re.findall(r"^class Submission\b", text, re.M)) for text in sources.values()) == 1
    assert sum(len(re.findall(r"^def as_text\b", text, re.M)) for text in sources.values()) == 1
    output = (ROOT / "pipeline" / "core" / "output.py").read_text(encoding="utf-8")
    assert "def file_name" not in output and "def shown_path" not in output
