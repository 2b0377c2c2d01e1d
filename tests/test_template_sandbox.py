"""A Word template is a file anyone can edit: it is rendered in Jinja's sandbox with nothing but the
report's context, and a template reaching beyond the context is refused before rendering (issue 9)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from pipeline.report.template_check import jinja_env

from .docx_helpers import edit_template
from .helpers import EXAMPLE

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
