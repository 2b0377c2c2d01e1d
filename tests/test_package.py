"""``report.package``: a zip assembled from parts compressed once is a zip every reader accepts."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.core.paths import WORD_TEMPLATE
from pipeline.report.package import Package


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(WORD_TEMPLATE) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_the_package_holds_the_parts_with_the_changed_ones_replaced() -> None:
    parts = _parts() | {"word/媒体.xml": "非 ASCII 的部件名".encode()}
    changed = {"word/document.xml": b"<w:document/>" * 1000}
    data = Package(parts).build(changed)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every CRC matches
        assert z.namelist() == list(parts), "the template's order, the content types first"
        assert {n: z.read(n) for n in z.namelist()} == parts | changed
        assert all(i.compress_type == zipfile.ZIP_DEFLATED and i.date_time == (1980, 1, 1, 0, 0, 0)
                   for i in z.infolist())


def test_the_same_parts_give_the_same_bytes() -> None:
    package = Package(_parts())
    assert package.build({"word/document.xml": b"<a/>"}) == Package(_parts()).build({"word/document.xml": b"<a/>"})
    assert package.build({}) != package.build({"word/document.xml": b"<a/>"})


def test_a_part_the_template_lacks_is_refused() -> None:
    with pytest.raises(KeyError, match=r"word/extra\.xml"):
        Package(_parts()).build({"word/extra.xml": b""})
