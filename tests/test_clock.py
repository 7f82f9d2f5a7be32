"""preserve.clock: SOURCE_DATE_EPOCH fixes every date preserve writes."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from preserve import clock
from preserve.errors import PreserveError


def test_source_date_epoch_fixes_the_date(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert clock.is_fixed()
    assert clock.now() == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert clock.today() == date(2023, 11, 14)


def test_without_it_the_clock_is_used(monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert not clock.is_fixed()
    assert abs((clock.now() - datetime.now(tz=timezone.utc)).total_seconds()) < 60


def test_a_bad_value_is_a_usage_error(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(PreserveError, match="SOURCE_DATE_EPOCH"):
        clock.today()
