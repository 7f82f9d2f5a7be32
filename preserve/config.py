"""Per-repository settings: ``[tool.preserve]`` in pyproject.toml, or preserve.toml.

As linters do, the settings are found by walking up from the current directory: the
first directory holding a ``preserve.toml`` (settings at its top level, or under
``[tool.preserve]``) or a ``pyproject.toml`` with a ``[tool.preserve]`` table wins.

    [tool.preserve]
    select = ["PRS"]              # codes or code prefixes to check (default: all)
    ignore = ["PRS-MARKER-OFFSET"]  # codes or prefixes to leave out
    fail-on = "warning"           # lowest severity that fails the run (default: error)
    exclude = ["drafts", "*.bak.xml"]  # names or paths skipped in directories and globs

Rule selection works like ruff's: a prefix matches whole dash-separated parts
(``PRS-NOTE`` matches ``PRS-NOTE-GAP``, not ``PRS-NOTES``), and when both ``select``
and ``ignore`` match a code, the longer (more specific) match wins; ignore wins a tie.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from preserve.errors import PreserveError
from preserve.findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILENAMES = ("preserve.toml", "pyproject.toml")
KEYS = ("select", "ignore", "fail-on", "exclude")


class ConfigError(PreserveError):
    """A settings file that cannot be read or holds something preserve does not know."""


@dataclass(frozen=True)
class Config:
    """The settings of one repository (all defaults when there is no settings file)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    exclude: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)


def find(start: Path | None = None) -> Path | None:
    """The settings file that applies in ``start`` (default: the current directory)."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        for name in FILENAMES:
            candidate = folder / name
            if candidate.is_file() and _table(candidate) is not None:
                return candidate
    return None


def load(path: Path) -> Config:
    """The settings in ``path`` (a preserve.toml or a pyproject.toml)."""
    table = _table(path) or {}
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"unknown setting {unknown[0]!r} in [tool.preserve] (known: {', '.join(KEYS)})",
            str(path),
        )
    fail_on = table.get("fail-on", "error")
    if fail_on not in {s.value for s in Severity}:
        raise ConfigError(f"fail-on must be error, warning or info, not {fail_on!r}", str(path))
    return Config(
        select=_codes(table, "select", path),
        ignore=_codes(table, "ignore", path),
        fail_on=Severity(fail_on),
        exclude=_strings(table, "exclude", path),
        path=path,
    )


def discover(start: Path | None = None) -> Config:
    """The settings that apply in ``start``, or the defaults."""
    path = find(start)
    return load(path) if path is not None else Config()


@dataclass(frozen=True)
class Selection:
    """Which rule codes are checked: ``select`` minus ``ignore``, by prefix."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __contains__(self, code: str) -> bool:
        chosen = _longest(code, self.select) if self.select else 0
        if chosen is None:
            return False
        dropped = _longest(code, self.ignore)
        return dropped is None or chosen > dropped

    def unknown(self, known: Iterable[str]) -> list[str]:
        """The prefixes in ``select`` and ``ignore`` that match none of ``known``."""
        known = list(known)
        return [p for p in (*self.select, *self.ignore) if not any(_matches(c, p) for c in known)]


def split_codes(values: Sequence[str]) -> tuple[str, ...]:
    """``["PRS-A,PRS-B", "prs-c"]`` -> ``("PRS-A", "PRS-B", "PRS-C")``."""
    parts = (part.strip().upper() for value in values for part in value.split(","))
    return tuple(part for part in parts if part)


def _matches(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + "-")


def _longest(code: str, prefixes: Sequence[str]) -> int | None:
    lengths = [len(p) for p in prefixes if _matches(code, p)]
    return max(lengths) if lengths else None


def _table(path: Path) -> dict | None:
    try:
        with open(path, "rb") as stream:
            document = tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"not valid TOML: {error}", str(path)) from None
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", str(path)) from None
    table = document.get("tool", {}).get("preserve")
    if table is None and path.name == "preserve.toml":
        table = {k: v for k, v in document.items() if k != "tool"}
    if table is not None and not isinstance(table, dict):
        raise ConfigError("[tool.preserve] must be a table", str(path))
    return table


def _strings(table: dict, key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key} must be a list of strings", str(path))
    return tuple(value)


def _codes(table: dict, key: str, path: Path) -> tuple[str, ...]:
    return split_codes(_strings(table, key, path))
