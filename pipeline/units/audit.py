"""``audit``: a county's published reports, read and checked the way an evaluator reads them.

Every published report under the folder (.docx, pages, PDFs, copied text, in any mix) is imported
into a workbook (``工作簿/``) and checked like any other; what could not be read is I1. Reports of one
unit in consecutive years are paired by the one unit-name rule and checked against each other (Y1,
Y2, Y3: the cross-year findings). Reports of different units of one year are compared part by part
for 雷同 (A1), each unit's own name blanked first: a report copied from a neighbour and renamed is
the case to find. The 问题清单 and a short 审核情况 are ``audit_docs``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pipeline.checks.text_common import label, text_cell
from pipeline.checks.text_copy import SIMILAR_FROM_CHARS, SIMILAR_RATIO, similarity
from pipeline.checks.text_kinds import core_name
from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.names import file_name
from pipeline.core.problems import Problem
from pipeline.core.unit_names import UnitId, pair
from pipeline.format.layout import FIELD_INPUTS
from pipeline.format.official import NARRATIVES
from pipeline.importing.note import ImportNote
from pipeline.importing.read import find_published, import_report
from pipeline.run import check_workbook
from pipeline.workbook.imported import write_imported

#: Cross-year codes: what checking a report against its unit's report of the year before adds.
CROSS_YEAR = ("Y1", "Y2", "Y3", "U1")
#: What the check of an imported workbook says about the workbook rather than the report: cells the
#: import left empty (said once as I1, with the reason) and the 单位类别 a report never prints.
_ABOUT_THE_WORKBOOK = ("H7-BLANK", "H7-EMPTY")


@dataclass
class Audited:
    source: Path
    report: Report | None = None
    workbook: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    refused: str = ""  # why the file could not be imported

    @property
    def unit(self) -> str:
        return self.report.unit_name if self.report else ""


@dataclass
class AuditResult:
    items: list[Audited]
    pairs: list[tuple[Audited, Audited]]  # (last year, this year) of one unit
    similar: list[tuple[Audited, Audited, str, float]]  # two units, the part, the similarity

    @property
    def findings(self) -> int:
        return sum(len(i.problems) for i in self.items)


def _import_note(note: ImportNote, report: Report) -> list[Problem]:
    if not note.missing or all(not m.required for m in note.missing):
        return []
    cells = tuple(note.unread_cells)
    parts = [m.part for m in note.missing if m.required and not m.address]
    said = "、".join(parts[:3]) + ("等" if len(parts) > 3 else "")
    what = "；".join(x for x in (f"表格中 {len(cells)} 格读不出（空白、“—”“/”或不是数字）" if cells else "",
                                  f"缺少{said}" if parts else "") if x)
    return [Problem("I1", cells, f"已发布的报告 {note.source}：{what}。评议时这些都会被视为缺项；"
                                 f"详见工作簿的“导入说明”工作表。", unit=report.unit_name)]


def _own(problem: Problem) -> bool:
    kind_missing = problem.code == "H8" and problem.cells == (FIELD_INPUTS["unit_kind"].place.address,)
    return problem.code not in _ABOUT_THE_WORKBOOK and not kind_missing


def _one(path: Path, folder: Path) -> Audited:
    item = Audited(path)
    try:
        report, note = import_report(path)
    except CannotRun as exc:
        item.refused = exc.message
        item.problems = [Problem("F1", (), exc.message)]
        return item
    item.report = report
    item.workbook = folder / f"{file_name(report.unit_name, f'{report.year}年')}（{path.stem[:20]}）.xlsx"
    write_imported(report, note, item.workbook)
    outcome = check_workbook(item.workbook)
    item.problems = _import_note(note, report) + [p for p in outcome.problems if _own(p)]
    return item


def _cross_year(items: list[Audited]) -> list[tuple[Audited, Audited]]:
    readable = [i for i in items if i.report is not None and i.report.year is not None]
    pairs = []
    years: set[int] = {i.report.year for i in readable if i.report and i.report.year is not None}
    for year in sorted(years):
        last = [i for i in readable if i.report and i.report.year == year - 1]
        now = [i for i in readable if i.report and i.report.year == year]
        paired = pair([UnitId(i.unit) for i in last], [UnitId(i.unit) for i in now])
        for p in paired.pairings:
            before, after = last[p.left], now[p.right]
            assert before.workbook is not None and after.workbook is not None
            outcome = check_workbook(after.workbook, before.workbook)
            after.problems += [q for q in outcome.problems if q.code in CROSS_YEAR]
            pairs.append((before, after))
    return pairs


def _blanked(report: Report, key: str) -> str:
    """A part's text with the unit's own name taken out: renamed copies still compare equal."""
    text = "".join(report.texts.get(key, []))
    names = {report.unit_name, core_name(report.unit_name)}
    for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
        text = text.replace(name, "某单位")
    return text


def _alike(items: list[Audited]) -> list[tuple[Audited, Audited, str, float]]:
    found = []
    readable = [i for i in items if i.report is not None]
    for a, b in combinations(readable, 2):
        assert a.report is not None and b.report is not None
        if a.report.year != b.report.year or UnitId(a.unit).key == UnitId(b.unit).key:
            continue
        for n in NARRATIVES:
            if n.key == "intro":  # the introduction follows one formula everywhere
                continue
            x, y = _blanked(a.report, n.key), _blanked(b.report, n.key)
            if min(len(x), len(y)) < SIMILAR_FROM_CHARS:
                continue
            ratio = similarity(x, y)
            if ratio >= SIMILAR_RATIO:
                found.append((a, b, n.key, ratio))
                for me, other in ((a, b), (b, a)):
                    assert me.report is not None
                    me.problems.append(Problem(
                        "A1", (text_cell(me.report, n.key),),
                        f"{label(n.key)}与{other.unit}同一年度报告的同一部分相似度为 {ratio:.0%}（两单位名称不计），"
                        f"几乎相同。国办公开办函〔2021〕30号把“内容雷同”列为追责情形；请按本单位实际工作重写。",
                        unit=me.unit))
    return found


def run_audit(folder: Path, outdir: Path) -> AuditResult:
    """Import, check, pair and compare every published report under ``folder``; the workbooks are
    written to ``outdir``/工作簿 (the documents by ``audit_docs.write_documents``)."""
    paths = find_published(folder)
    if not paths:
        raise CannotRun(f"文件夹 {folder} 中没有已发布的报告（.docx、.html、.htm、.pdf、.txt）。")
    workbooks = outdir / "工作簿"
    workbooks.mkdir(parents=True, exist_ok=True)
    items = [_one(path, workbooks) for path in paths]
    result = AuditResult(items, _cross_year(items), [])
    result.similar = _alike(items)
    return result
