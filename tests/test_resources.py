"""A release's images are published beside each language's page of it."""

from __future__ import annotations

import posixpath
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from click.testing import Result

from i18n_news.config import load_config
from i18n_news.errors import ContentError
from i18n_news.site import build_site

from .conftest import JPEG, replace_in

RELEASE = """\
---
title: Mila opens a lab
date: 2023-03-01
dateline: Montreal
summary: The lab opens.
---

The lab opens today.

![Researchers at work](lab.jpg)

![The lab's floor plan](plans/floor%20plan.png "Floor plan")

A photo from elsewhere: ![A logo](https://example.org/logo.png).
"""

#: A real PNG image (1×1 pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def newsroom(make_newsroom: Callable[..., Path], run: Callable[..., Result]) -> Path:
    root = make_newsroom({"content/2023/lab.md": RELEASE})
    (root / "content/2023/lab.jpg").write_bytes(JPEG)
    (root / "content/2023/plans").mkdir()
    (root / "content/2023/plans/floor plan.png").write_bytes(PNG)
    for command in ("extract", "update"):
        assert run(root, command).exit_code == 0, command
    return root


def images_shown(page: Path) -> list[Path]:
    """The files the images of a built page point to, as a browser resolves their URLs."""
    html = BeautifulSoup(page.read_text(), "html.parser")
    sources = [img["src"] for img in html.select("main img") if "//" not in img["src"]]
    folder = page.parent
    return [Path(posixpath.normpath(folder / src.replace("%20", " "))) for src in sources]


@pytest.mark.parametrize("workers", [1, 2])
def test_each_language_page_finds_its_images(
    newsroom: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import prefetch, site

    monkeypatch.setattr(prefetch, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(site, "PARALLEL_MIN_PAGES", 1)
    build_site(load_config(newsroom), workers=workers)
    for language in ("en", "fr", "sv"):
        page = newsroom / f"public/{language}/lab/index.html"
        shown = images_shown(page)
        assert [file.name for file in shown] == ["lab.jpg", "floor plan.png"]
        assert [file.read_bytes() for file in shown] == [JPEG, PNG]


def test_an_image_changed_or_no_longer_shown_is_so_on_the_site(newsroom: Path) -> None:
    build_site(load_config(newsroom))
    copy = newsroom / "public/fr/lab/lab.jpg"
    (newsroom / "content/2023/lab.jpg").write_bytes(PNG)
    build_site(load_config(newsroom))
    assert copy.read_bytes() == PNG
    source = newsroom / "content/2023/lab.md"
    replace_in(source, "![Researchers at work](lab.jpg)\n", "")
    build_site(load_config(newsroom))
    assert not copy.exists()
    assert (newsroom / "public/fr/lab/plans/floor plan.png").read_bytes() == PNG
    # Shown again by an edit of the body alone: copied again.
    source.write_text(source.read_text() + "\n![Researchers at work](lab.jpg)\n")
    build_site(load_config(newsroom))
    assert copy.read_bytes() == PNG


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("gone.png", "image 'gone.png' is not there: no file content/2023/gone.png"),
        (
            "../2022/lab.jpg",
            "image '../2022/lab.jpg' must be a file beside the release or in a folder below it",
        ),
    ],
)
def test_an_image_not_beside_its_release_is_an_error_at_its_line(
    newsroom: Path, image: str, message: str
) -> None:
    build_site(load_config(newsroom))
    before = (newsroom / "public/en/lab/index.html").read_bytes()
    source = newsroom / "content/2023/lab.md"
    source.write_text(source.read_text() + f"\n![Missing]({image})\n")
    line = source.read_text().splitlines().index(f"![Missing]({image})") + 1
    with pytest.raises(ContentError) as raised:
        build_site(load_config(newsroom))
    assert str(raised.value) == f"content/2023/lab.md:{line}: {message}"
    assert (newsroom / "public/en/lab/index.html").read_bytes() == before


#: A PDF as a writer puts one beside a release (its first bytes are enough here).
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def test_a_file_a_release_links_to_is_published_beside_each_language_page(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    source = newsroom / "content/2023/lab.md"
    source.write_text(
        source.read_text()
        + "\nRead [the report](report.pdf), [its annex][annex] and [an older release](../older/)."
        + "\nWrite to [the lab](mailto:lab@example.org) or see [Mila](https://mila.quebec).\n"
        + '\n[annex]: files/annex%202023.pdf "The annex"\n'
    )
    (newsroom / "content/2023/report.pdf").write_bytes(PDF)
    (newsroom / "content/2023/files").mkdir()
    (newsroom / "content/2023/files/annex 2023.pdf").write_bytes(PDF + b"annex")
    for command in ("extract", "update", "build"):
        assert run(newsroom, command).exit_code == 0, command
    for language in ("en", "fr", "sv"):
        page = newsroom / f"public/{language}/lab/index.html"
        links = BeautifulSoup(page.read_text(), "html.parser").select("main a[href]")
        found = {
            a["href"]: Path(posixpath.normpath(page.parent / a["href"].replace("%20", " ")))
            for a in links
            if ":" not in a["href"]
        }
        assert found["report.pdf"].read_bytes() == PDF
        assert found["files/annex%202023.pdf"].read_bytes() == PDF + b"annex"
        assert not found["../older/"].exists()  # another page: not a file of the release
    # A linked file no longer there is an error naming its line, as for an image, for build,
    # status and check alike; the site stays as it was.
    (newsroom / "content/2023/report.pdf").unlink()
    line = source.read_text().splitlines().index(next(
        text for text in source.read_text().splitlines() if "(report.pdf)" in text
    )) + 1  # fmt: skip
    said = (
        f"content/2023/lab.md:{line}: link 'report.pdf' is not there: no file "
        "content/2023/report.pdf (a link to another page ends with '/')"
    )
    for command in ("build", "status"):
        result = run(newsroom, command)
        assert result.exit_code == 1, command
        assert result.output.splitlines()[-1] == f"error: {said}"
    result = run(newsroom, "check")  # one of its findings
    assert result.exit_code == 1
    assert said.replace(": link", ": [release] link", 1) in result.stdout.splitlines()
    assert (newsroom / "public/fr/lab/report.pdf").read_bytes() == PDF


def test_a_file_a_summary_links_to_is_found_from_every_page_that_shows_it(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    """A summary is shown on the release's pages, the indexes and tag pages: its relative
    link leads to the file beside the release's page from all of them."""
    replace_in(
        newsroom / "content/2023/lab.md",
        "summary: The lab opens.",
        "summary: The lab opens; read [the report](report.pdf).\ntags: [research]",
    )
    (newsroom / "content/2023/report.pdf").write_bytes(PDF)
    for command in ("extract", "update", "build"):
        assert run(newsroom, command).exit_code == 0, command
    site = newsroom / "public"
    for language in ("en", "fr", "sv"):
        assert (site / f"{language}/lab/report.pdf").read_bytes() == PDF
        for page in (f"{language}/lab/index.html", f"{language}/index.html",
                     f"{language}/tags/research/index.html"):  # fmt: skip
            html = BeautifulSoup((site / page).read_text(), "html.parser")
            [link] = [a for a in html.select("main a") if a.get_text() == "the report"]
            address = urljoin(f"https://news.example.org/{page}", link["href"])
            assert address == f"https://news.example.org/{language}/lab/report.pdf", page


@pytest.mark.parametrize("definition", ["> [annex]: gone.pdf", "- [annex]: gone.pdf"])
def test_a_file_linked_by_a_definition_in_a_quote_or_a_list_is_checked_by_every_command(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], definition: str
) -> None:
    """On a fresh checkout, status and check read a release from its template unless it may
    link to a file: a definition in a quote or a list item may."""
    body = RELEASE.split("The lab opens today.")[0] + "Read [the annex][annex].\n\n" + definition
    root = make_newsroom({"content/2023/lab.md": body + "\n"})
    assert run(root, "extract").exit_code == 0
    shutil.rmtree(root / ".i18n-news-cache")
    for command in ("status", "check", "build"):
        result = run(root, command)
        assert result.exit_code == 1, command
        said = "[release] link" if command == "check" else "link"
        assert f"content/2023/lab.md:8: {said} 'gone.pdf' is not there" in result.output, command
