"""A county's batch to look at: six units, a roster with kinds, deadlines and 报送时间, one unit missing,
one late, one with errors, one under a short name. ``python -m tests.county_demo [docs/]`` runs it
and, with LibreOffice and poppler, writes page images of the printed 问题清单, 报送情况表, 审核情况通报
and one 退回通知 into the folder given (``make county-pages`` writes the README's into docs/).
Tests use ``make_county`` to get the same batch.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from pipeline.core.paths import WORD_TEMPLATE
from pipeline.format.official import UnitKind
from pipeline.units.batch import BatchResult, run_batch
from pipeline.units.roster import HEADERS, write_roster_template
from pipeline.workbook.writer import write_workbook

from .synth import synth_report

TODAY = date(2025, 2, 10)
OFFICE = "示例县人民政府办公室"
PARENT = "示例县人民政府"
#: (name on the roster, name in the workbook or None when nothing came, kind, 报送时间, own deadline)
UNITS: list[tuple[str, str | None, UnitKind, datetime | None, date | None]] = [
    ("示例县城关镇", "示例县城关镇", UnitKind.TOWNSHIP, datetime(2025, 1, 20, 9, 30), None),
    ("示例县东坝镇", "示例县东坝镇", UnitKind.TOWNSHIP, datetime(2025, 1, 24, 16, 5), None),
    ("示例县西坝镇", None, UnitKind.TOWNSHIP, None, None),
    ("示例县发展和改革局", "示例县发改局", UnitKind.COUNTY_DEPT, datetime(2025, 1, 27, 11, 0), None),
    ("示例县财政局", "示例县财政局", UnitKind.COUNTY_DEPT, datetime(2025, 2, 5, 15, 40), None),
    ("示例县教育局", "示例县教育局", UnitKind.COUNTY_DEPT, datetime(2025, 1, 16, 10, 0), date(2025, 1, 15)),
    ("示例县人民政府", "示例县人民政府", UnitKind.COUNTY_GOV, datetime(2025, 2, 8, 9, 0), None),
]


def make_county(folder: Path) -> tuple[Path, Path]:
    """The units' workbooks in ``folder/units`` and the roster ``folder/名单.xlsx``."""
    units = folder / "units"
    units.mkdir(parents=True, exist_ok=True)
    for _, name, kind, _, _ in UNITS:
        if name is None:
            continue
        report = synth_report(name, 2024, kind=kind)
        if name == "示例县东坝镇":  # 表三 D5 one too many: H1 and H3 fail
            report.tables["t3"].values.at["new", "natural"] += 1
        if name == "示例县财政局":  # a warning only: text that says it collected no fees is missing
            report.texts["s6"] = ["无。"]
        write_workbook(report, units / f"{name}.xlsx")
    roster = folder / "名单.xlsx"
    write_roster_template(roster)
    wb = load_workbook(roster)
    ws = wb["名单"]
    column = {title: i for i, title in enumerate(HEADERS)}
    for roster_name, _, kind, received, own in UNITS:
        row: list[object] = [None] * len(HEADERS)
        row[column["单位名称"]], row[column["单位类别"]], row[column["上级单位"]] = roster_name, kind.value, PARENT
        row[column["报送时间"]], row[column["截止日期"]] = received, own
        ws.append(row)
    wb.save(roster)
    return units, roster


def run_county(folder: Path) -> BatchResult:
    units, roster = make_county(folder)
    return run_batch(units, folder / "out", WORD_TEMPLATE, roster=roster, office=OFFICE, today=TODAY)


def pages(result: BatchResult, target: Path) -> list[Path]:
    """PNG pages (60 dpi) of the printed documents, as docs/county-<name>-<page>.png."""
    from pipeline.report.pdf import convert_many

    out = result.issues.parent
    sources = {"issues": result.issues, "submissions": out / "报送情况表.xlsx", "bulletin": out / "审核情况通报.docx",
               "notice": next(p for p in result.notices if "东坝镇" in p.name)}
    with tempfile.TemporaryDirectory() as work:
        copies = []
        for key, source in sources.items():
            copy = Path(work) / f"county-{key}{source.suffix}"
            shutil.copy(source, copy)
            copies.append(copy)
        pdfs = convert_many(copies, Path(work))
        for old in target.glob("county-*.png"):
            old.unlink()
        for pdf in pdfs:
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(target / pdf.stem)], check=True)
    return sorted(target.glob("county-*.png"))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        done = run_county(Path(tmp))
        for png in pages(done, Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
            print(png)
