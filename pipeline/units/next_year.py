"""``template --from 上年目录/ -o 新目录/``: next year's prefilled workbook for every unit of a folder.

Each of last year's workbooks gives one new workbook named from its unit and the new year
(盘江镇2025.xlsx). One unreadable workbook does not stop the others: it is listed with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.names import file_name
from pipeline.reading.reader import read
from pipeline.units.folder import find_workbooks, unit_key
from pipeline.workbook.next_year import Prefilled, write_next_year


@dataclass
class FolderPrefill:
    written: list[tuple[Path, Prefilled]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (last year's file, why not)


def prefill_folder(folder: Path, outdir: Path, last_text: bool = True, force: bool = False) -> FolderPrefill:
    result = FolderPrefill()
    seen: dict[tuple[str, int], Path] = {}
    for source in find_workbooks(folder, skip=[outdir]):
        try:
            last, problems = read(source)
            if last.year is None or not last.unit_name:
                raise CannotRun("单位名称或报告年度没有正确填写，无法生成下一年度的工作簿")
            key = (unit_key(last.unit_name), last.year)
            if key in seen:  # two of last year's workbooks for one unit: which is right is not ours to guess
                raise CannotRun(f"与 {seen[key].name} 是同一单位同一年度（{last.unit_name} {last.year}），"
                                f"只按先找到的一份生成")
            seen[key] = source
            target = outdir / f"{file_name(last.unit_name)}{last.year + 1}.xlsx"
            result.written.append((target, write_next_year(last, problems, target, last_text, source.name, force)))
        except CannotRun as exc:
            result.failed.append((source, exc.message))
    return result
