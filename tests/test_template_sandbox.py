"""A Word template is a file anyone can edit: it is rendered in Jinja's sandbox with nothing but the
report's context, and a template reaching beyond the context is refused before rendering (issue 9)."""

from __future__ import annotations

import _thread
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import jinja2
import pytest

from pipeline.core.fatal import CannotRun
from pipeline.core.paths import BULLETIN_TEMPLATE, RETURN_NOTICE_TEMPLATE, ROOT, WORD_TEMPLATE
from pipeline.reading.reader import read
from pipeline.report import document, sandbox
from pipeline.report.template_check import jinja_env
from pipeline.run import report_context
from pipeline.units import notices
from pipeline.units.batch import run_batch

from .docx_helpers import edit_template, with_paragraph
from .helpers import EXAMPLE, edit_workbook

HOSTILE = [
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace() }}",
    "{{ lipsum() }}",
    "{{ range(3) }}",
    "{{ title.__class__ }}",
    "{{ title.upper() }}",
    "{{ title|attr('__class__') }}",
    "{{ t3['__class__'].__mro__ }}",
]


@pytest.mark.parametrize("tag", HOSTILE)
def test_render_refuses_a_template_reaching_outside_the_context(cli, tmp_path: Path, tag: str) -> None:
    template = edit_template(tmp_path, "{{ title }}", tag)
    out = tmp_path / "报告.docx"
    code, stdout, err = cli("render", EXAMPLE, "--template", template, "-o", out)
    assert code == 2 and err.startswith("无法继续：Word 模板 edited.docx 的第") and err.count("\n") == 1, err
    assert str(Path.cwd()) not in stdout + err and not out.exists()


def test_batch_refuses_it_too(cli, tmp_path: Path) -> None:
    template = edit_template(tmp_path, "{{ title }}", HOSTILE[0])
    units = tmp_path / "units"
    units.mkdir()
    (units / "a.xlsx").write_bytes(EXAMPLE.read_bytes())
    code, _, err = cli("batch", units, "-o", tmp_path / "out", "--template", template, "-j", "1")
    assert code == 2 and "cycler" in err and "超出了报告数据的范围" in err


def test_the_environment_has_no_globals_and_is_sandboxed() -> None:
    env = jinja_env()
    assert dict(env.globals) == {}
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ cycler }}").render()
    with pytest.raises(jinja2.exceptions.SecurityError):  # even with the check skipped
        env.from_string("{{ x.__class__.__mro__ }}").render(x="a")


def test_the_shipped_template_and_ordinary_edits_still_render(cli, tmp_path: Path) -> None:
    template = edit_template(tmp_path, "{{ title }}", "{{ title }}（{{ year }}）{{ t3.new_natural }}")
    assert cli("render", EXAMPLE, "--template", template, "-o", tmp_path / "a.docx")[0] == 0


def test_a_loop_over_an_empty_list_of_rows_passes_the_check() -> None:
    # A clean batch has no rows to list in the bulletin: its table loop must not be refused then.
    from pipeline.report.template_check import check_template
    from pipeline.units.notices import BULLETIN_TEMPLATE, probe_bulletin

    context = probe_bulletin()
    emptied = {k: [] if isinstance(v, list) and v and all(isinstance(i, dict) for i in v) else v
               for k, v in context.items()}
    assert emptied != context, "the bulletin has a table of rows"
    check_template(BULLETIN_TEMPLATE, emptied)


# Issue 22: a template that makes the tool work forever, fill the memory or read other files.

#: Five loops deep over the title: billions of steps, each of them Python code.
DEEP = "{% for a in title %}{% for b in title %}{% for c in title %}{% for d in title %}{% for e in title %}" \
       "{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}"


def test_a_huge_power_is_refused_at_once_not_computed_while_compiling(tmp_path: Path) -> None:
    """It hung the tool: Jinja folded the constant while compiling, before any check, in one C call."""
    template = edit_template(tmp_path, "{{ title }}", "{{ 9**(9**8) }}")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "render", str(EXAMPLE), "--template", str(template),
                           "-o", str(tmp_path / "a.docx")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and "edited.docx" in proc.stderr and "9 ** 43046721" in proc.stderr, proc.stderr
    assert "内部错误" not in proc.stderr and not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize(("tag", "named"), [
    ("{% include '/etc/passwd' %}", "{% include '/etc/passwd' %}"),
    ("{% import 'x.docx' as x %}", "{% import 'x.docx' %}"),
    ("{% extends 'report.docx' %}", "{% extends 'report.docx' %}"),
    ("{{ problems|map(attribute='__class__')|list }}", "problems|map(attribute='__class__')"),
    ("{{ problems|sort(attribute='a.__class__')|list }}", "problems|sort(attribute='a.__class__')"),
    ("{{ self }}", "self"),
])
def test_reaching_other_files_or_internals_is_refused_naming_template_and_expression(
        cli, tmp_path: Path, tag: str, named: str) -> None:
    template = edit_template(tmp_path, "{{ title }}", tag)
    code, _, err = cli("render", EXAMPLE, "--template", template, "-o", tmp_path / "a.docx")
    assert code == 2 and "Word 模板 edited.docx 的第" in err and f"“{named}”" in err, err
    assert "内部错误" not in err and "Undefined" not in err and not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize(("source", "said"), [
    ("{{ 9**(9**8) }}", "9 ** 43046721"),
    ("{{ 'ab' * 10000000 }}", "'ab' * 10000000"),
    ("{{ x * 10000000 }}", "'ab' * 10000000"),
    ("{{ [x] * 10000000 }}", "['ab'] * 10000000"),
    ("{{ '%0999999999d' % 1 }}", "'%0999999999d'"),
    ("{{ x|center(1000000000) }}", "|center(1000000000)"),
    ("{{ [1]|slice(1000000000)|list }}", "|slice(1000000000)"),
    ("{{ x" + "|replace('a', 'aaaaaaaaaa')" * 8 + " }}", "|replace"),
    ("{% set y = x %}" + "{% set y = y ~ y %}" * 40 + "{{ y }}", "~"),
    ("{{ 1 / 0 }}", "1 / 0"),
    ("{{ x|map(attribute='__class__')|list }}", "__class__"),
    ("{% include '/etc/passwd' %}", "{% include '/etc/passwd' %}"),
])
def test_the_environment_itself_refuses_what_would_hang_or_fill_the_memory(source: str, said: str) -> None:
    """Even with the template check skipped (the HTML renderer, a future caller), nothing is folded
    into a constant at compile time and every limit holds at run time."""
    with pytest.raises(jinja2.exceptions.SecurityError, match=re.escape(said)):
        jinja_env().from_string(source).render(x="ab")


@pytest.mark.parametrize(("source", "said"), [
    ("{% set y = x %}" + "{% set y %}{{ y }}{{ y }}{% endset %}" * 40 + "{{ y }}", "填写结果超过"),
    ("{% set y = x %}" + "{% set y = '%s%s' % (y, y) %}" * 40 + "{{ y }}", "过大"),
    ("{% for a in x %}{% for b in x %}{% for c in x %}{% for d in x %}{% for e in x %}" + "静态文字" * 250
     + "{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}", "填写结果超过"),
])
def test_output_that_doubles_or_repeats_without_an_operator_is_bounded_too(source: str, said: str) -> None:
    """A block ``{% set %}`` printing a value twice, ``%`` formatting, static text in deep loops:
    none goes through ``*`` or a filter, and each would ask for gigabytes long before the time limit."""
    with pytest.raises(jinja2.exceptions.SecurityError, match=said):
        jinja_env().from_string(source).render(x="a" * 50)


def test_ordinary_arithmetic_and_joining_still_work() -> None:
    source = "{{ 2**10 }} {{ 3*4 }} {{ 'ab'*2 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ '%.1f%%' % 12.34 }} {{ x ~ '&' }}" \
             "{% for c in x %}{{ loop.index }}{{ c }}{% endfor %} {{ [3, 1]|sort|join('、') }}"
    assert jinja_env().from_string(source).render(x="ab") == "1024 12 abab 3 1 12.3% ab&amp;1a2b 1、3"


def test_rendering_has_a_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    template = edit_template(tmp_path, "{{ title }}", DEEP)
    started = time.monotonic()
    with pytest.raises(CannotRun, match=r"Word 模板 edited\.docx.*0\.5 秒"):
        document.render(template, report_context(read(EXAMPLE)[0]), tmp_path / "a.docx")
    assert time.monotonic() - started < 30 and not (tmp_path / "a.docx").exists()


def test_ctrl_c_stops_a_render_at_once(tmp_path: Path) -> None:
    """Every step of a render is Python code (no C-level power left to wait for): Ctrl+C, which
    Python delivers between two steps, stops it within moments, long before the time limit. One loop
    deeper than DEEP: DEEP alone (20⁵ steps) can finish within the 2 s on a quiet machine."""
    deeper = "{% for z in title %}" + DEEP + "{% endfor %}"
    template = edit_template(tmp_path, "{{ title }}", deeper)
    context = report_context(read(EXAMPLE)[0])
    timer = threading.Timer(2.0, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            document.render(template, context, tmp_path / "a.docx")
    finally:
        timer.cancel()
    assert 2.0 <= time.monotonic() - started < 2.0 + sandbox.TIME_LIMIT / 2
    assert not (tmp_path / "a.docx").exists()


def test_a_notice_template_failing_to_render_is_not_reported_as_edited_by_hand(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``{{ self }}`` passed the old check and failed when filled (it prints “None”); the batch then
    said the notice “已被手工改过，未覆盖”. Now the check names it before the batch starts, and a
    notice that still fails when filled stops the batch with its reason."""
    hostile = with_paragraph(RETURN_NOTICE_TEMPLATE, "{{ self }}", tmp_path / "退回通知模板.docx")
    with pytest.raises(CannotRun, match=r"退回通知模板\.docx.*“self”"):
        notices.check_notice_templates(hostile, BULLETIN_TEMPLATE)
    broken = edit_template(tmp_path, "{{ title }}", "{{ title }}")  # any template the notice's context fails
    monkeypatch.setattr(notices, "write_return_notice", lambda context, path: document.render(broken, context, path))
    units = tmp_path / "units"
    units.mkdir()
    (units / "a.xlsx").write_bytes(EXAMPLE.read_bytes())
    bad = edit_workbook(EXAMPLE, units / "b.xlsx", {"表三!D7": "x"})
    assert bad.exists()
    with pytest.raises(CannotRun, match=r"edited\.docx") as raised:
        run_batch(units, tmp_path / "out", WORD_TEMPLATE)
    assert "手工" not in raised.value.message


@pytest.mark.parametrize("source", ["{{ 1 < 'a' }}", "{{ 'a' + 1 }}", "{{ -'a' }}", "{{ 'a'|round }}",
                                    "{{ x|sum(start='a') }}", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"])
def test_a_computation_the_data_does_not_allow_is_the_templates_mistake_not_an_internal_error(source: str) -> None:
    with pytest.raises(jinja2.TemplateRuntimeError, match="模板中的运算或过滤器无法用于这些数据"):
        jinja_env().from_string(source).render(x=[1, 2])
