"""PDF and copied text read back exactly; the real 盘江镇 text reads to the example workbook's numbers;
a scan, a 2019-format report and a file that is not a report are each refused in their own words."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.core.fatal import CannotRun
from pipeline.importing.read import import_report
from pipeline.reading.reader import read
from pipeline.report import pdf
from tests.importing.rendered import copied_text, render_all, varied
from tests.importing.test_roundtrip import same

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "盘江镇2024年政府信息公开工作年度报告.txt"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    return render_all(varied(40), tmp_path_factory.mktemp("rendered"))


def test_text_copied_from_the_page_reads_back(rendered, tmp_path) -> None:
    for i, (report, _, page, _) in enumerate(rendered):
        for one_per_line in (False, True):
            path = tmp_path / f"{i}-{one_per_line}.txt"
            path.write_text(copied_text(page, one_per_line), encoding="utf-8")
            imported, _ = import_report(path)
            assert same(report, imported) == [], (path.name, same(report, imported))


def test_pdf_from_libreoffice_reads_back(rendered, tmp_path) -> None:
    if not pdf.available():
        pytest.fail("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    picked = rendered[:5]  # five kinds of unit: sentences on and off, a 落款, several paragraphs
    docx = []
    for i, (_, path, _, _) in enumerate(picked):
        docx.append(tmp_path / f"{i}.docx")
        shutil.copy(path, docx[-1])
    made = pdf.convert_many(docx, tmp_path)
    for (report, *_), path in zip(picked, made, strict=True):
        imported, note = import_report(path)
        assert same(report, imported) == [], (path.name, note.lines())


def test_the_published_panjiang_text_reads_as_the_example_workbook() -> None:
    """The real report, copied from its page (tables tab-separated, spaces and half-width commas as
    published): the same numbers as the example workbook typed from it, every part of the text."""
    imported, note = import_report(SEED)
    example, _ = read(ROOT / "examples" / "盘江镇2024.xlsx")
    assert (imported.unit_name, imported.year) == ("盘江镇", 2024)
    assert note.complete and [m.part for m in note.missing] == []
    for key in example.tables:
        assert dict(imported.tables[key].values) == dict(example.tables[key].values)
    for key, paragraphs in example.texts.items():
        # The copy broke one paragraph of 五 in two (“四是健” / “全完善”); the example joined it.
        assert "".join(imported.texts[key]) == "".join(paragraphs), key


def test_a_scanned_pdf_is_refused(tmp_path) -> None:
    from PIL import Image

    scan = tmp_path / "扫描件.pdf"
    Image.new("RGB", (595, 842), "white").save(scan)
    with pytest.raises(CannotRun, match="扫描件"):
        import_report(scan)


def test_a_2019_format_report_is_refused(tmp_path) -> None:
    trial = tmp_path / "2019.txt"
    trial.write_text("某区人民政府办公室2019年政府信息公开工作年度报告\n一、总体情况\n文字。\n二、主动公开政府信息情况\n"
                     "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t13\t13\t524\n", encoding="utf-8")
    with pytest.raises(CannotRun, match="试行格式"):
        import_report(trial)
    # Named 2021 or later but printed with the trial format's table 二: refused too.
    trial.write_text(trial.read_text(encoding="utf-8").replace("2019", "2021"), encoding="utf-8")
    with pytest.raises(CannotRun, match="本年新制作数量"):
        import_report(trial)


def test_a_file_that_is_not_a_report_is_refused(tmp_path) -> None:
    other = tmp_path / "通知.txt"
    other.write_text("关于开展2024年度政务公开工作考核的通知\n各乡镇、各部门：\n现将有关事项通知如下。\n",
                     encoding="utf-8")
    with pytest.raises(CannotRun, match="不是政府信息公开工作年度报告"):
        import_report(other)
    title_only = tmp_path / "标题.txt"
    title_only.write_text("某镇2024年政府信息公开工作年度报告\n正文见附件。\n", encoding="utf-8")
    with pytest.raises(CannotRun, match="不是按国办公开办函"):
        import_report(title_only)


def test_a_page_printed_to_pdf_by_a_browser_reads_back(rendered, tmp_path) -> None:
    """A page saved as PDF from the browser: its fonts map 人 to the radical ⼈ and 民 to ⺠, its tables
    are drawn with CSS borders. Every cell and every character read back."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is needed: apt-get install chromium"
    for i, (report, _, page, _) in enumerate(rendered[:2]):
        printed = tmp_path / f"{i}.pdf"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={printed}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        imported, note = import_report(printed)
        assert same(report, imported) == [], note.lines()


def test_a_pdf_with_a_line_of_text_is_not_taken_for_a_scan(tmp_path) -> None:
    """Little text and no picture: not a scan but simply not a report, and said so."""
    stream = b"BT /F1 12 Tf 72 100 Td (Hello Upload Test) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
    pdf_bytes = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n%s\nendobj\n" % (i, o) for i, o in enumerate(objects, 1))
    pdf_bytes += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    hello = tmp_path / "hello.pdf"
    hello.write_bytes(pdf_bytes)
    with pytest.raises(CannotRun, match="不是政府信息公开工作年度报告"):
        import_report(hello)
