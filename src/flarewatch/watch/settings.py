"""The watch's settings: one table (`data/watch/settings.tsv`: name, default, help).

`WatchSettings` is frozen; change it with `with_overrides({"events_z": "3.5"})`, which
checks each name and converts each value to the default's type. Errors: `ValueError`
naming the setting (an unknown name, or a value of the wrong type).
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any

from flarewatch.paths import DATA_DIR

SETTINGS_FILE = DATA_DIR / "watch" / "settings.tsv"


@dataclass(frozen=True)
class WatchSettings:
    detector: str = "farrington"
    baseline_weeks: int = 52
    min_baseline_weeks: int = 8
    events_z: float = 6.75
    reweight_cut: float = 1.5
    events_min: int = 3
    events_min_4w: int = 0
    deaths_z: float = 3.5
    deaths_min: int = 25
    cusum_k: float = 1.0
    cusum_h: float = 5.0
    pelt_penalty: float = 2.0
    shift_z: float = 2.0
    shift_penalty: float = 3.0
    mean3sd_weeks: int = 26
    mean3sd_z: float = 3.0
    no_change_z: float = 3.0
    close_after_weeks: int = 4
    alarm_rows: str = "news"
    partial_week: int = 1
    signal_window_weeks: int = 4
    webhook_retries: int = 3
    webhook_backoff_s: float = 1.0
    webhook_timeout_s: float = 10.0

    def with_overrides(self, values: dict[str, str]) -> WatchSettings:
        """A copy with `values` (name -> text) converted to each setting's type and
        checked against `LIMITS`."""
        changed = dataclasses.replace(self, **{name: convert(self, name, text)
                                               for name, text in values.items()})
        for name in values:
            check(name, getattr(changed, name))
        return changed


# The least value each numeric setting takes (a z of 0 or less alarms on every week).
LIMITS = {"baseline_weeks": 2, "min_baseline_weeks": 2, "events_z": 0.1, "events_min": 1,
          "reweight_cut": 0.0, "events_min_4w": 0,
          "deaths_z": 0.1, "deaths_min": 0, "cusum_k": 0.0, "cusum_h": 0.1,
          "pelt_penalty": 0.1, "shift_z": 0.0, "shift_penalty": 0.0,
          "mean3sd_weeks": 2, "mean3sd_z": 0.1, "no_change_z": 0.1, "close_after_weeks": 1,
          "partial_week": 0, "signal_window_weeks": 0, "webhook_retries": 0,
          "webhook_backoff_s": 0.0, "webhook_timeout_s": 0.1}


# The values a text setting takes (besides `detector`, checked by the detectors' table).
CHOICES = {"alarm_rows": ("news", "all")}


def check(name: str, value: Any) -> None:
    if name in CHOICES and value not in CHOICES[name]:
        raise ValueError(f"watch setting {name} is one of {', '.join(CHOICES[name])}, "
                         f"not {value!r}")
    least = LIMITS.get(name)
    if least is not None and not value >= least:  # NaN fails too
        raise ValueError(f"watch setting {name} must be at least {least}, not {value}")


def convert(settings: WatchSettings, name: str, text: str) -> Any:
    if name not in {field.name for field in dataclasses.fields(settings)}:
        raise ValueError(f"no watch setting {name!r} (see data/watch/settings.tsv)")
    kind = type(getattr(settings, name))
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"watch setting {name} takes a {kind.__name__}, not {text!r}") from None


@cache
def setting_rows() -> tuple[tuple[str, str, str], ...]:
    """(name, default, help) of every setting, in the file's order."""
    with SETTINGS_FILE.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return tuple((row[0], row[1], row[2]) for row in csv.reader(lines, delimiter="\t"))


@cache
def default_settings() -> WatchSettings:
    """The table's defaults (the dataclass's own defaults must agree: tested)."""
    return WatchSettings().with_overrides({name: value for name, value, _ in setting_rows()})
