"""Build the whole site: every published release in every language, indexes, feeds, sitemap.

Its pages are planned by :mod:`i18n_news.pages`; this module parses what changed, renders the
pages whose fingerprint changed (on every core when there are many) and writes them. The site
is written into a staging folder and swapped in only once every page is rendered,
so a failed or interrupted build leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from .atomic import interrupts_held, remove_leftovers, replace_folder, write_if_changed
from .build_record import BuildReport, LastBuild, last_build
from .cache import CACHE_DIR, Pickled, cache_for, digest
from .catalog import Catalog
from .catalogs import read_catalog
from .config import Config
from .content import load_releases
from .digests import HashedFiles, file_digests
from .errors import NewsroomError, TemplateError
from .layout import SITE, catalog_path, display_path, source_name, template_path
from .model import Release
from .pages import (
    NOT_FOUND,
    Page,
    is_unchanged,
    listed_of,
    listing_fingerprint,
    localized_release,
    page_context,
    plan_pages,
    release_page,
    replan,
)
from .prefetch import Derived, each, prefetch
from .publication import plan_publication
from .render import (
    WholeReads,
    compile_templates,
    make_environment,
    render_template,
    site_translations,
)
from .resources import resource_digests, site_resources
from .status import to_translate
from .theme import ROOT_FOLDER, site_assets, template_label
from .versions import DIGESTS, STATS, TEXTS, ReleaseCatalogs, Versions
from .workers import can_fork, share_chunks
from .xmlchars import xml_safe


def build_site(
    config: Config,
    drafts: bool = False,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
    record: LastBuild | None = None,
) -> BuildReport:
    """Render the newsroom into its output folder as it stands at ``now`` (default: the clock).

    Only what changed is rendered again: a page whose inputs are the same as at the last build
    is taken from the previous site, and when nothing changed at all the site stays as it is
    (``record``: :func:`last_build`, if the caller has it).
    """
    now = now or datetime.now(UTC)
    cache_for(config.root).keep_unused(False)  # until this build plans releases alone
    record = record or last_build(config, drafts)
    standing = record.standing(now)
    if standing is not None:
        return standing
    sources, inputs, deferred = record.sources, record.inputs, record.deferred

    catalogs = ReleaseCatalogs(config)
    sites = {
        language.code: site_translations(
            catalogs.get(language, SITE) if language in config.interface_languages else None,
            language,
            display_path(config, catalog_path(config, language, SITE)),
        )
        for language in config.languages
    }
    versions = Versions(
        config, inputs, catalogs, sites, _shared_digest(config, inputs),
        frozenset(str(path) for path in deferred),
    )  # fmt: skip
    envs = {
        language.code: make_environment(config, language, sites[language.code])
        for language in config.languages
    }
    previous = record.previous_pages()
    # With no previous site to update, the new one is written into a staging folder, and
    # the workers that parse releases render their pages there as they go.
    staging = _staging_folder(config) if not previous or not config.output.is_dir() else None
    left_behind: list[Path] = []
    try:
        # A cold build, or one after many files changed, parses them on every core first.
        known = record.previous_inputs()
        edited = {Path(p): d for p, d in inputs.items() if known.get(p) != d}
        edited.update((path, "") for path in deferred)  # not hashed yet: changed
        ahead: dict[str, str] = {}
        if staging is None:
            derive = each(versions.missing)
            versions.store(prefetch(config, workers, edited, derive, sources=sources)[1])
        else:
            render = _RenderAhead(config, versions, envs, now, drafts, staging)
            ahead = render.prefetch(workers, edited, progress, sources)
        versions.remember_hashed()
        inputs.update(file_digests(config.root, [p for p in deferred if str(p) not in inputs]))
        save = cache_for(config.root).save
        replanned = None if staging else replan(config, record, versions, envs, edited, now)
        if replanned is not None:
            # A few releases changed, and nothing other pages show of them: their pages alone
            # (what the cache holds of the others is kept, though this build did not read it).
            report, todo, rendered = replanned
            todo.sort(key=_render_order)
            cache_for(config.root).keep_unused()
            written = {
                name: data
                for name, data, _ in _render_pages(config, todo, workers, progress, meanwhile=save)
                if data is not None
            }
            _update_in_place(config, written, {}, set())
            record.save(report, rendered, record.embargoes(), now, record.previous_listed(), set())
            cache_for(config.root).save()
            return report
        releases = load_releases(config, sources, inputs, heads=True)
        plan = plan_publication(config, releases, versions.stats, now, drafts=drafts)
        report = BuildReport.of(config, plan)
        report.interface = _interface_fallbacks(config, catalogs)
        shown: dict[str, list[tuple[str, str]]] = {}
        pages = plan_pages(config, plan, versions, envs, report, shown)
        static, at_root = site_assets(config)
        if NOT_FOUND in at_root:  # the newsroom's own "page not found", not the theme's
            pages = [page for page in pages if page.file != NOT_FOUND]
        report.pages = len(pages)
        # Render what changed: a few pages in memory, then written in place; many into a new
        # site swapped in whole. Either way a failure or Ctrl-C leaves the site untouched.
        output = os.path.join(config.output, "")
        kept = {
            page.file: previous[page.file] for page in pages
            if is_unchanged(versions, page, previous.get(page.file))
            and os.path.isfile(output + page.file)
        }  # fmt: skip
        todo = sorted((page for page in pages if page.file not in kept), key=_render_order)
        # The releases' images, copied beside their pages (by the digest of their content).
        resources = site_resources(config, plan)
        copied = resource_digests(config, inputs, resources)
        page_files = {page.file for page in pages}
        _refuse_clashes(config, at_root, page_files | set(resources) | set(static))
        assets = {name: source.read_bytes() for name, source in {**static, **at_root}.items()}
        files = page_files | set(assets) | set(resources)
        # What the build learnt is written while workers render (the record of this build
        # itself only once it is complete).
        if staging is None and len(todo) <= len(pages) // 4:
            changed: dict[str, bytes] = {}
            whole: set[str] = set()
            for name, data, read_whole in _render_pages(
                config, todo, workers, progress, meanwhile=save
            ):
                if data is not None:
                    changed[name] = data
                if read_whole:
                    whole.add(name)
            changed.update(
                (name, resources[name].read_bytes())
                for name, content in copied.items()
                if previous.get(name) != content or not os.path.isfile(output + name)
            )
            _update_in_place(config, changed, assets, set(previous) - files)
        else:
            staging = staging or _staging_folder(config)
            whole, left_behind = _write_new_site(
                config, pages, todo, assets, workers, progress, staging, ahead,
                resources=resources, meanwhile=save,
            )  # fmt: skip
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    # Each page's fingerprint as it was rendered: a list that read more of the versions it
    # shows than lists show has the fingerprint of what they are made from.
    rendered = {
        page.file: kept.get(page.file) or (
            listing_fingerprint(versions, page, whole=True)
            if page.listing and page.file in whole else page.fingerprint
        )
        for page in pages
    }  # fmt: skip
    rendered.update((name, digest(data)) for name, data in assets.items())
    rendered.update(copied)
    root = str(config.root)
    listed = {source_name(root, r.path): listed_of(r, shown.get(r.path, ())) for r in releases}
    # The lists that read versions whole, to render again for any edit of those.
    whole = {page.file for page in pages if page.listing and page.file in whole}
    whole |= record.previous_whole() & kept.keys()
    # When the site changes with time: at each embargo, and at each release's date (a build
    # at an earlier --now leaves out the releases dated after it): of the dates, the next one
    # and the last one passed are enough to tell.
    embargoes = [r.embargo for r in releases if r.embargo is not None]
    dated = [r.published for r in releases if r.embargo is None and (drafts or not r.draft)]
    later = [moment for moment in dated if moment > now]
    passed = [moment for moment in dated if moment <= now]
    moments = [*embargoes, *([min(later)] if later else []), *([max(passed)] if passed else [])]
    record.save(report, rendered, moments, now, listed, whole)
    cache_for(config.root).save()
    # Said by this build alone (the record keeps the report without it).
    return replace(report, left_behind=tuple(left_behind)) if left_behind else report


#: Below this many pages to render, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 200


#: A page rendered: its file, its content (``None`` once written), and whether it read more
#: of the versions it lists than lists show (see :class:`LocalizedRelease`).
Rendered = tuple[str, bytes | None, bool]


def _render_one(config: Config, page: Page, folder: Path | None) -> Rendered:
    """Render a page: into its file under ``folder`` if there is one, else returned."""
    reads = WholeReads.count
    text = _render_page(config, page)
    if page.template == "feed.xml":  # translated text, in XML (the sitemap has addresses)
        text = xml_safe(text)
    data = text.encode("utf-8")
    whole = WholeReads.count != reads
    if folder is None:
        return page.file, data, whole
    target = os.path.join(folder, page.file)  # thousands of pages: no path objects
    _make_folder(os.path.dirname(target))
    with open(target, "wb") as file:
        file.write(data)
    return page.file, None, whole


def _make_folder(folder: str) -> None:
    """Make ``folder`` if it is not there: a page's, whose parent is most often there (one
    system call, where :func:`os.makedirs` checks the parent first)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def _render_order(page: Page) -> tuple[int, str]:
    """The sitemap first (the longest page: workers then finish together), then a release's
    language versions side by side (their body's blocks are parsed once)."""
    if page.template == "sitemap.xml":
        return (0, "")
    return (1, page.url.partition("/")[2] if page.template == "release.html" else "")


def _render_pages(
    config: Config,
    pages: list[Page],
    workers: int,
    progress: Callable[[int, int], None] | None,
    folder: Path | None = None,
    *,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[Rendered]:
    """Render pages, on ``workers`` processes when there are many of them.

    With a ``folder``, each page is written there (by the process that rendered it) and
    comes back without its content. ``meanwhile`` is called once the workers have started
    (before the first page when there are none).
    """
    done = 0
    if workers > 1 and len(pages) >= PARALLEL_MIN_PAGES and can_fork():
        size = max(1, min(50, len(pages) // (8 * workers)))
        chunks = [(start, min(start + size, len(pages))) for start in range(0, len(pages), size)]
        for env in {id(page.context["env"]): page.context["env"] for page in pages}.values():
            compile_templates(env)
        rendered: dict[int, list[Rendered]] = {}

        def render(bounds: tuple[int, int]) -> list[Rendered]:
            return [_render_one(config, page, folder) for page in pages[slice(*bounds)]]

        def take(index: int, made: list[Rendered]) -> None:
            nonlocal done
            rendered[index] = made
            done += len(made)
            if progress:
                progress(done, len(pages))

        # The helpers inherit the pages to render, templates and translations included.
        share_chunks(render, chunks, workers, take, first=meanwhile)
        for index in range(len(chunks)):
            yield from rendered[index]
        return
    if meanwhile:
        meanwhile()
    for page in pages:
        yield _render_one(config, page, folder)
        done += 1
        if progress:
            progress(done, len(pages))


def _staging_folder(config: Config) -> Path:
    """A new, empty folder beside the output to build the site in."""
    # What a killed build left behind (the newsroom lock says no other build is running).
    for stale in config.output.parent.glob(f".{config.output.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = config.output.with_name(f".{config.output.name}.building-{os.getpid()}")
    staging.mkdir(parents=True)
    return staging


def _write_new_site(
    config: Config,
    pages: list[Page],
    todo: list[Page],
    assets: dict[str, bytes],
    workers: int,
    progress: Callable[[int, int], None] | None,
    staging: Path,
    ahead: dict[str, str],
    *,
    resources: dict[str, Path],
    meanwhile: Callable[[], None] | None = None,
) -> tuple[set[str], list[Path]]:
    """Render ``todo`` into ``staging``, add the other pages from the previous site, the
    assets and the ``resources`` (files copied, by name), and swap it in: all or nothing (the
    caller removes ``staging`` on failure).
    Return the pages rendered that read more of the versions they list than lists show, and
    the previous sites that could not be removed whole (see :func:`replace_folder`).

    ``ahead`` are the pages already in ``staging`` (file and fingerprint): rendered by the
    workers that parsed their release, they are rendered again only if the plan differs.
    """
    planned = {page.file: page.fingerprint for page in pages}
    for name, fingerprint in ahead.items():
        if planned.get(name) != fingerprint:
            _remove_page(staging, name)
    count = len(todo)
    todo = [page for page in todo if ahead.get(page.file) != page.fingerprint]
    done = count - len(todo)
    counted = (lambda n, total: progress(done + n, done + total)) if progress else None
    # Pages are written by the processes that render them, in parallel.
    whole = {
        name
        for name, _, read_whole in _render_pages(
            config, todo, workers, counted, staging, meanwhile=meanwhile
        )
        if read_whole
    }
    rendered = {page.file for page in todo}
    for page in pages:
        if page.file in rendered or ahead.get(page.file) == page.fingerprint:
            continue
        target = staging / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        try:  # unchanged: the previous build's file, linked
            os.link(config.output / page.file, target)
        except OSError:
            shutil.copy2(config.output / page.file, target)
    for name, data in assets.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)
    for name, source in resources.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, staging / name)
    return whole, replace_folder(config.output, staging)


def _refuse_clashes(config: Config, at_root: dict[str, Path], written: set[str]) -> None:
    """A file of ``static/root/`` cannot take the place of a file the site writes itself, nor
    of a folder of the site's files, nor be in a folder where the site writes a file."""
    if not at_root:  # most newsrooms: nothing to compare
        return
    folders = {folder for name in written for folder in _folders_of(name)}
    for name in sorted(at_root):
        above = _folders_of(name)
        taken = name if name in written else next((f for f in above if f in written), None)
        shown = display_path(config, config.static_dir / ROOT_FOLDER / name)
        if taken is not None:
            raise NewsroomError(
                f"the site writes {taken} itself: rename or remove this file (or use a template)",
                shown,
            )
        if name in folders:
            raise NewsroomError(f"the site has a folder {name}/: rename or remove this file", shown)


def _folders_of(name: str) -> list[str]:
    """The folders a file of the site is in, by its name there (``en/a/index.html``: ``en/a``
    and ``en``)."""
    return [name.rsplit("/", depth)[0] for depth in range(1, name.count("/") + 1)]


def _update_in_place(
    config: Config, changed: dict[str, bytes], assets: dict[str, bytes], removed: set[str]
) -> None:
    """Apply a few changes to the site, each file replaced atomically, and all of them
    whatever the moment Ctrl-C is pressed (a site is never left with some pages of one
    build and some of the one before).

    A file is written under a temporary name beside it, then renamed: an update cut short
    (the process killed, the machine down) leaves such files, which the next one removes,
    lest they be published.
    """
    output = config.output
    # One mark for each output folder (the site, serve's preview).
    marker = config.root / CACHE_DIR / f"{_UPDATING}-{digest(str(output).encode())[:16]}"
    if marker.exists():  # the last update of this folder did not finish
        remove_leftovers(output)
    marker.parent.mkdir(exist_ok=True)
    marker.touch()
    with interrupts_held():
        for name, data in [*changed.items(), *assets.items()]:
            write_if_changed(output / name, data)
        for name in sorted(removed):
            _remove_page(output, name)
    marker.unlink()


#: The file that says an update of the site in place is under way (in the cache's folder).
_UPDATING = "site-update"


def _remove_page(site: Path, name: str) -> None:
    """Remove a page's file from ``site``, and the folders it leaves empty."""
    with contextlib.suppress(FileNotFoundError):
        (site / name).unlink()
    folder = (site / name).parent
    while folder != site and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _interface_fallbacks(config: Config, catalogs: ReleaseCatalogs) -> dict[str, int]:
    """How many interface strings each language's site catalog leaves untranslated (or
    fuzzy) of those it needs translated (see :func:`i18n_news.status.to_translate`), for
    the languages that leave some."""
    counts = {}
    template: Catalog | None = None
    for language in config.interface_languages:
        catalog = catalogs.get(language, SITE)
        if catalog is None:  # none yet ('update' makes it): every string is left in English
            if template is None:
                loaded = read_catalog(config, template_path(config, SITE))
                template = loaded.catalog if loaded else Catalog()
            catalog = template
        count = sum(
            1 for message in catalog or ()
            if not message.translated and to_translate(message, language, config.source)
        )  # fmt: skip
        if count:
            counts[language.code] = count
    return counts


def _shared_digest(config: Config, inputs: dict[str, str]) -> str:
    """A digest of what every page depends on besides releases, their images and catalogs:
    configuration (as read: a comment added to the file changes no page; and the address
    the site is built for, which a build may be given), templates, assets."""
    content, settings = os.path.join(config.content_dir, ""), str(config.path)
    return digest(repr((repr(config), sorted(
        (path, value) for path, value in inputs.items()
        if "LC_MESSAGES" not in path and not path.startswith(content) and path != settings
    ))).encode())  # fmt: skip


#: The entries of pages rendered by the workers that parsed their release: (PAGES, file,
#: fingerprint).
PAGES = "pages"


class _RenderAhead:
    """A build of a new site parsing its inputs (:meth:`prefetch`): what its workers do with
    each release they parse is make what the command needs of it (:meth:`Versions.missing`)
    and render its pages into the staging folder.

    The publishing decision of a release depends on that release alone, so its pages can be
    rendered before the command has read the others; the command plans the whole site as
    usual and keeps the pages rendered ahead whose fingerprint it planned. A page that fails
    here is left for the command, which renders it again and reports the error.
    """

    def __init__(
        self,
        config: Config,
        versions: Versions,
        envs: dict[str, jinja2.Environment],
        now: datetime,
        drafts: bool,
        staging: Path,
    ):
        self.config, self.versions, self.envs = config, versions, envs
        self.now, self.drafts, self.staging = now, drafts, staging

    def prefetch(
        self,
        workers: int,
        edited: dict[Path, str],
        progress: Callable[[int, int], None] | None,
        sources: list[Path],
    ) -> dict[str, str]:
        """Parse the ``edited`` inputs on ``workers`` processes, rendering the pages of the
        releases (``sources``, their files) as they go; keep what they made in ``versions``
        and return the pages rendered (file and fingerprint)."""
        config = self.config
        languages = len(config.languages)

        def parsing(done: int, releases: int) -> None:
            """Progress in pages: a release parsed is a page per language; then come the root,
            sitemap and robots.txt, and each language's feed and index pages (and tag pages,
            not known yet)."""
            assert progress is not None
            listings = 3 + languages * (1 + -(-releases // config.per_page))
            progress(done * languages, releases * languages + listings)

        if workers > 1:
            for env in self.envs.values():
                compile_templates(env)
        derived = prefetch(config, workers, edited, self, parsing if progress else None, sources)[1]
        self.versions.store([entry for entry in derived if entry[0] != PAGES])
        return {key: value for store, key, value in derived if store == PAGES}

    def __call__(self, releases: list[Release], read: HashedFiles) -> Derived:
        """What a worker sends back of ``releases``, their pages rendered: what the command
        needs of each release first, then the bodies of their pages, then the templates
        around them (see :data:`i18n_news.prefetch.Derive`)."""
        derived: Derived = []
        done: list[Release] = []
        self.versions.learn(read)
        try:
            self.versions.read_catalogs(releases)
            for release in releases:
                try:
                    made = self.versions.missing(release)
                except Exception:  # the command reports it
                    continue
                done.append(release)
                # Kept here for the pages, and not sent back: the command renders no release
                # page.
                self.versions.store([entry for entry in made if entry[0] != DIGESTS])
                # Listing texts (the largest entries) sent pickled: the command keeps them so.
                derived += [
                    (store, key, Pickled.of(value) if store == TEXTS else value)
                    for store, key, value in made
                    if store in (STATS, TEXTS, DIGESTS)
                ]
            pages: list[Page] = []
            for release in done:
                with contextlib.suppress(Exception):
                    pages += self._pages(release)
            for page in pages:
                with contextlib.suppress(Exception):  # the page's render reports it
                    _ = page.context["release"].body  # rendered once, kept for the page
            for page in pages:
                with contextlib.suppress(Exception):
                    _render_one(self.config, page, self.staging)
                    derived.append((PAGES, page.file, page.fingerprint))
        finally:
            for release in done:
                self.versions.forget(release)
        return derived

    def _pages(self, release: Release) -> list[Page]:
        config = self.config
        try:
            plan = plan_publication(config, [release], self.versions.stats, self.now, self.drafts)
        except NewsroomError:  # the command reports it
            return []
        published = plan.versions.get(release.slug, [])
        return [
            release_page(config, self.versions, localized_release(self.versions, release, language),
                          published, page_context(config, self.envs, language))
            for language in published
        ]  # fmt: skip


def _template_frame(config: Config, error: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where a rendering error happened (Jinja's traceback)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (template_label(config, filename), line)
    return found


def _render_page(config: Config, page: Page) -> str:
    """The text of one page; template mistakes become a :class:`TemplateError`."""
    context = dict(page.context)
    env = context.pop("env")
    try:
        text = render_template(env, config, page.template, page.url, context, page.anywhere)
    except jinja2.TemplateSyntaxError as error:
        where = template_label(config, error.filename) if error.filename else page.template
        raise TemplateError(
            f"template syntax error: {error.message}", where, error.lineno
        ) from None
    except jinja2.TemplateNotFound as error:
        template, line = _template_frame(config, error)  # the template that includes it
        raise TemplateError(
            f"template {error.name!r} not found in templates/ or the default theme", template, line
        ) from None
    except NewsroomError:
        raise
    except Exception as error:  # a mistake in a template: undefined names, bad filters, ...
        template, line = _template_frame(config, error)
        message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
        raise TemplateError(
            f"while rendering {page.file}: {message}", template or page.template, line
        ) from None
    return text
