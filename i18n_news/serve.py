"""A preview server for the built site, on the loopback address by default.

Besides the site, it shows the editors' dashboard at ``/_status/``, computed afresh on
each request.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .config import Config
from .errors import NewsroomError

STATUS_PATH = "/_status/"


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder, and the status dashboard at :data:`STATUS_PATH`."""

    config: Config

    def __init__(self, *args: Any, config: Config, **kwargs: Any):
        self.config = config
        super().__init__(*args, directory=str(config.output), **kwargs)

    def do_GET(self) -> None:
        if self.path.split("?")[0] in (STATUS_PATH, STATUS_PATH.rstrip("/")):
            self.send_dashboard()
            return
        super().do_GET()

    def send_dashboard(self) -> None:
        from .dashboard import render_dashboard
        from .report import collect_status

        now = datetime.now(UTC)
        try:
            report = collect_status(self.config, now)
            body = render_dashboard(
                report,
                page_link=lambda lang, slug: f"/{lang}/{slug}/",
                file_link=lambda path: None,
                generated=now.astimezone(self.config.zone),
            ).encode("utf-8")
            status = HTTPStatus.OK
        except NewsroomError as error:
            body = f"error: {error}\n".encode()
            status = HTTPStatus.INTERNAL_SERVER_ERROR
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the terminal is for build messages."""


def make_server(config: Config, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A preview server bound to ``host:port`` (port 0: any free port), not yet serving."""
    return ThreadingHTTPServer((host, port), functools.partial(PreviewHandler, config=config))


def serve_site(config: Config, host: str, port: int, ready: Callable[[str], None]) -> None:
    """Serve the output folder until interrupted."""
    with make_server(config, host, port) as server:
        ready(f"http://{host}:{server.server_address[1]}/")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
