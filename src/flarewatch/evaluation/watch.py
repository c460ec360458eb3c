"""The watch's back-test in `make eval`: every detector over every series, as if live.

Reads `onsets.csv` and the `weekly.csv` beside it (`../shared/data/watch/`, UCDP GED;
format and scoring in its README, implemented by `flarewatch.watch.backtest`) and scores
the shipped detector (the settings' `detector`) and, in the same run, the two baselines
the issue names (the trailing-mean 3-sigma rule `mean3sd` and the `no-change` rule) and
the `cusum` detector for sustained shifts. Each week sees only the past.

Result: the shipped detector's measures at the top level (`detected_7d`, `detected_14d`,
`detected_28d` as shares of onsets; their counts; `median_lag_days`, `mean_lag_days`;
`false_alarms_per_100_series_weeks`; `precision`; `alarms`), and each detector's under
`detectors`; `signal_lead` (`flarewatch.watch.backtest.signal_lead`) where the weekly
file has a `signals` column (UCDP's has none: no text).
`python -m flarewatch.evaluation.watch [ONSETS.csv]` prints it as JSON;
`python -m flarewatch.evaluation.watch --grid DETECTOR [ONSETS.csv]` prints a Markdown
table of that detector over its settings grid (`GRIDS`; `--grid war-shift`: farrington's
change-point test of series at war), one row per combination: how the shipped settings
were chosen (docs/alerts.md, "Choosing the detector");
`--crosscheck [ONSETS.csv]` prints the rule that chose `events_z` (`choose_z`) applied to
all series but one country's (and to one half of the series), scored on the series left
out (`crosscheck`).
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flarewatch.paths import shared_dir
from flarewatch.watch.backtest import (
    Series,
    SeriesKey,
    read_onsets,
    read_weekly,
    run_detector,
    score_alarms,
    signal_lead,
)
from flarewatch.watch.detect import DETECTORS
from flarewatch.watch.settings import WatchSettings, default_settings


def evaluate_watch(onsets_path: Path, settings: WatchSettings | None = None) -> dict[str, Any]:
    """Back-test scores of every detector on the series beside `onsets_path`; under
    `every_alarm_week`, the shipped detector's when every alarm week is a row."""
    settings = settings or default_settings()
    series = read_weekly(onsets_path.parent / "weekly.csv")
    onsets = read_onsets(onsets_path)
    scores = {name: score_alarms(series, run_detector(series, settings, name), onsets)
              for name in DETECTORS}
    every = settings.with_overrides({"alarm_rows": "all"})
    return {"detector": settings.detector, **scores[settings.detector],
            "series": len(series), "detectors": scores,
            "every_alarm_week": score_alarms(series, run_detector(series, every), onsets),
            "signal_lead": signal_lead(series, onsets, settings.signal_window_weeks)}


# Settings grids of `--grid`: name -> values; every combination is scored.
GRIDS: dict[str, dict[str, tuple[str, ...]]] = {
    "farrington": {"alarm_rows": ("all", "news"), "events_min_4w": ("0", "5"),
                   "reweight_cut": ("1.5", "2.0", "2.58"),
                   "events_z": ("6", "6.5", "6.75", "7"), "deaths_z": ("3.5", "4.0")},
    "pelt": {"pelt_penalty": ("1.0", "1.5", "2.0", "3.0")},
    "cusum": {"cusum_k": ("0.5", "1.0"), "cusum_h": ("3", "4", "5")},
    "war-shift": {"shift_penalty": ("0", "2", "2.5", "3", "4", "5"),
                  "shift_z": ("0", "2", "2.5")},
}
# The detector a grid runs, where the grid's name is not one (farrington's war shift).
GRID_DETECTORS = {"war-shift": "farrington"}
GRID_MEASURES = ("detected_7d_count", "detected_14d_count", "detected_28d_count",
                 "median_lag_days", "false_alarms_per_100_series_weeks", "precision")


def grid_rows(onsets_path: Path, name: str) -> Iterator[list[str]]:
    """One row per combination of the detector's grid: its values, then GRID_MEASURES.
    KeyError for a detector without a grid."""
    grid = GRIDS[name]
    series = read_weekly(onsets_path.parent / "weekly.csv")
    onsets = read_onsets(onsets_path)
    for values in itertools.product(*grid.values()):
        settings = default_settings().with_overrides(dict(zip(grid, values, strict=True)))
        found = run_detector(series, settings, GRID_DETECTORS.get(name, name))
        scores = score_alarms(series, found, onsets)
        yield [*values, *(str(scores[measure]) for measure in GRID_MEASURES)]


def print_grid(onsets_path: Path, name: str) -> None:
    header = [*GRIDS[name], "7d", "14d", "28d", "median lag", "false/100", "precision"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in grid_rows(onsets_path, name):
        print("| " + " | ".join(row) + " |", flush=True)


# The cross-check (`--crosscheck`): the rule that chose the shipped events_z, applied to
# part of the series and scored on the rest. CHOICE_Z: the z values it chooses among.
CHOICE_Z = ("5", "5.5", "6", "6.25", "6.5", "6.75", "7", "7.5", "8")
FALSE_ALARM_TARGET = 1.0  # issue 14: at most 1 false alarm per 100 series-weeks


def choose_z(scored: dict[str, dict[str, Any]]) -> str:
    """The rule that chose the shipped events_z, given each z's scores (`CHOICE_Z` order):
    of the z that catch the most onsets within 7 days, those within the false-alarm
    target; the middle one of them (the lower middle of an even count); if none is within
    the target, the z with the fewest false alarms."""
    best = max(one["detected_7d_count"] for one in scored.values())
    tied = [z for z in CHOICE_Z if scored[z]["detected_7d_count"] == best]
    within = [z for z in tied
              if scored[z]["false_alarms_per_100_series_weeks"] <= FALSE_ALARM_TARGET]
    if within:
        return within[(len(within) - 1) // 2]
    return min(tied, key=lambda z: scored[z]["false_alarms_per_100_series_weeks"])


def folds(series: list[Series]) -> list[tuple[str, set[SeriesKey]]]:
    """(name, keys scored) of each fold: each country left out in turn, then the two
    halves of the series (alternate series of each country, by name)."""
    countries = sorted({one.key[0] for one in series})
    found = [(country, {one.key for one in series if one.key[0] == country})
             for country in countries]
    ordered = sorted(one.key for one in series)
    for half in (0, 1):
        keys = {key for country in countries for index, key in enumerate(
            [key for key in ordered if key[0] == country]) if index % 2 == half}
        found.append((f"half {half + 1}", keys))
    return found


def crosscheck(onsets_path: Path, settings: WatchSettings | None = None
               ) -> list[dict[str, Any]]:
    """Per fold (`folds`): the z chosen (`choose_z`) on the other series, and the scores of
    the fold's series with it (`score_alarms` of the fold's keys; `settings`, default the
    shipped ones, otherwise)."""
    series = read_weekly(onsets_path.parent / "weekly.csv")
    onsets = read_onsets(onsets_path)
    base = settings or default_settings()
    alarms = {z: run_detector(series, base.with_overrides({"events_z": z}))
              for z in CHOICE_Z}
    every = {one.key for one in series}
    rows = []
    for name, keys in folds(series):
        chosen = choose_z({z: score_alarms(series, found, onsets, every - keys)
                           for z, found in alarms.items()})
        rows.append({"fold": name, "z": chosen,
                     "scored": score_alarms(series, alarms[chosen], onsets, keys)})
    return rows


def print_crosscheck(onsets_path: Path, settings: WatchSettings | None = None) -> None:
    """A Markdown table of `crosscheck`, with the leave-one-country-out total."""
    print("| scored | z chosen on the rest | onsets | 7d | 14d | false alarms | weeks "
          "| false / 100 |")
    print("|" + " --- |" * 8)
    total = [0, 0, 0, 0, 0]
    for row in crosscheck(onsets_path, settings):
        scored = row["scored"]
        figures = [scored["onsets"], scored["detected_7d_count"],
                   scored["detected_14d_count"], scored["false_alarms"], scored["quiet_weeks"]]
        print(f"| {row['fold']} | {row['z']} | " + " | ".join(map(str, figures))
              + f" | {scored['false_alarms_per_100_series_weeks']} |")
        if not row["fold"].startswith("half"):
            total = [a + b for a, b in zip(total, figures, strict=True)]
    rate = 100 * total[3] / max(total[4], 1)
    print(f"\nleft out one country at a time: {total[1]}/{total[0]} within 7 days, "
          f"{total[2]}/{total[0]} within 14, {rate:.3f} false alarms per 100 series-weeks")


def main(argv: list[str]) -> int:
    grid = argv[1] if argv[:1] == ["--grid"] and len(argv) > 1 else None
    check = argv[:1] == ["--crosscheck"]
    rest = argv[2:] if grid else argv[1:] if check else argv
    path = Path(rest[0]) if rest else shared_dir() / "data" / "watch" / "onsets.csv"
    if grid is not None and grid not in GRIDS:
        print(f"no grid for {grid!r}; known: {', '.join(GRIDS)}", file=sys.stderr)
        return 2
    if grid is not None:
        print_grid(path, grid)
    elif check:
        print_crosscheck(path)
    else:
        print(json.dumps(evaluate_watch(path), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
