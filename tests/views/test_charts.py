"""Chart specs stay small whatever the magnitudes: bounded ticks, clipped bars."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from lib.views import charts


@pytest.mark.parametrize("top", [0.5, 1, 36, 1200, 1e12, 9e15, 1e300, math.inf, math.nan])
def test_nice_ticks_are_bounded(top):
    ticks = charts.nice_ticks(top)
    assert 1 <= len(ticks) <= charts.MAX_TICKS + 1
    if math.isfinite(top) and top > 0:
        assert ticks[-1] >= top


def progress_frame(pct: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "office": ["KLL Pakis", "KLL Wajak"],
            "pct_target": [pct, 0.5],
            "pace_status": ["Tercapai", "Tertinggal"],
            "collection_ytd": [36_000_000.0, 5_000_000.0],
            "target": [36_000_000.0 / pct, 10_000_000.0],
        }
    )


@pytest.mark.parametrize("pct", [1.0, 12.0, 1_000_000.0, 1e12])
def test_ranked_chart_of_a_target_typed_as_36_stays_small(pct):
    spec = charts.offices_ranked_chart(progress_frame(pct)).to_dict()
    text = json.dumps(spec)
    assert len(text) < 20_000
    x = spec["layer"][0]["encoding"]["x"]
    assert len(x["axis"]["values"]) <= charts.MAX_TICKS + 1
    assert x["scale"]["domain"][1] <= charts.PERCENT_AXIS_MAX


def test_every_chart_of_the_sample_is_valid_vega_lite():
    """Views build specs without schema validation (lib.ui.widgets._arrow_spec): here
    each chart the pages draw is validated against the Vega-Lite schema instead."""
    from lib.data.sample import SAMPLE_PATH
    from lib.data.sources import read_workbook
    from lib.data.validate import validate
    from lib.figures import pillars, progress
    from lib.figures.period import default_period
    from lib.views import pillar_charts

    ds = validate(read_workbook(SAMPLE_PATH))
    period = default_period(ds)
    office = str(progress.office_progress(ds, period)["office"].iloc[0])
    built = [
        charts.monthly_collection_chart(progress.monthly_collection(ds, period.year)),
        charts.cumulative_chart(progress.cumulative_vs_pace(ds, period.year, upto=period.month)),
        charts.offices_ranked_chart(progress.office_progress(ds, period)),
        charts.yearly_comparison_chart(progress.yearly_comparison(ds, period, office)),
        charts.fund_mix_chart(progress.fund_mix(ds, period, office)),
        pillar_charts.coverage_heatmap(pillars.coverage_long(ds, period), "programs"),
    ]
    for chart in built:
        spec = chart.to_dict()  # validates; raises on a spec Vega-Lite would reject
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
