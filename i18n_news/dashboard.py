"""The editors' dashboard: the status report as one self-contained HTML page.

No outside resources and no JavaScript: it opens from disk, in ``serve``, or attached to a
mail, and reads on a phone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .atomic import write_text
from .markup import inline_plain_text
from .policy import Measure, percent_shown, share_translated
from .report import NewsroomStatus, describe_publication
from .theme import THEME_DIR


def render_dashboard(
    report: NewsroomStatus,
    page_link: Callable[[str, str], str | None],
    file_link: Callable[[str], str | None],
    generated: datetime,
    by: Measure = "words",
) -> str:
    """Render the dashboard; ``page_link(lang, slug)`` and ``file_link(path)`` make its links;
    shares are counted ``by`` words or messages, as the status table counts them."""
    env = Environment(
        loader=FileSystemLoader(str(THEME_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["plain"] = inline_plain_text
    template = env.get_template("dashboard.html")
    return template.render(
        report=report,
        config=report.config,
        share=lambda version: share_translated(version.stats, by),
        percent=lambda version: f"{percent_shown(version.stats, by, version.decision):.1f}",
        by=by,
        describe=describe_publication,
        page_link=page_link,
        file_link=file_link,
        generated=generated.isoformat(timespec="minutes"),
    )


def write_dashboard(
    report: NewsroomStatus, target: Path, generated: datetime, by: Measure = "words"
) -> None:
    """Write the dashboard to ``target`` with links relative to where it is written."""
    config = report.config
    folder = target.resolve().parent

    def relative(path: Path) -> str:
        """A link to ``path``: relative, each part percent-encoded (a space, a ``#``)."""
        return quote(Path(os.path.relpath(path, folder)).as_posix())

    def page_link(language: str, slug: str) -> str | None:
        page = config.output / language / slug / "index.html"
        return relative(page) if page.is_file() else None

    def file_link(path: str) -> str | None:
        absolute = config.root / path
        return relative(absolute) if absolute.is_file() else None

    write_text(target, render_dashboard(report, page_link, file_link, generated, by))
