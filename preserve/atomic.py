"""Writing files so that a final name only ever holds complete output."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_file(path: str | Path, text: bool = False) -> Iterator[IO[Any]]:
    """A stream to a temporary file beside ``path``, renamed into place once the block
    ends well (flushed and synced first), removed if it raises.

    The file gets the permissions an ordinary ``open`` would give it (0666 less the umask),
    not the owner-only mode of a temporary file. ``text`` opens it for UTF-8 text.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w" if text else "wb", encoding="utf-8" if text else None) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through ``atomic_file``."""
    with atomic_file(path) as stream:
        stream.write(data)


def _umask() -> int:
    """The process's umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
