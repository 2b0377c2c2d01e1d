"""The publication pack: one folder per unit with everything that goes public, and a manifest that
says, later, whether any of it was changed.

Evaluations count “reports changed after publication” among the defects. The folder holds the Word
report, the PDF, the web page, the fragment for the website's editor and the charts; 发布清单.json
records the SHA-256 of each, of the source workbook and of the Word template, with the format's
template version, the tool's version and the time. ``verify`` recomputes the hashes; the manifest's
own fingerprint, printed by ``publish`` and kept in the batch's record, is kept outside the folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.core.manifest import remove_owned, sha256
from pipeline.core.names import file_name
from pipeline.core.output import write_bytes
from pipeline.core.paths import WORD_TEMPLATE
from pipeline.format.official import TEMPLATE_VERSION
from pipeline.report import outputs
from pipeline.report.context import title
from pipeline.run import Outcome, check_report, check_workbook, render_checked
from pipeline.units.verify import MANIFEST, fingerprint, read_manifest


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
    kept: list[Path] = field(default_factory=list)  # an earlier publication's, changed since: left alone

    @property
    def docx(self) -> Path:
        assert self.outcome.written is not None
        return self.outcome.written


def prepare(workbook: Path, root: Path, template: Path = WORD_TEMPLATE, previous: Path | None = None,
            punctuation: bool = False, checked: Outcome | None = None) -> Pack | Outcome:
    """Render ``workbook`` into ``root/<标题>/`` (every published output made from the context: Word,
    page, fragment, 图解); the converted ones (PDF) and the manifest follow in ``finish``. The workbook
    is read and checked once (``checked``, when the caller has done it); one with errors gives back its
    checked outcome."""
    checked = checked or check_workbook(workbook, previous)
    if not checked.ok:
        return checked
    folder = root / file_name(title(checked.report))
    target = folder / f"{file_name(title(checked.report))}.docx"
    kinds = outputs.published() - _converted()
    outcome = render_checked(checked, target, template, kinds, punctuation, (workbook, template, previous),
                             alone=True)
    return Pack(workbook, folder, outcome, [target, *outcome.also])


def _converted() -> set[str]:
    return {o.key for o in outputs.OUTPUTS.values() if o.convert is not None}


def finish(packs: list[Pack], template: Path = WORD_TEMPLATE) -> None:
    """Convert every pack's Word report (the PDF) in one LibreOffice start, then write each manifest
    last: a manifest exists only for a complete pack."""
    kinds = outputs.published() & _converted()
    for pack in packs:  # before LibreOffice starts: a PDF edited since it was published is never replaced
        outputs.guard(pack.docx, kinds)
    converted = outputs.convert([p.docx for p in packs], kinds)
    if converted.failed is not None:
        raise converted.failed
    for pack in packs:
        pack.files += [p for p in converted.written if p.parent == pack.folder]
        pack.outcome.removed += outputs.remove_stale(pack.docx, pack.files, alone=True)
        _write_manifest(pack, template)
        # The PDF of the last publication went before its conversion: renewed, not removed.
        pack.outcome.removed = [p for p in pack.outcome.removed if p not in pack.files]


def _write_manifest(pack: Pack, template: Path) -> None:
    old = read_manifest(pack.folder, missing_ok=True)
    keep = {p.name for p in pack.files}
    earlier = old["files"] if old is not None else {}
    assert isinstance(earlier, dict)  # read_manifest checked it
    for name in earlier:  # what an earlier publication had and this one has not: the output rule's
        # A name, never a path out of the folder; removed only if unchanged since the tool wrote it.
        if name not in keep and Path(name).name == name and remove_owned(pack.folder / name):
            pack.outcome.removed.append(pack.folder / name)
    pack.kept = [p for p in sorted(pack.folder.iterdir()) if p.name in earlier and p.name not in keep]
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
        report, problems = read(path)  # once: checked and rendered from this reading
        last, notes = previous_of(report, index) if index is not None else (None, [])
        source = Path(last.source) if last is not None else None
        made = prepare(path, root, template, source, checked=check_report(report, problems + notes, last))
        if isinstance(made, Pack):
            packs.append(made)
    if packs:
        finish(packs, template)
    return packs


def fingerprints(packs: list[Pack]) -> list[tuple[str, str]]:
    """Each pack's folder name and fingerprint, for the 审核情况通报 (``paperwork.write_bulletin``)."""
    return [(pack.folder.name, fingerprint(pack.folder)) for pack in packs]


def remember_fingerprints(record: Path, packs: list[Pack]) -> None:
    """Each pack's fingerprint in the batch's record (审核记录.json, outside the packs), under its
    unit: whoever rewrites a pack's manifest cannot rewrite this too unnoticed."""
    from pipeline.core.unit_names import canonical

    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        data = data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        data = {}
    for pack in packs:
        unit = pack.outcome.report.unit_name
        entry = data.setdefault(canonical(unit) or unit, {"单位": unit})
        entry["发布"] = {"文件夹": pack.folder.name, "发布清单指纹": fingerprint(pack.folder),
                       "时间": datetime.now().astimezone().isoformat(timespec="seconds")}
    write_bytes(record, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
