"""Which files a command works on: files, directories, glob patterns and ``-`` (stdin).

Directories are searched recursively for record files by extension (``.txt``, ``.xml``,
``.json``), skipping hidden files and directories; glob patterns (``records/**/*.xml``)
are expanded the same way. A file named explicitly is taken whatever its extension.
The result is in a stable order: arguments as given, each directory sorted.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath

from preserve.errors import InputError

STDIN = "-"
STDIN_NAME = "<stdin>"
EXTENSIONS = (".txt", ".xml", ".json")
_GLOB_CHARS = frozenset("*?[")


def expand(args: Sequence[str], exclude: Sequence[str] = ()) -> tuple[list[str], list[InputError]]:
    """The inputs named by ``args``, and an error for each argument that names none.

    ``-`` stays as it is (standard input). Paths matching an ``exclude`` pattern are
    left out of directories and globs, never when named explicitly.
    """
    found: list[str] = []
    errors: list[InputError] = []
    for arg in args:
        if arg == STDIN:
            found.append(STDIN)
        elif os.path.isdir(arg):
            found.extend(_walk(arg, exclude, errors))
        elif _GLOB_CHARS & set(arg) and not os.path.exists(arg):
            matches = _glob(arg, exclude, errors)
            if not matches:
                errors.append(InputError("no file matches this pattern", arg))
            found.extend(matches)
        else:
            found.append(arg)  # a file, or a missing one that reading will report
    return list(dict.fromkeys(_tidy(path) for path in found)), errors


def is_record_file(path: str | PurePath) -> bool:
    return PurePath(path).suffix.lower() in EXTENSIONS


def excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether ``path`` or one of its directories matches one of ``patterns``."""
    posix = PurePath(path).as_posix()
    parts = PurePath(path).parts
    return any(
        fnmatch.fnmatch(posix, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts)
        for pattern in patterns
    )


def _walk(top: str, exclude: Sequence[str], errors: list[InputError]) -> Iterator[str]:
    """Record files below ``top``, sorted; ``exclude`` applies to the part below ``top``.
    A directory that cannot be read is added to ``errors``, never skipped in silence."""

    def unreadable(error: OSError) -> None:
        errors.append(InputError(f"cannot read this directory: {error.strerror}", error.filename))

    for root, dirs, files in os.walk(top, onerror=unreadable):
        below = os.path.relpath(root, top)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not excluded(os.path.join(below, d), exclude)
        )
        for name in sorted(files):
            if name.startswith(".") or not is_record_file(name):
                continue
            if not excluded(os.path.join(below, name), exclude):
                yield os.path.join(root, name)


def _glob(pattern: str, exclude: Sequence[str], errors: list[InputError]) -> list[str]:
    paths: list[str] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(match):
            paths.extend(_walk(match, exclude, errors))
        elif is_record_file(match) and not excluded(match, exclude):
            paths.append(match)
    return paths


def _tidy(path: str) -> str:
    """``./a//b.txt`` -> ``a/b.txt``: one spelling for one file, as the user wrote it."""
    return path if path == STDIN else os.path.normpath(path)


def display(path: str | Path) -> str:
    """``path`` relative to the current directory when it lies below it."""
    resolved = Path(path).resolve()
    if resolved.is_relative_to(Path.cwd()):
        return os.path.relpath(resolved)
    return str(path)
