"""``audit`` over 10 published reports of 5 units across two years, in four formats: the 问题清单
carries the cross-year findings (Y1, Y3, U1) and the 雷同 between two units (A1); a scan-free
2019-format report in the folder is listed as not imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline.cli import main
from tests.importing.rendered import copied_text, render_all
from tests.synth import following_year, synth_report

COPIED = ("本镇建立健全政府信息管理制度，对拟公开的政府信息逐条进行保密审查，明确审查程序和责任，"
          "做到先审查、后公开，一事一审、全面审查，全年未发生泄密事件，也未发生因公开不当引发的舆情。")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five units' reports of 2023 and 2024, each year in a different mix of formats."""
    work = tmp_path_factory.mktemp("audit")
    last = [synth_report(f"示例县第{i}镇", 2023, seed=i) for i in range(1, 6)]
    now = [following_year(r, seed=i) for i, r in enumerate(last, 1)]
    last[4].unit_name = "示例县第5镇人民政府"  # the same unit, spelled in full last year (U1)
    now[1].tables["t3"].values["carried", "natural"] += 2  # not what 2023 carried over (Y1)
    now[2].texts["s1_management"] = [COPIED.replace("本镇", "示例县第3镇")]  # 雷同 between two units (A1)
    now[3].texts["s1_management"] = [COPIED.replace("本镇", "示例县第4镇")]
    same = ("示例县第5镇依托政务服务中心设置政府信息查阅点，配备专用电脑和查阅登记簿，安排专人值守，"
            "全年接待现场查阅群众一百余人次，及时更新公开栏内容，方便群众就近查阅各类政府信息。")  # kept (Y3)
    last[4].texts["s1_management"] = [same]
    now[4].texts["s1_management"] = [same]
    folder = work / "已发布"
    folder.mkdir()
    rendered = render_all(last + now, work)
    for i, (report, docx, page, fragment) in enumerate(rendered):
        kind = i % 4
        target = folder / f"{report.unit_name}{report.year}"
        if kind == 0:
            target.with_suffix(".docx").write_bytes(docx.read_bytes())
        elif kind == 1:
            target.with_suffix(".html").write_bytes(page.read_bytes())
        elif kind == 2:
            target.with_suffix(".htm").write_bytes(fragment.read_bytes())
        else:
            target.with_suffix(".txt").write_text(copied_text(page, one_cell_per_line=True), encoding="utf-8")
    (folder / "某区2019年报告.txt").write_text(
        "某区人民政府2019年政府信息公开工作年度报告\n一、总体情况\n文字。\n二、主动公开政府信息情况\n"
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n", encoding="utf-8")
    return folder


def test_audit_writes_the_problem_list_with_cross_year_and_copied_findings(published, tmp_path, capsys) -> None:
    out = tmp_path / "审核"
    assert main(["audit", str(published), "-o", str(out)]) == 1
    said = capsys.readouterr().out
    assert "共审核已发布的报告 11 份（5 个单位），导入 10 份，1 份无法导入" in said
    rows = list(load_workbook(out / "问题清单.xlsx")["问题清单"].iter_rows(min_row=2, values_only=True))
    found = {(unit, code) for unit, _, _, code, _, _ in rows}
    assert ("示例县第2镇", "Y1") in found
    assert ("示例县第3镇", "A1") in found and ("示例县第4镇", "A1") in found
    assert ("示例县第5镇", "Y3") in found and ("示例县第5镇", "U1") in found
    assert not any(code == "A1" for unit, code in found if unit in ("示例县第1镇", "示例县第2镇", "示例县第5镇"))
    assert [r[1] for r in rows if r[3] == "F1"] == ["某区2019年报告.txt"]
    copied = next(r[5] for r in rows if r[0] == "示例县第3镇" and r[3] == "A1")
    assert "示例县第4镇" in copied and "（三）政府信息管理" in copied
    summary = "\n".join(p.text for p in Document(out / "审核情况.docx").paragraphs)
    assert "同一单位相邻两年的报告 5 对已相互核对：上年结转不衔接（Y1）1 处" in summary
    assert "示例县第3镇与示例县第4镇的“一、总体情况（三）政府信息管理”" in summary
    assert len(list((out / "工作簿").glob("*.xlsx"))) == 10
