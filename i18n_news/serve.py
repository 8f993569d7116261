"""A preview server for the built site, on the loopback address by default."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from .config import Config


def serve_site(config: Config, host: str, port: int, ready: Callable[[str], None]) -> None:
    """Serve the output folder until interrupted."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(config.output))
    with ThreadingHTTPServer((host, port), handler) as server:
        ready(f"http://{host}:{server.server_address[1]}/")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
