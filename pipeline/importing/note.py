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


@dataclass
class ImportNote:
    source: str  # the file's name
    kind: str  # Word 文档 …
    missing: list[Missing] = field(default_factory=list)
    #: (part, where it was read): every table value and text part that was read.
    read: list[tuple[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # what the reader decided (统计语句 recognised …)

    def lack(self, part: str, why: str, where: str = "", required: bool = True, address: str = "") -> None:
        self.missing.append(Missing(part, why, where, required, address))

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


def _grouped(missing: list[Missing]) -> list[str]:
    """One line per run of cells missing for one reason at one place (a whole row not read is one
    line, not seven): the terminal shows the shape, the sheet lists every cell."""
    lines: list[str] = []
    run: list[Missing] = []

    def close() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        where = f"（{first.where}）" if first.where else ""
        if len(run) == 1:
            lines.append(f"{first.part}：{first.why}{where}")
        else:
            lines.append(f"{first.part} 至 {last.part.split('（')[0]} 共 {len(run)} 格：{first.why}{where}")
        run.clear()

    for m in missing:
        if run and not (m.why == run[-1].why and m.where == run[-1].where and m.address):
            close()
        run.append(m)
    close()
    return lines
