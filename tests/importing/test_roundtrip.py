"""The tool's own reports read back: every number and every text part equal the workbook's."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.model import Report
from pipeline.importing.read import import_report
from pipeline.reading.reader import read
from pipeline.workbook.imported import write_imported
from tests.importing.rendered import render_all, varied

UNITS = 200


def same(a: Report, b: Report) -> list[str]:
    """What differs between the original and the imported report ([] when nothing does)."""
    diffs = [f for f in ("unit_name", "year", "auto_sentences", "sign_date") if getattr(a, f) != getattr(b, f)]
    diffs += [f"texts.{k}" for k in a.texts if a.texts[k] != b.texts.get(k)]
    diffs += [f"{k}" for k in a.tables if dict(a.tables[k].values) != dict(b.tables[k].values)]
    return diffs


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Report, Path, Path, Path]]:
    return render_all(varied(UNITS), tmp_path_factory.mktemp("rendered"))


def test_every_unit_reads_back_from_word_page_and_fragment(rendered) -> None:
    failures = []
    for report, *files in rendered:
        for path in files:
            imported, note = import_report(path)
            if diff := same(report, imported):
                failures.append((path.name, diff))
            # Only what a report never prints is left to fill: the unit's kind, unless its name says it.
            unsaid = [] if imported.unit_kind else ["基本信息“单位类别”"]
            assert [m.part for m in note.missing] == unsaid, note.lines()
            assert imported.unit_kind in (None, report.unit_kind)
    assert failures == []


def test_the_imported_workbook_reads_as_the_original(rendered, tmp_path) -> None:
    for report, docx, _, _ in rendered[:12]:
        imported, note = import_report(docx)
        out = tmp_path / f"{report.unit_name}.xlsx"
        write_imported(imported, note, out)
        back, problems = read(out)
        assert same(report, back) == []
        assert [p.code for p in problems if p.is_error] == ([] if back.unit_kind else ["H8"])
