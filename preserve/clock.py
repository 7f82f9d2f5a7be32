"""The one place preserve asks for the date: fixable with ``SOURCE_DATE_EPOCH``.

See https://reproducible-builds.org/specs/source-date-epoch/: when the variable holds a
Unix time, every date preserve writes comes from it, so runs give identical bytes.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from preserve.errors import PreserveError


def source_date_epoch() -> int | None:
    """The value of ``SOURCE_DATE_EPOCH``, or None when it is not set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise PreserveError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}")
    return int(value)


def now() -> datetime:
    """The current time in UTC, or ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def today() -> date:
    """Today's date in UTC, or the date of ``SOURCE_DATE_EPOCH`` when it is set."""
    return now().date()


def is_fixed() -> bool:
    """True when dates come from ``SOURCE_DATE_EPOCH`` rather than the clock."""
    return source_date_epoch() is not None
