"""Errors that describe a user's mistake in data or configuration, in one line."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix in their files; shown as one line, never a traceback."""


class ConfigError(UserError):
    """The configuration is impossible or malformed."""


class DataError(UserError):
    """A raw file cannot be read at all (as opposed to a bad row, which is quarantined)."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column is not None:
            where += f": column '{self.column}'"
        return f"{where}: {self.message}"
