"""Files that ship with preserve: the schemas and the seed memo."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def schema_path(name: str) -> Path:
    """The path of ``schemas/NAME`` (``record.rng``, ``frus/frus.rng``…)."""
    return Path(str(files("preserve.schemas").joinpath(name)))


def seed_path() -> Path:
    """The seed memo, the default input of every command."""
    seeds = sorted(Path(str(files("preserve.seeds"))).glob("*.txt"))
    return seeds[0]
