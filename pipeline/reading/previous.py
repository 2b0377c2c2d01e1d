"""Last year's report of the same unit: the other half of the continuity checks (Y1–Y3).

A previous workbook is read like any other; it must be the same unit and the year before, or every
continuity check would compare unrelated numbers — that is refused, not warned about.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.reading.reader import read


def read_previous(path: Path, report: Report) -> Report:
    """Read ``path`` as the previous-year report of ``report``'s unit, or explain why it is not."""
    previous, _ = read(path)  # last year's own problems were last year's to fix
    if previous.unit_name != report.unit_name:
        raise CannotRun(f"上年工作簿 {path.name} 是“{previous.unit_name}”的，本年工作簿是“{report.unit_name}”的，"
                        f"不能用来核对衔接关系。请指定本单位上一年度的工作簿。")
    if report.year is not None and previous.year != report.year - 1:
        raise CannotRun(f"上年工作簿 {path.name} 的报告年度是 {previous.year}，应为 {report.year - 1}"
                        f"（本年为 {report.year}）。请指定上一年度的工作簿。")
    return previous
