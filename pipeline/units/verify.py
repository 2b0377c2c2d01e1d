"""``verify``: whether a publication pack (or a folder of them) is still what ``publish`` wrote.

Every file the folder holds is compared with 发布清单.json: changed, deleted, and anything added —
a dot-file such as .htaccess and whatever lies in a sub-folder included, since a web server serves
those too. The manifest itself could be rewritten along with a replaced file, so ``publish`` prints
its fingerprint (the SHA-256 of 发布清单.json) to be kept outside the folder; given back with
``--fingerprint``, a rewritten manifest is found as well.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.fatal import CannotRun
from pipeline.core.manifest import MANIFEST as OUTPUT_MANIFEST
from pipeline.core.manifest import sha256

MANIFEST = "发布清单.json"
UNCHANGED = "未改动"


def fingerprint(folder: Path) -> str:
    """The pack's fingerprint: the SHA-256 of its 发布清单.json, to keep outside the folder."""
    return sha256(folder / MANIFEST)


def read_manifest(folder: Path, missing_ok: bool = False) -> dict[str, object] | None:
    path = folder / MANIFEST
    if not path.is_file():
        if missing_ok:
            return None
        raise CannotRun(f"{folder} 中没有发布清单 {MANIFEST}，无法核对。请指定 publish 命令生成的发布文件夹"
                        f"（或存放多个发布文件夹的文件夹）。")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CannotRun(f"{path} 不是有效的发布清单（已损坏或被编辑过），无法核对。请重新发布。") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise CannotRun(f"{path} 不是有效的发布清单（缺少文件列表），无法核对。请重新发布。")
    return data


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the pack, with / between folders
    state: str  # 未改动 / 已改动 / 已删除 / 不在发布清单中 / 与保存的指纹不符


@dataclass
class Verified:
    folder: Path
    manifest: dict[str, object]
    found: list[Finding]

    @property
    def ok(self) -> bool:
        return all(f.state == UNCHANGED for f in self.found)


def _held(folder: Path, skip: set[Path] | None = None) -> list[str]:
    """Every file and empty folder under ``folder`` (links not followed), as relative names; the
    tool's own record of what it wrote (the output rule's manifest, at the top) left out."""
    held = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        dirs[:] = [d for d in dirs if base / d not in (skip or set())]
        for name in files + [d for d in dirs if (base / d).is_symlink()]:
            held.append((base / name).relative_to(folder).as_posix())
        if base != folder and not files and not dirs:
            held.append(base.relative_to(folder).as_posix() + "/")
    return sorted(set(held) - {MANIFEST, OUTPUT_MANIFEST})


def verify(folder: Path, expected: str | None = None) -> Verified:
    """One pack: every file its manifest lists and every file the folder holds; with ``expected``
    (the fingerprint kept since publishing), the manifest itself too."""
    if not folder.is_dir():
        raise CannotRun(f"{folder} 不是文件夹。请指定 publish 命令生成的发布文件夹。")
    manifest = read_manifest(folder)
    assert manifest is not None
    files = manifest["files"]
    assert isinstance(files, dict)
    found = []
    if expected is not None:
        same = fingerprint(folder) == "".join(expected.split()).lower()  # as printed on paper, in groups
        found.append(Finding(MANIFEST, UNCHANGED if same else "与保存的指纹不符"))
    for name, digest in sorted(files.items()):
        path = folder / name
        if Path(name).name != name or not path.is_file() or path.is_symlink():  # never a path out of the pack
            found.append(Finding(name, "已删除"))
        else:
            found.append(Finding(name, UNCHANGED if sha256(path) == digest else "已改动"))
    found += [Finding(name, "不在发布清单中") for name in _held(folder) if name not in files]
    return Verified(folder, manifest, found)


def verify_all(folder: Path, expected: str | None = None) -> list[Verified]:
    """``folder`` a pack, or a folder of packs (``batch --publish``'s 发布/): each verified, and what
    lies beside them that is no pack named too."""
    if not folder.is_dir() or (folder / MANIFEST).is_file():
        return [verify(folder, expected)]
    packs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and (p / MANIFEST).is_file())
    if not packs:
        read_manifest(folder)  # raises: neither a pack nor a folder of packs
    if expected is not None:
        raise CannotRun(f"{folder} 中有 {len(packs)} 个发布包；--fingerprint 是某一个发布包的指纹，"
                        f"请指定那个发布文件夹。")
    results = [verify(p) for p in packs]
    stray = [Finding(name, "不在发布清单中") for name in _held(folder, set(packs))]
    if stray:
        results.append(Verified(folder, {"title": "（发布包以外的文件）"}, stray))
    return results


def verify_text(result: Verified) -> str:
    changed = [f for f in result.found if f.state != UNCHANGED]
    manifest = result.manifest
    head = f"{result.folder}：{manifest.get('title', '')}" + (f"，发布于 {manifest['time']}。" if "time" in manifest
                                                              else "。")
    if not changed:
        return f"{head}\n全部 {len(result.found)} 个文件与发布清单一致，发布后没有改动。"
    lines = [head, f"{len(changed)} 个文件与发布清单不一致："]
    lines += [f"  {f.state}：{f.file}" for f in changed]
    lines.append("已发布的文件不应改动；如确需更正，请修改工作簿后重新发布（publish），并在网站上同时替换。")
    return "\n".join(lines)
