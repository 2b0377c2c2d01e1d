"""The filled workbook prints as staff need it: LibreOffice prints the example, every table page
carries its headers, and the 校验 sheet opens with its verdict."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .helpers import EXAMPLE


def _pages(workbook: Path, folder: Path) -> list[str]:
    assert shutil.which("soffice") and shutil.which("pdftotext"), "LibreOffice and poppler-utils are required"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    pdf = folder / f"{workbook.stem}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


def test_the_printed_workbook(tmp_path: Path) -> None:
    pages = _pages(EXAMPLE, tmp_path)
    table3 = [p for p in pages if "三、收到和处理政府信息公开申请情况" in p]
    assert len(table3) >= 2  # 表三 is longer than one landscape page …
    for page in table3:  # … and its title and column headers are on every page
        assert "申请人情况" in page and "法人或其他组织" in page
    # Every column fits across one page: the last column's header is on the first page.
    assert "总计" in table3[0].split("一、本年新收")[0]
    check = next(p for p in pages if "规则" in p and "左边合计" in p)
    assert check.lstrip().startswith("本表检查：全部通过")
    unit = next(p for p in pages if "填写内容" in p and "填报人" in p)
    assert "本表检查：全部通过" in unit  # also under the fields on 基本信息
