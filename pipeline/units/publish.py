"""The publication pack: one folder per unit with everything that goes public, and a manifest that
says, later, whether any of it was changed.

Evaluations count “reports changed after publication” among the defects. The folder holds the Word
report, the PDF, the web page, the fragment for the website's editor and the charts; 发布清单.json
records the SHA-256 of each, of the source workbook and of the Word template, with the format's
template version, the tool's version and the time. ``verify`` recomputes the hashes.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import sha256
from pipeline.core.output import file_name, write_bytes
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.format.official import TEMPLATE_VERSION
from pipeline.report.context import title
from pipeline.report.editors import ADVICE_FILE, advice
from pipeline.run import Outcome, check_workbook, render_workbook

MANIFEST = "发布清单.json"
CHART_NAMES = ("图解.png", "图解.svg")


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gov-info-annual-report")
    except PackageNotFoundError:  # run from a checkout without `pip install -e .`
        return "未安装（源代码运行）"


@dataclass
class Pack:
    """One unit's publication folder, rendered and waiting for its PDF and manifest."""

    workbook: Path
    folder: Path
    outcome: Outcome
    files: list[Path] = field(default_factory=list)

    @property
    def docx(self) -> Path:
        assert self.outcome.written is not None
        return self.outcome.written


def prepare(workbook: Path, root: Path, template: Path = WORD_TEMPLATE, previous: Path | None = None,
            punctuation: bool = False) -> Pack | Outcome:
    """Render ``workbook`` into ``root/<标题>/`` (Word, page, fragment, charts); the PDF and the
    manifest follow in ``finish``. A workbook with errors gives back its checked outcome."""
    checked = check_workbook(workbook, previous)
    if not checked.ok:
        return checked
    folder = root / file_name(title(checked.report))
    outcome = render_workbook(workbook, folder / f"{file_name(title(checked.report))}.docx", template, previous,
                              html=True, punctuation=punctuation)
    if outcome.written is None:  # checked clean a moment ago: only a changed file gets here
        return outcome
    pack = Pack(workbook, folder, outcome, [outcome.written, *outcome.also])
    # Beside the fragment: how to put it into the website's editor (the README's advice, same words).
    write_bytes(folder / ADVICE_FILE, advice().encode("utf-8"))
    pack.files.append(folder / ADVICE_FILE)
    charts = outcome.context.get("charts") if outcome.context else None
    if charts:
        for name, data in zip(CHART_NAMES, (charts.png, charts.svg.encode("utf-8")), strict=True):
            write_bytes(folder / name, data)
            pack.files.append(folder / name)
    return pack


def finish(packs: list[Pack], template: Path = WORD_TEMPLATE) -> None:
    """Convert every pack's Word report in one LibreOffice start, then write each manifest last:
    a manifest exists only for a complete pack."""
    from pipeline.report.pdf import convert_many

    # convert_many writes every PDF into one folder: convert there, then place each in its pack.
    with tempfile.TemporaryDirectory(prefix="gov-report-publish-") as work:
        for pack, pdf in zip(packs, convert_many([p.docx for p in packs], Path(work)), strict=True):
            target = pack.folder / pdf.name
            write_bytes(target, pdf.read_bytes())
            pack.files.append(target)
    for pack in packs:
        _write_manifest(pack, template)


def _write_manifest(pack: Pack, template: Path) -> None:
    old = _read_manifest(pack.folder, missing_ok=True)
    keep = {p.name for p in pack.files}
    earlier = old["files"] if old is not None else {}
    assert isinstance(earlier, dict)  # _read_manifest checked it
    for name in earlier:  # what an earlier publication had and this one has not
        if name not in keep and Path(name).name == name:  # a name, never a path out of the folder
            (pack.folder / name).unlink(missing_ok=True)
    report = pack.outcome.report
    manifest = {
        "说明": "本文件夹中每个文件的 SHA-256。运行 python -m pipeline verify 本文件夹 可查看发布后是否被改动。",
        "unit": report.unit_name,
        "year": report.year,
        "title": title(report),
        "source": {"file": pack.workbook.name, "sha256": sha256(pack.workbook)},
        "word_template": {"file": template.name, "sha256": sha256(template)},
        "template_version": TEMPLATE_VERSION,
        "tool_version": tool_version(),
        "time": datetime.now().astimezone().isoformat(timespec="seconds"),
        "files": {p.name: sha256(p) for p in sorted(pack.files)},
    }
    write_bytes(pack.folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))


def _read_manifest(folder: Path, missing_ok: bool = False) -> dict[str, object] | None:
    path = folder / MANIFEST
    if not path.is_file():
        if missing_ok:
            return None
        raise CannotRun(f"{folder} 中没有发布清单 {MANIFEST}，无法核对。请指定 publish 命令生成的发布文件夹。")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CannotRun(f"{path} 不是有效的发布清单（已损坏或被编辑过），无法核对。请重新发布。") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise CannotRun(f"{path} 不是有效的发布清单（缺少文件列表），无法核对。请重新发布。")
    return data


def publish_batch(folder: Path, files: list[str], root: Path, template: Path = WORD_TEMPLATE,
                  previous: Path | None = None, jobs: int = 1) -> list[Pack]:
    """``batch --publish``: a pack for each clean unit's workbook (``files``, relative to ``folder``),
    with its last-year workbook from the ``previous`` folder when there is one; one PDF conversion."""
    from pipeline.reading.reader import read
    from pipeline.units.lastyear import index_previous, previous_of

    index = index_previous(previous, jobs) if previous is not None else None
    packs = []
    for name in files:
        path = folder / name
        report, _ = read(path)
        last = previous_of(report, index)[0] if index is not None else None
        made = prepare(path, root, template, Path(last.source) if last is not None else None)
        if isinstance(made, Pack):
            packs.append(made)
    if packs:
        finish(packs, template)
    return packs


@dataclass(frozen=True)
class Finding:
    file: str
    state: str  # 未改动 / 已改动 / 已删除 / 不在发布清单中


def verify(folder: Path) -> tuple[dict[str, object], list[Finding]]:
    """The manifest of ``folder`` and, for every file it lists or the folder holds, what became of it."""
    if not folder.is_dir():
        raise CannotRun(f"{folder} 不是文件夹。请指定 publish 命令生成的发布文件夹。")
    manifest = _read_manifest(folder)
    assert manifest is not None
    files = manifest["files"]
    assert isinstance(files, dict)
    found = []
    for name, digest in sorted(files.items()):
        path = folder / name
        state = "已删除" if not path.is_file() else "未改动" if sha256(path) == digest else "已改动"
        found.append(Finding(name, state))
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != MANIFEST and path.name not in files and not path.name.startswith("."):
            found.append(Finding(path.name, "不在发布清单中"))
    return manifest, found


def verify_text(folder: Path, manifest: dict[str, object], found: list[Finding]) -> str:
    changed = [f for f in found if f.state != "未改动"]
    head = f"{folder}：{manifest.get('title', '')}，发布于 {manifest.get('time', '')}。"
    if not changed:
        return f"{head}\n全部 {len(found)} 个文件与发布清单一致，发布后没有改动。"
    lines = [head, f"{len(changed)} 个文件与发布清单不一致："]
    lines += [f"  {f.state}：{f.file}" for f in changed]
    lines.append("已发布的文件不应改动；如确需更正，请修改工作簿后重新发布（publish），并在网站上同时替换。")
    return "\n".join(lines)
