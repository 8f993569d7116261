"""Translation memory: text translated once is offered again in other releases."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result

from i18n_news import memory as memory_module
from i18n_news import update as update_module
from i18n_news.cache import _CACHES, save_caches
from i18n_news.catalog import Catalog, Message, count_words
from i18n_news.config import Config, Language, load_config
from i18n_news.memory import (
    Entry,
    Memory,
    fill_from_memory,
    fill_from_theme,
    load_memory,
    outdated,
    same_language,
)

from .conftest import CONFIG, msgfmt_check, replace_in

ABOUT = "Mila is a research institute in artificial intelligence that brings together 1,200 researchers."
ABOUT_FR = (
    "Mila est un institut de recherche en intelligence artificielle qui rassemble 1 200 chercheurs."
)


def release(title: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\ndateline: Montreal\nsummary: {title}.\n---\n\n{body}\n\n## About Mila\n\n{ABOUT}\n"


def test_exact_and_similar_matches() -> None:
    memory = Memory()
    memory.add(Entry(ABOUT, ABOUT_FR, "releases/old"))
    catalog = Catalog(messages=[
        Message(msgid=ABOUT),
        Message(msgid=ABOUT.replace("1,200", "1,300")),
        Message(msgid="Something else entirely."),
    ])  # fmt: skip
    filled, stats = fill_from_memory(catalog, memory, "releases/new")
    exact, similar, other = filled.messages
    assert exact.msgstr == ABOUT_FR and not exact.fuzzy
    assert exact.translator_comments == ("memory: from releases/old",)
    assert similar.fuzzy and similar.msgstr == ABOUT_FR and similar.previous_msgid == ABOUT
    assert similar.translator_comments == ("memory: similar text in releases/old",)
    assert other.msgstr == ""
    assert (stats.exact, stats.similar) == (1, 1)


@pytest.mark.parametrize("exact_as_fuzzy", [False, True])
def test_fill_fuzzy_replaces_an_outdated_translation_once(exact_as_fuzzy: bool) -> None:
    memory = Memory()
    memory.add(Entry(ABOUT, ABOUT_FR, "releases/old"))
    outdated = Message(
        msgid=ABOUT,
        msgstr="Mila est un institut de recherche (ancien texte).",
        flags=("fuzzy",),
        previous_msgid=ABOUT.replace("1,200", "1,000"),
        translator_comments=(
            "changed: a figure (1,000 → 1,200)",
            "memory: similar text in releases/x",
        ),
    )
    catalog = Catalog(messages=[outdated])
    left, stats = fill_from_memory(catalog, memory, "releases/new", exact_as_fuzzy)
    assert left == catalog and stats.refillable == 1  # said, not done
    filled, stats = fill_from_memory(catalog, memory, "releases/new", exact_as_fuzzy, True)
    message = filled.messages[0]
    assert message.msgstr == ABOUT_FR and message.fuzzy == exact_as_fuzzy
    assert message.previous_msgid is None and stats.exact == 1
    # The notes of the change and of the older translation's origin give way to the new one.
    assert message.translator_comments == ("memory: from releases/old",)
    # Filled once: filling again changes nothing, whether the fill is fuzzy or not.
    again, stats = fill_from_memory(filled, memory, "releases/new", exact_as_fuzzy, True)
    assert again == filled and stats.exact == 0
    assert fill_from_memory(filled, memory, "releases/new", exact_as_fuzzy)[1].refillable == 0


def test_fill_fuzzy_leaves_a_translators_work_in_progress_alone() -> None:
    """A fuzzy translation of the current text (Poedit's "needs work", an agency's unit to
    review, a translation a check made fuzzy) is a translator's to finish, not outdated."""
    memory = Memory()
    memory.add(Entry(ABOUT, ABOUT_FR, "releases/old"))
    in_progress = [
        Message(msgid=ABOUT, msgstr="Mila est un institut (à vérifier).", flags=("fuzzy",)),
        Message(
            msgid=ABOUT, msgstr="Mila est un institut (à revoir).", flags=("fuzzy",),
            previous_msgid=ABOUT, translator_comments=("changed: shortened (ticket 42)",),
        ),
        # The memory's fuzzy guess (exact = "fuzzy", or a translation without its inline
        # codes), which a translator began to edit and left fuzzy.
        Message(
            msgid=ABOUT, msgstr="Mila est un institut (à valider).", flags=("fuzzy",),
            translator_comments=("memory: from releases/older",),
        ),
    ]  # fmt: skip
    for message in in_progress:
        catalog = Catalog(messages=[message])
        assert outdated(catalog) == []
        filled, stats = fill_from_memory(catalog, memory, "releases/new", fuzzy_too=True)
        assert filled == catalog and (stats.exact, stats.refillable) == (0, 0)


def test_exact_matches_as_fuzzy_when_configured() -> None:
    memory = Memory()
    memory.add(Entry(ABOUT, ABOUT_FR, "releases/old"))
    filled, _ = fill_from_memory(
        Catalog(messages=[Message(msgid=ABOUT)]), memory, "x", exact_as_fuzzy=True
    )
    assert filled.messages[0].fuzzy


def test_translations_are_never_replaced() -> None:
    memory = Memory()
    memory.add(Entry(ABOUT, ABOUT_FR, "releases/old"))
    mine = Message(msgid=ABOUT, msgstr="Ma traduction.")
    filled, stats = fill_from_memory(Catalog(messages=[mine]), memory, "x")
    assert filled.messages == [mine] and stats.exact == 0


def test_update_fills_a_new_release_from_the_others(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({"content/2022/first.md": release("First", "2022-01-10", "Hello.")})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    first = root / "locales/fr/LC_MESSAGES/releases/first.po"
    catalog = polib.pofile(str(first))
    catalog.find(ABOUT).msgstr = ABOUT_FR
    catalog.find("About Mila").msgstr = "À propos de Mila"
    catalog.save()

    (root / "content/2022/second.md").write_text(release("Second", "2022-02-10", "Bonjour."))
    assert run(root, "extract").exit_code == 0
    result = run(root, "update")
    words = count_words(ABOUT) + count_words("About Mila")
    assert (
        f"translation memory filled 2 message(s), {words} word(s): 2 exact, 0 similar"
        in result.output
    )
    second = polib.pofile(str(root / "locales/fr/LC_MESSAGES/releases/second.po"))
    entry = second.find(ABOUT)
    assert entry.msgstr == ABOUT_FR and "fuzzy" not in entry.flags
    assert entry.tcomment == "memory: from releases/first"
    assert msgfmt_check(root / "locales/fr/LC_MESSAGES/releases/second.po").returncode == 0
    # The Swedish catalogs had nothing to offer.
    swedish = polib.pofile(str(root / "locales/sv/LC_MESSAGES/releases/second.po"))
    assert swedish.find(ABOUT).msgstr == ""
    # Running again changes nothing.
    assert "0 catalog(s) written" in run(root, "update").output


def two_releases_one_translated(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> tuple[Config, polib.POFile]:
    """A newsroom of two releases, updated, then the boilerplate translated in the first's
    French catalog: its configuration, and that catalog."""
    root = make_newsroom({
        "content/2022/first.md": release("First", "2022-01-10", "Hello."),
        "content/2022/second.md": release("Second", "2022-02-10", "Bonjour."),
    })  # fmt: skip
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    catalog = polib.pofile(str(root / "locales/fr/LC_MESSAGES/releases/first.po"))
    catalog.find(ABOUT).msgstr = ABOUT_FR
    catalog.save()
    return load_config(root), catalog


@pytest.mark.parametrize("rename", ["file", "slug"])
def test_a_renamed_release_finds_its_translations_in_its_former_catalog(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], rename: str
) -> None:
    body = "The lab opens in the fall with forty researchers and three partners."
    root = make_newsroom({"content/2022/first.md": release("First", "2022-01-10", body)})
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    former = root / "locales/fr/LC_MESSAGES/releases/first.po"
    catalog = polib.pofile(str(former))
    catalog.find(body).msgstr = "Le laboratoire ouvre à l'automne."
    catalog.find(ABOUT).msgstr = ABOUT_FR
    catalog.save()
    source = root / "content/2022/first.md"
    if rename == "file":
        source.rename(root / "content/2022/first-lab.md")
    else:
        replace_in(source, "title: First", "title: First\nslug: first-lab")
    assert run(root, "extract").exit_code == 0
    result = run(root, "update")
    assert result.exit_code == 0, result.output
    renamed = polib.pofile(str(root / "locales/fr/LC_MESSAGES/releases/first-lab.po"))
    # The catalog continues the former one (its translations as translated), and says so.
    for text, translation in ((body, "Le laboratoire ouvre à l'automne."), (ABOUT, ABOUT_FR)):
        entry = renamed.find(text)
        assert entry.msgstr == translation and not entry.fuzzy
    assert (
        "created locales/fr/LC_MESSAGES/releases/first-lab.po (renamed from "
        "locales/fr/LC_MESSAGES/releases/first.po, whose release is gone" in result.output
    )
    # All of it carried over: the former catalog is gone, as after a rename.
    assert not (root / "locales/fr/LC_MESSAGES/releases/first.po").exists()
    assert "kept" not in result.output
    msgfmt_check(root / "locales/fr/LC_MESSAGES/releases/first-lab.po")
    # Nothing changed since: the next update changes nothing.
    again = run(root, "update")
    assert again.exit_code == 0 and "0 catalog(s) written" in again.output, again.output


def test_a_changed_boilerplate_translated_once_fills_every_release_with_fill_fuzzy(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom({
        "content/2022/first.md": release("First", "2022-01-10", "Hello."),
        "content/2022/second.md": release("Second", "2022-02-10", "Bonjour."),
        "content/2022/third.md": release("Third", "2022-03-10", "Hej."),
    })  # fmt: skip
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    french = root / "locales/fr/LC_MESSAGES/releases"
    for slug in ("first", "second", "third"):
        catalog = polib.pofile(str(french / f"{slug}.po"))
        catalog.find(ABOUT).msgstr = ABOUT_FR
        catalog.save()
    # The boilerplate changes in every release: each catalog's translation becomes fuzzy.
    new_about = ABOUT.replace("1,200", "1,500")
    for path in (root / "content/2022").glob("*.md"):
        replace_in(path, ABOUT, new_about)
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    assert polib.pofile(str(french / "second.po")).find(new_about).fuzzy
    # A translator translates it once.
    first = polib.pofile(str(french / "first.po"))
    entry = first.find(new_about)
    entry.msgstr, entry.flags, entry.previous_msgid = ABOUT_FR.replace("1 200", "1 500"), [], None
    entry.tcomment = ""
    first.save()
    # A plain update leaves the others' fuzzy translations as they are, and says so.
    plain = run(root, "update")
    assert plain.exit_code == 0, plain.output
    assert polib.pofile(str(french / "second.po")).find(new_about).fuzzy
    assert (
        "hint: 2 fuzzy message(s) in 2 catalog(s) have a new text that the memory has "
        "translated: 'i18n-news update --fill-fuzzy' gives them that translation"
    ) in plain.output
    result = run(root, "update", "--fill-fuzzy")
    assert result.exit_code == 0, result.output
    for slug in ("second", "third"):
        path = french / f"{slug}.po"
        entry = polib.pofile(str(path)).find(new_about)
        assert entry.msgstr == ABOUT_FR.replace("1 200", "1 500") and not entry.fuzzy
        assert entry.previous_msgid is None
        assert entry.tcomment == "memory: from releases/first"  # the note of the change went
        msgfmt_check(path)
    assert "2 exact" in result.output
    # Nothing more to fill: a second run, and a plain update, change nothing.
    assert "0 catalog(s) written" in run(root, "update", "--fill-fuzzy").output
    assert "0 catalog(s) written" in run(root, "update").output
    assert "hint:" not in result.output + run(root, "update").output


def test_the_memory_reads_a_catalog_once_per_content(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, catalog = two_releases_one_translated(make_newsroom, run)
    french = config.target("fr")
    slugs = ["second", "first"]
    cold = load_memory(config, french, slugs).entries
    assert cold[ABOUT] == Entry(ABOUT, ABOUT_FR, "releases/first")
    # Read again by another command: from the cache, each catalog unread.
    save_caches()
    _CACHES.clear()
    read: list[Path] = []
    reader = memory_module.read_translated
    monkeypatch.setattr(
        memory_module, "read_translated", lambda c, p: read.append(p) or reader(c, p)
    )
    assert load_memory(config, french, slugs).entries == cold and read == []
    # A catalog whose content changed is read again.
    catalog.find(ABOUT).msgstr = "Mila est un institut."
    catalog.save()
    assert load_memory(config, french, slugs).entries[ABOUT].translation == "Mila est un institut."
    assert read == [Path(catalog.fpath)]


def test_the_index_of_a_large_memory_is_made_once_per_memory(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_news import wordindex
    from i18n_news.wordindex import WordIndex

    config, catalog = two_releases_one_translated(make_newsroom, run)
    french, slugs = config.target("fr"), ["second", "first"]
    # Every memory is searched through its index here, however small.
    monkeypatch.setattr(wordindex, "FULL_SEARCH_MAX", 0)
    made: list[list[str]] = []
    monkeypatch.setattr(
        memory_module, "WordIndex", lambda texts: made.append(texts) or WordIndex(texts)
    )
    similar = ABOUT.replace("1,200", "1,300")

    def command() -> Entry | None:
        """What a new command finds in the memory for a text like the boilerplate."""
        save_caches()
        _CACHES.clear()
        return load_memory(config, french, slugs).similar(similar, "releases/second")

    assert command() == Entry(ABOUT, ABOUT_FR, "releases/first") and len(made) == 1
    assert command() == Entry(ABOUT, ABOUT_FR, "releases/first") and len(made) == 1
    # Another translation of the same text: the same texts, the same index.
    catalog.find(ABOUT).msgstr = "Mila est un institut."
    catalog.save()
    assert command() == Entry(ABOUT, "Mila est un institut.", "releases/first")
    assert len(made) == 1
    # A text translated for the first time: another index.
    catalog.find("About Mila").msgstr = "À propos de Mila"
    catalog.save()
    assert command() == Entry(ABOUT, "Mila est un institut.", "releases/first")
    assert len(made) == 2 and "About Mila" in made[1]


def test_compendium_po_and_tmx(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    tmx = f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>{ABOUT}</seg></tuv><tuv xml:lang="sv-SE"><seg>Mila är ett forskningsinstitut.</seg></tuv></tu></body></tmx>
"""
    compendium = 'msgid ""\nmsgstr ""\n"Language: sv\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "About Mila"\nmsgstr "Om Mila"\n'
    root = make_newsroom(
        {"content/2022/first.md": release("First", "2022-01-10", "Hello."),
         "memory/agency.tmx": tmx, "memory/compendium.po": compendium},
        config=CONFIG + '\n[memory]\ncompendia = ["memory/agency.tmx", "memory/compendium.po"]\n',
    )  # fmt: skip
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    swedish = polib.pofile(str(root / "locales/sv/LC_MESSAGES/releases/first.po"))
    assert swedish.find(ABOUT).msgstr == "Mila är ett forskningsinstitut."
    assert swedish.find(ABOUT).tcomment == "memory: from memory/agency.tmx"
    assert swedish.find("About Mila").msgstr == "Om Mila"


LAB = "The lab will host twenty researchers."
LAB_FR = "Le laboratoire accueillera vingt chercheurs."


def po_compendium(language: str | None, text: str = LAB, translation: str = LAB_FR) -> str:
    """A compendium as ``msgcat`` writes it, its header naming ``language`` (or none)."""
    named = "" if language is None else f'"Language: {language}\\n"\n'
    return (
        f'msgid ""\nmsgstr ""\n{named}"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{text}"\nmsgstr "{translation}"\n'
    )


def tmx_file(srclang: str, units: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="{srclang}" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>{units}</body></tmx>
"""


def updated_with_compendium(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], name: str, text: str, body: str
) -> tuple[Path, Result]:
    """A newsroom of one release of ``body`` and the compendium ``name`` of ``text``, after
    ``extract`` and ``update``: its folder and what ``update`` said."""
    root = make_newsroom(
        {"content/2022/lab.md": release("Lab", "2022-05-10", body), name: text},
        config=CONFIG + f'\n[memory]\ncompendia = ["{name}"]\n',
    )  # fmt: skip
    assert run(root, "extract").exit_code == 0
    return root, run(root, "update")


def lab_entry(root: Path, code: str, text: str) -> polib.POEntry:
    return polib.pofile(str(root / f"locales/{code}/LC_MESSAGES/releases/lab.po")).find(text)


@pytest.mark.parametrize("language", ["fr_CA", "fr-CA", "fr", "fr-FR", "FR_ca"])
def test_a_po_compendium_fills_only_the_language_its_header_names(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], language: str
) -> None:
    name = "memory/compendium-fr.po"
    root, result = updated_with_compendium(make_newsroom, run, name, po_compendium(language), LAB)
    assert result.exit_code == 0, result.output
    french = lab_entry(root, "fr", LAB)
    assert french.msgstr == LAB_FR and not french.fuzzy
    assert french.tcomment == "memory: from memory/compendium-fr.po"
    # French is never published on the Swedish site.
    swedish = lab_entry(root, "sv", LAB)
    assert swedish.msgstr == "" and swedish.tcomment == ""


@pytest.mark.parametrize("language", ["French", "fr CA", "Français"])
def test_a_po_compendium_whose_language_is_no_code_is_refused(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], language: str
) -> None:
    # It would serve no language, silently: named, before any catalog is written.
    name = "memory/compendium.po"
    root, result = updated_with_compendium(make_newsroom, run, name, po_compendium(language), LAB)
    assert result.exit_code == 1
    assert result.output == (
        f"error: memory/compendium.po: the compendium's Language header {language!r} is no "
        "language code: write one, as 'fr' or 'fr_CA'\n"
    )
    assert not list((root / "locales").glob("*/LC_MESSAGES/**/*.po"))


@pytest.mark.parametrize("language", [None, "", "  "])
def test_a_po_compendium_that_names_no_language_is_refused(
    make_newsroom: Callable[..., Path], run: Callable[..., Result], language: str | None
) -> None:
    name = "memory/compendium.po"
    root, result = updated_with_compendium(make_newsroom, run, name, po_compendium(language), LAB)
    assert result.exit_code == 1
    assert result.output.startswith("error: memory/compendium.po: ")
    assert "say its language in its Language header" in result.output
    # Refused before any catalog is written.
    assert len(result.output.splitlines()) == 1
    assert not list((root / "locales").glob("*/LC_MESSAGES/**/*.po"))
    assert not (root / "locales/fr/LC_MESSAGES/releases/lab.po").exists()


def test_language_tags_match_a_language_and_its_regional_variants() -> None:
    french = Language("fr", "fr_CA")
    for tag in ("fr", "fr-CA", "fr_CA", "fr-FR", "FR-ca", "fr-Latn"):
        assert same_language(tag, french), tag
    for tag in ("", "en", "frr", "de-CA"):
        assert not same_language(tag, french), tag
    brazilian = Language("pt-BR", "pt_BR")
    assert same_language("pt", brazilian) and same_language("pt_BR", brazilian)
    assert not same_language("pt-PT", brazilian)
    english = Language("en", "en")
    assert all(same_language(tag, english) for tag in ("en-US", "en-GB", "EN_us"))


def test_tmx_language_tags_match_regional_variants(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    fall, hospitals = "The lab opens in the fall.", "The lab will work with hospitals."
    units = f"""
<tu><tuv xml:lang="en-US"><seg>{LAB}</seg></tuv><tuv xml:lang="fr-FR"><seg>{LAB_FR}</seg></tuv></tu>
<tu><tuv xml:lang="en-GB"><seg>{fall}</seg></tuv><tuv xml:lang="fr-FR"><seg>Le laboratoire ouvre à l'automne (France).</seg></tuv><tuv xml:lang="fr-CA"><seg>Le laboratoire ouvre à l'automne.</seg></tuv><tuv xml:lang="sv-FI"><seg>Labbet öppnar i höst.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>{hospitals}</seg></tuv><tuv xml:lang="pt-PT"><seg>O laboratório trabalhará com hospitais.</seg></tuv></tu>
"""
    root, result = updated_with_compendium(
        make_newsroom, run, "memory/agency.tmx", tmx_file("en-US", units),
        f"{LAB}\n\n{fall}\n\n{hospitals}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert lab_entry(root, "fr", LAB).msgstr == LAB_FR
    assert lab_entry(root, "fr", LAB).tcomment == "memory: from memory/agency.tmx"
    # The variant of the newsroom's own region first, then another region's.
    assert lab_entry(root, "fr", fall).msgstr == "Le laboratoire ouvre à l'automne."
    assert lab_entry(root, "sv", fall).msgstr == "Labbet öppnar i höst."
    assert lab_entry(root, "sv", LAB).msgstr == ""
    assert lab_entry(root, "fr", hospitals).msgstr == ""


def test_tmx_inline_codes_are_left_out_and_their_units_come_in_fuzzy(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    hospitals, bold = "The lab will work with hospitals.", "The lab will open in Quebec City."
    term = "The lab opens in the fall."
    units = f"""
<tu><tuv xml:lang="en"><seg>{hospitals}</seg></tuv><tuv xml:lang="fr"><seg>Le laboratoire collaborera avec des hôpitaux.<ph x="2">&lt;br/&gt;</ph></seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The lab will open in <bpt i="1">&lt;b&gt;</bpt>Quebec City<ept i="1">&lt;/b&gt;</ept>.</seg></tuv><tuv xml:lang="fr"><seg>Le laboratoire ouvrira à <it pos="begin">&lt;b&gt;</it>Québec<ut>&lt;/b&gt;</ut><ph>&lt;img alt="<sub>Logo</sub>"/&gt;</ph>.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The lab opens in the <hi type="term">fall</hi>.</seg></tuv><tuv xml:lang="fr"><seg>Le <hi type="term">laboratoire</hi> ouvre à l'automne.</seg></tuv></tu>
"""
    root, result = updated_with_compendium(
        make_newsroom, run, "memory/agency.tmx", tmx_file("en", units),
        f"{hospitals}\n\n{bold}\n\n{term}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = lab_entry(root, "fr", hospitals)
    assert entry.msgstr == "Le laboratoire collaborera avec des hôpitaux." and entry.fuzzy
    assert entry.tcomment.startswith("memory: from memory/agency.tmx, without its inline codes")
    entry = lab_entry(root, "fr", bold)
    assert entry.msgstr == "Le laboratoire ouvrira à Québec." and entry.fuzzy
    # Highlighted text is text: no markup was lost.
    entry = lab_entry(root, "fr", term)
    assert entry.msgstr == "Le laboratoire ouvre à l'automne." and not entry.fuzzy
    catalog = root / "locales/fr/LC_MESSAGES/releases/lab.po"
    assert msgfmt_check(catalog).returncode == 0
    # Filled once: neither update nor --fill-fuzzy gives them again.
    for options in ((), ("--fill-fuzzy",)):
        again = run(root, "update", *options)
        assert again.exit_code == 0 and "0 catalog(s) written" in again.output, again.output


def test_a_compendiums_message_in_a_context_is_no_translation_of_the_text_alone(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # A button's "Open" is "Ouvrir"; the text alone, "Ouvert": as msgmerge -C takes them.
    compendium = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
        'msgctxt "button"\nmsgid "Open"\nmsgstr "Ouvrir"\n\nmsgid "Open"\nmsgstr "Ouvert"\n'
    )
    root, result = updated_with_compendium(
        make_newsroom, run, "memory/compendium.po", compendium, "Open"
    )
    assert result.exit_code == 0, result.output
    entry = lab_entry(root, "fr", "Open")
    assert (entry.msgstr, entry.fuzzy) == ("Ouvert", False)


def test_a_broken_tmx_is_named_as_every_file_is(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    broken = tmx_file("en", f"<tu><tuv xml:lang='en'><seg>{LAB}</seg></tuv>\n")
    _, result = updated_with_compendium(make_newsroom, run, "memory/agency.tmx", broken, LAB)
    assert result.exit_code == 1
    assert result.output.startswith("error: memory/agency.tmx:4: invalid TMX: "), result.output


def test_the_memory_offers_no_translation_a_catalog_may_not_take(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    # A TMX segment ending with a newline its source lacks (msgfmt -c refuses the pair),
    # one with a control character, and a release translated with Word's line break.
    tmx = f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>About Mila</seg></tuv><tuv xml:lang="sv-SE"><seg>Om Mila
</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="sv-SE"><seg>Hej\u0092.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>{ABOUT}</seg></tuv><tuv xml:lang="sv-SE"><seg>Mila är ett institut.</seg></tuv></tu></body></tmx>
"""
    root = make_newsroom(
        {"content/2022/first.md": release("First", "2022-01-10", "Hello."),
         "memory/agency.tmx": tmx},
        config=CONFIG + '\n[memory]\ncompendia = ["memory/agency.tmx"]\n',
    )  # fmt: skip
    assert run(root, "extract").exit_code == 0
    assert run(root, "update").exit_code == 0
    first = root / "locales/sv/LC_MESSAGES/releases/first.po"
    swedish = polib.pofile(str(first))
    assert swedish.find(ABOUT).msgstr == "Mila är ett institut."
    assert swedish.find("About Mila").msgstr == "" and swedish.find("Hello.").msgstr == ""
    assert msgfmt_check(first).returncode == 0
    # A release's translation with a control character: check reports it, the memory does
    # not copy it into the next release.
    swedish.find("About Mila").msgstr = "Om\vMila"
    swedish.save()
    (root / "content/2022/second.md").write_text(release("Second", "2022-02-10", "Bye."))
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    second = polib.pofile(str(root / "locales/sv/LC_MESSAGES/releases/second.po"))
    assert second.find("About Mila").msgstr == ""
    assert second.find(ABOUT).msgstr == "Mila är ett institut."
    memory = Memory()
    for translation in ("Om Mila\n", "Om\vMila", "Om\x07Mila", "Om Mila"):
        memory.add(Entry("About Mila", translation, "releases/x"))
    assert memory.exact("About Mila") == Entry("About Mila", "Om Mila", "releases/x")


def test_the_theme_gives_no_translation_msgfmt_would_refuse() -> None:
    header = [("Content-Type", "text/plain; charset=UTF-8"),
              ("Plural-Forms", "nplurals=2; plural=(n > 1);")]  # fmt: skip
    theme = Catalog(header=list(header), messages=[
        Message("%(site)s: press releases", "Communiqués à 100 %"),  # not flagged there
        Message("Tags", "Mots-clés\n"),  # nor checked: a newline the source lacks
        Message("Skip to content", "Aller au contenu"),
    ])  # fmt: skip
    site = Catalog(header=list(header), messages=[
        Message("%(site)s: press releases", flags=("python-format",)),
        Message("Tags"),
        Message("Skip to content"),
    ])  # fmt: skip
    filled, stats = fill_from_theme(site, theme)
    assert [m.msgstr for m in filled.messages] == ["", "", "Aller au contenu"]
    assert stats.from_theme == 1


def test_an_empty_compendium_is_refused_as_msgfmt_refuses_it(
    make_newsroom: Callable[..., Path], run: Callable[..., Result]
) -> None:
    root = make_newsroom(
        {"content/2022/first.md": release("First", "2022-01-10", "Hello."),
         "memory/compendium.po": ""},
        config=CONFIG + '\n[memory]\ncompendia = ["memory/compendium.po"]\n',
    )  # fmt: skip
    assert run(root, "extract").exit_code == 0
    result = run(root, "update")
    assert result.exit_code == 1
    assert result.output.startswith("error: memory/compendium.po:1: the catalog is empty: ")


def test_a_large_memory_finds_what_a_full_search_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from i18n_news import wordindex

    texts = [
        f"The {place} office of {partner} opens a laboratory on {topic} with {n} researchers."
        for n, (place, partner, topic) in enumerate(
            (p, q, t)
            for p in ("Montreal", "Stockholm", "Quebec", "Gothenburg")
            for q in ("Mila", "AI Sweden", "Vinnova", "IVADO", "RISE")
            for t in ("health", "climate", "language models", "robotics", "ethics")
        )
    ]
    queries = [
        "The Montreal office of Mila opens a new laboratory on health with 40 researchers.",
        "The Gothenburg office of RISE opens a laboratory on ethics with many researchers.",
        "Nothing like any of them at all, a sentence about the weather in Lund.",
    ]

    def best(limit: int) -> list[str | None]:
        monkeypatch.setattr(wordindex, "FULL_SEARCH_MAX", limit)
        monkeypatch.setattr(wordindex, "CANDIDATES", limit)
        memory = Memory()
        for index, text in enumerate(texts):
            memory.add(Entry(text, f"translation {index}", f"releases/r{index}"))
        found = [memory.similar(query) for query in queries]
        return [entry.translation if entry else None for entry in found]

    full, indexed = best(10_000), best(5)
    assert full == indexed
    assert full[0] is not None and full[1] is not None and full[2] is None


def long_paragraph(seed: int, words: int = 700) -> str:
    """A paragraph of about 5,000 characters, of words drawn from a shared vocabulary."""
    import random

    rng = random.Random(seed)
    vocabulary = [f"{stem}{n}" for stem in ("research", "model", "data", "lab") for n in range(80)]
    return " ".join(rng.choice(vocabulary) for _ in range(words)) + "."


def test_a_long_text_is_compared_whole_only_with_the_texts_alike_word_by_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Comparing two long texts character by character costs the product of their lengths: a
    # long text is compared whole with the known texts that share most of its words, in
    # order, only; others of its length are passed over at the cost of comparing words.
    memory = Memory()
    for seed in range(60):
        memory.add(Entry(long_paragraph(seed), f"traduction {seed}", f"releases/r{seed}"))
    original = long_paragraph(7)
    edited = original.replace("research1 ", "research1 new ", 3).replace("lab2", "labs")
    assert len(edited) > memory_module.LONG_TEXT
    compared: list[list[str]] = []
    extract_one = memory_module.process.extractOne

    def counting(text: str, sources: list[str], **options: object) -> object:
        compared.append(list(sources))
        return extract_one(text, sources, **options)

    monkeypatch.setattr(memory_module.process, "extractOne", counting)
    assert memory.similar(edited, "releases/new") == Entry(original, "traduction 7", "releases/r7")
    assert compared == [[original]]
    # Another long text, made of the same words in another order, is like none of them.
    assert memory.similar(long_paragraph(99), "releases/new") is None
    assert compared[-1] == []


def test_a_long_text_in_a_script_without_spaces_finds_its_similar_text() -> None:
    import random

    rng = random.Random(3)
    syllables = "研究所人工知能機械学習データ言語モデル安全評価"
    sentences = ["".join(rng.choice(syllables) for _ in range(40)) + "。" for _ in range(60)]
    memory = Memory()
    for seed in range(12):
        rng.shuffle(sentences)
        memory.add(Entry("".join(sentences), f"translation {seed}", f"releases/r{seed}"))
    known = next(iter(memory.entries))
    assert len(known) > memory_module.LONG_TEXT and " " not in known
    edited = known.replace(known[100:104], "新しい", 1)
    found = memory.similar(edited, "releases/new")
    assert found is not None and found.source == known


def test_a_long_text_finds_the_similar_text_in_a_large_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from i18n_news import wordindex

    monkeypatch.setattr(wordindex, "FULL_SEARCH_MAX", 10)
    memory = Memory()
    for seed in range(200):
        memory.add(Entry(long_paragraph(seed), f"traduction {seed}", f"releases/r{seed}"))
    original = long_paragraph(123)
    edited = original.replace("model3 ", "model3 and ", 2)
    found = memory.similar(edited, "releases/new")
    assert found == Entry(original, "traduction 123", "releases/r123")
    # Not from the release being filled, even when its own texts are those most alike.
    assert memory.similar(edited, "releases/r123") is None


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_translation_made_after_an_update_fills_the_others_as_a_cold_update_would(
    make_newsroom: Callable[..., Path],
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jobs: str,
) -> None:
    # With two jobs, the catalogs' untranslated texts are looked up on worker processes.
    monkeypatch.setattr(update_module, "PARALLEL_MIN_CATALOGS", 1)
    root = make_newsroom({
        "content/2022/first.md": release("First", "2022-01-10", "Hello."),
        "content/2022/second.md": release("Second", "2022-02-10", "Bonjour."),
        "content/2022/third.md": "---\ntitle: Third\ndate: 2022-03-10\ndateline: Montreal\nsummary: Third.\n---\n\nNothing shared.\n",
    })  # fmt: skip
    assert run(root, "extract").exit_code == 0 and run(root, "update").exit_code == 0
    assert "0 catalog(s) written" in run(root, "update").output
    # A translator translates the boilerplate in one release, and nothing else changes.
    first = root / "locales/fr/LC_MESSAGES/releases/first.po"
    catalog = polib.pofile(str(first))
    catalog.find(ABOUT).msgstr = ABOUT_FR
    catalog.save()
    third = root / "locales/fr/LC_MESSAGES/releases/third.po"
    third_before = third.read_bytes()
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns(".i18n-news-cache"))

    assert run(root, "update", "-j", jobs).exit_code == 0
    second = polib.pofile(str(root / "locales/fr/LC_MESSAGES/releases/second.po"))
    assert second.find(ABOUT).msgstr == ABOUT_FR
    assert third.read_bytes() == third_before
    assert run(cold, "update").exit_code == 0
    for po in sorted((cold / "locales").rglob("*.po")):
        assert (root / po.relative_to(cold)).read_bytes() == po.read_bytes(), po
    assert "0 catalog(s) written" in run(root, "update").output
