"""The ``i18n-news`` command line: each command parses options, calls one function, prints."""

from __future__ import annotations

import signal

# Ctrl-C while the modules below are imported (the first tenths of a second of a command,
# before any work) ends the program at once, quietly, as it ends one that has not started:
# Python would raise KeyboardInterrupt in the middle of an import, and print its traceback.
# The handler is Python's again once they are (see ``main`` and ``_interruptible``); one
# that is not Python's (Ctrl-C ignored, as in the background) is left as it is.
_IMPORTING_QUIETLY = signal.getsignal(signal.SIGINT) is signal.default_int_handler
if _IMPORTING_QUIETLY:
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    except ValueError:  # imported by another thread: only the main one sets handlers
        _IMPORTING_QUIETLY = False

import contextlib  # noqa: E402
import dataclasses  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import zoneinfo  # noqa: E402
from collections.abc import Callable, Iterable, Iterator  # noqa: E402
from datetime import UTC, date, datetime, time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any, TextIO, TypeVar  # noqa: E402

import click  # noqa: E402
from click.core import ParameterSource  # noqa: E402

from . import __version__  # noqa: E402
from .cache import save_caches  # noqa: E402
from .config import Config, Language, find_root, load_config  # noqa: E402
from .errors import ConfigError, NewsroomError  # noqa: E402
from .layout import SITE, catalog_path, display_path  # noqa: E402
from .lock import newsroom_lock  # noqa: E402
from .policy import Decision, Measure, percent_shown  # noqa: E402
from .status import CatalogStats  # noqa: E402

if _IMPORTING_QUIETLY:  # imported: Ctrl-C raises KeyboardInterrupt, for whoever imported it
    signal.signal(signal.SIGINT, signal.default_int_handler)

if TYPE_CHECKING:
    from .report import NewsroomStatus

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    def __init__(self, root: Path | None, debug: bool):
        self.root = root
        self.debug = debug

    def config(self) -> Config:
        root = self.root if self.root is not None else find_root(Path.cwd())
        if self.root is not None:
            root = find_root(self.root)
        return load_config(root)


def _os_error_line(error: OSError, state: Context | None) -> str:
    """An error of the system as one line: the file it is about (from the newsroom, where it
    is in it), and what the system said."""
    reason = error.strerror or str(error)
    if not error.filename:
        return reason
    name = Path(os.fsdecode(error.filename))
    with contextlib.suppress(Exception):
        root = find_root(state.root if state and state.root else Path.cwd())
        name = name.resolve().relative_to(root) if name.is_absolute() else name
    return f"{name.as_posix()}: {reason}"


#: Whether Ctrl-C ends the program at once until a command starts its work, and once it is
#: done: set by :func:`main`, the ``i18n-news`` program (a command run from Python, as
#: click's test runner runs it, is interrupted as Python interrupts it).
_quiet_but_at_work = False


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """A command's work, which Ctrl-C interrupts with KeyboardInterrupt (reported in one line
    by :func:`_run`, once every file being written is left whole or as it was); before it
    and after it, in the program, Ctrl-C ends the program at once."""
    if not _quiet_but_at_work:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run(function: F) -> F:
    """Report :class:`NewsroomError` as one line and exit with its code (1, or 2 for a wrong
    command line); show tracebacks only with --debug."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(Context)
        debug = state.debug if state else False
        try:
            with _interruptible():
                try:
                    result = function(*args, **kwargs)
                except SystemExit:
                    # The command's own exit code (a check failed): its work is kept.
                    save_caches()
                    raise
                save_caches()
                return result
        except NewsroomError as error:
            if debug:
                import traceback

                traceback.print_exc()
            _echo_error(str(error))
            _echo_notes(error)
            sys.exit(error.exit_code)
        except KeyboardInterrupt as interrupt:
            click.echo("interrupted: nothing was left half-written", err=True)
            _echo_notes(interrupt)
            sys.exit(130)
        except OSError as error:  # a file or folder the system refuses (permissions, a full disk)
            if debug:
                import traceback

                traceback.print_exc()
            _echo_error(_os_error_line(error, state))
            sys.exit(1)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper  # type: ignore[return-value]


class _Commands(click.Group):
    """The commands, which click shows without colours when ``NO_COLOR`` is set (their help
    and errors too)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if _no_color():
            extra.setdefault("color", False)  # inherited by the command's own context
        return super().make_context(info_name, args, parent, **extra)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "-C",
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Newsroom folder (default: the current folder or the nearest parent with i18n-news.toml).",
)
@click.option("--debug", is_flag=True, help="Show the full traceback of errors.")
@click.version_option(__version__, prog_name="i18n-news")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, debug: bool) -> None:
    """Publish press releases in several languages, kept as gettext catalogs.

    \b
    The workflow:
      i18n-news new "Title"   a writer starts a release in content/
      i18n-news extract       every visible text becomes a message in locales/templates/
      i18n-news update        locales/<lang>/LC_MESSAGES/*.po follow, translations kept
      (translators edit the .po files in Poedit, Weblate, Lokalize or a text editor)
      i18n-news status        what is translated, per release and language
      i18n-news build         the site, one page per release and language, in public/

    Exit codes: 0 success, 1 an error in the newsroom's files, 2 a wrong command line,
    130 interrupted (Ctrl-C).
    Colours are shown on a terminal, unless the environment variable NO_COLOR is set.
    """
    ctx.obj = Context(root, debug)


def _no_color() -> bool:
    """Whether the user asks for no colours: the environment variable ``NO_COLOR`` is set and
    not empty (https://no-color.org)."""
    return bool(os.environ.get("NO_COLOR"))


def _coloured(stream: TextIO) -> bool:
    """Whether what is written to ``stream`` is coloured: on a terminal, unless ``NO_COLOR``
    is set (or click is told otherwise, as its test runner may be)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.color is not None:
        return ctx.color
    return not _no_color() and stream.isatty()


def _progress_bar(label: str) -> Callable[[int, int], None] | None:
    """A progress callback drawing a bar on a terminal; ``None`` when output is not a terminal."""
    if not sys.stderr.isatty():
        return None
    bar: Any = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.length = total  # a first estimate may be refined
        # Drawn again at each hundredth of the work (a command may report every file).
        if done >= total or done - bar.pos >= total / 100:
            bar.update(max(0, done - bar.pos))
        if done >= total:  # done; a next part of the work has a bar of its own
            bar.__exit__(None, None, None)
            bar = None

    return advance


def _jobs(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``-j``/``--jobs`` option: how many processes a command may run at once."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(1),
        default=lambda: os.cpu_count() or 1,
        show_default="the number of cores",
        help=text,
    )


def _targets(config: Config, codes: Iterable[str]) -> list[Language]:
    """The target languages ``--lang`` names: a code the newsroom does not translate into is
    a wrong command line."""
    known = {language.code: language for language in config.targets}
    for code in codes:
        if code not in known:
            what = "the source language" if code == config.source.code else "not a language"
            raise click.BadParameter(
                f"{code!r} is {what}: this newsroom translates into {', '.join(known)}",
                param_hint="'--lang'",
            )
    return [known[code] for code in dict.fromkeys(codes)]  # a code given twice, once


def _refuse_newsroom_file(config: Config, path: Path, option: str) -> None:
    """Refuse to write a report at ``path`` if it is one of the newsroom's own files: its
    configuration, glossary, compendia, or a file in its content, catalogs, templates,
    assets, cache or history; or in the site's output folder, which every build replaces."""
    from .config import own_folder_holding
    from .glossary import GLOSSARY_NAME

    target = path.resolve()
    settings = {config.path, config.root / GLOSSARY_NAME}
    settings.update((config.root / name).resolve() for name in config.memory.compendia)
    if target in settings or own_folder_holding(config.root, target) is not None:
        raise click.BadParameter(
            f"{str(path)!r} is a file of the newsroom's own: write it elsewhere (beside "
            "i18n-news.toml, or out of the newsroom)",
            param_hint=option,
        )
    _refuse_output_folder(config, path, option)
    if target.is_dir():
        raise click.BadParameter(f"{str(path)!r} is a folder: name a file", param_hint=option)


def _refuse_output_folder(config: Config, path: Path, option: str) -> None:
    """Refuse to write at ``path`` if it is in the site's output folder, which every build
    replaces whole."""
    if path.resolve().is_relative_to(config.output):
        raise click.BadParameter(
            f"{str(path)!r} is in the site's output folder, which a build replaces whole: write "
            "it elsewhere (beside i18n-news.toml, or out of the newsroom)",
            param_hint=option,
        )


def _config(lock: bool = False) -> Config:
    """The newsroom's configuration; with ``lock``, the command holds the newsroom's lock."""
    ctx = click.get_current_context()
    config = ctx.ensure_object(Context).config()
    if lock:
        ctx.with_resource(newsroom_lock(config.root))
    return config


def _today(zone: str) -> date:
    """Today's date where the newsroom is, which is what its releases' dates mean (an unknown
    zone is refused when the newsroom is made)."""
    try:
        return datetime.now(zoneinfo.ZoneInfo(zone)).date()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return date.today()


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", help="Name of the newsroom (default: the folder's name).")
@click.option(
    "--base-url",
    default="https://example.org/",
    show_default=True,
    help="Address where the site will be published.",
)
@click.option(
    "--timezone",
    default="UTC",
    show_default=True,
    help="Time zone of the dates, e.g. America/Toronto.",
)
@click.option(
    "--source", "source", default="en", show_default=True, help="Language releases are written in."
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    show_default="fr, sv; en instead of the source language",
    help="A language to translate into (repeat the option for several).",
)
@_run
def init(
    directory: Path,
    name: str | None,
    base_url: str,
    timezone: str,
    source: str,
    targets: tuple[str, ...],
) -> None:
    """Create a new newsroom in DIRECTORY (default: here), ready to build.

    \b
    Examples:
      i18n-news init my-newsroom --name "Mila News" --timezone America/Toronto
      i18n-news init . --target fr --target de
      i18n-news init nouvelles --source fr    # translated into English and Swedish
    """
    from .extract import extract_newsroom
    from .scaffold import default_targets, init_newsroom
    from .update import update_newsroom

    if source in targets:
        raise click.BadParameter(
            f"{source!r} is the source language (--source): a newsroom translates its "
            "releases into other languages",
            param_hint="'--target'",
        )
    # A language given twice is translated into once.
    chosen = list(dict.fromkeys(targets)) if targets else default_targets(source)
    if name is not None and not name.strip():
        raise click.BadParameter("the newsroom's name must not be empty", param_hint="'--name'")
    name = name or _name_of_folder(directory.resolve().name)
    locales = {"en": "en", "fr": "fr_CA", "sv": "sv_SE"}
    try:
        release, kept = init_newsroom(
            directory, name, base_url, timezone, source, chosen, locales, _today(timezone)
        )
    except ConfigError as error:  # an option the configuration refuses, or a newsroom there
        raise click.UsageError(f"{error.message} (nothing was written)") from None
    config = load_config(directory.resolve())
    extract_newsroom(config)
    update_newsroom(config)
    click.echo(f"Created the newsroom {name!r} in {directory}")
    click.echo(f"  example release: {display_path(config, release)}")
    for path in kept:
        click.echo(f"  kept as it was: {display_path(config, path)}")
    import shlex  # a folder as the shell is given it: "news room/" quoted

    click.echo(f"  next: cd {shlex.quote(str(directory))} && i18n-news build")


@cli.command()
@click.argument("title")
@click.option("--dateline", help="City of the dateline (default: that of the latest release).")
@click.option("--slug", help="URL slug (default: made from the title).")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option(
    "--date",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Release date (default: today).",
)
@_run
def new(
    title: str, dateline: str | None, slug: str | None, tags: tuple[str, ...], on: datetime | None
) -> None:
    """Start a release: content/<year>/<slug>.md with its front matter filled in, as a draft
    (remove 'draft: true' when it is ready to publish).

    \b
    Examples:
      i18n-news new "Mila welcomes 50 new researchers"
      i18n-news new "AI Sweden opens a Montreal office" --dateline Montreal --tag partnerships
    """
    from .content import is_slug, slug_words
    from .scaffold import new_release

    if not title.strip():
        raise click.BadParameter("a release needs a title", param_hint="TITLE")
    if slug is not None and not is_slug(slug):
        raise click.BadParameter(
            f"{slug!r} is not a slug: lower-case letters and digits, joined by hyphens",
            param_hint="--slug",
        )
    for tag in tags:
        if not slug_words(tag):
            raise click.BadParameter(f"{tag!r} has no letter or digit", param_hint="--tag")
    if slug is None and not slug_words(title):
        raise click.BadParameter(
            f"{title.strip()!r} has no letter a to z or digit to make the file's name of: "
            "give one with --slug",
            param_hint="TITLE",
        )
    config = _config(lock=True)
    today = datetime.now(config.zone).date()
    day = on.date() if on else today
    # Dated in the future: embargoed until that day begins, not published before.
    embargo = datetime.combine(day, time(), config.zone) if day > today else None
    path = new_release(config, title.strip(), day, dateline, slug, tags, embargo)
    click.echo(display_path(config, path))
    if embargo is None:
        click.echo(
            "a draft: 'serve' shows it; remove 'draft: true' when it is ready to publish", err=True
        )
    else:
        # A preview shows drafts, not releases still under embargo.
        click.echo(
            f"a draft, embargoed until {embargo.isoformat()}: set 'embargo:' to the minute it "
            "may be published, and remove 'draft: true' when it is ready; 'build --drafts "
            f"--now {embargo.isoformat()}' previews it",
            err=True,
        )


@cli.command()
@_jobs("Processes that parse releases in parallel when many changed (a fresh checkout).")
@_run
def extract(jobs: int) -> None:
    """Write the message templates (.pot) of every release and of the site's templates.

    A template is rewritten only when its messages change.

    \b
    Example:
      i18n-news extract && i18n-news update
    """
    from .extract import extract_newsroom

    config = _config(lock=True)
    report = extract_newsroom(config, workers=jobs, progress=_progress_bar("Reading"))
    for path in report.written:
        click.echo(f"wrote {display_path(config, path)}")
    for path in report.removed:
        click.echo(f"removed {display_path(config, path)} (its release is gone)")
    click.echo(
        f"{len(report.written)} template(s) written, {len(report.unchanged)} unchanged, "
        f"{report.messages} messages"
    )


@cli.command()
@click.option(
    "-l", "--lang", "languages", multiple=True, help="Only this target language (repeatable)."
)
@click.option(
    "--purge-obsolete",
    is_flag=True,
    help="Delete obsolete entries (#~) instead of keeping them for when their text returns.",
)
@click.option(
    "--fill-fuzzy",
    is_flag=True,
    help="Also give fuzzy messages the memory's translation of their very text (a changed "
    "boilerplate translated once, in every release), replacing theirs of the older text.",
)
@_jobs(
    "Processes that merge catalogs, and search the translation memory, in parallel when many "
    "catalogs of a language need it (a fresh checkout, translators' work)."
)
@_run
def update(languages: tuple[str, ...], purge_obsolete: bool, fill_fuzzy: bool, jobs: int) -> None:
    """Create or merge every language's catalogs from the templates.

    Translations are never lost: changed source text becomes fuzzy with the previous
    msgid kept (#| msgid), removed messages become obsolete (#~). A catalog is rewritten
    only when its content changes.

    \b
    Examples:
      i18n-news update
      i18n-news update --lang fr
      i18n-news update --purge-obsolete
      i18n-news update --fill-fuzzy
    """
    from .update import update_newsroom

    config = _config(lock=True)
    targets = _targets(config, languages) or None
    report = update_newsroom(
        config, targets, purge_obsolete, _progress_bar("Updating"), jobs, fill_fuzzy
    )
    for item in report.catalogs:
        if not item.written:
            continue
        verb = "created" if item.created else "updated"
        stats = item.stats
        details = f"{stats.added} new, {stats.fuzzy_matched} fuzzy, {stats.obsoleted} obsolete"
        if stats.purged:
            details += f", {stats.purged} obsolete deleted"
        if item.memory.exact or item.memory.similar:
            details += f", {item.memory.exact + item.memory.similar} from memory"
        if item.memory.from_theme:
            details += f", {item.memory.from_theme} translated by the theme"
        if item.continued:
            former = display_path(config, Path(item.continued))
            if item.continued_removed:  # all of it carried over: a rename
                details = f"renamed from {former}, whose release is gone: {details}"
            else:
                details = f"continuing {former}, whose release is gone: {details}"
        click.echo(f"{verb} {display_path(config, item.path)} ({details})")
    for orphan in report.orphans:
        click.echo(f"kept {display_path(config, orphan)}: no release uses it any more", err=True)
    for folder in report.former_languages:
        click.echo(
            f"kept {display_path(config, folder)}/: {folder.name!r} is no language of the "
            "newsroom any more (renamed? move its catalogs to the new language's folder, then "
            "run update)",
            err=True,
        )
    exact = sum(item.memory.exact for item in report.catalogs)
    similar = sum(item.memory.similar for item in report.catalogs)
    if exact or similar:
        words = sum(item.memory.words for item in report.catalogs)
        click.echo(
            f"translation memory filled {exact + similar} message(s), {words} word(s): "
            f"{exact} exact, {similar} similar (fuzzy)"
        )
    written = sum(1 for item in report.catalogs if item.written)
    click.echo(f"{written} catalog(s) written, {len(report.catalogs) - written} unchanged")
    refillable = [item for item in report.catalogs if item.memory.refillable]
    if refillable:
        count = sum(item.memory.refillable for item in refillable)
        click.echo(
            f"hint: {count} fuzzy message(s) in {len(refillable)} catalog(s) have a new text "
            "that the memory has translated: 'i18n-news update --fill-fuzzy' gives them "
            "that translation"
        )


@cli.command()
@click.option(
    "-l", "--lang", "languages", multiple=True, help="Only this target language (repeatable)."
)
@click.option(
    "-r", "--release", "slugs", multiple=True, help="Only this release slug (repeatable)."
)
@click.option("--incomplete", is_flag=True, help="Only language versions not fully translated.")
@click.option(
    "--sort",
    type=click.Choice(["date", "name", "progress"]),
    default="date",
    show_default=True,
    help="Order of releases: newest first, by slug, or least translated first.",
)
@click.option(
    "--by",
    type=click.Choice(["words", "messages"]),
    default="words",
    show_default=True,
    help="Count --fail-under and the percentage column in source words or in messages.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the status as JSON (see docs/reference.md)."
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Exit 1 if a shown language version is less than PCT percent translated.",
)
@click.option(
    "--fail-if-held", is_flag=True, help="Exit 1 if the policy holds back a language version."
)
@click.option(
    "--since",
    metavar="REF",
    help="List the messages added or changed since REF (a git revision or a date), per "
    "language, instead of the table.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the status as a self-contained HTML dashboard to this file.",
)
@click.option(
    "--now",
    metavar="TIME",
    callback=lambda ctx, param, value: _parse_moment(value) if value else None,
    help="Judge embargoes at TIME instead of now.",
)
@_jobs(
    "Processes that parse releases and catalogs in parallel when many changed since the "
    "last count (a fresh checkout, after update)."
)
@_run
def status(
    languages: tuple[str, ...],
    slugs: tuple[str, ...],
    incomplete: bool,
    sort: str,
    by: Measure,
    as_json: bool,
    fail_under: float | None,
    fail_if_held: bool,
    since: str | None,
    html_file: Path | None,
    now: datetime | None,
    jobs: int,
) -> None:
    """Show what is translated, per release and language, and what will be published.

    Counts follow gettext: translated, fuzzy, untranslated, in messages and in words
    of the source text. With --fail-under or --fail-if-held, every failing release and
    language is printed on a line of its own and the exit code is 1: use it in CI.

    \b
    Examples:
      i18n-news status
      i18n-news status --lang sv --incomplete --sort progress
      i18n-news status --json > status.json
      i18n-news status --fail-under 100 --by messages
      i18n-news status --html status.html
      i18n-news status --since v1.2 --lang fr
      i18n-news status --since 2022-03-01 --json
    """
    from .content import check_slugs
    from .report import collect_status, filter_status, status_failures, status_json

    if since is not None:
        # Of the table's, given on the command line (--sort and --by have defaults).
        source = click.get_current_context().get_parameter_source
        options = {
            "--html": html_file,
            "--fail-under": fail_under,
            "--fail-if-held": fail_if_held or None,
            "--incomplete": incomplete or None,
            "--sort": sort if source("sort") == ParameterSource.COMMANDLINE else None,
            "--by": by if source("by") == ParameterSource.COMMANDLINE else None,
            "--now": now,
        }
        given = [name for name, value in options.items() if value is not None]
        if given:
            raise click.UsageError(
                f"--since lists the messages changed, not the table: it takes no {given[0]}"
            )
    config = _config()
    wanted = {language.code for language in _targets(config, languages)}
    if html_file is not None:
        _refuse_newsroom_file(config, html_file, "--html")
    if since is not None:
        if slugs:
            from .content import load_releases

            check_slugs(slugs, {release.slug for release in load_releases(config, heads=True)})
        _print_changes(config, since, wanted, set(slugs), as_json)
        return
    moment = now or datetime.now(UTC)
    report = collect_status(config, moment, workers=jobs, progress=_progress_bar("Reading"))
    check_slugs(slugs, {item.release.slug for item in report.releases})
    filter_status(report, wanted, set(slugs), incomplete, sort, by)
    if html_file is not None:  # first: a file that cannot be written stops before the table
        from .dashboard import write_dashboard

        write_dashboard(report, html_file, moment.astimezone(config.zone), by)
    if as_json:
        _echo_json(status_json(report))
    else:
        click.echo(format_status_table(report, by, colour=_coloured(sys.stdout)))
    if html_file is not None:
        click.echo(f"wrote {html_file}", err=as_json)
    failures = status_failures(report, by, fail_under, fail_if_held)
    for line in failures:
        click.echo(line, err=True)
    if failures:
        sys.exit(1)


def _print_changes(
    config: Config, since: str, languages: set[str], slugs: set[str], as_json: bool
) -> None:
    from .changes import changes_since

    commit, changes = changes_since(config, since)
    shown = {
        code: [c for c in items if not slugs or c.slug in slugs]
        for code, items in changes.items()
        if not languages or code in languages
    }
    if as_json:
        document = {
            "since": since,
            "commit": commit,
            "languages": {
                code: [
                    {
                        "release": c.slug, "path": c.path, "line": c.line, "kind": c.kind,
                        "change": c.change, "msgid": c.msgid, "previous": c.previous,
                        "state": c.state,
                    }
                    for c in items
                ]
                for code, items in shown.items()
            },
        }  # fmt: skip
        _echo_json(document)
        return
    reference = f"{since} (commit {commit[:12]})" if commit else f"{since} (before any commit)"
    click.echo(f"Messages added or changed since {reference}:")
    for code, items in shown.items():
        todo = [c for c in items if c.state != "translated"]
        click.echo(
            click.style(f"\n{code}: {len(items)} message(s), {len(todo)} to translate", bold=True)
        )
        for change in items:
            text = change.msgid if len(change.msgid) <= 70 else change.msgid[:69] + "…"
            click.echo(f"  {change.path}:{change.line}: {change.change}, {change.state}: {text!r}")


def format_status_table(report: NewsroomStatus, by: Measure, colour: bool = True) -> str:
    """The status as an aligned table: a line per release and language, then totals, each
    coloured by how complete it is with ``colour`` (for a terminal: thousands of lines are
    not coloured only for ``click.echo`` to take the colours out again)."""
    from .report import describe_publication
    from .status import totals

    style = click.style if colour else _unstyled

    # As wide as the longest slug: a slug is shown whole, to paste into --release.
    width = max([40, *(len(item.release.slug) for item in report.releases)])
    # As wide as the longest language code ("pt-BR").
    codes = max([4, *(len(language.code) for language in report.config.languages)])
    head = (
        f"{'release':<{width}} {'lang':<{codes}} {'translated':>10} {'fuzzy':>5} {'untr.':>5} "
        f"{'words left':>10} {'%':>6}  published"
    )
    lines = [style(head, bold=True)]

    def line(
        name: str, stats: CatalogStats, published: str, decision: Decision | None = None
    ) -> str:
        text = (
            f"{name:<{width}} {stats.language:<{codes}} {f'{stats.translated}/{stats.total}':>10} "
            f"{stats.fuzzy:>5} {stats.untranslated:>5} "
            f"{stats.fuzzy_words + stats.untranslated_words:>10} "
            f"{percent_shown(stats, by, decision):>5.1f}%  {published}"
        ).rstrip()
        shown = "green" if stats.complete else ("yellow" if stats.translated else "red")
        return style(text, fg=shown)

    for item in report.releases:
        for version in item.versions:
            lines.append(
                line(
                    item.release.slug,
                    version.stats,
                    describe_publication(item, version),
                    version.decision,
                )
            )
    for version in report.site:
        lines.append(line("(site interface)", version.stats, ""))
    rows = [version.stats for version in report.rows()]
    for code in dict.fromkeys(stats.language for stats in rows):
        lines.append(style(line("total", totals(rows, code), ""), bold=True))
    return "\n".join(lines)


def _unstyled(text: str, **_: Any) -> str:
    return text


@cli.command()
@click.option(
    "-l", "--lang", "languages", multiple=True, help="Only this target language (repeatable)."
)
@click.option(
    "-r", "--release", "slugs", multiple=True, help="Only this release slug (repeatable)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: path:line: [id] message; json: a list of objects; github: workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
@_jobs(
    "Processes that check catalogs in parallel when many changed since they were last "
    "checked (a fresh checkout, after update)."
)
@_run
def check(
    languages: tuple[str, ...],
    slugs: tuple[str, ...],
    output_format: str,
    strict: bool,
    list_checks: bool,
    jobs: int,
) -> None:
    """Check every translation: links, markup, code, numbers, typography, glossary, ...

    Each problem is printed as path:line: [check-id] message. A translator silences a
    check for one message with the flag "ignore-<check-id>" in the .po file, e.g.
    "#, ignore-numbers". Exit code 1 if there is an error (or, with --strict, a warning).
    What each catalog holds is checked once: the next check checks only what changed.

    \b
    Examples:
      i18n-news check
      i18n-news check --lang fr --release mila-ai-sweden-partnership
      i18n-news check --format github    # annotations in a GitHub Actions log
      i18n-news check --list
    """
    from .checks import CHECKS
    from .quality import check_newsroom

    if list_checks:
        if output_format == "json":
            _echo_json([
                {"check": item.id, "severity": item.severity, "description": item.description}
                for item in CHECKS.values()
            ])  # fmt: skip
            return
        width = max(len(item.id) for item in CHECKS.values())
        for item in CHECKS.values():
            click.echo(f"{item.id:<{width}}  {item.severity:<8} {item.description}")
        return
    config = _config()
    targets = _targets(config, languages) or None
    findings = check_newsroom(
        config, targets, set(slugs) or None, workers=jobs, progress=_progress_bar("Checking")
    )
    if output_format == "json":
        document = [
            {
                "path": f.path, "line": f.line, "language": f.language, "check": f.problem.check,
                "severity": f.problem.severity, "message": f.problem.message, "msgid": f.msgid,
            }
            for f in findings
        ]  # fmt: skip
        _echo_json(document)
    elif output_format == "github":
        # GitHub finds an annotation's file from the repository's top folder, where the
        # newsroom may be a folder of its own.
        top = _repository_top(config.root)
        for f in findings:
            text = _annotation_text(f.problem.message)
            path = Path(os.path.relpath(config.root / f.path, top)).as_posix()
            where = f"file={_annotation_text(path, True)},line={f.line},title={f.problem.check}"
            click.echo(f"::{f.problem.severity} {where}::{text}")
    else:
        for f in findings:
            colour = "red" if f.problem.severity == "error" else "yellow"
            click.echo(
                f"{f.path}:{f.line}: "
                + click.style(f"[{f.problem.check}]", fg=colour)
                + f" {f.problem.message}"
            )
        errors = sum(1 for f in findings if f.problem.severity == "error")
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    failing = [f for f in findings if strict or f.problem.severity == "error"]
    if failing:
        sys.exit(1)


@cli.command()
@click.option("--drafts", is_flag=True, help="Also build releases marked 'draft: true'.")
@click.option(
    "--now",
    metavar="TIME",
    callback=lambda ctx, param, value: _parse_moment(value) if value else None,
    help="Build the site as it will be at TIME (e.g. 2022-02-09T09:00-05:00): embargoes "
    "that have lifted by then are published.",
)
@click.option(
    "--base-url",
    metavar="URL",
    envvar="I18N_NEWS_BASE_URL",
    help="Build the site for this address instead of newsroom.base_url (a preview or staging "
    "deploy); also read from I18N_NEWS_BASE_URL.",
)
@_jobs("Processes that parse inputs and render pages in parallel.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as JSON (see docs/reference.md)."
)
@_run
def build(
    drafts: bool, now: datetime | None, base_url: str | None, jobs: int, as_json: bool
) -> None:
    """Build the site: every published release and language, indexes, feeds and a sitemap.

    The publishing policy ([policy] in i18n-news.toml, 'policy:' in front matter)
    decides which language versions are published; drafts and embargoed releases are
    left out. The site is written to a new folder and swapped in only when complete,
    so a failed build leaves the previous site in place.

    \b
    Examples:
      i18n-news build
      i18n-news build --drafts --now 2022-02-09T09:00-05:00
      i18n-news build --json > build.json
      i18n-news build --base-url https://staging.example.org/news/
    """
    from .build_record import build_json, last_build
    from .config import site_address

    config = _config(lock=True)
    if base_url:
        try:
            address = site_address(base_url.strip())
        except ValueError as error:
            raise click.BadParameter(
                f"{base_url!r} {error}", param_hint="--base-url (or I18N_NEWS_BASE_URL)"
            ) from None
        config = dataclasses.replace(config, base_url=address)
    moment = now or datetime.now(UTC)
    record = last_build(config, drafts)
    report = record.standing(moment)
    if report is None:  # the site is built (only then are templates and Markdown read)
        from .site import build_site

        report = build_site(
            config, drafts, moment, _progress_bar("Building"), workers=jobs, record=record
        )
    output = display_path(config, report.output)
    for folder in report.left_behind:
        click.echo(
            f"warning: the previous site, {display_path(config, folder)}/, holds files this "
            "user may not delete: remove it by hand",
            err=True,
        )
    if as_json:
        _echo_json(build_json(report, output))
        return
    counts = ", ".join(f"{code} {count}" for code, count in report.published.items())
    click.echo(f"Built {report.pages} pages in {output}/: {report.releases} release(s) ({counts})")
    for held in report.held:
        click.echo(
            click.style("held back ", fg="yellow") + f"{held.language}/{held.slug}: {held.reason}"
        )
    for slug, code, count, reason in report.incomplete[:INCOMPLETE_SHOWN]:
        why = f" ({reason})" if reason else ""
        click.echo(f"{code}/{slug}: {count} message(s) shown in {config.source.code}{why}")
    if len(report.incomplete) > INCOMPLETE_SHOWN:
        more = len(report.incomplete) - INCOMPLETE_SHOWN
        click.echo(
            f"… and {more} more language version(s) with messages shown in "
            f"{config.source.code} ('i18n-news status' or 'build --json' lists them all)"
        )
    for code, count in report.interface.items():
        site = display_path(config, catalog_path(config, config.language(code), SITE))
        click.echo(
            f"{code}/(site interface): {count} string(s) untranslated (translate them in {site})"
        )
    for slug, until in report.embargoed:
        click.echo(click.style("embargoed ", fg="cyan") + f"{slug} until {until.isoformat()}")
    for slug in report.drafts:
        click.echo(f"draft {slug}: not built (use --drafts)")


#: Published language versions with untranslated messages that ``build`` lists; the rest
#: are counted (a large newsroom has thousands).
INCOMPLETE_SHOWN = 20


def _parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date-time like 2022-02-09T09:00-05:00"
        ) from None
    if moment.tzinfo is None:
        raise click.BadParameter("give the time zone too, e.g. 2022-02-09T09:00-05:00")
    return moment


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "-p", "--port", default=8000, show_default=True, help="Port to listen on (0: any free port)."
)
@_run
def serve(host: str, port: int) -> None:
    """Build the site, serve it, rebuild on every change and reload the browser.

    Watches content/, locales/, templates/, static/ and the configuration. Drafts are
    shown: the preview is built into .i18n-news-cache/preview/, never into the output
    folder. Build errors show in the terminal and in the browser; the server keeps running.
    The editors' dashboard is at /_status/.

    \b
    Examples:
      i18n-news serve
      i18n-news serve --port 8080
    """
    from .serve import AddressError, Log, Preview, serve_site
    from .site import build_site

    config = _config()
    preview = Preview(config, lambda current: build_site(current, drafts=True))
    try:
        serve_site(
            preview,
            host,
            port,
            lambda url: click.echo(
                f"Serving {url} (status dashboard: {url}_status/; Ctrl-C to stop)"
            ),
            Log(click.echo, _echo_error),
        )
    except AddressError as error:
        raise click.BadParameter(str(error), param_hint="'--host' / '--port'") from None


def _echo_error(message: str) -> None:
    """An error on standard error, as every command reports one ("error:" red on a terminal;
    ``serve`` reports those of its builds from another thread, where click has no context)."""
    colour = None if click.get_current_context(silent=True) else _coloured(sys.stderr)
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True, color=colour)


def _name_of_folder(folder: str) -> str:
    """A newsroom's name from its folder's: words for hyphens and underscores, the first
    capitalized where it is all lower case ("mila-news" is "Mila news", "iNews-AB" "iNews AB",
    "salle-de-presse" "Salle de presse")."""
    words = folder.replace("_", " ").replace("-", " ").split()
    if words and words[0].islower():
        words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words) or "Newsroom"


def _repository_top(root: Path) -> Path:
    """The top folder of the git repository the newsroom at ``root`` is in (the current
    folder if it is in none, or git is not installed)."""
    import subprocess

    with contextlib.suppress(OSError):
        found = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True
        )
        if found.returncode == 0 and found.stdout.strip():
            return Path(found.stdout.strip())
    return Path.cwd()


def _annotation_text(text: str, property_value: bool = False) -> str:
    """``text`` escaped as GitHub reads a workflow command's message, or the value of one of
    its properties (where ``:`` and ``,`` are escaped too)."""
    escapes = [("%", "%25"), ("\r", "%0D"), ("\n", "%0A")]
    if property_value:
        escapes += [(":", "%3A"), (",", "%2C")]
    for char, escaped in escapes:
        text = text.replace(char, escaped)
    return text


def _echo_notes(error: BaseException) -> None:
    """What the work stopped by ``error`` had done before (written catalogs), a line each."""
    for note in getattr(error, "__notes__", ()):
        click.echo(f"note: {note}", err=True)


def _echo_json(document: Any) -> None:
    """Print ``document`` as JSON, for a machine to read (json is imported only then)."""
    import json

    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@cli.command(name="compile")
@click.option(
    "-l", "--lang", "languages", multiple=True, help="Only this target language (repeatable)."
)
@_jobs("Processes that compile catalogs in parallel when many changed (a fresh checkout).")
@_run
def compile_command(languages: tuple[str, ...], jobs: int) -> None:
    """Compile every catalog to a binary .mo file beside it, as msgfmt does.

    The site does not need .mo files; tools and servers that read gettext catalogs do.
    Fuzzy entries are left out. A catalog is compiled again only when it or its .mo file
    changed since, and a .mo file is rewritten only when its content changes.

    \b
    Examples:
      i18n-news compile
      i18n-news compile --lang sv
    """
    from .compile import compile_catalogs

    config = _config(lock=True)
    targets = _targets(config, languages) or None
    report = compile_catalogs(config, targets, workers=jobs)
    for path in report.written:
        click.echo(f"wrote {display_path(config, path)}")
    click.echo(f"{len(report.written)} .mo file(s) written, {len(report.unchanged)} unchanged")


@cli.command(name="export")
@click.option("-l", "--lang", "language", required=True, help="The target language to export.")
@click.option(
    "-r", "--release", "slugs", multiple=True, help="Only this release slug (repeatable)."
)
@click.option("--site", is_flag=True, help="Also export the site's interface strings.")
@click.option("--untranslated-only", is_flag=True, help="Leave out messages already translated.")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("xliff"),
    show_default=True,
    help="Folder to write <lang>/<catalog>.xlf files into.",
)
@_run
def export_command(
    language: str, slugs: tuple[str, ...], site: bool, untranslated_only: bool, output: Path
) -> None:
    """Export catalogs as XLIFF 1.2 files for a translation agency's CAT tool.

    \b
    Examples:
      i18n-news export --lang fr -o to-agency/
      i18n-news export --lang sv --release nordic-quebec-ai-health-workshop --untranslated-only
    """
    from .config import own_folder_holding
    from .content import check_slugs, load_releases
    from .layout import SITE, release_domain
    from .xliff import export_xliff

    config = _config()
    [target] = _targets(config, [language])
    folder = own_folder_holding(config.root, output.resolve())
    if folder is not None:  # the files would mix with the newsroom's own
        raise click.BadParameter(
            f"{str(output)!r} is in the newsroom's own {folder}/ folder: write them elsewhere "
            "(the default xliff/, or out of the newsroom)",
            param_hint="'--output'",
        )
    _refuse_output_folder(config, output, "'--output'")
    known = [r.slug for r in load_releases(config)]
    check_slugs(slugs, known)
    domains = [release_domain(slug) for slug in (slugs or known)] + ([SITE] if site else [])
    report = export_xliff(config, target, domains, output.resolve(), untranslated_only)
    for path in report.files:
        click.echo(f"wrote {display_path(config, path)}")
    click.echo(f"{len(report.files)} file(s), {report.units} message(s)")
    for path, count in report.plurals_left:
        click.echo(
            f"{display_path(config, path)}: {count} plural message(s) left out of its file "
            "(translate them in the catalog: the XLIFF files carry no plural forms)"
        )


@cli.command(name="import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Check and report, but write nothing.")
@click.option(
    "--overwrite",
    is_flag=True,
    help="Where a translation changed in the catalog since the export and in the file, "
    "take the file's.",
)
@_run
def import_command(files: tuple[Path, ...], dry_run: bool, overwrite: bool) -> None:
    """Import translations from XLIFF 1.2 files made by 'export'.

    Every imported translation goes through the quality checks: if one has an error,
    nothing is written. Targets marked as needing review come in as fuzzy. A unit left as
    it was exported changes nothing; one changed where the catalog's translation changed
    too since the export is named and not imported (unless --overwrite).

    \b
    Examples:
      i18n-news import from-agency/fr/site.xlf from-agency/fr/releases/*.xlf
      i18n-news import --dry-run from-agency/sv/releases/*.xlf
      i18n-news import --overwrite from-agency/sv/releases/joint-lab.xlf
    """
    from .xliff import import_xliff

    config = _config(lock=True)
    report = import_xliff(config, list(files), dry_run=dry_run, overwrite=overwrite)
    for finding in report.findings:
        where = f"{finding.path}:{finding.line}" if finding.line else finding.path
        click.echo(f"{where}: [{finding.problem.check}] {finding.problem.message} "
                   f"({finding.msgid[:50]!r})")  # fmt: skip
    errors = [f for f in report.findings if f.problem.severity == "error"]
    if errors:
        click.echo(f"{len(errors)} error(s): nothing was imported", err=True)
        sys.exit(1)
    for path in report.written:
        click.echo(f"updated {display_path(config, path)}")
    for path, english in report.outdated:
        click.echo(f"{display_path(config, path)}: the English of {english[:50]!r} changed "
                   "since the export: its translation comes in fuzzy, to bring up to date",
                   err=True)  # fmt: skip
    for path, english in report.lost:
        click.echo(f"{display_path(config, path)}: no message to translate has the English "
                   f"{english[:50]!r} any more (it was removed, rewritten or translated since): "
                   "its translation is not imported", err=True)  # fmt: skip
    for path, line, english in report.conflicts:
        where = f"{display_path(config, path)}:{line}" if line else display_path(config, path)
        click.echo(f"{where}: the translation of {english[:50]!r} changed in its catalog "
                   "since the export, and in this file: the catalog's is kept (--overwrite "
                   "takes the file's)", err=True)  # fmt: skip
    for path, line, english, first, first_line in report.doubled:
        where = f"{display_path(config, path)}:{line}" if line else display_path(config, path)
        there = (
            f"{display_path(config, first)}:{first_line}"
            if first_line
            else display_path(config, first)
        )
        click.echo(f"{where}: a second translation of {english[:50]!r} in this import, beside "
                   f"{there}'s: the first is kept", err=True)  # fmt: skip
    verb = "would update" if dry_run else "updated"
    conflicts = (
        f", {len(report.conflicts) + len(report.doubled)} in conflict"
        if (report.conflicts or report.doubled)
        else ""
    )
    click.echo(
        f"{verb} {report.updated} message(s); {report.unchanged} unchanged, "
        f"{report.unknown} not in the catalogs{conflicts}"
    )


#: Allocations between collections of the youngest generation, as mypy sets it: a command
#: builds many long-lived objects (parsed releases, catalogs, tokens) and few cycles, and
#: Python's default (700) spends a tenth of a large build collecting garbage that isn't there.
GC_THRESHOLD = (200_000, 30, 30)


class _ReaderMayLeave(io.FileIO):
    """Standard output or error, whose reader may stop reading (``i18n-news check | head
    -1``): what is written after that is discarded, as the reader wished, and the command
    ends as it would have, with its exit code (a broken pipe is no error of its work)."""

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            # As Python's documentation of SIGPIPE has it: the rest goes to /dev/null.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.fileno())
            os.close(devnull)
            return memoryview(data).nbytes


def _let_readers_leave() -> None:
    """Write standard output and error through :class:`_ReaderMayLeave`."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            descriptor = stream.fileno()
            stream.flush()
        except (AttributeError, OSError, ValueError):  # none, or not a file
            continue
        raw = _ReaderMayLeave(descriptor, "wb", closefd=False)
        setattr(sys, name, io.TextIOWrapper(
            io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,
            line_buffering=stream.line_buffering, write_through=stream.write_through,
        ))  # fmt: skip


def main() -> None:
    """The ``i18n-news`` command. It exits without tearing down the interpreter's objects one
    by one (as mypy does): every file is written and closed by then, and a large build would
    spend a noticeable part of its time freeing memory the system frees at once."""
    global _quiet_but_at_work
    gc.set_threshold(*GC_THRESHOLD)
    # Ctrl-C ends the program at once, as it did while its modules were imported, until a
    # command starts its work (see ``_interruptible``).
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _quiet_but_at_work = True
    for name in ("stdout", "stderr"):  # closed by the caller (">&-"): what it shows is lost
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 (open until the end)
    _let_readers_leave()
    try:
        cli(prog_name="i18n-news")
        code = 0
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            code = exit.code or 0
        else:
            print(exit.code, file=sys.stderr)
            code = 1
    except OSError as error:  # the help, the version or a usage error that cannot be written
        if "--debug" in sys.argv:
            raise
        with contextlib.suppress(OSError):
            print(f"error: {error.strerror or error}", file=sys.stderr)
        code = 1
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)  # a profiler or coverage tool writes its results at exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that went away (``| head``)
            code = code or 1
    os._exit(code)
