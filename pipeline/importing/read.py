"""``import_report``: a published report file → a ``Report`` and its import note, by the file's kind."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.model import Report
from pipeline.importing.assemble import assemble
from pipeline.importing.note import ImportNote
from pipeline.importing.source import Doc

#: The kinds of published report ``import`` reads, by suffix.
SUFFIXES = (".docx", ".html", ".htm", ".pdf", ".txt")


def is_published(path: Path) -> bool:
    """Whether ``path`` is a published report (by its suffix), not a workbook."""
    return path.suffix.lower() in SUFFIXES


def find_published(folder: Path) -> list[Path]:
    """Every published report under ``folder`` (sub-folders too), in a stable order."""
    return sorted(p for p in folder.rglob("*")
                  if is_published(p) and p.is_file() and not p.name.startswith((".", "~$")))


def read_document(path: Path) -> Doc:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CannotRun(f"找不到文件 {path}。")
    if suffix == ".docx":
        from pipeline.importing.docx import read_docx

        return read_docx(path)
    if suffix in (".html", ".htm"):
        from pipeline.importing.html import read_html

        return read_html(path)
    if suffix == ".pdf":
        from pipeline.importing.pdf import read_pdf

        return read_pdf(path)
    if suffix == ".txt":
        from pipeline.importing.text import read_text

        return read_text(path)
    if suffix in (".doc", ".wps"):
        raise CannotRun(f"{path.name} 是旧版 Word/WPS 文件，请在 Word 或 WPS 中另存为 .docx 后再导入。")
    raise CannotRun(f"{path.name} 不是能导入的报告：只接受 Word（.docx）、网页（.html/.htm）、PDF 和文本（.txt）。")


def import_report(path: Path) -> tuple[Report, ImportNote]:
    """Read the published report at ``path`` (never written). Raises ``CannotRun`` when it is not a
    report in the 2021 format; what is missing or unreadable is in the note."""
    return assemble(read_document(path), path.name)
