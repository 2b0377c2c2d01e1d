"""政府信息公开工作年度报告: read the standard workbook, check it, render the report."""

from pipeline.errors import CannotRun
from pipeline.problems import Problem, Severity
from pipeline.run import Outcome, check_workbook, render_workbook

__all__ = ["CannotRun", "Outcome", "Problem", "Severity", "check_workbook", "render_workbook"]
