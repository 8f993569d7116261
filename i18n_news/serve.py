"""Live preview: build, serve on the loopback address, rebuild on change, reload the browser.

The site is built into a folder of the cache, never into the output folder (drafts are
shown). The server serves only that folder, plus two pages of its own: the editors'
dashboard at ``/_status/`` and an event stream at ``/_events`` that tells open pages to
reload after each rebuild. The reload script is added to pages as they are served, never
written into the built site. The preview is built for the server's own address (its root),
whatever address the configuration gives the site. When a build fails, the error shows in
the terminal and in the browser, and the server keeps running with the last good site.
"""

from __future__ import annotations

import contextlib
import functools
import html
import ipaddress
import json
import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .cache import CACHE_DIR
from .config import CONFIG_NAME, Config, load_config
from .errors import NewsroomError
from .lock import newsroom_lock, preview_lock

STATUS_PATH = "/_status/"
EVENTS_PATH = "/_events"

#: The script added to each page served: it reloads the page once the server's build is no
#: longer the one the page was served from (``BUILD``, replaced when serving).
#:
#: A browser opens at most six connections to a host, and an event stream holds one for as
#: long as its page is open: with one stream a page, the seventh tab would never load. So
#: the tabs of a preview share one stream: the tab that holds a lock (the Web Locks API)
#: listens, and tells the others of each build on a BroadcastChannel; when it closes, the
#: next tab waiting for the lock takes over. A new tab asks the listener for the last build
#: it heard of (a build may end between serving the page and its first message). Where
#: there are no locks (a page neither on the loopback nor on https), each tab listens only
#: while it is shown, and checks the build again when shown.
RELOAD_SCRIPT = """<script>
(function () {
  var built = BUILD, last = null, name = "i18n-news-reload";
  var channel = window.BroadcastChannel && navigator.locks ? new BroadcastChannel(name) : null;
  function seen(build) { if (build && build !== built) location.reload(); }
  function listen() {
    var source = new EventSource("EVENTS");
    source.onmessage = function (event) {
      last = event.data;
      if (channel) channel.postMessage(last);
      seen(last);
    };
    return source;
  }
  if (channel) {
    channel.onmessage = function (event) {
      if (event.data !== "?") seen(event.data);
      else if (last) channel.postMessage(last);
    };
    navigator.locks.request(name, function () {
      listen();
      return new Promise(function () {});  // held until the tab closes or leaves
    });
    channel.postMessage("?");
  } else {
    var source = null;
    var toggle = function () {
      if (document.hidden && source) { source.close(); source = null; }
      else if (!document.hidden && !source) source = listen();
    };
    document.addEventListener("visibilitychange", toggle);
    toggle();
  }
})();
</script>
""".replace("EVENTS", EVENTS_PATH)


def _print_error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


@dataclass(frozen=True)
class Log:
    """Where the preview server tells what it does: ``info`` for each rebuild and notice,
    ``error`` for each failed build (the build's error message)."""

    info: Callable[[str], None] = print
    error: Callable[[str], None] = _print_error


#: Where ``serve`` builds its preview, in the newsroom's cache folder (see
#: :func:`preview_config`).
PREVIEW_FOLDER = "preview"


def preview_config(config: Config, address: str | None = None) -> Config:
    """``config`` building into a folder of the cache instead of the output folder: the
    preview shows drafts and embargoed releases, which a site deployed from the output
    folder must never carry.

    The preview is built for ``address``, the server's (``http://127.0.0.1:8000/``), or,
    without one, for the root of the configured site's host: a server serves it from its
    root, where links built for ``https://example.org/news/`` (``/news/static/style.css``
    in the 404 pages) would lead nowhere."""
    if address is None:
        parts = urlsplit(config.base_url)
        address = f"{parts.scheme}://{parts.netloc}/"
    return replace(config, output=config.root / CACHE_DIR / PREVIEW_FOLDER, base_url=address)


def served_address(host: str, port: int) -> str:
    """The address of a server listening on ``host:port``, as a browser is given it."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


#: How long, in seconds, a preview's rebuild waits for another command to finish.
LOCK_WAIT = 600.0


class Preview:
    """The state a preview server shares between its watcher and its request handlers; it
    builds into the preview folder (see :func:`preview_config`)."""

    def __init__(self, config: Config, build: Callable[[Config], object]):
        self.config = preview_config(config)
        self.build = build
        #: The address the preview is built for, once a server has one (see make_server).
        self.address: str | None = None
        self.generation = 0
        # Tells this server's builds from an earlier server's: a page served by one is
        # reloaded by the next.
        self.run = secrets.token_hex(4)
        self.error: str | None = None
        self.changed = threading.Condition()
        self.stopped = threading.Event()
        self.building = threading.Lock()

    def rebuild(self) -> None:
        """Build once (after any build under way); remember the error, if any, and wake the
        pages waiting to reload."""
        with self.building:
            try:
                self.config = preview_config(load_config(self.config.root), self.address)
                # A command at work on the newsroom (an update) is waited for: its changes
                # call for this build, and the preview shows the last one meanwhile.
                with newsroom_lock(self.config.root, wait=LOCK_WAIT):
                    self.build(self.config)
                self.error = None
            except NewsroomError as error:
                self.error = str(error)
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def build_id(self, generation: int | None = None) -> str:
        """The name of the build ``generation`` (the latest one) that pages are told of."""
        return f"{self.run}-{self.generation if generation is None else generation}"

    def wait_for_change(self, generation: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(
                lambda: self.generation != generation or self.stopped.is_set(), timeout
            )
            return self.generation


#: The folders whose files a preview watches, besides the configuration and the glossary.
WATCHED_FOLDERS = ("content", "locales", "templates", "static")


def relevant(config: Config, path: str) -> bool:
    """Whether a change to the file at ``path`` calls for a rebuild: not a hidden file or one
    in a hidden folder (an editor's swap file, a cache), an editor's backup (``name~``) or a
    compiled catalog. (The built site is never in a watched folder: see ``OWN_FOLDERS``.)"""
    file = Path(path)
    if path.endswith(("~", ".mo")):
        return False
    parts = file.relative_to(config.root).parts if file.is_relative_to(config.root) else ()
    return not any(part.startswith(".") for part in parts or (file.name,))


#: What a preview polls at the newsroom's top: the time and size of the configuration and
#: the glossary, and which of the watched folders exist.
_Top = tuple[tuple[tuple[str, int, int], ...], tuple[str, ...]]


def _top(root: Path) -> _Top:
    files = []
    for name in (CONFIG_NAME, "glossary.toml"):
        with contextlib.suppress(FileNotFoundError):
            info = (root / name).stat()
            files.append((name, info.st_mtime_ns, info.st_size))
    return tuple(files), tuple(name for name in WATCHED_FOLDERS if (root / name).is_dir())


def _changed(root: Path, changes: set[tuple[Any, str]], before: _Top, now: _Top) -> str:
    """What changed, as the preview's log says it: the first few files, and how many more (a
    file made and removed meanwhile, as an editor's temporary file, is not named)."""
    kinds: dict[str, set[str]] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(getattr(change, "name", ""))
    names = sorted(
        os.path.relpath(path, root)
        for path, kind in kinds.items()
        if not ({"added", "deleted"} <= kind and not os.path.exists(path))
    )
    names += sorted({entry[0] for entry in set(before[0]) ^ set(now[0])})
    names += sorted(f"{name}/" for name in set(before[1]) ^ set(now[1]))
    shown = ", ".join(names[:3]) or "a file"
    return f"{shown} and {len(names) - 3} more" if len(names) > 3 else shown


def rebuild_and_log(preview: Preview, log: Log, what: str | None = None) -> None:
    """Build once and log the outcome: the error, or ``what`` changed and the time it took
    (nothing for the first build, which the server's address follows)."""
    started = time.perf_counter()
    preview.rebuild()
    if preview.error:
        log.error(preview.error)
    elif what is not None:
        log.info(f"{what}: rebuilt in {time.perf_counter() - started:.2f} s")


def watch(
    preview: Preview,
    log: Log = Log(),
    interval: float = 0.3,
    watching: Callable[[], None] | None = None,
) -> None:
    """Rebuild whenever a watched file changes, until the preview stops; ``watching`` is
    called once changes are watched (a build started then misses no save).

    The system tells of changes in the watched folders (inotify, FSEvents, …; through
    ``watchfiles``, which polls instead when ``WATCHFILES_FORCE_POLLING`` is set, as on some
    network or container file systems), each save within a tenth of a second,
    without looking at every file. The files at the newsroom's top, and whether each watched
    folder exists, are polled every ``interval`` seconds: a folder made or deleted is watched
    from then on, or no longer.
    """
    import watchfiles

    root = preview.config.root
    top = _top(root)
    polling: bool | None = None  # as the environment says
    while not preview.stopped.is_set():
        changes: Iterable[set[Any]] = [set()]
        if top[1]:
            changes = watchfiles.watch(
                *(root / name for name in top[1]),
                watch_filter=lambda _, path: relevant(preview.config, path),
                debounce=300, step=50, rust_timeout=int(interval * 1000), yield_on_timeout=True,
                stop_event=preview.stopped, raise_interrupt=False, force_polling=polling,
            )  # fmt: skip
        else:  # no folder to watch: only the top
            preview.stopped.wait(interval)
        try:
            for changed in changes:
                if watching is not None:
                    watching()
                    watching = None
                now = _top(root)
                if not changed and now == top:
                    continue
                what = _changed(root, changed, top, now)
                folders_changed, top = now[1] != top[1], now
                rebuild_and_log(preview, log, what)
                if folders_changed:  # watch the folders there are now
                    break
        except OSError as error:  # the system's limit of watched folders, say
            if polling:
                raise
            log.info(f"watching the files by polling them: {error}")
            polling = True


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder with the reload script, the dashboard and the event stream."""

    #: Seconds a connection may stay silent (a request begun and never ended, a reader
    #: that stopped reading) before it is closed, and its thread ends.
    timeout = 60

    def __init__(self, *args: Any, preview: Preview, log: Log = Log(), **kwargs: Any):
        self.preview = preview
        self.log = log
        self.responded = False
        # The build a page is served from: taken before its file is read, so that a build
        # ending meanwhile reloads the page, at worst once too often.
        self.build_id = preview.build_id()
        super().__init__(*args, directory=str(preview.config.output), **kwargs)

    #: Whether the request is a HEAD: answered as a GET, without its body.
    head_only = False

    def do_HEAD(self) -> None:
        """The headers a GET of the same address is answered with (the same length and type
        for a page with its reload script), without the body."""
        self.head_only = True
        try:
            self.do_GET()
        finally:
            self.head_only = False

    def do_GET(self) -> None:
        """Answer, or, on an error of the server's own, answer 500 and tell the terminal (the
        browser would otherwise get no answer at all)."""
        self.responded = False
        self.build_id = self.preview.build_id()
        try:
            self.answer()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):  # the browser went away
            pass
        except Exception as error:
            self.log.error(f"serving {self.path}: {type(error).__name__}: {error}")
            if not self.responded:
                super().send_error(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(error).__name__}")
            self.close_connection = True

    def answer(self) -> None:
        path = self.path.split("?")[0]
        if not self.host_is_ours():
            super().send_error(HTTPStatus.FORBIDDEN, "This preview answers only its own address")
        elif "\0" in unquote(path):  # no file has one in its name: a request of no page
            super().send_error(HTTPStatus.BAD_REQUEST, "A NUL character in the address")
        elif path in (STATUS_PATH, STATUS_PATH.rstrip("/")):
            self.send_dashboard()
        elif path == EVENTS_PATH:
            self.send_events()
        elif self.preview.error is not None and (path.endswith("/") or path.endswith(".html")):
            self.send_page(self.error_page(self.preview.error), HTTPStatus.INTERNAL_SERVER_ERROR)
        else:
            target = Path(self.translate_path(self.path))
            if target.is_dir() and not (target / "index.html").is_file():
                self.send_error(HTTPStatus.NOT_FOUND)  # as static hosts: no folder listings
            elif path.endswith("/") and (target / "index.html").is_file():
                self.send_page((target / "index.html").read_bytes())
            elif path.endswith(".html") and target.is_file():
                self.send_page(target.read_bytes())
            elif self.head_only:
                super().do_HEAD()  # assets, redirects to folders, 404
            else:
                super().do_GET()

    def host_is_ours(self) -> bool:
        """Whether the request is for this machine, where the server listens on it alone: a
        web page whose address was made to lead here (DNS rebinding) asks for another host,
        and must not read the preview's drafts."""
        address = self.server.server_address
        listening = str(address[0] if isinstance(address, tuple) else address)
        if not ipaddress.ip_address(listening).is_loopback:
            return True  # served to the network (--host): any name may lead here
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            return True  # HTTP/1.0, which names no host
        name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        if name == "localhost" or name.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False

    def send_response(self, code: int, message: str | None = None) -> None:
        self.responded = True
        super().send_response(code, message)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No folder listings: a folder without ``index.html`` is not found, as on static
        hosts."""
        self.send_error(HTTPStatus.NOT_FOUND)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A page not found is answered with the site's ``404.html`` nearest to its address
        (``fr/404.html`` for an address in ``fr/``, else the root's), as static hosts that
        look for one answer it."""
        if code == HTTPStatus.NOT_FOUND and self.command in ("GET", "HEAD"):
            page = self.nearest_not_found()
            if page is not None:
                self.send_page(page.read_bytes(), HTTPStatus.NOT_FOUND)
                return
        super().send_error(code, message, explain)

    def nearest_not_found(self) -> Path | None:
        """The ``404.html`` in the folder of the address asked for, or in the nearest folder
        above it that has one."""
        output = Path(self.directory)
        address = self.path.split("?")[0]
        folder = Path(self.translate_path(address))  # inside the output folder
        if not address.endswith("/"):
            folder = folder.parent
        while True:
            page = folder / "404.html"
            if page.is_file():
                return page
            if folder == output or output not in folder.parents:
                return None
            folder = folder.parent

    def send_page(self, page: str | bytes, status: HTTPStatus = HTTPStatus.OK) -> None:
        """Send an HTML page with the reload script before its last ``</body>``.

        A file of the site is sent as the bytes it is: one that is not UTF-8 (a legacy
        windows-1252 page of ``static/root/``) goes without a charset, for the browser to
        read its ``<meta charset>`` as from a static host. The script is ASCII, so it fits
        in any encoding that writes ``</body>`` in ASCII; in another (UTF-16), the page has
        no such bytes and goes without the script."""
        body = page.encode("utf-8") if isinstance(page, str) else page
        try:
            body.decode("utf-8")
            content_type = "text/html; charset=utf-8"
        except UnicodeDecodeError:
            content_type = "text/html"
        marker = body.rfind(b"</body>")
        if marker >= 0:
            script = RELOAD_SCRIPT.replace("BUILD", json.dumps(self.build_id)).encode("ascii")
            body = body[:marker] + script + body[marker:]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)

    @staticmethod
    def error_page(error: str) -> str:
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<title>Build error</title></head><body>"
            '<main style="font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto">'
            "<h1>The site could not be built</h1>"
            '<pre style="white-space:pre-wrap;background:#fff0f0;padding:1rem">'
            f"{html.escape(error)}</pre>"
            "<p>Fix the file and save: this page reloads by itself.</p></main></body></html>"
        )

    def send_events(self) -> None:
        """A server-sent event stream: the name of the latest build at once, then of each
        build as it ends (a page reloads when it is not the one it was served from)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.head_only:
            return
        generation = self.preview.generation
        self.wfile.write(f"data: {self.preview.build_id(generation)}\n\n".encode())
        self.wfile.flush()
        try:
            while not self.preview.stopped.is_set():
                current = self.preview.wait_for_change(generation, timeout=15)
                if current != generation:
                    generation = current
                    self.wfile.write(f"data: {self.preview.build_id(generation)}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):  # the tab went away
            pass

    def send_dashboard(self) -> None:
        from .dashboard import render_dashboard
        from .report import collect_status

        now = datetime.now(UTC)
        config = self.preview.config
        try:
            report = collect_status(config, now)
            text = render_dashboard(
                report,
                page_link=self.page_link,
                file_link=lambda path: None,
                generated=now.astimezone(config.zone),
            )
            self.send_page(text)
        except NewsroomError as error:
            self.send_page(self.error_page(str(error)), HTTPStatus.INTERNAL_SERVER_ERROR)

    def page_link(self, language: str, slug: str) -> str | None:
        """The dashboard's link to a language version: only to one the preview has (a version
        the publishing policy holds back has none), as ``status --html`` links."""
        folder = f"{language}/{slug}/"
        return (
            "/" + quote(folder)
            if (self.preview.config.output / folder / "index.html").is_file()
            else None
        )

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the terminal is for build messages."""


class AddressError(Exception):
    """The preview cannot serve on the address it was given (in use, or no such host)."""


class _IPv6Server(ThreadingHTTPServer):
    """A preview server on an IPv6 address (``::1``)."""

    address_family = socket.AF_INET6


def make_server(
    preview: Preview, host: str = "127.0.0.1", port: int = 0, log: Log = Log()
) -> ThreadingHTTPServer:
    """A preview server bound to ``host:port`` (port 0: any free port), not yet serving; the
    preview's next builds are for its address. ``log`` tells of the server's own errors."""
    handler = functools.partial(PreviewHandler, preview=preview, log=log)
    try:
        server = (_IPv6Server if ":" in host else ThreadingHTTPServer)((host, port), handler)
    except (OSError, OverflowError) as error:  # in use, not this machine's, no such host
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise AddressError(f"cannot serve on {host}:{port}: {why}") from None
    server.daemon_threads = True
    preview.address = served_address(host, server.server_address[1])
    return server


def serve_site(
    preview: Preview,
    host: str,
    port: int,
    ready: Callable[[str], None],
    log: Log = Log(),
) -> None:
    """Watch the newsroom, build it, then serve it and rebuild on change until interrupted.
    An address it cannot serve on is an :class:`AddressError`, before anything is built."""
    server = make_server(preview, host, port, log)
    address = served_address(host, server.server_address[1])
    with server, preview_lock(preview.config.output, address):
        watching = threading.Event()
        watcher = threading.Thread(target=watch, args=(preview, log, 0.3, watching.set))
        watcher.daemon = True
        watcher.start()
        while not watching.wait(0.1) and watcher.is_alive():
            pass
        rebuild_and_log(preview, log)
        ready(address)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            preview.stopped.set()
            with preview.changed:
                preview.changed.notify_all()
