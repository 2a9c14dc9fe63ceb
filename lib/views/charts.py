"""Altair charts of the progress pages (no Streamlit): Indonesian months, Rupiah axes.

Axis labels are not formatted by Vega (which writes `1.5M` in English, and M
would read as miliar): the tick values are chosen here and each gets the label
lib.views.fmt.rupiah_compact gives it (`750 rb`, `1,5 jt`, `2 M`), through a Vega
labelExpr lookup. Tooltips carry the full Rupiah string from lib.views.fmt.rupiah.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from lib.data.contract import FUND_TYPES
from lib.views import fmt

MONTH_ORDER = list(fmt.MONTHS_SHORT)
MAX_TICKS = 10  # every axis: at most this many steps, whatever the data (nice_ticks)
PERCENT_AXIS_MAX = 10.0  # the ranked chart's axis ends at 1000 %; longer bars are clipped
FUND_COLORS = ["#1b7a3e", "#6cc08b", "#f2a541", "#f7d08a", "#5b8def"]  # zakat greens, infaq oranges
NARROW = 520  # px of chart width below which a legend lists one entry per line (a phone)


def legend(title: str | None, columns: int) -> alt.Legend:
    """A legend under the chart whose labels are never cut.

    Vega cuts a label at labelLimit and a row of entries at the chart's edge
    ("Infaq/Sedekah Tidak Te", "Tertingg" on a phone); here labels have no
    limit and a narrow chart lists one entry per line, a wide one `columns`.
    """
    return alt.Legend(
        title=title,
        orient="bottom",
        labelLimit=0,
        columns=alt.ExprRef(f"width < {NARROW} ? 1 : {columns}"),
    )


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top` (1, 2, 2.5 or 5 x 10^k steps)."""
    if top is None or pd.isna(top) or top <= 0 or not math.isfinite(top):
        return [0.0]
    count = max(1, min(count, MAX_TICKS))
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = min(math.ceil(top / step - 1e-9), 2 * count)  # at most 2 x count steps
    return [i * step for i in range(n + 1)]


def rupiah_axis(
    top: float, title: str | None = None, across: bool = False
) -> tuple[alt.Axis, alt.Scale]:
    """Axis and scale whose labels are rupiah_compact of each tick (`0`, `50 jt`, `1,5 M`).

    `across` (a horizontal axis): the last label ends at the chart's edge
    instead of straddling it, where a phone would cut "100 jt" in half.
    """
    ticks = nice_ticks(top)
    expr = "''"
    for value in reversed(ticks):
        label = "0" if value == 0 else fmt.rupiah_compact(value)
        expr = f"datum.value == {value!r} ? {label!r} : {expr}"
    axis = alt.Axis(values=ticks, labelExpr=expr, title=title, labelFlush=across)
    return axis, alt.Scale(domain=[0, ticks[-1]], nice=False)


def _months(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(bulan=df["month"].map(fmt.month_short))


def monthly_collection_chart(monthly: pd.DataFrame) -> alt.Chart:
    """Bars per month stacked by fund type (lib.figures.progress.monthly_collection)."""
    data = _months(monthly).assign(
        jenis=monthly["fund_type"], jumlah=monthly["amount"].map(fmt.rupiah)
    )
    top = float(monthly.groupby("month")["amount"].sum().max()) if len(monthly) else 0.0
    axis, scale = rupiah_axis(top)
    funds = FUND_TYPES + sorted(set(monthly["fund_type"]) - set(FUND_TYPES))
    return (
        alt.Chart(data, title="Penghimpunan per bulan menurut jenis dana")
        .mark_bar()
        .encode(
            x=alt.X("bulan:N", sort=MONTH_ORDER, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("amount:Q", stack="zero", axis=axis, scale=scale),
            color=alt.Color(
                "jenis:N",
                sort=funds,
                scale=alt.Scale(domain=funds, range=FUND_COLORS[: len(funds)]),
                legend=legend("Jenis dana", 3),
            ),
            order=alt.Order("fund_order:Q"),
            tooltip=[
                alt.Tooltip("bulan:N", title="Bulan"),
                alt.Tooltip("jenis:N", title="Jenis dana"),
                alt.Tooltip("jumlah:N", title="Jumlah"),
            ],
        )
        .transform_calculate(fund_order=f"indexof({funds!r}, datum.jenis)")
    )


def cumulative_chart(pace: pd.DataFrame) -> alt.LayerChart:
    """Cumulative collection (solid) against the target pace (dashed), from cumulative_vs_pace."""
    long = pd.concat(
        [
            pace[["month", "cumulative"]]
            .rename(columns={"cumulative": "amount"})
            .assign(seri="Penghimpunan kumulatif"),
            pace[["month", "target_pace"]]
            .rename(columns={"target_pace": "amount"})
            .assign(seri="Target (laju linear)"),
        ],
        ignore_index=True,
    ).dropna(subset=["amount"])
    long = _months(long).assign(jumlah=long["amount"].map(fmt.rupiah))
    top = float(long["amount"].max()) if len(long) else 0.0
    axis, scale = rupiah_axis(top)
    series = ["Penghimpunan kumulatif", "Target (laju linear)"]
    return (
        alt.Chart(long, title="Kumulatif terhadap laju target")
        .mark_line(point=True)
        .encode(
            x=alt.X("bulan:N", sort=MONTH_ORDER, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("amount:Q", axis=axis, scale=scale),
            color=alt.Color(
                "seri:N",
                sort=series,
                scale=alt.Scale(domain=series, range=["#1b7a3e", "#9a9a9a"]),
                legend=legend(None, 2),
            ),
            strokeDash=alt.StrokeDash(
                "seri:N",
                sort=series,
                scale=alt.Scale(domain=series, range=[[1, 0], [6, 4]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("bulan:N", title="Bulan"),
                alt.Tooltip("seri:N", title="Seri"),
                alt.Tooltip("jumlah:N", title="Jumlah"),
            ],
        )
    )


def offices_ranked_chart(progress: pd.DataFrame) -> alt.Chart:
    """Horizontal bars of % of target per office (office_progress), best first, 100% marked.

    Offices without a target are left out of the bars (their status is in the table).
    """
    data = progress[progress["pct_target"].notna()]
    data = pd.DataFrame(
        {
            "kantor": data["office"].astype(object),
            "persen": data["pct_target"].astype("float64"),
            "label": data["pct_target"].map(fmt.percent),
            "status": data["pace_status"].astype(object),
            "terhimpun": data["collection_ytd"].map(fmt.rupiah),
            "target": data["target"].map(fmt.rupiah),
        }
    )
    top = max(1.0, float(data["persen"].max()) if len(data) else 1.0)
    # A target typed as `36` makes one bar 4 million %: the axis stops at 1000 %
    # (the bar is clipped there, its tooltip says "> 999%"), with a bounded number
    # of ticks, so the chart's size never depends on the data's magnitude.
    ticks = nice_ticks(min(top, PERCENT_AXIS_MAX), count=4)
    expr = "''"
    for value in reversed(ticks):
        expr = f"datum.value == {value!r} ? {fmt.percent(value, 0)!r} : {expr}"
    statuses = ["Tercapai", "Sesuai target", "Tertinggal"]
    bars = (
        alt.Chart(data)
        .mark_bar(clip=True)
        .encode(
            y=alt.Y("kantor:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X(
                "persen:Q",
                title="% target tahunan",
                axis=alt.Axis(values=ticks, labelExpr=expr, labelFlush=True),
                scale=alt.Scale(domain=[0, ticks[-1]], nice=False),
            ),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=statuses, range=["#1b7a3e", "#6cc08b", "#d9534f"]),
                legend=legend("Status", 3),
            ),
            tooltip=[
                alt.Tooltip("kantor:N", title="Kantor"),
                alt.Tooltip("label:N", title="% target"),
                alt.Tooltip("terhimpun:N", title="Terhimpun"),
                alt.Tooltip("target:N", title="Target"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    return (bars + rule).properties(title="Capaian target per kantor")


def yearly_comparison_chart(comparison: pd.DataFrame) -> alt.Chart:
    """Grouped bars: each month this year beside the same month last year (yearly_comparison)."""
    data = _months(comparison.dropna(subset=["amount"]))
    data = data.assign(tahun=data["year"].astype(str), jumlah=data["amount"].map(fmt.rupiah))
    axis, scale = rupiah_axis(float(data["amount"].max()) if len(data) else 0.0)
    years = sorted(data["tahun"].unique())
    return (
        alt.Chart(data, title="Penghimpunan per bulan")
        .mark_bar()
        .encode(
            x=alt.X("bulan:N", sort=MONTH_ORDER, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("tahun:N", sort=years),
            y=alt.Y("amount:Q", axis=axis, scale=scale),
            color=alt.Color(
                "tahun:N",
                sort=years,
                scale=alt.Scale(range=["#b9d7c4", "#1b7a3e"]),
                legend=legend("Tahun", 2),
            ),
            tooltip=[
                alt.Tooltip("bulan:N", title="Bulan"),
                alt.Tooltip("tahun:N", title="Tahun"),
                alt.Tooltip("jumlah:N", title="Jumlah"),
            ],
        )
    )


def fund_mix_chart(mix: pd.DataFrame) -> alt.Chart:
    """Bars of year-to-date collection per fund type (fund_mix), with the share in the tooltip."""
    data = pd.DataFrame(
        {
            "jenis": mix["fund_type"].astype(object),
            "amount": mix["amount"].astype("float64"),
            "jumlah": mix["amount"].map(fmt.rupiah),
            "porsi": mix["share"].map(fmt.percent),
        }
    )
    axis, scale = rupiah_axis(float(data["amount"].max()) if len(data) else 0.0, across=True)
    funds = list(data["jenis"])
    return (
        alt.Chart(data, title="Komposisi jenis dana")
        .mark_bar()
        .encode(
            y=alt.Y("jenis:N", sort=funds, title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X("amount:Q", axis=axis, scale=scale),
            color=alt.Color(
                "jenis:N",
                sort=funds,
                scale=alt.Scale(domain=funds, range=(FUND_COLORS * 2)[: len(funds)]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("jenis:N", title="Jenis dana"),
                alt.Tooltip("jumlah:N", title="Jumlah"),
                alt.Tooltip("porsi:N", title="Porsi"),
            ],
        )
        .properties(padding={"top": 5, "left": 5, "right": 10, "bottom": 5})  # "100 jt" whole
    )


def slide_bars_chart(frame: pd.DataFrame, height: int = 130) -> alt.Chart:
    """Horizontal bars for a projector slide (slides.Bars.frame: Bulan, Jumlah, Teks).

    Bars in the order given (months in calendar order, never alphabetical),
    the Rupiah text at the end of each bar, Indonesian compact ticks, large type.
    """
    data = frame.assign(urut=range(len(frame)))
    top = float(data["Jumlah"].max()) if len(data) else 0.0
    axis, scale = rupiah_axis(
        top * 1.35 if top > 0 else top, across=True
    )  # room for the text label
    axis.labelFontSize = 15
    y = alt.Y(
        "Bulan:N",
        sort=alt.EncodingSortField("urut", order="ascending"),
        title=None,
        axis=alt.Axis(labelFontSize=17, labelLimit=0),
    )
    base = alt.Chart(data).encode(y=y, x=alt.X("Jumlah:Q", axis=axis, scale=scale))
    bars = base.mark_bar(color="#1b7a3e", height=28)
    text = base.mark_text(align="left", dx=6, fontSize=17).encode(text="Teks:N")
    return (bars + text).properties(height=height)
