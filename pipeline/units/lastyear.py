"""Batch's last-year folder (``batch --previous``): each unit's workbook of the year before.

Units are paired by the one unit-name rule (``core.unit_names``): last year's “淮安市洪泽区人民政府”
is this year's “洪泽区人民政府”, said once as U1. A name that fits two different units of last year is
U2 (an error naming both files), never a guess; no workbook, or two of one unit, is Y0 and the unit is
checked without the continuity checks.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.core.problems import Problem
from pipeline.core.unit_names import NameIndex, UnitId, match
from pipeline.importing.read import SUFFIXES, find_published
from pipeline.reading.previous import pairing_note, read_previous, read_report
from pipeline.units.folder import find_workbooks, ordered_map


class PreviousIndex:
    """Last year's workbooks, (unit, year, path) each, looked up by name."""

    def __init__(self, entries: list[tuple[UnitId, int | None, Path]]) -> None:
        self.entries = entries
        self.names = NameIndex([uid for uid, _, _ in entries])
_SKIPPED = "未核对与上年的衔接（Y1、Y2）"


def _identify(path: Path) -> tuple[UnitId, int | None, Path] | None:
    try:
        report, _ = read_report(path)  # a workbook, or last year's report as published
    except Exception:  # an unreadable last-year file simply matches no unit; Y0 says so
        return None
    return UnitId(report.unit_name), report.year, path


def index_previous(folder: Path, jobs: int) -> PreviousIndex:
    """Last year's workbooks under ``folder``, with their units (by 单位名称)."""
    paths = find_workbooks(folder) + find_published(folder)
    if not paths:
        raise CannotRun(f"上年工作簿文件夹 {folder} 中没有 .xlsx 工作簿，也没有已发布的报告"
                        f"（{'、'.join(SUFFIXES)}）。请指定存放上一年度各单位工作簿或报告的文件夹。")
    return PreviousIndex([found for found in ordered_map(_identify, paths, jobs) if found is not None])


def previous_of(report: Report, index: PreviousIndex) -> tuple[Report | None, list[Problem]]:
    """Last year's report of this unit from the --previous folder, or why the continuity is not checked."""
    if report.year is None:
        return None, []  # the missing year is already an error of its own
    want, unit, me = report.year - 1, report.unit_name, UnitId(report.unit_name)
    candidates = [(how, uid, year, path) for uid, year, path in (index.entries[i] for i in
                                                                   sorted(index.names.candidates(me)))
                  if (how := match(uid, me)) is not None]
    of_year = [c for c in candidates if c[2] == want]
    if of_year:
        best = min(how.rank for how, *_ in of_year)
        of_year = [c for c in of_year if c[0].rank == best]
    if len({c[1].key for c in of_year}) > 1:  # two different units of last year fit this name
        files = "、".join(f"{path.name}（“{uid.name}”）" for _, uid, _, path in of_year)
        return None, [Problem("U2", (), f"上年工作簿文件夹中有 {len(of_year)} 个单位的名称都可对应“{unit}”：{files}，"
                                        f"无法确定是哪一个，{_SKIPPED}。请在本年工作簿中写单位的全称（带上级地名）。",
                              unit=unit)]
    if len(of_year) == 1:
        how, _, _, path = of_year[0]
        try:
            previous, _ = read_previous(path, report)
        except CannotRun as exc:
            return None, [Problem("Y0", (), f"{exc.message}{_SKIPPED}。", unit=unit)]
        return previous, pairing_note(previous, report, how)
    if not candidates:
        why = f"上年工作簿文件夹中没有“{unit}”的工作簿"
    elif not of_year:
        years = "、".join(sorted({str(y) for _, _, y, _ in candidates}))
        why = f"上年工作簿文件夹中“{unit}”的工作簿是 {years} 年度的，没有 {want} 年度的"
    else:
        files = "、".join(path.name for *_, path in of_year)
        why = f"上年工作簿文件夹中“{unit}”有 {len(of_year)} 份 {want} 年度工作簿（{files}），无法确定用哪一份"
    return None, [Problem("Y0", (), f"{why}，{_SKIPPED}。", unit=unit)]
