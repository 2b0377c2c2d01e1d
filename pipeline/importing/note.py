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


@dataclass
class ImportNote:
    source: str  # the file's name
    kind: str  # Word 文档 …
    missing: list[Missing] = field(default_factory=list)
    #: (part, where it was read): every table value and text part that was read.
    read: list[tuple[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # what the reader decided (统计语句 recognised …)

    def lack(self, part: str, why: str, where: str = "", required: bool = True) -> None:
        self.missing.append(Missing(part, why, where, required))

    @property
    def complete(self) -> bool:
        return not any(m.required for m in self.missing)

    def lines(self) -> list[str]:
        """The note for the terminal: one line per thing not read, then the remarks."""
        out = [f"导入 {self.source}（{self.kind}）：读到 {len(self.read)} 项，"
               + (f"{len(self.missing)} 项未能读取，已留空：" if self.missing else "全部读取。")]
        out += [f"  - {m.part}：{m.why}" + (f"（{m.where}）" if m.where else "") for m in self.missing]
        out += [f"说明：{r}" for r in self.remarks]
        return out
