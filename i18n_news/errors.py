"""The errors a newsroom reports to its users.

Every error a user can cause is a :class:`NewsroomError` that names the file and line at fault,
printed as ``path:line: message`` the way compilers and GNU ``msgfmt`` print theirs. Anything
else that escapes is a bug in i18n-news.
"""

from __future__ import annotations

from pathlib import Path


class NewsroomError(Exception):
    """A problem with the newsroom's input, reported as ``path:line: message``."""

    #: The exit code of a command that stops on it.
    exit_code = 1

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[type[NewsroomError], tuple[str, str | None, int | None]]:
        # Keep the path and line when an error crosses from a worker process.
        return (self.__class__, (self.message, self.path, self.line))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class ConfigError(NewsroomError):
    """The newsroom's configuration is missing or invalid."""


class ContentError(NewsroomError):
    """A release's Markdown or front matter is invalid."""


class CatalogError(NewsroomError):
    """A message catalog (.po or .pot file) cannot be read or would lose work if written."""


class TemplateError(NewsroomError):
    """A site template is missing or broken."""


class LockError(NewsroomError):
    """Another i18n-news command is working on the same newsroom."""


class CommandLineError(NewsroomError):
    """A command was given an argument the newsroom has nothing for: a wrong command line."""

    exit_code = 2


class UnknownReleaseError(CommandLineError):
    """A command was given the slug of no release."""
