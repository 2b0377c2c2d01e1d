"""``python -m pipeline import``: the workbook written, the note on the terminal, the exit codes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.reading.reader import read
from pipeline.workbook.imported import NOTE_SHEET

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "盘江镇2024年政府信息公开工作年度报告.txt"


def test_import_writes_an_ordinary_workbook(tmp_path, capsys) -> None:
    out = tmp_path / "盘江镇2024.xlsx"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "全部读取" in said and str(out) in said
    report, _ = read(out)
    assert report.unit_name == "盘江镇" and report.tables["t2"].value("punishment", "decisions") == 286
    sheet = load_workbook(out)[NOTE_SHEET]
    # Each value with the line it was read from.
    source = ("表二!B4（“规章”行“本年制发件数”列）", "已读取", "第35行")
    assert any(row[:3] == source for row in sheet.iter_rows(values_only=True))


def test_a_cell_not_read_is_left_empty_listed_and_exit_1(tmp_path, capsys) -> None:
    damaged = tmp_path / "缺数.txt"
    damaged.write_text(SEED.read_text(encoding="utf-8").replace("行政处罚\t286", "行政处罚\t—"), encoding="utf-8")
    out = tmp_path / "缺数.xlsx"
    assert main(["import", str(damaged), "-o", str(out)]) == 1
    said = capsys.readouterr().out
    assert "表二!B11（“行政处罚”行“本年处理决定数量”列）：单元格中是“—”，不是数字（第42行）" in said
    wb = load_workbook(out)
    assert wb["表二"]["B11"].value is None
    assert [r[1] for r in wb[NOTE_SHEET].iter_rows(values_only=True) if r[0].startswith("表二!B11")] == \
        ["未读取：单元格中是“—”，不是数字"]


def test_not_a_report_exits_2_with_one_line(tmp_path, capsys) -> None:
    other = tmp_path / "通知.txt"
    other.write_text("关于做好年度报告工作的通知\n", encoding="utf-8")
    assert main(["import", str(other), "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("无法继续：通知.txt 不是政府信息公开工作年度报告") and err.count("\n") == 1
    assert not (tmp_path / "x.xlsx").exists()
