"""A progress bar on stderr for long batches, drawn with tqdm.

Only the CLI makes one; library code takes a plain callback (``batch.Progress``). The
bar draws nothing when the stream is not a terminal (a CI log, a redirect) or when
the user asked for ``--quiet``, so logs never fill with carriage returns.
"""

from __future__ import annotations

import sys
from typing import TextIO

from preserve.batch import DocumentResult


class ProgressBar:
    """Counts documents as they come back; a context manager that closes the bar."""

    def __init__(
        self,
        total: int | None,
        description: str = "documents",
        quiet: bool = False,
        stream: TextIO | None = None,
        interval: float = 0.2,
    ) -> None:
        stream = stream if stream is not None else sys.stderr
        self.enabled = shown(quiet, stream)
        self.invalid = 0
        self._bar = None
        if self.enabled:
            from tqdm import tqdm  # imported only to draw: it costs a fiftieth of a second

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked from here
            self._bar = tqdm(
                total=total or None,
                desc=description,
                unit="doc",
                file=stream,
                leave=False,
                dynamic_ncols=True,
                mininterval=interval,
            )

    def __call__(self, result: DocumentResult) -> None:
        """The ``batch.Progress`` callback: one more document is done."""
        if not result.valid:
            self.invalid += 1
        if self._bar is not None:
            if self._bar.total is not None and self._bar.n >= self._bar.total:
                self._bar.total = self._bar.n + 1  # the estimate was short
            self._bar.set_postfix_str(f"{self.invalid} invalid", refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def shown(quiet: bool, stream: TextIO | None = None) -> bool:
    """Whether a bar would be drawn on ``stream`` (default: stderr)."""
    return not quiet and _is_terminal(stream if stream is not None else sys.stderr)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
