"""The example roster ``examples/名单示例.xlsx``: five units of one county, with their 单位类别 (so
their deadlines follow 条例第四十九条) and 上级单位. ``make serve`` starts the web page with it.

``python -m tests.roster_example OUT.xlsx`` writes it with the roster's own writer
(``roster.write_roster_template``: every text a text cell, never a formula); ``make example`` runs it,
and ``tests/test_roster.py`` checks that the bundled file is what this gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.format.official import UnitKind
from pipeline.units.roster import RosterEntry, write_roster_template

EXAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "examples" / "名单示例.xlsx"
COUNTY = "某某县人民政府"
ENTRIES = (
    RosterEntry("盘江镇", UnitKind.TOWNSHIP, COUNTY),
    RosterEntry("某某县教育局", UnitKind.COUNTY_DEPT, COUNTY),
    RosterEntry("某某县财政局", UnitKind.COUNTY_DEPT, COUNTY),
    RosterEntry("某某县卫生健康委员会", UnitKind.COUNTY_DEPT, COUNTY),
    RosterEntry("某某街道办事处", UnitKind.TOWNSHIP, COUNTY),
)


def write_example_roster(path: Path) -> None:
    write_roster_template(path, force=True, entries=ENTRIES)  # force: regenerates the bundled file


if __name__ == "__main__":
    write_example_roster(Path(sys.argv[1]))
