"""Writing files so that a final name only ever holds complete output."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from preserve.errors import OutputError


@contextmanager
def atomic_file(path: str | Path, text: bool = False) -> Iterator[IO[Any]]:
    """A stream to a temporary file beside ``path``, renamed into place once the block
    ends well (flushed and synced first), removed if it raises.

    The file gets the permissions an ordinary ``open`` would give it (0666 less the umask),
    not the owner-only mode of a temporary file. ``text`` opens it for UTF-8 text. A
    file that cannot be written (no such folder, no permission, a full disk, a folder in
    the way) raises ``OutputError`` naming ``path``.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise _cannot_write(target, error) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w" if text else "wb", encoding="utf-8" if text else None) as stream:
            yield stream
            try:
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as error:
                raise _cannot_write(target, error) from None
        try:
            os.replace(tmp, target)
        except OSError as error:
            raise _cannot_write(target, error) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: str | Path) -> None:
    """Fail early, before any long work, if ``path`` could not be written: its folder is
    missing or not a folder, or a folder has its name. Raises ``OutputError``."""
    target = Path(path)
    if target.is_dir():
        raise OutputError("cannot write: Is a directory", str(target))
    if not target.parent.is_dir():
        raise OutputError(f"cannot write: no folder {target.parent}", str(target))


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through ``atomic_file``."""
    with atomic_file(path) as stream:
        try:
            stream.write(data)
        except OSError as error:  # a full disk, say
            raise _cannot_write(Path(path), error) from None


def _cannot_write(target: Path, error: OSError) -> OutputError:
    return OutputError(f"cannot write: {error.strerror or error}", str(target))


def _umask() -> int:
    """The process's umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
