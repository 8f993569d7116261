"""Pages render through ``PageEnvironment`` exactly as through Jinja's own environment."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import (
    DictLoader,
    Environment,
    StrictUndefined,
    UndefinedError,
    pass_context,
    pass_eval_context,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from i18n_news.page_environment import PageEnvironment, escape_output


class _Html:
    """An object that writes its own HTML, as a template value can."""

    def __html__(self) -> str:
        return "<b>own</b>"


@given(st.text())
def test_a_value_is_escaped_as_markupsafe_escapes_it(text: str) -> None:
    assert escape_output(text) == str(escape(text))
    assert type(escape_output(text)) is str


class _Bold:
    def __str__(self) -> str:
        return "<b>7</b>"


class _HtmlObject:
    """An object whose HTML is not a string, but an object written as HTML."""

    def __html__(self) -> _Bold:
        return _Bold()


@pytest.mark.parametrize(
    "value",
    [Markup("<i>safe</i> &amp;"), _Html(), _HtmlObject(), 42, 1.5, None, ["<a>"], Markup("")],
)
def test_values_that_are_not_strings_show_as_with_markupsafe(value: object) -> None:
    assert escape_output(value) == str(escape(value))


TEMPLATES = {
    "base.html": (
        "<title>{% block title %}{{ title }}{% endblock %}</title>\n"
        "{% block main %}{% endblock %}\n{% include 'part.html' %}"
    ),
    "part.html": "<p>{{ value }} {{ safe }} {{ number }}</p>",
    "page.html": (
        "{% extends 'base.html' %}\n"
        '{% macro item(text) %}<li title="{{ text }}">{{ text }}</li>{% endmacro %}\n'
        "{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}\n"
        "{% block title %}{{ super() }} – {{ value }}{% endblock %}\n"
        "{% block main %}\n"
        "{% set heading %}<h1>{{ value }}</h1>{% endset %}{{ heading }}\n"
        "<ul>{% for text in items %}{{ item(text) }}{% endfor %}</ul>\n"
        "{% call wrap() %}{{ value }}{% endcall %}\n"
        "{% filter upper %}{{ value }}{% endfilter %}\n"
        "{{ value ~ safe }} {{ value|e }} {{ safe|safe }} {{ value|safe }}\n"
        "{% autoescape false %}{{ value }}{% endautoescape %}\n"
        "{% autoescape true %}{{ value }}{% endautoescape %}\n"
        "{{ items|join(', ') }} {{ none }} {{ own }}\n"
        "{{ shout(value) }} {{ joined(value) }} {% for n in [1] %}{{ who() }}{% endfor %}\n"
        "{{ site }} {{ range(2)|list }}\n"
        "{{ record.name }} {{ record.broken }} {{ record.other }} {{ mapping.key }}\n"
        "{{ record.name.upper() }} {{ mapping.record.name }} {{ (mapping|dictsort)[0][0] }}\n"
        "{% for text in items %}{{ loop.index }}{{ loop.last }}{% endfor %}\n"
        "{% endblock %}"
    ),
    "page.txt": "{{ value }} {{ safe }} {% for text in items %}{{ text }}{% endfor %}",
}


@pass_eval_context
def _shout(eval_ctx: EvalContext, text: str) -> str:
    return f"{text}! ({eval_ctx.autoescape})"


@pass_context
def _who(context: Context) -> str:
    return f"{context['title']} / {context.get('n')}"


class _Record:
    """An object with attributes, and items by name for those it does not have."""

    name = "<Record>"

    @property
    def broken(self) -> str:
        raise AttributeError("broken")

    def __getitem__(self, key: str) -> str:
        return f"item {key} <&>"


VALUES = {
    "record": _Record(),
    "mapping": {"key": "<value>", "record": _Record()},
    "shout": _shout,
    "joined": partial(str.join, " + "),
    "who": _who,
    "title": "Tom & Jerry's <show>",
    "value": '"quoted" <script>alert(1)</script>',
    "safe": Markup("<em>fine</em>"),
    "number": 3,
    "items": ["a < b", Markup("<b>c</b>"), "d & 'e'"],
    "none": None,
    "own": _Html(),
}


def _environment(kind: type[Environment]) -> Environment:
    env = kind(
        loader=DictLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
    )
    env.globals["site"] = "<Newsroom>"
    return env


@pytest.mark.parametrize("name", ["page.html", "page.txt", "part.html"])
def test_a_template_renders_as_jinja_renders_it(name: str) -> None:
    expected = _environment(Environment).get_template(name).render(VALUES)
    assert _environment(PageEnvironment).get_template(name).render(VALUES) == expected
    if name.endswith(".html"):  # what is compared is escaped
        assert "&lt;script&gt;" in expected or "&#34;quoted&#34;" in expected


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_any_text_renders_as_jinja_renders_it(value: str, title: str) -> None:
    values = {**VALUES, "value": value, "title": title}
    expected = _environment(Environment).get_template("page.html").render(values)
    assert _environment(PageEnvironment).get_template("page.html").render(values) == expected


def test_a_template_s_own_globals_stay_its_own() -> None:
    env = _environment(PageEnvironment)
    own = env.get_template("part.html", globals={"value": "<own>"})
    assert own.render(safe="", number=1) == "<p>&lt;own&gt;  1</p>"
    assert "value" not in env.globals
    with pytest.raises(UndefinedError):
        env.from_string("{{ value }}").render()


@pytest.mark.parametrize("source", ["{{ mapping.missing }}", "{{ mapping.key.missing }}"])
def test_an_attribute_a_value_lacks_is_the_error_jinja_raises(source: str) -> None:
    errors = []
    for kind in (Environment, PageEnvironment):
        with pytest.raises(UndefinedError) as raised:
            _environment(kind).from_string(source).render(VALUES)
        errors.append(str(raised.value))
    assert errors[0] == errors[1] and "has no attribute 'missing'" in errors[0]


def test_an_undefined_value_is_an_error_as_with_jinja() -> None:
    values = {key: value for key, value in VALUES.items() if key != "number"}
    for kind in (Environment, PageEnvironment):
        with pytest.raises(UndefinedError, match="'number' is undefined"):
            _environment(kind).get_template("page.html").render(values)


def test_a_sandboxed_page_environment_still_refuses_unsafe_attributes() -> None:
    class Sandboxed(SandboxedEnvironment, PageEnvironment):
        pass

    template = Sandboxed(undefined=StrictUndefined).from_string("{{ shout.__globals__ }}")
    with pytest.raises(SecurityError):
        template.render(shout=_shout)


def test_a_template_file_that_is_not_utf8_is_named_at_its_line(tmp_path: Path) -> None:
    from jinja2 import FileSystemLoader

    from i18n_news.errors import TemplateError

    folder = tmp_path / "templates"
    (folder / "partials").mkdir(parents=True)
    (folder / "page.html").write_text('<p>{% include "partials/footer.html" %}</p>\n')
    # Past the first block Python decodes at once: the line is counted in the whole file.
    (folder / "partials/footer.html").write_bytes(b"<footer>\n" * 2000 + b"\xa9 2024\n")
    env = PageEnvironment(loader=FileSystemLoader([str(folder)]), autoescape=True)
    with pytest.raises(TemplateError) as raised:
        env.get_template("page.html").render()
    assert str(raised.value) == (
        "templates/partials/footer.html:2001: not valid UTF-8: byte 0xA9 (invalid start byte); "
        "save the file as UTF-8"
    )
