"""Live preview: the site on the loopback, rebuilt on change, errors shown, pages reloaded."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from click.testing import Result

from i18n_news.config import load_config
from i18n_news.serve import (
    AddressError,
    Log,
    Preview,
    PreviewHandler,
    make_server,
    relevant,
    watch,
)
from i18n_news.site import build_site

from .conftest import CONFIG, DATA


@dataclass
class Running:
    url: str
    root: Path
    preview: Preview
    messages: list[str]


def start_preview(root: Path) -> tuple[Running, Callable[[], None]]:
    """Serve the newsroom at ``root`` as ``serve`` does (watched, built for the server's
    address): the running preview, and how to stop it."""
    preview = Preview(load_config(root), lambda config: build_site(config, drafts=True))
    messages: list[str] = []
    watching = threading.Event()
    log = Log(messages.append, lambda error: messages.append(f"error: {error}"))
    watcher = threading.Thread(target=watch, args=(preview, log, 0.05, watching.set), daemon=True)
    watcher.start()
    assert watching.wait(10)
    server = make_server(preview, log=log)
    preview.rebuild()
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop() -> None:
        preview.stopped.set()
        with preview.changed:
            preview.changed.notify_all()
        server.shutdown()
        server.server_close()

    return Running(f"http://127.0.0.1:{server.server_address[1]}", root, preview, messages), stop


@pytest.fixture
def running(make_newsroom: Callable[..., Path]) -> Iterator[Running]:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    (root / "secret.txt").write_text("outside the output folder")
    preview, stop = start_preview(root)
    yield preview
    stop()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(condition: Callable[[], Any], seconds: float = 10) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def save(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a file as an editor saves it: whole, at once (written in
    place, the file is empty for a moment, and a rebuild then may read it so), through a
    hidden temporary file (which the preview ignores: its one change is the file's)."""
    draft = path.with_name(f".{path.name}.saving")
    draft.write_text(path.read_text().replace(old, new))
    draft.replace(path)


def test_serves_the_site_with_the_reload_script_and_the_dashboard(running: Running) -> None:
    status, body = fetch(f"{running.url}/fr/joint-lab/")
    assert status == 200 and '<html lang="fr-CA"' in body and 'new EventSource("/_events")' in body
    # The script is added when serving, never written into the site.
    built = running.preview.config.output / "fr/joint-lab/index.html"
    assert "EventSource" not in built.read_text()
    status, body = fetch(f"{running.url}/_status/")
    assert status == 200 and "Translation status" in body and 'href="/sv/joint-lab/"' in body
    status, _ = fetch(f"{running.url}/static/style.css")
    assert status == 200


def test_serves_only_the_output_folder(running: Running) -> None:
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/../i18n-news.toml"):
        status, body = fetch(running.url + path)
        assert status == 404
        assert "outside the output folder" not in body and "[newsroom]" not in body
    # A NUL in the address is the client's mistake, not the server's.
    for path in ("/%00", "/en/index.html%00", "/%00/"):
        assert fetch(running.url + path)[0] == 400


def test_a_connection_left_silent_is_closed(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A request begun and never ended holds a thread of the server until it is closed.
    from i18n_news import serve

    monkeypatch.setattr(serve.PreviewHandler, "timeout", 1)
    host, port = running.url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as silent:
        silent.sendall(b"GET /en/ HTTP/1.1\r\n")  # and nothing more
        started = time.monotonic()
        assert silent.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 8
    assert fetch(running.url + "/en/")[0] == 200


def test_a_page_for_another_host_is_refused(running: Running) -> None:
    # A web page whose name an attacker made lead to 127.0.0.1 (DNS rebinding) would read
    # the preview's drafts and its dashboard: what asks for another host is refused.
    port = running.url.rsplit(":", 1)[1]

    def answer(host: str, path: str = "/en/") -> int:
        request = urllib.request.Request(running.url + path, headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code

    for path in ("/en/", "/_status/", "/static/style.css"):
        assert answer(f"rebind.attacker.example:{port}", path) == 403, path
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "preview.localhost"):
        assert answer(host) == 200, host


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/joint-lab/index.html", "/static/style.css", "/fr/nothing/", "/_status/"]
)
def test_a_head_request_is_answered_as_a_get_without_its_body(running: Running, path: str) -> None:
    def answer(method: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(running.url + path, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    status, headers, body = answer("GET")
    head_status, head_headers, head_body = answer("HEAD")
    assert head_status == status and head_body == b""
    for name in ("Content-Type", "Content-Length", "Cache-Control"):
        assert head_headers.get(name) == headers.get(name), name
    assert int(headers["Content-Length"]) == len(body)


def test_a_preview_serves_on_an_ipv6_address(make_newsroom: Callable[..., Path]) -> None:
    try:  # whether this machine has IPv6's loopback address
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:  # then serving there is one line saying why
        with pytest.raises(AddressError, match=r"cannot serve on ::1:0: "):
            make_server(Preview(load_config(make_newsroom({})), build_site), "::1")
        return
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    preview = Preview(load_config(root), lambda config: build_site(config, drafts=True))
    server = make_server(preview, "::1")
    assert preview.address == f"http://[::1]:{server.server_address[1]}/"
    preview.rebuild()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status, body = fetch(f"{preview.address}en/joint-lab/")
        assert status == 200 and "Mila and AI Sweden" in body
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_not_found_is_answered_with_the_nearest_404_page(running: Running) -> None:
    # In a language's folder, that language's; elsewhere, the root's (the source language's).
    status, body = fetch(f"{running.url}/fr/no-such-release/")
    assert status == 404 and '<html lang="fr-CA"' in body and '<a href="/fr/">' in body
    assert 'new EventSource("/_events")' in body  # reloaded as the site's pages are
    status, body = fetch(f"{running.url}/no/such/page.html")
    assert status == 404 and '<html lang="en"' in body and "Page not found" in body
    # A 404.html of the newsroom's own replaces the root's.
    page = running.root / "static/root/404.html"
    page.parent.mkdir(parents=True)
    page.write_text("<!DOCTYPE html><title>404</title><body><h1>Nothing here</h1></body>")
    wait_for(lambda: "Nothing here" in (running.preview.config.output / "404.html").read_text())
    status, body = fetch(f"{running.url}/no/such/page.html")
    assert status == 404 and "<h1>Nothing here</h1>" in body
    assert '<html lang="fr-CA"' in fetch(f"{running.url}/fr/no-such-release/")[1]
    assert fetch(f"{running.url}/fr/joint-lab/")[0] == 200


def test_a_change_is_rebuilt_and_an_error_shown_then_cleared(running: Running) -> None:
    source = running.root / "content/2023/joint-lab.md"
    save(source, "Two programmes", "Three programmes")
    wait_for(lambda: "Three programmes" in fetch(f"{running.url}/en/joint-lab/")[1])
    save(source, "title: Mila", "titel: Mila")
    _, body = wait_for(lambda: (r := fetch(f"{running.url}/en/joint-lab/"))[0] == 500 and r)
    assert "content/2023/joint-lab.md:2: unknown front matter key &#x27;titel&#x27;" in body
    wait_for(
        lambda: any(m.startswith("error: content/2023/joint-lab.md:2") for m in running.messages)
    )
    save(source, "titel: Mila", "title: Mila")
    wait_for(lambda: fetch(f"{running.url}/en/joint-lab/")[0] == 200)


def test_a_rebuild_waits_for_another_command_at_work(running: Running) -> None:
    """An update in another terminal holds the newsroom's lock: the preview keeps its last
    build meanwhile, and builds the change once the command has finished."""
    from i18n_news.lock import newsroom_lock

    source = running.root / "content/2023/joint-lab.md"
    generation = running.preview.generation
    with newsroom_lock(running.root):
        save(source, "Two programmes", "Three programmes")
        time.sleep(0.5)  # the watcher has seen the save, and its rebuild waits
        status, body = fetch(f"{running.url}/en/joint-lab/")
        assert status == 200 and "Two programmes" in body
        assert running.preview.generation == generation
    wait_for(lambda: "Three programmes" in fetch(f"{running.url}/en/joint-lab/")[1])
    assert not any(message.startswith("error:") for message in running.messages)


def test_open_pages_reload_after_a_rebuild(running: Running, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{running.url}/sv/joint-lab/")
    assert "Two programmes" in page.locator("main").inner_text()
    page.evaluate("window.marker = 'before reload'")
    source = running.root / "content/2023/joint-lab.md"
    save(source, "Two programmes", "Four programmes")
    page.wait_for_function(
        "() => document.body.innerText.includes('Four programmes')", timeout=15000
    )
    assert page.evaluate("window.marker") is None  # the page really reloaded
    page.close()


def test_more_tabs_than_a_browser_has_connections_all_load_and_reload(
    running: Running, browser: Any
) -> None:
    # Chromium opens at most six connections to a host: were each tab to hold an event
    # stream, the seventh would never load.
    context = browser.new_context()
    addresses = [
        f"/{language}/{page}" for page in ("", "joint-lab/") for language in ("en", "fr", "sv")
    ] + ["/_status/", "/en/no-such-release/"]
    pages = []
    for address in addresses:
        page = context.new_page()
        page.goto(running.url + address, timeout=5000)
        page.evaluate("window.marker = 'before reload'")
        pages.append(page)
    assert "Two programmes" in pages[3].locator("main").inner_text()
    save(running.root / "content/2023/joint-lab.md", "Two programmes", "Eight programmes")
    pages[3].wait_for_function(
        "() => document.body.innerText.includes('Eight programmes')", timeout=15000
    )
    for page in pages:  # every tab reloads, through the one that listens
        page.wait_for_function("() => window.marker === undefined", timeout=15000)
    # A tab opened now loads too, and the status page is there.
    extra = context.new_page()
    extra.goto(f"{running.url}/_status/", timeout=5000)
    assert "Translation status" in extra.locator("body").inner_text()
    context.close()


def test_a_page_served_before_a_build_ended_reloads_at_once(running: Running, browser: Any) -> None:
    # The page says which build it was served from; the event stream names the latest.
    url = f"{running.url}/en/joint-lab/"
    stale = fetch(url)[1]
    served = re.search(r'var built = "([^"]+)"', stale)
    assert served and served[1] == running.preview.build_id()
    with urllib.request.urlopen(f"{running.url}/_events", timeout=10) as stream:
        assert stream.readline() == f"data: {served[1]}\n".encode()
    running.preview.rebuild()
    # The page as it was served before the build ended (the server answers the reload).
    answers: list[str] = []

    def answer(route: Any) -> None:
        if answers:
            route.continue_()
        else:
            answers.append(url)
            route.fulfill(body=stale, content_type="text/html; charset=utf-8")

    page = browser.new_page()
    page.route(url, answer)
    page.goto(url)
    page.wait_for_function(
        "() => performance.getEntriesByType('navigation')[0].type === 'reload'", timeout=15000
    )
    assert running.preview.build_id() in page.content()
    page.close()


def rebuilds_after(running: Running, change: Callable[[], object]) -> int:
    """How many rebuilds ``change`` causes, counted once the watcher has had time to see it
    (and every later change it could wrongly see, such as the build's own files)."""
    before = running.preview.generation
    change()
    wait_for(lambda: running.preview.generation > before)
    time.sleep(1)
    return running.preview.generation - before


def test_each_save_rebuilds_once_and_a_build_does_not_rebuild_itself(running: Running) -> None:
    # A build writes the site and the cache, in the newsroom: no rebuild follows.
    generation = running.preview.generation
    time.sleep(1)
    assert running.preview.generation == generation
    source = running.root / "content/2023/joint-lab.md"
    assert rebuilds_after(running, lambda: save(source, "Two programmes", "Six programmes")) == 1
    assert "Six programmes" in fetch(f"{running.url}/en/joint-lab/")[1]


def test_the_configuration_and_a_folder_made_while_serving_are_watched(
    running: Running,
) -> None:
    config = running.root / "i18n-news.toml"
    assert rebuilds_after(running, lambda: save(config, "Test Newsroom", "Renamed Newsroom")) == 1
    assert "Renamed Newsroom" in fetch(f"{running.url}/en/")[1]
    assert running.messages[-1].startswith("i18n-news.toml: rebuilt in ")
    footer = running.root / "templates/partials/footer.html"

    def override() -> None:
        footer.parent.mkdir(parents=True)
        footer.write_text("<footer><p>Our own footer</p></footer>\n")

    rebuilds_after(running, override)
    wait_for(lambda: "Our own footer" in fetch(f"{running.url}/en/")[1])
    assert any(m.startswith("templates/: rebuilt in ") for m in running.messages)
    # The new folder is watched from then on.
    save(footer, "Our own footer", "Our second footer")
    wait_for(lambda: "Our second footer" in fetch(f"{running.url}/en/")[1])


def test_hidden_files_backups_and_compiled_catalogs_do_not_rebuild(running: Running) -> None:
    root, config = running.root, running.preview.config
    assert not relevant(config, str(root / "content/.joint-lab.md.swp"))
    assert not relevant(config, str(root / "content/.drafts/joint-lab.md"))
    assert not relevant(config, str(root / "content/2023/joint-lab.md~"))
    assert not relevant(config, str(root / "locales/fr/LC_MESSAGES/site.mo"))
    assert relevant(config, str(root / "content/2023/joint-lab.md"))
    generation = running.preview.generation
    (root / "content/.joint-lab.md.swp").write_text("an editor's swap file")
    (root / "content/2023/joint-lab.md~").write_text("a backup")
    time.sleep(1)
    assert running.preview.generation == generation


def test_a_save_during_a_build_is_built_after_it(make_newsroom: Callable[..., Path]) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    source = root / "content/2023/joint-lab.md"
    building, saved = threading.Event(), threading.Event()

    def slow_build(config: Any) -> None:
        building.set()
        saved.wait(10)  # the writer saves while the build runs
        build_site(config, drafts=True)

    preview = Preview(load_config(root), slow_build)
    watching = threading.Event()
    threading.Thread(target=watch, args=(preview, Log(), 0.05, watching.set), daemon=True).start()
    assert watching.wait(10)
    first = threading.Thread(target=preview.rebuild)
    first.start()
    assert building.wait(10)
    save(source, "Two programmes", "Seven programmes")
    saved.set()
    first.join()
    wait_for(lambda: preview.generation >= 2)
    preview.stopped.set()
    assert "Seven programmes" in (preview.config.output / "en/joint-lab/index.html").read_text()


def test_the_serve_command_watches_builds_and_serves(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    # The site as built, deployed from the output folder: the preview never writes there.
    draft = (
        "---\ntitle: Secret plans\ndate: 2023-03-01\ndateline: Montreal\nsummary: Soon.\n"
        "draft: true\n---\n\nNot yet.\n"
    )
    (root / "content/2023/secret-plans.md").write_text(draft)
    assert run(root, "build").exit_code == 0
    site = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    process = subprocess.Popen(
        [sys.executable, "-m", "i18n_news", "-C", str(root), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.match(r"Serving (http://127\.0\.0\.1:\d+/) ", line)
        assert url, line
        assert "Two programmes" in fetch(url[1] + "en/joint-lab/")[1]
        # The draft is shown, and never written into the site deployed.
        assert "Not yet." in fetch(url[1] + "en/secret-plans/")[1]
        # A second server would build the same preview for its own address: refused.
        second = run(root, "serve", "--port", "0")
        assert second.exit_code == 1 and second.output == (
            f"error: another 'i18n-news serve' shows this newsroom at {url[1]}: open that "
            "address, or stop it first\n"
        )
        save(root / "content/2023/joint-lab.md", "Two programmes", "Nine programmes")
        line = process.stdout.readline()
        assert re.fullmatch(r"content/2023/joint-lab\.md: rebuilt in \d+\.\d\d s\n", line), line
        assert "Nine programmes" in fetch(url[1] + "en/joint-lab/")[1]
        # A failed build is one line on standard error, as any command reports an error (no
        # colour without a terminal), and the server keeps running.
        save(root / "content/2023/joint-lab.md", "title: Mila", "titel: Mila")
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("error: content/2023/joint-lab.md:2: unknown front matter key"), line
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(10)
    assert {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()} == site
    assert not any("secret-plans" in str(p) for p in site)
    # The site's build after the preview's is as it was (each keeps its own record).
    save(root / "content/2023/joint-lab.md", "titel: Mila", "title: Mila")
    assert run(root, "build").exit_code == 0
    rebuilt = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    assert rebuilt.keys() == site.keys() and not any(b"secret" in data for data in rebuilt.values())


def test_an_address_in_use_is_one_line_before_any_build(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(root, "serve", "--port", str(port))
    assert result.exit_code == 2, result.output
    assert f"cannot serve on 127.0.0.1:{port}: Address already in use" in result.output
    assert "Traceback" not in result.output and not (root / "public").exists()


HOLD = CONFIG + '\n[policy]\nmin_translated = 50\nbelow = "hold"\n'


def test_the_dashboard_links_only_the_pages_the_preview_has(
    make_newsroom: Callable[..., Path],
) -> None:
    # Untranslated, the French and Swedish versions are held back: no page, no link.
    root = make_newsroom(
        {"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()}, config=HOLD
    )
    running, stop = start_preview(root)
    try:
        status, body = fetch(f"{running.url}/_status/")
        assert status == 200 and "Translation status" in body
        links = set(re.findall(r'href="(/[^"]*)"', body))
        assert "/en/joint-lab/" in links and "/fr/joint-lab/" not in links
        assert all(status_of(running.url + link) == 200 for link in links)
    finally:
        stop()


def test_a_site_under_a_path_is_previewed_from_the_root(
    make_newsroom: Callable[..., Path],
) -> None:
    config = CONFIG.replace("https://news.example.org/", "https://example.org/news/")
    root = make_newsroom(
        {"content/2023/joint-lab.md": (DATA / "full-release.md").read_text()}, config=config
    )
    running, stop = start_preview(root)
    try:
        for address in ("/fr/no-such-release/", "/en/joint-lab/", "/fr/"):
            page = running.url + address
            _, body = fetch(page)
            links = {
                urljoin(page, link).split("#")[0]
                for link in re.findall(r'(?:href|src)="([^"#][^"]*)"', body)
            }
            assert urljoin(page, "/static/style.css") in links, address
            ours = {link for link in links if link.startswith(running.url)}
            assert all(status_of(link) == 200 for link in ours), (address, ours)
        # Its absolute links are to the preview too.
        assert f'href="{running.url}/en/joint-lab/"' in fetch(f"{running.url}/en/joint-lab/")[1]
    finally:
        stop()
    # The site deployed is still built for the configured address.
    assert load_config(root).base_url == "https://example.org/news/"


def test_a_page_not_in_utf8_is_served_as_it_is(running: Running) -> None:
    page = running.root / "static/root/legacy.html"
    page.parent.mkdir(parents=True)
    text = '<html><head><meta charset="windows-1252"></head><body><p>Café “old”</p></body></html>'
    page.write_bytes(text.encode("windows-1252"))
    built = running.preview.config.output / "legacy.html"
    wait_for(built.is_file)
    with urllib.request.urlopen(f"{running.url}/legacy.html", timeout=10) as response:
        assert response.status == 200
        assert "utf-8" not in response.headers["Content-Type"]
        body = response.read()
    assert body.startswith(text.encode("windows-1252").split(b"</body>")[0])
    assert b'new EventSource("/_events")' in body and body.endswith(b"</body></html>")


def test_an_error_of_the_server_is_a_500_and_told_in_the_terminal(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: PreviewHandler) -> None:
        raise RuntimeError("the dashboard broke")

    monkeypatch.setattr(PreviewHandler, "send_dashboard", broken)
    status, _ = fetch(f"{running.url}/_status/")
    assert status == 500
    assert "error: serving /_status/: RuntimeError: the dashboard broke" in running.messages
    assert fetch(f"{running.url}/en/joint-lab/")[0] == 200  # and serves on


def test_a_folder_without_an_index_is_not_found(running: Running) -> None:
    for address, language in (("/fr/tags/", "fr-CA"), ("/static/", "en"), ("/static", "en")):
        status, body = fetch(running.url + address)
        assert status == 404 and "Directory listing" not in body, address
        assert f'<html lang="{language}"' in body, address
    assert fetch(f"{running.url}/fr/tags/research/")[0] == 200
