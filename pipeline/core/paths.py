"""Where the project's own files are, named once for every module, test and benchmark."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORD_TEMPLATE = ROOT / "templates" / "report.docx"
WORKBOOK_TEMPLATE = ROOT / "workbook_template.xlsx"
FONTS_CONF = ROOT / "fonts" / "fonts.conf"
README = ROOT / "README.md"
OUT = ROOT / "out"  # where reports go when no output is named
#: The county's documents (退回通知, 审核情况通报): Word templates an office may edit.
RETURN_NOTICE_TEMPLATE = ROOT / "templates" / "return_notice.docx"
BULLETIN_TEMPLATE = ROOT / "templates" / "bulletin.docx"
