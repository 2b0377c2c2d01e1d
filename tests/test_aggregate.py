"""The 汇总: exact cell-wise sums, checks on the sum, and the units to blame when it fails."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pipeline.format.layout import TEXT_INPUTS
from pipeline.format.official import TABLES
from pipeline.reading.reader import read
from pipeline.units import aggregate as aggregate_module
from pipeline.units.aggregate import MEMBERS_SHEET, aggregate_folder, aggregate_text
from pipeline.workbook.writer import write_workbook

from .helpers import edit_workbook
from .synth import synth_report, unit_names, write_units

COUNTY = "示例县人民政府"


def _break_h1(folder: Path, name: str) -> Path:
    """A unit whose 自然人 column has one request too many in 本年新收 (H1 fails there and in 总计)."""
    report = synth_report(name)
    for col in ("natural", "total"):
        report.tables["t3"].values.at["new", col] += 1
    path = folder / f"{name}.xlsx"
    write_workbook(report, path)
    return path


def test_aggregate_is_the_exact_cellwise_sum_and_passes(cli, tmp_path: Path) -> None:
    names = unit_names(4)
    write_units(tmp_path / "units", names)
    out = tmp_path / "汇总.xlsx"
    code, printed, _ = cli("aggregate", tmp_path / "units", "--unit", COUNTY, "-o", out, "-j", "2")
    assert code == 0, printed
    assert all(n in printed for n in names) and "检查通过" in printed
    total, problems = read(out)
    # The narrative is the aggregating office's own: left empty for it to write, and said so.
    assert {(p.code, p.cells[0].split("!")[0]) for p in problems} == {("H8", TEXT_INPUTS["intro"].place.sheet)}
    assert (total.unit_name, total.year) == (COUNTY, 2024)
    units = [synth_report(n) for n in names]
    for table in TABLES:
        for r, c, _ in table.cells():
            expected = sum(u.tables[table.key].value(r.key, c.key) for u in units)
            assert total.tables[table.key].value(r.key, c.key) == expected, (table.key, r.key, c.key)
    fees = total.tables["t2"].value("fees", "amount")
    assert isinstance(fees, Decimal) and fees == sum(u.tables["t2"].value("fees", "amount") for u in units)
    written = edit_workbook(out, tmp_path / "汇总（已写正文）.xlsx",
                            {i.name: f"{COUNTY}2024年工作情况。" for i in TEXT_INPUTS.values()})
    assert cli("check", written)[0] == 0, "once its narrative is written, it is checked like any other"


def test_units_with_errors_are_left_out_and_listed(cli, tmp_path: Path) -> None:
    write_units(tmp_path, unit_names(2))
    _break_h1(tmp_path, "有错镇")
    agg = aggregate_folder(tmp_path, COUNTY)
    assert [m.unit for m in agg.included] == unit_names(2) and agg.problems == []
    assert [(m.unit, m.errors) for m in agg.excluded] == [("有错镇", 1)]  # one wrong number, one error
    assert agg.excluded[0].forcible and "--include-invalid" not in agg.excluded[0].reason and not agg.ok
    assert "--include-invalid" in aggregate_text(agg)


def test_included_broken_unit_is_named_by_every_failing_equation(cli, tmp_path: Path) -> None:
    write_units(tmp_path / "units", unit_names(2))
    _break_h1(tmp_path / "units", "有错镇")
    agg = aggregate_folder(tmp_path / "units", COUNTY, include_invalid=True)
    assert len(agg.included) == 3 and agg.excluded == []
    errors = [p for p in agg.problems if p.is_error]
    assert [p.code for p in errors] == ["H1"]  # its column and the 总计 column, one problem
    assert all(p.unit == "有错镇" and "有错镇" in p.message for p in errors)
    out = tmp_path / "汇总.xlsx"
    code, printed, _ = cli("aggregate", tmp_path / "units", "--unit", COUNTY, "--include-invalid", "-o", out)
    assert code == 1 and "以下单位本身的数据就不满足：有错镇" in printed


def test_duplicates_other_years_unreadable_files_and_the_aggregate_itself_stay_out(tmp_path: Path) -> None:
    write_units(tmp_path, unit_names(2))
    (tmp_path / "again").mkdir()
    write_units(tmp_path / "again", unit_names(1))
    write_workbook(synth_report("去年镇", 2023), tmp_path / "去年镇.xlsx")
    write_workbook(synth_report(COUNTY), tmp_path / "上次汇总.xlsx")
    (tmp_path / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    agg = aggregate_folder(tmp_path, COUNTY)
    assert [m.unit for m in agg.included] == unit_names(2)[1:]
    reasons = {m.file: m.reason for m in agg.excluded}
    assert set(reasons) == {"again/示例县第1镇.xlsx", "示例县第1镇.xlsx", "去年镇.xlsx", "上次汇总.xlsx", "坏文件.xlsx"}
    assert "2 份" in reasons["示例县第1镇.xlsx"] and "2023" in reasons["去年镇.xlsx"]
    assert "汇总单位本身" in reasons["上次汇总.xlsx"] and "无法读取" in reasons["坏文件.xlsx"]


def test_members_sheet_lists_who_is_in_and_who_is_out(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_units(tmp_path / "units", unit_names(1))
    _break_h1(tmp_path / "units", "有错镇")
    out = tmp_path / "汇总.xlsx"
    assert cli("aggregate", tmp_path / "units", "--unit", COUNTY, "-o", out)[0] == 1
    rows = list(load_workbook(out)[MEMBERS_SHEET].values)
    assert [r[1:4] for r in rows[1:]] == [("示例县第1镇", "示例县第1镇.xlsx", "是"), ("有错镇", "有错镇.xlsx", "否")]


def test_an_internal_error_on_one_unit_leaves_it_out_not_the_sum(tmp_path: Path, monkeypatch) -> None:
    write_units(tmp_path, unit_names(3))
    real = aggregate_module.read

    def flaky(path: Path):
        if path.name == f"{unit_names(3)[1]}.xlsx":
            raise RuntimeError("boom")
        return real(path)

    monkeypatch.setattr(aggregate_module, "read", flaky)
    agg = aggregate_folder(tmp_path, COUNTY, jobs=1)
    assert [m.unit for m in agg.included] == [unit_names(3)[0], unit_names(3)[2]]
    assert "内部错误" in agg.excluded[0].reason and "boom" in agg.excluded[0].reason


def test_the_aggregates_file_name_keeps_its_year_for_a_long_unit_name() -> None:
    """batch, the web and ``aggregate`` name the 汇总 by one rule: a name too long for a file system is
    cut in the unit's name, never in its year (the web's and batch's copy once cut nothing)."""
    from pipeline.core.names import MAX_STEM_BYTES
    from pipeline.units.round_docs import aggregate_name

    assert aggregate_name("某某县人民政府", 2024) == "某某县人民政府2024年汇总.xlsx"
    long = aggregate_name("某" * 90 + "人民政府", 2024)
    assert long.endswith("2024年汇总.xlsx") and len(long.removesuffix(".xlsx").encode("utf-8")) <= MAX_STEM_BYTES
