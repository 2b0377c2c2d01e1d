"""An upload too big for the server itself gets the application's Chinese page, not waitress's English
text. waitress refuses a body over its own cap (``max_request_body_size``) before the application sees
the request — rightly, a flood never reaches the disk — and answers with its plain-text 413; here that
one answer is replaced by the page the application gives for 413 (which states the limit)."""

from __future__ import annotations

from typing import Any

from waitress.channel import HTTPChannel
from waitress.task import ErrorTask


def install(server: Any, body: bytes, headers: list[tuple[str, str]]) -> None:
    """Make ``server`` (a waitress server) answer a too-large request with ``body`` and ``headers``."""

    class _TooLarge(ErrorTask):  # type: ignore[misc]
        def execute(self) -> None:
            if getattr(self.request.error, "code", None) != 413:
                super().execute()
                return
            self.status = "413 Request Entity Too Large"
            self.response_headers.extend(headers)
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class _Channel(HTTPChannel):  # type: ignore[misc]
        error_task_class = _TooLarge

    server.channel_class = _Channel
