"""The editor tests (``make test-editors``): marked ``editors``, which ``make test`` deselects. The
editors must be installed (``make test-editors`` does it); missing, the tests fail, never skip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from . import drive

INSTALLED = (drive.HERE / "node_modules" / ".package-lock.json", drive.HERE / "vendor" / "ueditor" / "ueditor.all.js")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(drive.HERE):
            item.add_marker(pytest.mark.editors)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    missing = [str(p.relative_to(drive.HERE)) for p in INSTALLED if not p.exists()]
    assert not missing, f"the editors are not installed ({', '.join(missing)}): run make test-editors"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=drive.CHROMIUM, args=drive.CHROMIUM_ARGS)
        yield launched
        launched.close()
