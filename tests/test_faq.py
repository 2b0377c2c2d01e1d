"""The README's 常见问题 stays true: every message it quotes in bold is one the pipeline can still print."""

from __future__ import annotations

import re

from pipeline.core.paths import ROOT

README = ROOT / "README.md"


def test_every_quoted_message_exists_in_the_code() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "pipeline").rglob("*.py")))
    faq = README.read_text(encoding="utf-8").split("## 常见问题", 1)[1].split("\n## ", 1)[0]
    quoted = [span for bold in re.findall(r"\*\*(.+?)\*\*", faq)
              for span in re.findall(r"`([^`]+)`", bold)]
    assert len(quoted) > 30
    assert [q for q in quoted if q not in source] == []
