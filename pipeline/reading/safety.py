"""The gate in front of the reader and of openpyxl: is this a workbook we can open safely at all?

Workbooks arrive by email from dozens of offices. Before any XML is parsed we look at the file's
bytes and its zip directory, so a wrong format gets advice instead of a stack trace and a hostile
file (zip bomb, huge sheet) is refused in bounded time and memory. Python's zipfile does not cap
decompressed size, and openpyxl guards against entity expansion only when defusedxml is installed.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

from pipeline.core.fatal import CannotRun

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled template is ~40 KB
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200  # real xlsx parts compress 5–20×; bombs compress thousands of times
MAX_ENTRIES = 500
MAX_SHEET_BYTES = 20 * 1024 * 1024  # a sheet with a million used rows is far larger
MAX_SHEETS = 50  # the template has 7
#: openpyxl holds every cell in memory: a sheet formatted down to row 1048576 must not reach it.
#: The template uses about 30 rows and 300 cells a sheet; these leave room for anything staff add.
MAX_SHEET_ROWS = 10_000
MAX_SHEET_CELLS = 200_000
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any token searched for, so a token split across two chunks is still seen
# Tokens are matched with any namespace prefix (<x:row …>): a generator may write them so.
_ROW = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet[\s/>]")
# Office never writes a DTD into an OOXML part; one is there only to declare entities
# (billion laughs, external entities). defusedxml would refuse them too; this says why, earlier.
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")

SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开，选择“文件 → 另存为”，保存类型选“Excel 工作簿(*.xlsx)”，再重新提交。"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, .doc and encrypted .xlsx all start so


class TooManyRows(CannotRun):
    """A sheet with more than MAX_SHEET_ROWS rows: a roster says so in its own words."""


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _refuse_ole(path: Path) -> None:
    """An OLE compound file: an encrypted .xlsx, an old .xls/.et, or a .doc. Its directory names
    its streams in UTF-16, which tells them apart (the file is at most MAX_FILE_BYTES)."""
    name, data = path.name, path.read_bytes()
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise CannotRun(f"{name} 设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，"
                        f"在“文件 → 信息 → 保护工作簿”（WPS：“文件 → 文档加密”）中清除密码后保存，再重新提交。")
    if _utf16("WordDocument") in data:
        raise CannotRun(f"{name} 是 Word 文档，不是 Excel 工作簿。请提交填好的 .xlsx 工作簿。")
    kind = "WPS 表格（.et）" if path.suffix.lower() in (".et", ".ett") else "旧版 Excel（.xls）"
    raise CannotRun(f"{name} 是{kind}格式，本工具只能读取 .xlsx。{SAVE_AS_XLSX}")


def _refuse_by_content(path: Path, head: bytes) -> None:
    name = path.name
    if head.startswith(OLE):
        _refuse_ole(path)
    if head.startswith(b"%PDF"):
        raise CannotRun(f"{name} 是 PDF 文件，不是 Excel 工作簿。请提交填好的 .xlsx 工作簿。")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        # Many office systems export "xls" files that are really HTML or Excel 2003 XML.
        raise CannotRun(f"{name} 是网页（HTML）或 XML 格式的表格，只是扩展名为 Excel。{SAVE_AS_XLSX}")
    raise CannotRun(f"{name} 不是 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件（如 CSV、文本）。"
                    f"请用本模板 workbook_template.xlsx 填报后提交。")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except Exception as exc:  # BadZipFile, OSError, ValueError…: a damaged directory, same advice
        raise CannotRun(f"{path.name} 文件已损坏，无法作为 Excel 工作簿打开（{exc}）。"
                        f"请从原始文件重新保存或重新发送。") from exc
    if "word/document.xml" in names:
        raise CannotRun(f"{path.name} 是 Word 文档，不是 Excel 工作簿。请提交填好的 .xlsx 工作簿。")
    if "xl/workbook.xml" not in names:
        raise CannotRun(f"{path.name} 不是 Excel 工作簿（缺少工作簿内容）。请用本模板 workbook_template.xlsx 填报。")
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ENTRIES:
        raise CannotRun(f"{path.name} 含有 {len(infos)} 个内部部件，远超正常填报表，拒绝打开。"
                        f"请把数据复制到新的模板中再提交。")
    packed = sum(i.compress_size for i in infos)
    biggest_sheet = max((i.file_size for i in infos if i.filename.startswith("xl/worksheets/")),
                        default=0)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(packed, 1) or biggest_sheet > MAX_SHEET_BYTES:
        raise CannotRun(f"{path.name} 解压后异常庞大（{total // 1024 // 1024} MB），可能含有大量空行或已损坏，"
                        f"拒绝打开。请把数据复制到新的模板中再提交。")
    _scan_parts(path)


def _count(z: zipfile.ZipFile, info: zipfile.ZipInfo, patterns: dict[str, re.Pattern[bytes]],
           limits: dict[str, int]) -> dict[str, int]:
    """Stream one part, counting tokens; stop as soon as a count passes its limit.

    Memory stays at about one chunk; time is bounded by the declared uncompressed size, which
    zipfile enforces while reading (a part that inflates beyond it fails its CRC check).
    """
    counts = dict.fromkeys(patterns, 0)
    tail = b""
    with z.open(info) as part:
        while chunk := part.read(_CHUNK):
            window = tail + chunk
            for key, pattern in patterns.items():
                # Tokens ending inside the tail were counted with the previous chunk.
                if tail:
                    counts[key] += sum(1 for m in pattern.finditer(window) if m.end() > len(tail))
                else:  # the first chunk, and with small parts the only one
                    counts[key] += len(pattern.findall(window))
            if any(counts[k] > limits[k] for k in limits):
                break
            tail = window[-_OVERLAP:]
    return counts


def _scan_parts(path: Path) -> None:
    """Look inside every XML part before openpyxl does: no DTDs, and no sheet too big to hold."""
    name = path.name
    hostile = (f"{name} 的内部 XML 含有实体声明（DOCTYPE/ENTITY）。Excel 和 WPS 从不写入这种内容，"
               f"文件可能是被恶意构造的，拒绝打开。请用 Excel 或 WPS 另存为新的 .xlsx 后再提交。")
    too_big = (f"{name} 中有工作表（内部部件 {{part}}）含有 {{n}}以上，远超填报表的规模（可能整列被填充或设了格式），"
               f"拒绝打开。请把数据“选择性粘贴 → 数值”到新的模板中再提交。")
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                patterns = {"dtd": _DTD}
                limits = {"dtd": 0}
                if info.filename.startswith("xl/worksheets/") and "/_rels/" not in info.filename:
                    patterns |= {"rows": _ROW, "cells": _CELL}
                    limits |= {"rows": MAX_SHEET_ROWS, "cells": MAX_SHEET_CELLS}
                elif info.filename == "xl/workbook.xml":
                    patterns["sheets"] = _SHEET
                    limits["sheets"] = MAX_SHEETS
                counts = _count(z, info, patterns, limits)
                if counts["dtd"]:
                    raise CannotRun(hostile)
                if counts.get("sheets", 0) > MAX_SHEETS:
                    raise CannotRun(f"{name} 含有 {MAX_SHEETS} 个以上工作表（填报模板只有 7 个），拒绝打开。"
                                    f"请用 workbook_template.xlsx 填报后提交。")
                if counts.get("rows", 0) > MAX_SHEET_ROWS:
                    raise TooManyRows(too_big.format(part=info.filename, n=f"{MAX_SHEET_ROWS} 行"))
                if counts.get("cells", 0) > MAX_SHEET_CELLS:
                    raise CannotRun(too_big.format(part=info.filename, n=f"{MAX_SHEET_CELLS} 个单元格"))
    except CannotRun:
        raise
    except Exception as exc:
        # Whatever zipfile or zlib raise on damaged data (BadZipFile on a CRC mismatch, zlib.error on
        # a broken stream, NotImplementedError on an unknown compression): all mean the same to staff.
        raise CannotRun(f"{name} 文件已损坏，无法作为 Excel 工作簿打开（{exc}）。"
                        f"请从原始文件重新保存或重新发送。") from exc


def check_file(path: Path) -> None:
    """Raise CannotRun with advice unless ``path`` looks like a workbook that is safe to parse."""
    # The reader refuses DTDs itself; openpyxl, which opens the workbook again to write an annotated
    # copy, guards against entity expansion only when defusedxml is installed.
    if importlib.util.find_spec("defusedxml") is None:
        raise CannotRun("缺少 defusedxml 组件，出于安全原因拒绝读取工作簿。请重新安装本工具（make report）。")
    if not path.exists():
        raise CannotRun(f"找不到文件：{path}。请检查路径和文件名。")
    if path.is_dir():
        raise CannotRun(f"{path} 是文件夹，不是工作簿文件。请指定 .xlsx 文件。")
    size = path.stat().st_size
    if size == 0:
        raise CannotRun(f"{path.name} 是空文件（0 字节），可能保存或传输失败。请重新保存后提交。")
    if size > MAX_FILE_BYTES:
        raise CannotRun(f"{path.name} 有 {size // 1024 // 1024} MB，远大于正常填报表，拒绝打开。"
                        f"请把数据复制到新的模板中再提交。")
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError as exc:  # no permission, or locked by another program (Windows, network shares)
        raise CannotRun(f"无法读取 {path.name}（{exc.strerror or exc}）：没有读取权限，或文件正被其他程序独占打开。"
                        f"请关闭占用它的程序，或把文件复制到本机文件夹后再试。") from exc
    if not head.startswith(b"PK"):
        _refuse_by_content(path, head)
    _check_zip(path)
