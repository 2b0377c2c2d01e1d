"""What ``audit`` writes: the county's 问题清单 (one row per finding, as ``batch`` writes it) and a
short 审核情况 document for the office — how many reports, what was found across years and between
units, and which reports could not be read at all — plus the same summary for the terminal.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from docx import Document

from pipeline.checks.text_common import label
from pipeline.report.document import save_docx
from pipeline.units.audit import Audited, AuditResult
from pipeline.units.deadlines import show_date
from pipeline.units.problem_list import IssueList, SummaryRow, summary_table

ISSUES = "问题清单.xlsx"
SUMMARY = "审核情况.docx"


def _row(item: Audited) -> SummaryRow:
    errors = sum(1 for p in item.problems if p.is_error)
    report = f"已导入：工作簿/{item.workbook.name}" if item.workbook else f"未导入：{item.refused}"
    year = f"{item.report.year}年" if item.report and item.report.year else ""
    return SummaryRow(f"{item.unit}{year}", item.source.name, errors, len(item.problems) - errors, report)


def _year(result: AuditResult) -> int | None:
    years = Counter(i.report.year for i in result.items if i.report and i.report.year)
    return max(years) if years else None


def lines(result: AuditResult) -> list[str]:
    """The findings in a few sentences: the document's body and the terminal's last lines."""
    items = result.items
    refused = [i for i in items if i.refused]
    errors = sum(1 for i in items for p in i.problems if p.is_error)
    cross = Counter(p.code for i in items for p in i.problems if p.code in ("Y1", "Y2", "Y3"))
    units = len([i for i in items if i.report]) - len(result.pairs)  # a unit's two years are one unit
    out = [f"共审核已发布的报告 {len(items)} 份（{units} 个单位），"
           f"导入 {len(items) - len(refused)} 份，{len(refused)} 份无法导入；"
           f"发现错误 {errors} 条、警告 {result.findings - errors} 条，逐条见问题清单。"]
    out.append(f"同一单位相邻两年的报告 {len(result.pairs)} 对已相互核对：上年结转不衔接（Y1）{cross['Y1']} 处，"
               f"现行有效件数不衔接（Y2）{cross['Y2']} 处，正文与上年雷同（Y3）{cross['Y3']} 处。")
    if result.similar:
        pairs = "；".join(f"{a.unit}与{b.unit}的{label(key)}（{ratio:.0%}）" for a, b, key, ratio in result.similar)
        out.append(f"不同单位同一年度报告内容雷同（A1）{len(result.similar)} 处：{pairs}。")
    else:
        out.append("未发现不同单位之间内容雷同的报告。")
    out += [f"无法导入：{i.source.name}：{i.refused}" for i in refused]
    return out


def write_documents(result: AuditResult, outdir: Path, today: date | None = None) -> None:
    today = today or date.today()
    issues = IssueList()
    for item in result.items:
        issues.add(item.unit, item.source.name, item.problems)
    issues.save([_row(i) for i in result.items], outdir / ISSUES, _year(result), today)
    doc = Document()
    year = _year(result)
    doc.add_heading(f"{year or ''}{'年度' if year else ''}政府信息公开工作年度报告审核情况", level=1)
    doc.add_paragraph(f"审核日期：{show_date(today)}。审核对象：各单位已发布的年度报告（逐份导入、按官方格式检查）。")
    for text in lines(result):
        doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("单位及年度", "文件", "错误", "警告"), strict=True):
        cell.text = text
    for row in (_row(i) for i in result.items):
        for cell, text in zip(table.add_row().cells, (row.unit, row.file, str(row.errors), str(row.warnings)),
                              strict=True):
            cell.text = text
    save_docx(doc, outdir / SUMMARY)


def audit_text(result: AuditResult, outdir: Path) -> str:
    """The terminal's summary: one line per report, the findings, where the documents are."""
    where = f"问题清单：{outdir / ISSUES}；审核情况：{outdir / SUMMARY}；各报告导入的工作簿：{outdir / '工作簿'}"
    return "\n".join([summary_table([_row(i) for i in result.items]), *lines(result), where])
