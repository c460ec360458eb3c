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
`python -m flarewatch.evaluation.watch [ONSETS.csv]` prints it as JSON.
"""

from __future__ import annotations

import json
import sys
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


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else shared_dir() / "data" / "watch" / "onsets.csv"
    print(json.dumps(evaluate_watch(path), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
