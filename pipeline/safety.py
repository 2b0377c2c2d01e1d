"""The gate in front of openpyxl: is this a workbook we can open safely at all?

Workbooks arrive by email from dozens of offices. Before any XML is parsed we look at the file's
bytes and its zip directory, so a wrong format gets advice instead of a stack trace and a hostile
file (zip bomb, huge sheet) is refused in bounded time and memory. Python's zipfile does not cap
decompressed size, and openpyxl guards against entity expansion only when defusedxml is installed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl.xml

from pipeline.errors import CannotRun

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled template is ~40 KB
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200  # real xlsx parts compress 5–20×; bombs compress thousands of times
MAX_ENTRIES = 500
MAX_SHEET_BYTES = 20 * 1024 * 1024  # a sheet with a million used rows is far larger

SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开，选择“文件 → 另存为”，保存类型选“Excel 工作簿(*.xlsx)”，再重新提交。"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, .doc and encrypted .xlsx all start so


def _refuse_by_content(path: Path, head: bytes) -> None:
    name = path.name
    if head.startswith(_OLE):
        if path.suffix.lower() in (".xls", ".et", ".ett"):
            raise CannotRun(f"{name} 是旧版 Excel（.xls）或 WPS 表格（.et）格式，无法读取。{SAVE_AS_XLSX}")
        raise CannotRun(f"{name} 已加密（设置了打开密码）或是旧版 Office 格式，无法读取。"
                        f"请在 Excel 或 WPS 中取消打开密码（文件 → 信息 → 保护工作簿），{SAVE_AS_XLSX}")
    if head.startswith(b"%PDF"):
        raise CannotRun(f"{name} 是 PDF 文件，不是 Excel 工作簿。请提交填好的 .xlsx 工作簿。")
    raise CannotRun(f"{name} 不是 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件（如 CSV、文本）。"
                    f"请用本模板 workbook_template.xlsx 填报后提交。")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
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


def check_file(path: Path) -> None:
    """Raise CannotRun with advice unless ``path`` looks like a workbook that is safe to parse."""
    if not openpyxl.xml.DEFUSEDXML:
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
    with path.open("rb") as f:
        head = f.read(8)
    if not head.startswith(b"PK"):
        _refuse_by_content(path, head)
    _check_zip(path)
