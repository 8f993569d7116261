"""Generate a realistic newsroom of N releases in English, French and Swedish, deterministically.

Each release has a title, summary, dateline, paragraphs, a quote, a list, a table, links and
the two boilerplate sections that recur in every release; its French and Swedish catalogs are
mostly translated, with some fuzzy and some missing messages, as in a working newsroom.

    python benchmarks/generate.py 1000 /tmp/newsroom-1000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n_news.catalogs import new_catalog  # noqa: E402
from i18n_news.config import load_config  # noqa: E402
from i18n_news.content import read_release  # noqa: E402
from i18n_news.extract import release_template  # noqa: E402
from i18n_news.layout import release_domain  # noqa: E402
from i18n_news.pofile import format_po  # noqa: E402

CONFIG = """\
[newsroom]
name = "Benchmark News"
base_url = "https://news.example.org/"
timezone = "America/Toronto"
output = "public"
source_language = "en"
target_languages = ["fr", "sv"]

[languages.en]
locale = "en"

[languages.fr]
locale = "fr_CA"

[languages.sv]
locale = "sv_SE"
"""
SUBJECTS = [
    "Mila",
    "AI Sweden",
    "The institute",
    "The consortium",
    "Our partners",
    "The research team",
]
VERBS = ["announces", "launches", "opens", "welcomes", "publishes", "expands", "funds", "hosts"]
OBJECTS = ["a research program", "a new laboratory", "an exchange with Sweden", "a health workshop",
           "a climate project", "a language model study", "a talent initiative", "an open dataset"]  # fmt: skip
WORDS = [
    "research", "artificial", "intelligence", "learning", "models", "data", "partners", "students",
    "engineers", "health", "climate", "language", "public", "sector", "innovation", "Montreal",
    "Sweden", "Québec", "Stockholm", "program", "results", "university", "hospital", "industry",
    "ethics", "safety", "evaluation", "federated", "open", "science",
]  # fmt: skip
ABOUT_MILA = ("Founded by Professor Yoshua Bengio of the University of Montreal, Mila is an artificial "
              "intelligence research institute that brings together nearly 900 researchers specializing "
              "in machine learning. For more information, visit [mila.quebec](https://mila.quebec/en/).")  # fmt: skip
ABOUT_AIS = ("AI Sweden is the national center for applied artificial intelligence, supported by the Swedish "
             "government and the public and private sectors across the country. For more information, visit "
             "[ai.se](https://www.ai.se/en).")  # fmt: skip


def _vocabulary(size: int = 4000) -> tuple[list[str], list[float]]:
    """Words as a newsroom uses them: a few very often, most rarely (Zipf's law)."""
    rng = random.Random(7)
    syllables = ["ma", "ri", "ton", "sel", "ka", "vi", "lund", "or", "ber", "qu", "an", "de",
                 "stra", "mo", "el", "nor", "gi", "ux", "far", "in"]  # fmt: skip
    words = list(WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1 / rank
        weights.append(total)
    return words, weights


VOCABULARY, CUMULATIVE_WEIGHTS = _vocabulary()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE_WEIGHTS, k=words))
    return text[0].upper() + text[1:] + "."


def release_text(rng: random.Random, number: int, day: date) -> str:
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({number})"
    paragraphs = [" ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 4)))
                  for _ in range(rng.randint(3, 6))]  # fmt: skip
    items = "\n".join(f"- {sentence(rng, rng.randint(4, 9))}" for _ in range(3))
    table = "| Item | Value |\n|---|--:|\n" + "\n".join(
        f"| {rng.choice(WORDS).title()} {n} | {rng.randint(1, 5000):,} |" for n in range(3)
    )
    quote = f"> “{sentence(rng, 14)[:-1]},” says {rng.choice(['Anna Berg', 'Jean Tremblay', 'Erik Lund'])}."
    link = f"Read more on [our website](https://news.example.org/{number}/) or write to **press@example.org**."
    body = "\n\n".join([paragraphs[0], "## Highlights", items, *paragraphs[1:], quote, table, link,
                        "## About Mila", ABOUT_MILA, "## About AI Sweden", ABOUT_AIS])  # fmt: skip
    return (f"---\ntitle: \"{title}\"\ndate: {day.isoformat()}\ndateline: Montreal\n"
            f"summary: \"{sentence(rng, 16)}\"\ntags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n---\n\n{body}\n")  # fmt: skip


def translate(text: str, language: str) -> str:
    """A stand-in translation that keeps the Markdown markup intact."""
    return f"[{language}] {text}"


def generate(count: int, target: Path, seed: int = 2022) -> None:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    (target / "i18n-news.toml").write_text(CONFIG)
    config = load_config(target)
    first = date(2012, 1, 2)
    for number in range(count):
        day = first + timedelta(days=number * 3650 // max(count, 1))
        path = target / "content" / str(day.year) / f"release-{number:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(release_text(rng, number, day))
        release = read_release(path, config)
        template = release_template(release, config)
        template.set_header("POT-Creation-Date", "2022-01-01 00:00+0000")
        template_file = config.locales_dir / "templates" / f"{release_domain(release.slug)}.pot"
        template_file.parent.mkdir(parents=True, exist_ok=True)
        template_file.write_text(format_po(template))
        for language in config.targets:
            catalog = new_catalog(template, language)
            messages = []
            for message in catalog.messages:
                roll = rng.random()
                if roll < 0.95:
                    message = replace(message, msgstr=translate(message.msgid, language.code))
                if 0.9 <= roll < 0.95:
                    message = message.with_flag("fuzzy")
                messages.append(message)
            catalog.messages = messages
            po = (
                config.locales_dir
                / language.code
                / "LC_MESSAGES"
                / f"{release_domain(release.slug)}.po"
            )
            po.parent.mkdir(parents=True, exist_ok=True)
            po.write_text(format_po(catalog))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int, help="number of releases")
    parser.add_argument("target", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=2022)
    arguments = parser.parse_args()
    generate(arguments.count, arguments.target, arguments.seed)


if __name__ == "__main__":
    main()
