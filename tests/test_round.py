"""The county's round through the ``batch`` door (``units.round``): what counts as a unit's
submission, one row a unit however many files it sent, the 落款 from the roster, the year judged
against the round, and documents in the words of paper."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import docx
from openpyxl import load_workbook

from pipeline.core.paths import WORD_TEMPLATE
from pipeline.core.problems import CODES, Problem
from pipeline.report.docx_text import places
from pipeline.units.aggregate import MEMBERS_SHEET
from pipeline.units.batch import BatchResult, run_batch
from pipeline.units.notices import DEFAULT_OFFICE
from pipeline.units.problem_list import PROBLEM_SHEET
from pipeline.units.roster import HEADERS, write_roster_template

from .helpers import EXAMPLE
from .synth import write_units

TODAY = date(2025, 2, 10)
PARENT = "红星县人民政府办公室"
NAMES = ["红星镇", "白云镇", "青山镇", "绿水镇", "红星县教育局", "红星县财政局"]

#: What no document on paper says: a command-line flag, the web command, a page's words, a fingerprint.
FLAG = re.compile(r"--[a-z]")
PAGE_WORDS = ("本页", "serve", "（serve）")
FINGERPRINT = re.compile(r"\b[0-9a-f]{64}\b")
#: A code of the catalogue standing alone (not a cell such as 表三!D1 or D1:F5).
BARE_CODE = re.compile(r"(?<![A-Za-z0-9!:])(" + "|".join(sorted(map(re.escape, CODES), key=len, reverse=True))
                       + r")(?![A-Za-z0-9:-])")


def paper_faults(text: str) -> list[str]:
    """What a document on paper must not say, found in ``text``."""
    found = [m.group(0) for m in FLAG.finditer(text)] + [w for w in PAGE_WORDS if w in text]
    found += [m.group(0) for m in FINGERPRINT.finditer(text)] + [m.group(0) for m in BARE_CODE.finditer(text)]
    return found


def docx_text(path: Path) -> str:
    return "\n".join(text for _, text in places(docx.Document(str(path))))


def xlsx_texts(path: Path, skip_code_column: bool = True, sheets: tuple[str, ...] = ()) -> list[str]:
    """Every text cell of every sheet, or of ``sheets`` (the 问题清单's 代码 column is the office's small
    column of codes)."""
    wb = load_workbook(path)
    out = []
    for ws in wb.worksheets:
        if sheets and ws.title not in sheets:
            continue
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows():
            for cell in row:
                if skip_code_column and ws.title == PROBLEM_SHEET and header[cell.column - 1] == "代码":
                    continue
                if isinstance(cell.value, str):
                    out.append(cell.value)
    return out


def write_roster(path: Path, names: list[str], parent: str = PARENT) -> Path:
    write_roster_template(path)
    wb = load_workbook(path)
    ws = wb["名单"]
    for name in names:
        row: list[object] = [None] * len(HEADERS)
        row[HEADERS.index("单位名称")], row[HEADERS.index("上级单位")] = name, parent or None
        ws.append(row)
    wb.save(path)
    return path


def _batch(tmp_path: Path, units: Path, **kwargs: object) -> BatchResult:
    roster = write_roster(tmp_path / "名单.xlsx", NAMES)
    return run_batch(units, tmp_path / "out", WORD_TEMPLATE, roster=roster, today=TODAY, **kwargs)  # type: ignore[arg-type]


def test_two_files_from_one_unit_are_one_unit_due_and_reported_once(tmp_path: Path) -> None:
    units = tmp_path / "units"
    write_units(units, ["红星镇", "白云镇"])
    shutil.copy(units / "红星镇.xlsx", units / "红星镇（修改后）.xlsx")
    done = _batch(tmp_path, units)
    text = docx_text(tmp_path / "out" / "审核情况通报.docx")
    assert "应报送 6 个单位，已报送 2 个" in text, text
    assert "（红星镇）" in text and "红星镇、红星镇" not in text
    assert [s.unit for s in done.submissions] == NAMES, "one row a unit of the roster, in its order"
    table = load_workbook(tmp_path / "out" / "报送情况表.xlsx")["报送情况"]
    assert [r[2] for r in table.iter_rows(min_row=4, values_only=True)] == NAMES


def test_a_file_of_another_year_is_shown_but_not_counted(tmp_path: Path) -> None:
    units = tmp_path / "units"
    write_units(units, ["红星镇", "白云镇"])
    write_units(units / "旧", ["青山镇"], year=2023)
    done = _batch(tmp_path, units)
    assert done.year == 2024
    green = next(s for s in done.submissions if s.unit == "青山镇")
    assert not green.submitted and "2023 年度" in getattr(green, "refused", "")
    text = docx_text(tmp_path / "out" / "审核情况通报.docx")
    assert "已报送 2 个" in text and "青山镇（收到的文件不计为报送）" in text
    rows = list(load_workbook(tmp_path / "out" / "问题清单.xlsx")[PROBLEM_SHEET].values)
    assert ("青山镇", "旧/青山镇.xlsx", "W2") in {(r[0], r[1], r[3]) for r in rows}
    assert not list((tmp_path / "out").glob("青山镇*.docx")) or all(
        "退回通知" in p.name for p in (tmp_path / "out").rglob("青山镇*.docx")), "no report of another year's file"


def test_the_bulletin_is_signed_by_the_rosters_parent_when_no_office_is_given(tmp_path: Path) -> None:
    units = tmp_path / "units"
    write_units(units, ["红星镇"])
    _batch(tmp_path, units)
    text = docx_text(tmp_path / "out" / "审核情况通报.docx")
    assert PARENT in text and DEFAULT_OFFICE not in text


def test_the_rounds_year_chosen_at_the_terminal_judges_every_workbook(tmp_path: Path) -> None:
    units = tmp_path / "units"
    write_units(units, ["红星镇", "白云镇"])
    write_units(units, ["青山镇"], year=2023)
    done = _batch(tmp_path, units, year=2023)
    assert done.year == 2023 and [s.unit for s in done.submissions if s.submitted] == ["青山镇"]


def test_no_document_of_the_round_speaks_the_command_line(tmp_path: Path) -> None:
    """The example has half-width commas (T-PUNCT, whose terminal advice names --fix-punctuation) and
    “本乡” (T7); a broken file, another year's and a missing unit complete the round."""
    units = tmp_path / "units"
    units.mkdir()
    shutil.copy(EXAMPLE, units / "盘江镇.xlsx")
    write_units(units, ["红星镇"], year=2023)
    (units / "白云镇.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 an old .xls renamed")
    roster = write_roster(tmp_path / "名单.xlsx", ["盘江镇", "红星镇", "白云镇", "青山镇"])
    done = run_batch(units, tmp_path / "out", WORD_TEMPLATE, roster=roster, today=TODAY, aggregate="某某县人民政府")
    out = tmp_path / "out"
    documents = [out / "审核情况通报.docx", *done.notices]
    assert len(done.notices) == 3 and done.aggregate is not None
    for path in documents:
        assert paper_faults(docx_text(path)) == [], path.name
    for path in (out / "问题清单.xlsx", out / "报送情况表.xlsx"):
        assert paper_faults("\n".join(xlsx_texts(path))) == [], path.name
    # The 汇总 is the standard workbook (its own instructions are the template's): the office's sheet of members.
    assert paper_faults("\n".join(xlsx_texts(done.aggregate, sheets=(MEMBERS_SHEET,)))) == []
    notice = docx_text(next(p for p in done.notices if "盘江镇" in p.name))
    assert "半角标点" in notice and "fix-punctuation" not in notice


def test_the_year_is_judged_against_the_round_so_no_advice_contradicts_it() -> None:
    from pipeline.units.round import Round, judge_year

    said = Problem("H8-YEAR", ("基本信息!B3",), "…即今年…上一年度的报告请填 2025。")
    chosen = Round(2026, chosen=True)
    assert judge_year([said], 2026, chosen) == [], "the county chose this year: “请填 2025” would contradict it"
    (w2,) = judge_year([said], 2025, chosen)
    assert w2.code == "W2" and "2026" in w2.message
    assert judge_year(judge_year([said], 2025, chosen), 2025, chosen) == [w2], "judging again changes nothing"
    guessed = Round(2026, chosen=False)
    assert judge_year([said], 2026, guessed) == [said], "a guessed year that is not over is still said"


def test_a_round_nobody_chose_takes_a_year_that_is_over() -> None:
    from pipeline.units.round import round_year

    assert round_year([2026, 2026, 2025], date(2026, 12, 7)) == 2025
    assert round_year([2026, 2026], date(2026, 12, 7)) == 2026
    assert round_year([None], date(2026, 12, 7)) is None


def test_every_catalogue_line_has_plain_words_for_paper() -> None:
    from pipeline.core.problems import Audience
    from pipeline.units.words import PLAIN, title

    for code in CODES:
        line = title(code, Audience.PAPER)
        assert not FLAG.search(line) and "serve" not in line and "退出码" not in line, (code, line)
    assert set(PLAIN) <= set(CODES)
    assert "--fix-punctuation" in title("T-PUNCT", Audience.TERMINAL)


def test_advice_for_one_reader_is_said_only_to_that_reader() -> None:
    from pipeline.core.problems import Audience

    p = Problem("T-PUNCT", (), "有半角标点。", advice=(("terminal", "加 --fix-punctuation。"),
                                                     ("browser", "请改正后重新上传。")))
    assert p.text(Audience.TERMINAL) == "有半角标点。加 --fix-punctuation。"
    assert p.text(Audience.BROWSER) == "有半角标点。请改正后重新上传。"
    assert p.text(Audience.PAPER) == "有半角标点。"
    assert p.as_dict()["advice"] == {"terminal": "加 --fix-punctuation。", "browser": "请改正后重新上传。"}


def test_batch_asks_for_the_signer_when_neither_office_nor_roster_gives_one(cli, tmp_path: Path) -> None:
    units = tmp_path / "units"
    write_units(units, ["红星镇"])
    _, printed, _ = cli("batch", units, "-o", tmp_path / "out")
    assert "请用 --office 指定发文单位" in printed
    roster = write_roster(tmp_path / "名单.xlsx", ["红星镇"])
    _, printed, _ = cli("batch", units, "-o", tmp_path / "out2", "--roster", roster)
    assert "请用 --office 指定发文单位" not in printed, "the roster's 上级单位 signs"
