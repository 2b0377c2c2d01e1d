"""Serving the editors on 127.0.0.1 and driving them in Debian's chromium: the two routes by which a
clerk puts the fragment into a website's editor, and the measurements of what the editor saved.

The paste route is a clerk's: the fragment file opened in the browser, 全选 (Ctrl+A), 复制 (Ctrl+C),
then Ctrl+V in the editor; the clipboard holds what chromium serializes for that selection, as on a
clerk's desk. The source route puts the fragment's text in through the editor's source mode or the API
that mode calls.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

HERE = Path(__file__).resolve().parent
#: Debian's chromium: no browser is ever downloaded.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--lang=zh-CN"]
#: A page of the editor under test: its file in pages/ and, for CKEditor 5 with the table plugins, a query.
PAGES = {
    "kindeditor": "kindeditor.html", "ueditor": "ueditor.html", "tinymce": "tinymce.html",
    "wangeditor4": "wangeditor4.html", "wangeditor5": "wangeditor5.html",
    "ckeditor5": "ckeditor5.html", "ckeditor5-tables": "ckeditor5.html?tables",
}


class _Handler(SimpleHTTPRequestHandler):
    fragment = b""

    def do_GET(self) -> None:
        if self.path == "/fragment.html":  # the fragment as a clerk opens the file: a page of its own
            body = (b'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' + type(self).fragment
                    + b"</body></html>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(fragment: str) -> Iterator[str]:
    """tests/editors/ (node_modules, vendor, pages) and the fragment at /fragment.html on 127.0.0.1."""
    handler = type("Handler", (_Handler,), {"fragment": fragment.encode("utf-8")})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(HERE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def open_editor(page: Page, base: str, editor: str) -> None:
    page.goto(f"{base}/pages/{PAGES[editor]}")
    page.wait_for_function("window.harness !== undefined", timeout=30_000)


def through_source(page: Page, base: str, editor: str, fragment: str) -> str:
    """The editor's saved HTML after the fragment's text went in by source mode (or its API)."""
    open_editor(page, base, editor)
    page.evaluate("html => window.harness.set(html)", fragment)
    page.wait_for_timeout(500)
    return str(page.evaluate("window.harness.get()"))


def through_paste(browser: Browser, base: str, editor: str) -> str:
    """The editor's saved HTML after a clerk's 全选, 复制 of the opened fragment and Ctrl+V."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN",
                                  permissions=["clipboard-read", "clipboard-write"])
    try:
        source = context.new_page()
        source.goto(f"{base}/fragment.html")
        source.keyboard.press("Control+A")
        source.keyboard.press("Control+C")
        page = context.new_page()
        open_editor(page, base, editor)
        page.evaluate("window.harness.focus()")
        page.keyboard.press("Control+V")
        page.wait_for_timeout(1500)  # KindEditor and UEditor clean a paste after a timer
        return str(page.evaluate("window.harness.get()"))
    finally:
        context.close()


PROBE = Path(HERE / "probe.js").read_text(encoding="utf-8")


def measure(page: Page, html: str, head: str = "", wrapper: str = "div") -> dict[str, Any]:
    """The saved HTML alone on a blank page (the website's article page, without the editor's style
    sheet, or with ``head`` when the advice asks for a style sheet), measured by chromium: every
    table's cells with their spans, borders, width, font and whether the text sits centred in the
    cell; the paragraphs' font, indent, line height and margins; the page's text."""
    page.set_content(f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body style="width: 900px">'
                     f"<{wrapper}>{html}</{wrapper.split()[0]}></body></html>")
    result: dict[str, Any] = page.evaluate(PROBE)
    return result
