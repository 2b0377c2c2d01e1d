"""政府信息公开工作年度报告: read the standard workbook, check it, render the report.

The public names below are imported on first use, not here: importing any sub-package (the
declaration, say) must not pull in the whole pipeline with pandas and Word.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "CannotRun": "pipeline.core.fatal",
    "Problem": "pipeline.core.problems",
    "Severity": "pipeline.core.problems",
    "Outcome": "pipeline.run",
    "check_workbook": "pipeline.run",
    "render_workbook": "pipeline.run",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(name)
