"""The import note: where each value came from, and everything that could not be read.

It goes on a sheet of the imported workbook (导入说明) and to the terminal, in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Missing:
    part: str  # 表三“（一）予以公开”行“自然人”列, or 正文“五、存在的主要问题及改进情况”
    why: str  # 单元格为空 …
    where: str = ""  # 第2个表格第5行第4列, 第37行
    required: bool = True  # a required part missing makes `import` exit 1
    address: str = ""  # the table cell left empty (表三!D7), for a table value
    row: str = ""  # the table row it belongs to (表三“（一）予以公开”行), for the terminal's grouping


@dataclass
class ImportNote:
    source: str  # the file's name
    kind: str  # Word 文档 …
    missing: list[Missing] = field(default_factory=list)
    #: (part, where it was read): every table value and text part that was read.
    read: list[tuple[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # what the reader decided (统计语句 recognised …)

    def lack(self, part: str, why: str, where: str = "", required: bool = True, address: str = "",
             row: str = "") -> None:
        self.missing.append(Missing(part, why, where, required, address, row))

    @property
    def unread_cells(self) -> list[str]:
        """The table cells left empty (表三!D7 …)."""
        return [m.address for m in self.missing if m.address]

    @property
    def complete(self) -> bool:
        return not any(m.required for m in self.missing)

    def lines(self) -> list[str]:
        """The note for the terminal: one line per thing not read, then the remarks."""
        out = [f"导入 {self.source}（{self.kind}）：读到 {len(self.read)} 项，"
               + (f"{len(self.missing)} 项未能读取，已留空：" if self.missing else "全部读取。")]
        out += [f"  - {line}" for line in _grouped(self.missing)]
        out += [f"说明：{r}" for r in self.remarks]
        return out


#: Beyond this many lines the terminal says how many more there are; the sheet lists them all.
TERMINAL_LINES = 30


def _grouped(missing: list[Missing]) -> list[str]:
    """One line per table row with cells missing for one reason (a row of blank cells is one line,
    not seven), one per other part; the terminal shows the shape, the sheet lists every cell."""
    lines: list[str] = []
    run: list[Missing] = []

    def close() -> None:
        if not run:
            return
        first = run[0]
        where = f"（{first.where}{'起' if len(run) > 1 else ''}）" if first.where else ""
        if len(run) == 1:
            lines.append(f"{first.part}：{first.why}{where}")
        else:
            cells = "、".join(m.address.split("!")[1] for m in run)
            lines.append(f"{first.row} {cells} 共 {len(run)} 格：{first.why}{where}")
        run.clear()

    for m in missing:
        if run and not (m.row and m.row == run[-1].row and m.why == run[-1].why):
            close()
        run.append(m)
    close()
    if len(lines) > TERMINAL_LINES:
        lines[TERMINAL_LINES:] = [f"……另有 {len(lines) - TERMINAL_LINES} 处，见工作簿的“导入说明”工作表"]
    return lines
