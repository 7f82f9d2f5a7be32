"""Errors the user can act on. The CLI turns each into one line and an exit code."""

from __future__ import annotations

from preserve.findings import Position

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class PreserveError(Exception):
    """A problem with what the user gave us, naming the file and where in it."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, path: str | None = None, position: Position | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.position = position

    def __str__(self) -> str:
        where = self.path or ""
        if self.position is not None and str(self.position):
            where = f"{where}:{self.position}" if where else str(self.position)
        return f"{where}: {self.message}" if where else self.message


class InputError(PreserveError):
    """The input cannot be read as a record at all: empty, binary, not UTF-8, malformed."""


class OutputError(PreserveError):
    """The output cannot be written, or would overwrite something without --force."""


class InvalidRecordError(PreserveError):
    """The record has error findings and the operation refuses invalid records."""

    exit_code = EXIT_INVALID
