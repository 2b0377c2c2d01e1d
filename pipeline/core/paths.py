"""Where the project's own files are, named once for every module, test and benchmark."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORD_TEMPLATE = ROOT / "templates" / "report.docx"
WORKBOOK_TEMPLATE = ROOT / "workbook_template.xlsx"
FONTS_CONF = ROOT / "fonts" / "fonts.conf"
README = ROOT / "README.md"
OUT = ROOT / "out"  # where reports go when no output is named
