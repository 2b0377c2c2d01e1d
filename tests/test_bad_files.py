"""Files that cannot be read: every one ends with exit 2 and one Chinese line, never a traceback.

Each test builds its file, from the example workbook or from raw bytes, runs ``check`` through the
command line and asserts the exit code, the key words of the message and that the file is unchanged.
Hostile files (zip bombs, entity expansion, huge sheets) must also be refused in bounded time and
memory: ``time_limit`` is a safety net against a hang, ``tracemalloc`` measures what was allocated.
"""

from __future__ import annotations

import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl.xml
import openpyxl.xml.functions
import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from pipeline.format.layout import SHEETS, TABLE_INPUTS, VERSION
from pipeline.format.official import TEMPLATE_VERSION
from pipeline.reading import safety as safety

from .helpers import EXAMPLE, rezip, sha256, time_limit

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture
def refused(cli) -> Callable[..., str]:
    """Run ``check`` on ``path``: exit 2, one line naming the problem, the file unchanged."""

    def run(path: Path, *words: str, seconds: int = 60) -> str:
        before = sha256(path) if path.is_file() else None
        with time_limit(seconds):
            code, out, err = cli("check", path)
        assert code == 2, (out, err)
        assert "Traceback" not in out + err and "内部错误" not in err, err
        assert err.startswith("无法继续：") and err.count("\n") == 1, err
        for word in words:
            assert word in err, (word, err)
        if before is not None:
            assert sha256(path) == before
        return err

    return run


def sheet_part(sheet: str) -> str:
    """openpyxl (which wrote the example) stores the n-th sheet as sheetn.xml."""
    part = f"xl/worksheets/sheet{SHEETS.index(sheet) + 1}.xml"
    assert part in zipfile.ZipFile(EXAMPLE).namelist()
    return part


# --- files that are not a usable workbook at all ----------------------------------------------------

def test_missing_path(refused, tmp_path: Path) -> None:
    refused(tmp_path / "没有这个文件.xlsx", "找不到文件", "没有这个文件.xlsx")


def test_a_file_that_cannot_be_opened_for_reading(cli, monkeypatch, tmp_path: Path) -> None:
    # No read permission, or held exclusively by another program: not an internal error.
    path = tmp_path / "盘江镇2024.xlsx"
    path.write_bytes(EXAMPLE.read_bytes())
    real_open = Path.open

    def locked(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    code, out, err = cli("check", path)
    assert (code, out) == (2, "") and err.startswith("无法继续：无法读取 盘江镇2024.xlsx") and "读取权限" in err, err


def test_a_directory(refused, tmp_path: Path) -> None:
    folder = tmp_path / "报表.xlsx"
    folder.mkdir()
    refused(folder, "是文件夹")


@pytest.mark.parametrize(("name", "data", "words"), [
    ("empty.xlsx", b"", ("空文件", "0 字节")),
    ("noise.xlsx", bytes(range(256)) * 8, ("不是 Excel 工作簿",)),
    ("table.xlsx", "单位名称,盘江镇\n报告年度,2024\n".encode(), ("不是 Excel 工作簿", "CSV")),
    ("gbk.xlsx", "单位名称,盘江镇\n".encode("gbk"), ("不是 Excel 工作簿",)),
    ("old.xls", OLE + bytes(4096), ("旧版 Excel（.xls）", "另存为", "*.xlsx")),
    ("wps.et", OLE + bytes(4096), ("WPS 表格（.et）", "另存为", "*.xlsx")),
    ("renamed.xlsx", OLE + bytes(4096), ("旧版 Excel（.xls）", "另存为")),
    ("locked.xlsx", OLE + bytes(512) + "EncryptionInfo\0EncryptedPackage".encode("utf-16-le"),
     ("打开密码", "清除密码")),
    ("letter.xlsx", OLE + bytes(512) + "WordDocument".encode("utf-16-le"), ("Word 文档",)),
    ("export.xls", b"<html><table><tr><td>1</td></tr></table></html>", ("网页", "另存为")),
    ("scan.xlsx", b"%PDF-1.7\n" + bytes(100), ("PDF",)),
    ("half.xlsx", EXAMPLE.read_bytes()[: EXAMPLE.stat().st_size // 2], ("已损坏",)),
])
def test_files_that_are_not_workbooks(refused, tmp_path: Path, name: str, data: bytes,
                                      words: tuple[str, ...]) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    refused(path, *words)


def test_a_word_document_renamed(refused, tmp_path: Path) -> None:
    path = tmp_path / "报告.xlsx"
    Document().save(str(path))
    refused(path, "Word 文档")


def test_a_zip_that_is_not_a_workbook(refused, tmp_path: Path) -> None:
    path = tmp_path / "附件.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    refused(path, "不是 Excel 工作簿")


def test_a_workbook_part_that_is_corrupted(refused, tmp_path: Path) -> None:
    path = tmp_path / "crc.xlsx"
    rezip(path)
    data = bytearray(path.read_bytes())
    # Flip bytes inside the first part's compressed data: the CRC no longer matches.
    start = data.index(b"docProps/app.xml") + len("docProps/app.xml")
    data[start + 10:start + 20] = bytes(10)
    path.write_bytes(bytes(data))
    refused(path, "损坏")


# --- workbooks that are not (or no longer) our template ---------------------------------------------

def _changed(tmp_path: Path, change: Callable[[Workbook], None]) -> Path:
    wb = load_workbook(EXAMPLE)
    change(wb)
    wb.save(tmp_path / "changed.xlsx")
    return tmp_path / "changed.xlsx"


def test_an_unrelated_workbook(refused, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["单位", "收到申请"])
    wb.active.append(["盘江镇", 3])
    wb.save(tmp_path / "other.xlsx")
    refused(tmp_path / "other.xlsx", "不是用本工具的填报模板", "workbook_template.xlsx")


@pytest.mark.parametrize("version", ["GB2019-60号-v1", "GB2021-30号-v1", "GB2021-30号-v9", None])
def test_an_older_or_newer_template_version(refused, tmp_path: Path, version: str | None) -> None:
    def change(wb: Workbook) -> None:
        wb[VERSION.place.sheet][VERSION.place.coordinate] = version

    err = refused(_changed(tmp_path, change), "模板版本", TEMPLATE_VERSION, "重新下载")
    assert str(version) in err


def _delete_row_as_excel_does(wb: Workbook) -> None:
    """Excel deletes the row and turns every name pointing into it into #REF!."""
    row = TABLE_INPUTS["t3"][("new", "natural")].place.row
    wb["表三"].delete_rows(row)
    for dn in wb.defined_names.values():
        if dn.attr_text.startswith("'表三'") and dn.attr_text.endswith(f"${row}"):
            dn.attr_text = "'表三'!#REF!"


def _rename(wb: Workbook) -> None:
    wb["表三"].title = "表3"


def _delete_sheet(wb: Workbook) -> None:
    del wb["表四"]


def _name_to_range(wb: Workbook) -> None:
    wb.defined_names["t3_new_natural"].attr_text = "'表三'!$D$5:$E$6"


def _merge_over_input(wb: Workbook) -> None:
    wb["表二"].merge_cells(f"{TABLE_INPUTS['t2'][('rules', 'issued')].place.coordinate}:D20")


@pytest.mark.parametrize(("change", "words"), [
    (_delete_row_as_excel_does, ("结构被改动", "表三!D5", "重新下载")),
    (_rename, ("结构被改动", "表三!", "不要插入或删除")),
    (_delete_sheet, ("结构被改动", "表四!")),
    (_name_to_range, ("结构被改动", "表三!D5")),
    (_merge_over_input, ("被合并", "表二!B4", "取消合并")),
])
def test_a_template_whose_structure_was_changed(refused, tmp_path: Path, change, words) -> None:
    refused(_changed(tmp_path, change), *words)


# --- hostile files: refused before openpyxl parses anything, in bounded time and memory -------------

def _bounded(refused, path: Path, *words: str, megabytes: int = 40) -> None:
    tracemalloc.start()
    try:
        refused(path, *words, seconds=30)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < megabytes * 1024 * 1024, f"peak {peak // 1024 // 1024} MB"


def test_a_zip_bomb(refused, tmp_path: Path) -> None:
    path = rezip(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/media/image1.png", "w") as f:
        for _ in range(200):  # 200 MB of zeros, about 200 KB packed
            f.write(bytes(1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    _bounded(refused, path, "异常庞大", "新的模板")


def test_a_part_compressed_far_beyond_any_real_workbook(refused, tmp_path: Path) -> None:
    path = rezip(tmp_path / "ratio.xlsx", add={"xl/media/image1.png": bytes(20 * 1024 * 1024)})
    _bounded(refused, path, "异常庞大")


def test_total_uncompressed_size_is_capped(refused, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 64 * 1024)  # the example is about 140 KB
    refused(rezip(tmp_path / "big.xlsx"), "异常庞大")


def test_file_size_is_capped(refused, tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(safety.MAX_FILE_BYTES))
    refused(path, "MB", "远大于正常填报表")


def test_entry_count_is_capped(refused, tmp_path: Path) -> None:
    extra = {f"customXml/item{i}.xml": b"<a/>" for i in range(safety.MAX_ENTRIES)}
    refused(rezip(tmp_path / "many.xlsx", add=extra), "内部部件")


def _sheets_xml(count: int) -> bytes:
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, count + 1))
    return (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + sheets.encode() + b"</sheets></workbook>")


def test_thousands_of_sheets_as_parts(refused, tmp_path: Path) -> None:
    parts = {f"xl/worksheets/sheet{i}.xml": b"<worksheet/>" for i in range(8, 3000)}
    refused(rezip(tmp_path / "sheets.xlsx", add=parts), "内部部件")


def test_thousands_of_sheets_in_the_workbook(refused, tmp_path: Path) -> None:
    path = rezip(tmp_path / "sheets.xlsx", replace={"xl/workbook.xml": _sheets_xml(5000)})
    _bounded(refused, path, "工作表", "workbook_template.xlsx")


def _sheet_xml(rows: int, cells_per_row: int = 1) -> bytes:
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    body = b"".join(b'<row r="%d">' % r + b'<c t="n"><v>1</v></c>' * cells_per_row + b"</row>"
                    for r in range(1, rows + 1))
    return head + body + b"</sheetData></worksheet>"


def test_a_million_used_rows(refused, tmp_path: Path) -> None:
    path = rezip(tmp_path / "rows.xlsx", replace={sheet_part("表三"): _sheet_xml(1_000_000)})
    _bounded(refused, path, "拒绝打开", "新的模板", megabytes=120)  # the test itself holds the XML


def test_row_count_is_capped_below_the_size_caps(refused, tmp_path: Path) -> None:
    xml = _sheet_xml(safety.MAX_SHEET_ROWS + 1)
    assert len(xml) < safety.MAX_SHEET_BYTES
    path = rezip(tmp_path / "rows.xlsx", replace={sheet_part("表三"): xml})
    refused(path, f"{safety.MAX_SHEET_ROWS} 行以上", sheet_part("表三"))


def test_cell_count_is_capped(refused, tmp_path: Path) -> None:
    xml = _sheet_xml(1, safety.MAX_SHEET_CELLS + 1)
    path = rezip(tmp_path / "cells.xlsx", replace={sheet_part("表二"): xml})
    refused(path, "单元格以上")


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            b'uniqueCount="1"><si><t>&lol9;</t></si></sst>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
       b'uniqueCount="1"><si><t>&xxe;</t></si></sst>')
_SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
             b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def _with_shared_strings(path: Path, sst: bytes) -> Path:
    """The example with a sharedStrings part that openpyxl will parse (declared in the manifest)
    and that the reader must parse too: the unit's name (基本信息!B2) is its first string."""
    types = zipfile.ZipFile(EXAMPLE).read("[Content_Types].xml").replace(b"</Types>", _SST_TYPE + b"</Types>")
    name = sheet_part("基本信息")
    sheet = re.sub(rb'<c r="B2"([^>]*?) t="inlineStr"><is>.*?</is></c>', rb'<c r="B2"\1 t="s"><v>0</v></c>',
                   zipfile.ZipFile(EXAMPLE).read(name), count=1)
    assert b'<v>0</v>' in sheet
    return rezip(path, replace={"[Content_Types].xml": types, name: sheet}, add={"xl/sharedStrings.xml": sst})


@pytest.mark.parametrize("sst", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused_before_parsing(refused, tmp_path: Path, sst: bytes) -> None:
    _bounded(refused, _with_shared_strings(tmp_path / "entities.xlsx", sst), "实体声明", "恶意")


def test_defusedxml_is_what_openpyxl_parses_with() -> None:
    assert openpyxl.xml.DEFUSEDXML
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")


@pytest.mark.parametrize("sst", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_the_reader_refuses_entities_even_past_our_scan(refused, monkeypatch, tmp_path: Path,
                                                        sst: bytes) -> None:
    """The second line of defence: with the scan switched off, the reader refuses the part's DTD
    instead of expanding its entities or reading /etc/passwd."""
    monkeypatch.setattr(safety, "_DTD", safety.re.compile(rb"(?!x)x"))
    err = refused(_with_shared_strings(tmp_path / "entities.xlsx", sst), "无法作为 Excel 工作簿读取",
                  "DTD", seconds=30)
    assert "root:" not in err


def test_without_defusedxml_nothing_is_opened(refused, monkeypatch) -> None:
    """openpyxl opens the workbook again to annotate it, safely only with defusedxml."""
    find_spec = safety.importlib.util.find_spec
    monkeypatch.setattr(safety.importlib.util, "find_spec",
                        lambda name, *a: None if name == "defusedxml" else find_spec(name, *a))
    refused(EXAMPLE, "defusedxml")
