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
table of that detector over its settings grid (`GRIDS`), one row per combination: how the
shipped settings were chosen (docs/alerts.md, "Choosing the detector").
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
    read_onsets,
    read_weekly,
    run_detector,
    score_alarms,
    signal_lead,
)
from flarewatch.watch.detect import DETECTORS
from flarewatch.watch.settings import WatchSettings, default_settings


def evaluate_watch(onsets_path: Path, settings: WatchSettings | None = None) -> dict[str, Any]:
    """Back-test scores of every detector on the series beside `onsets_path`."""
    settings = settings or default_settings()
    series = read_weekly(onsets_path.parent / "weekly.csv")
    onsets = read_onsets(onsets_path)
    scores = {name: score_alarms(series, run_detector(series, settings, name), onsets)
              for name in DETECTORS}
    return {"detector": settings.detector, **scores[settings.detector],
            "series": len(series), "detectors": scores,
            "signal_lead": signal_lead(series, onsets, settings.signal_window_weeks)}


# Settings grids of `--grid`: name -> values; every combination is scored.
GRIDS: dict[str, dict[str, tuple[str, ...]]] = {
    "farrington": {"reweight_cut": ("0", "1.0", "1.5", "2.0", "2.58"),
                   "events_z": ("4", "5", "6", "7"), "deaths_z": ("3.0", "3.5", "4.0")},
    "pelt": {"pelt_penalty": ("1.0", "1.5", "2.0", "3.0")},
    "cusum": {"cusum_k": ("0.5", "1.0"), "cusum_h": ("3", "4", "5")},
}
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
        scores = score_alarms(series, run_detector(series, settings, name), onsets)
        yield [*values, *(str(scores[measure]) for measure in GRID_MEASURES)]


def print_grid(onsets_path: Path, name: str) -> None:
    header = [*GRIDS[name], "7d", "14d", "28d", "median lag", "false/100", "precision"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in grid_rows(onsets_path, name):
        print("| " + " | ".join(row) + " |", flush=True)


def main(argv: list[str]) -> int:
    grid = argv[1] if argv[:1] == ["--grid"] and len(argv) > 1 else None
    rest = argv[2:] if grid else argv
    path = Path(rest[0]) if rest else shared_dir() / "data" / "watch" / "onsets.csv"
    if grid is not None and grid not in GRIDS:
        print(f"no grid for {grid!r}; known: {', '.join(GRIDS)}", file=sys.stderr)
        return 2
    if grid is not None:
        print_grid(path, grid)
    else:
        print(json.dumps(evaluate_watch(path), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
