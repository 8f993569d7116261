"""Jinja's environment for pages, rendering the same pages with less work per value shown.

Four things Jinja does for any use of a template, that a page does not need:

- Each value a template outputs (``{{ value }}``) becomes a ``Markup`` object, escaped, only
  to be joined into the page's text. Here it is escaped into a plain string (the same text).
- Each callable a template calls is looked at for a marker asking for the context or the
  environment as first argument. Here a plain function (``link``, ``absolute``) is called
  at once, and one asking for the evaluation context (``_``, the interface strings) given it.
- Each attribute a template reads (``release.title``) is read by a call of
  ``environment.getattr``, which tries the attribute and then the item of that name. Here
  the attribute is read at once, and only a value without it goes through that call.
- A template's globals chain its own to the environment's: each page, include and import
  copies them into its context, key by key. Here they are one dictionary, made when the
  template is loaded (Jinja asks that globals be set before templates are loaded).

A page of the default theme outputs about ninety values, reads a hundred attributes and
makes some thirty calls.

It also names a template file that is not UTF-8, at the line of its first wrong byte, where
Jinja raises Python's error on the template that includes it.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from functools import partial
from pathlib import Path
from types import FunctionType
from typing import Any

from jinja2 import BaseLoader, Environment, FileSystemLoader, Template
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.loaders import split_template_path
from jinja2.nodes import Expr, Getattr
from jinja2.runtime import Context
from markupsafe import Markup

from .errors import TemplateError


def _replace_escaped(text: str) -> str:
    """``text`` escaped as ``markupsafe.escape`` escapes it, as a plain string."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def _markupsafe_inner() -> Callable[[str], str] | None:
    """MarkupSafe's own escaping of a string, without making a ``Markup`` of it: when this
    version of MarkupSafe has it compiled, and it escapes as ``_replace_escaped`` does."""
    try:
        from markupsafe._speedups import _escape_inner
    except ImportError:
        return None
    probe = "<a href='x'>\"&amp;\"</a>"
    return _escape_inner if _escape_inner(probe) == _replace_escaped(probe) else None


_escape_text: Callable[[str], str] = _markupsafe_inner() or _replace_escaped


def escape_output(value: Any) -> str:
    """What ``{{ value }}`` shows in an autoescaped template: the text of
    ``markupsafe.escape(value)``, as a plain string."""
    if value.__class__ is str:
        return _escape_text(value)
    if hasattr(value, "__html__"):
        html = value.__html__()
        return html if isinstance(html, str) else str(Markup(html))
    return _escape_text(str(value))


class _PageCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing ``escape_output(value)`` for each value a template
    outputs where it autoescapes (what it outputs is always joined into a string: a page, a
    block, a ``set`` block or a macro's text, which Jinja marks safe as a whole), and reading
    an attribute at once where the value has it."""

    @optimizeconst
    def visit_Getattr(self, node: Getattr, frame: Frame) -> None:
        if self.environment.is_async or self.environment.sandboxed:  # Jinja's own checks
            super().visit_Getattr(node, frame)
            return
        # What environment.getattr(value, name) gives, in one expression: the attribute if
        # the value has one (getattr with a default catches AttributeError alone, as Jinja
        # does), else Jinja's own lookup (an item, or an undefined value), the value read once.
        found, value = self.temporary_identifier(), self.temporary_identifier()
        self.write(f"({found} if ({found} := getattr(({value} := ")
        self.visit(node.node, frame)
        self.write(
            f"), {node.attr!r}, missing)) is not missing"
            f" else environment.getattr({value}, {node.attr!r}))"
        )

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)


try:  # what Jinja marks a function asking for the evaluation context with
    from jinja2.utils import _PassArg

    _ASKS_EVAL_CONTEXT: object = _PassArg.eval_context
except ImportError:  # another version of Jinja: such functions go through Jinja's own call
    _ASKS_EVAL_CONTEXT = object()


class _PageContext(Context):
    """Jinja's template context, calling a plain function (``link``, ``absolute``, a
    ``partial``) at once, and one that asks for the evaluation context with it."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is FunctionType or kind is partial:
            asks = __obj.__dict__.get("jinja_pass_arg")
            if asks is _ASKS_EVAL_CONTEXT:
                args = (__self.eval_ctx, *args)
            elif asks is not None:
                return super().call(__obj, *args, **kwargs)
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Jinja does
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


class PageEnvironment(Environment):
    """A Jinja environment whose templates render as Jinja's own would, with less work."""

    code_generator_class = _PageCodeGenerator
    context_class = _PageContext
    escape_output = staticmethod(escape_output)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        try:
            return super()._load_template(name, globals)
        except UnicodeDecodeError:  # the loader's, reading the file: named, with its line
            raise _not_utf8(self.loader, name) from None


def _not_utf8(loader: BaseLoader | None, name: str) -> TemplateError:
    """The error of the template ``name`` whose file is not UTF-8, named as messages name
    templates (``templates/partials/footer.html``, ``default-theme/base.html``), at the line
    of its first byte that is not."""
    from .theme import THEME_DIR, THEME_LABEL

    folders = loader.searchpath if isinstance(loader, FileSystemLoader) else []
    for folder in map(Path, folders):
        path = folder.joinpath(*split_template_path(name))
        if path.is_file():
            break
    else:
        return TemplateError("not valid UTF-8; save the file as UTF-8", name)
    label = THEME_LABEL if folder == THEME_DIR / "templates" else folder.name
    where = f"{label}/{name}"
    found = utf8_error(path.read_bytes(), where)
    return found or TemplateError("not valid UTF-8; save the file as UTF-8", where)


def utf8_error(data: bytes, where: str) -> TemplateError | None:
    """The error of a template ``where`` (as messages name it) whose content ``data`` is not
    UTF-8, at the line of its first wrong byte; ``None`` if it is UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return TemplateError(
            f"not valid UTF-8: byte 0x{data[error.start]:02X} ({error.reason}); "
            "save the file as UTF-8",
            where,
            data[: error.start].count(b"\n") + 1,
        )
    return None
