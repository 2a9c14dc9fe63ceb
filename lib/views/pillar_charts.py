"""The pillar coverage heatmap (altair, no Streamlit).

Offices down, the six pillars across in LAZISMU's order. A covered cell is
shaded by the chosen measure; a gap (no active program) is a pale cell with a
dashed border, labelled `celah`, so gaps stand out even in the programs measure
where "0" and "no programs" coincide. The tooltip names the programs.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.data.contract import PILLARS
from lib.figures.pillars import MEASURES, measure_column
from lib.views import fmt

GAP_LABEL = "celah"
GAP_FILL = "#f3f4f6"
GAP_STROKE = "#d1d5db"
SCHEME = "greens"
# Indonesian number format for legends (1.250.000, 1,5), applied by Vega itself.
LOCALE = alt.Locale(
    number=alt.NumberLocale(decimal=",", thousands=".", grouping=[3], currency=["Rp", ""])
)


def heatmap_data(long: pd.DataFrame, measure: str) -> pd.DataFrame:
    """`coverage_long` plus the fields the chart shows: value, label, tooltip texts."""
    column = measure_column(measure)
    out = long.drop(columns=["program_names"]).copy()
    out["value"] = out[column].astype("float64")
    show = fmt.rupiah_compact if measure == "distribution" else fmt.number
    out["label"] = [
        show(v) if covered else GAP_LABEL
        for v, covered in zip(out["value"], out["covered"], strict=True)
    ]
    top = out.loc[out["covered"], "value"].max() if out["covered"].any() else 0.0
    out["dark"] = out["covered"] & (out["value"] > 0.6 * top) & (top > 0)
    out["programs_text"] = [
        p if covered else "Belum ada program (celah)"
        for p, covered in zip(out["programs"], out["covered"], strict=True)
    ]
    out["n_programs_text"] = out["n_programs"].map(fmt.number)
    out["distribution_text"] = out["distribution"].map(fmt.rupiah)
    out["beneficiaries_text"] = out["beneficiaries"].map(fmt.number)
    return out


def _legend_values(data: pd.DataFrame, measure: str) -> dict:
    """Whole numbers on the legend of a program count (no `1, 1, 2` from rounded ticks)."""
    top = int(data["value"].max()) if len(data) else 0
    if measure == "programs" and 0 < top <= 12:
        return {"values": list(range(top + 1))}
    return {}


def coverage_heatmap(long: pd.DataFrame, measure: str = "programs") -> alt.LayerChart:
    """Heatmap of a `coverage_long` frame; one row per office in the frame's order."""
    data = heatmap_data(long, measure)
    offices = list(dict.fromkeys(data["office"]))
    x = alt.X("pillar:N", sort=PILLARS, title="Pilar", axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("office:N", sort=offices, title="Kantor")
    tooltip = [
        alt.Tooltip("office:N", title="Kantor"),
        alt.Tooltip("pillar:N", title="Pilar"),
        alt.Tooltip("programs_text:N", title="Program"),
        alt.Tooltip("n_programs_text:N", title="Jumlah program"),
        alt.Tooltip("distribution_text:N", title="Penyaluran"),
        alt.Tooltip("beneficiaries_text:N", title="Penerima manfaat"),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    covered = (
        base.transform_filter(alt.datum.covered)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            color=alt.Color(
                "value:Q",
                title=MEASURES[measure],
                # start the scheme at a visible green: a covered cell never looks blank
                scale=alt.Scale(scheme={"name": SCHEME, "extent": [0.25, 1]}, zero=True),
                legend=alt.Legend(orient="bottom", format=",.0f", **_legend_values(data, measure)),
            )
        )
    )
    gaps = (
        base.transform_filter(~alt.datum.covered)
        .mark_rect(fill=GAP_FILL, stroke=GAP_STROKE, strokeDash=[4, 3], strokeWidth=1)
        .encode()
    )
    labels = base.mark_text(fontSize=12).encode(
        text="label:N",
        color=alt.condition(alt.datum.dark, alt.value("white"), alt.value("#374151")),
        opacity=alt.condition(alt.datum.covered, alt.value(1.0), alt.value(0.7)),
    )
    height = max(120, 34 * len(offices))
    return (
        alt.layer(covered, gaps, labels)
        .properties(height=height)
        .configure(locale=LOCALE)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=220)
        .configure_view(strokeWidth=0)
    )
