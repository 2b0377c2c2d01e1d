"""Text copied from a report's page (.txt): one line per paragraph, table cells tab-separated on
their row's line (copied from a table) or each on its own line (copied from a page that lays cells
out as blocks). The assembler tells the two apart by where they stand: under 二, 三, 四 a line is
cells, elsewhere it is a paragraph.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.importing.source import Block, Doc, Para


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Notepad on a Chinese Windows saves GBK by default
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CannotRun("文本文件既不是 UTF-8 也不是 GBK 编码，无法读取。请用记事本另存为 UTF-8 后再导入。")


def read_text(path: Path) -> Doc:
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise CannotRun(f"无法读取 {path.name}：{exc}。") from exc
    blocks: list[Block] = [Para(line.rstrip("\r"), f"第{n}行") for n, line in enumerate(text.split("\n"), 1)
                           if line.strip()]
    return Doc(blocks, kind="文本")
