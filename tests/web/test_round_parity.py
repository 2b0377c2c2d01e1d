"""One round, two doors: the same workbooks through ``batch`` and through the web app give the same
county documents — 报送情况表, 问题清单 and 汇总 cell by cell, the 审核情况通报 and every 退回通知
paragraph by paragraph.

Six units on a roster with a 上级单位 (the 落款 of both): one with warnings, one clean, one with a
wrong number, one that sent last year's workbook, one whose file cannot be read, one that sent
nothing. Each file reaches the web at the time its copy in the batch's folder says it was received.
(Another unit's workbook is left out: in a folder a workbook is its own unit's — there is no link
to tell whose it was — while on the web it is the W1 of the link it came through.)
"""

from __future__ import annotations

import os
from datetime import datetime, time
from pathlib import Path

from pipeline.core.paths import WORD_TEMPLATE
from pipeline.format.layout import CONTACT_INPUTS
from pipeline.units.batch import run_batch
from pipeline.web.serve import prepare
from tests.helpers import EXAMPLE, edit_workbook

from .conftest import DEADLINE, TODAY, YEAR, Unit, csrf_from, renamed_example, sign_in, token_of
from .documents import cells, paragraphs
from .test_round import PARENT, _app, _roster_with_parent

COUNTY = "某某县人民政府"
UNITS = ["盘江镇", "某某县教育局", "某某县财政局", "某某县民政局", "某某县水务局", "某某县卫健局"]


def _files(tmp_path: Path) -> dict[str, bytes]:
    """What each unit sent, by the file's name."""
    wrong = edit_workbook(EXAMPLE, tmp_path / "wrong.xlsx", {"表三!D5": 1})
    last_year = edit_workbook(EXAMPLE, tmp_path / "2023.xlsx", {"基本信息!B3": 2023})
    filler, phone = CONTACT_INPUTS["filler"].place.address, CONTACT_INPUTS["phone"].place.address  # where they are now
    contact = edit_workbook(EXAMPLE, tmp_path / "contact.xlsx", {filler: "李四", phone: "13800000000"})
    return {"盘江镇.xlsx": contact.read_bytes(),
            "某某县教育局.xlsx": renamed_example("某某县教育局", clean=True),
            "某某县财政局.xlsx": renamed_example("某某县财政局", wrong),
            "某某县民政局.xlsx": renamed_example("某某县民政局", last_year),
            "某某县水务局.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512}


def test_batch_and_the_web_give_the_same_county_documents(tmp_path: Path) -> None:
    roster = _roster_with_parent(tmp_path / "名单.xlsx", UNITS)
    files = _files(tmp_path)
    when = datetime.combine(TODAY, time(10, 30))

    folder = tmp_path / "units"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (when.timestamp(), when.timestamp()))  # received when the web got it
    out = tmp_path / "out"
    done = run_batch(folder, out, WORD_TEMPLATE, roster=roster, deadline=DEADLINE, today=TODAY, year=YEAR,
                     aggregate=COUNTY)
    assert done.aggregate is not None

    prepared = prepare(tmp_path / "data", roster, YEAR, DEADLINE, "http://county.example:8000", TODAY)
    try:
        client = _app(prepared).test_client()
        for name, data in files.items():
            Unit(client, token_of(prepared, Path(name).stem)).upload(data, name)
        sign_in(client, prepared)
        csrf = csrf_from(client.get("/county").get_data(as_text=True))
        summed = client.post("/county/aggregate", data={"csrf": csrf, "unit": COUNTY, "kind": "县级人民政府"})
        web = {"报送情况表.xlsx": client.get("/county/报送情况表.xlsx").data,
               "问题清单.xlsx": client.get("/county/问题清单.xlsx").data, "汇总": summed.data,
               "通报": client.post("/county/bulletin", data={"csrf": csrf, "office": ""}).data}
        notices = {}
        for unit in prepared.store.units():
            subs = prepared.store.submissions(unit.id)
            if subs and (subs[0].errors or subs[0].warnings or not subs[0].readable):
                notices[subs[0].file_name] = client.get(f"/county/s/{subs[0].id}/退回通知.docx").data
    finally:
        prepared.lock.release()

    for name in ("报送情况表.xlsx", "问题清单.xlsx"):
        assert cells(web[name]) == cells((out / name).read_bytes()), name
    table = cells(web["报送情况表.xlsx"])["报送情况"]
    assert [r[6] for r in table[3:]] == ["按时", "按时", "按时", "未报送", "未报送", "未报送"]
    assert table[3][8] == "李四 13800000000", "the contact from the workbook, through both doors"
    assert cells(web["汇总"]) == cells(done.aggregate.read_bytes())
    bulletin = paragraphs((out / "审核情况通报.docx").read_bytes())
    assert paragraphs(web["通报"]) == bulletin and any(PARENT in p for p in bulletin)
    assert any("应报送 6 个单位，已报送 3 个" in p for p in bulletin)
    by_file = {p.name.removesuffix("_退回通知.docx"): p for p in done.notices}
    assert sorted(by_file) == sorted(Path(n).stem for n in notices) and len(notices) == 4  # the clean unit has none
    for name, data in notices.items():
        assert paragraphs(data) == paragraphs(by_file[Path(name).stem].read_bytes()), name
