"""The watch's settings table: documented, matching the dataclass, values checked."""

from __future__ import annotations

import dataclasses

import pytest

from flarewatch.watch.settings import WatchSettings, default_settings, setting_rows


def test_every_setting_is_in_the_table_with_help_and_the_same_default() -> None:
    rows = {name: (default, help_text) for name, default, help_text in setting_rows()}
    fields = {field.name for field in dataclasses.fields(WatchSettings)}
    assert set(rows) == fields
    assert all(help_text.strip() for _, help_text in rows.values())
    assert default_settings() == WatchSettings()


@pytest.mark.parametrize(("name", "value"), [
    ("events_z", "-1"), ("events_z", "0"), ("events_z", "nan"), ("baseline_weeks", "0"),
    ("min_baseline_weeks", "1"), ("events_min", "0"), ("close_after_weeks", "0"),
    ("webhook_timeout_s", "0"), ("webhook_retries", "-2"), ("events_z", "high"),
    ("no_such_setting", "1"), ("alarm_rows", "some"), ("events_min_4w", "-1"),
])
def test_refused_values(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        default_settings().with_overrides({name: value})


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("events_z", "3.5", 3.5), ("baseline_weeks", "26", 26), ("detector", "cusum", "cusum"),
    ("deaths_min", "0", 0), ("webhook_backoff_s", "0", 0.0), ("alarm_rows", "all", "all"),
    ("events_min_4w", "5", 5),
])
def test_accepted_values(name: str, value: str, expected: object) -> None:
    assert getattr(default_settings().with_overrides({name: value}), name) == expected
