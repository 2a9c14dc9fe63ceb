"""Ringkasan and Kantor as shown: Indonesian headers, Rupiah text, key-figure labels.

Every number comes from lib.figures.progress; this module only names and formats
it. With `numeric=True` a table keeps plain numbers under the same headers, for
the CSV and XLSX downloads (a spreadsheet can sum them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from lib.data.contract import FUND_TYPES
from lib.data.dataset import Dataset
from lib.figures import progress
from lib.figures.memo import per_dataset
from lib.figures.period import Period
from lib.views import fmt

# Office table headers; the essential columns come first so a phone shows them.
COL_OFFICE = "Kantor"
COL_PCT = "% Target"
COL_STATUS = "Status"
COL_YTD = "Penghimpunan s.d. bulan ini"
COL_TARGET = "Target tahunan"
COL_MONTH = "Bulan ini"
COL_PREV = "Bulan lalu"
COL_DIST = "Penyaluran s.d. bulan ini"
COL_ACR = "ACR"
COL_BAND = "Efektivitas"
COL_BENEF = "Penerima manfaat"
COL_DONORS = "Donatur bulan ini"
COL_PROGRAMS = "Program berjalan"
COL_OBSTACLES = "Kendala terbuka"
COL_REPORTED = "Lapor bulan ini"
OFFICE_TABLE_COLUMNS = [
    COL_OFFICE,
    COL_PCT,
    COL_STATUS,
    COL_YTD,
    COL_TARGET,
    COL_MONTH,
    COL_PREV,
    COL_DIST,
    COL_ACR,
    COL_BAND,
    COL_BENEF,
    COL_DONORS,
    COL_PROGRAMS,
    COL_OBSTACLES,
    COL_REPORTED,
]


OFFICE_MONEY = [COL_YTD, COL_TARGET, COL_MONTH, COL_PREV, COL_DIST]
OFFICE_COUNTS = [COL_BENEF, COL_DONORS]
# What a phone shows of the office table, whole; the rest is one tap away.
OFFICE_PHONE = [COL_OFFICE, COL_YTD, COL_PCT, COL_STATUS]
# ... and a laptop or projector, within about 820 px.
OFFICE_MAIN = [COL_OFFICE, COL_PCT, COL_STATUS, COL_YTD, COL_TARGET, COL_ACR]
KANTOR_PAGE = "kantor"  # relative: works under any base URL path


def office_link(office: str, year: int, month: int) -> str:
    """The office's Kantor page for the same period (`kantor?kantor=KLL+Pakis&tahun=..`)."""
    query = urlencode({"kantor": office, "tahun": year, "bulan": month})
    return f"{KANTOR_PAGE}?{query}"


# Shows the office name of an office_link, `+` for the spaces urlencode writes.
OFFICE_LINK_TEXT = r"kantor=([^&]*)"


def office_display(df: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """office_table with numbers kept numbers, so the columns sort as numbers.

    Money, counts and ratios are floats (display formats: office_formats);
    Kantor holds the link to the office's page for the same period.
    """
    out = office_table(df, numeric=True)
    out[COL_OFFICE] = [office_link(str(o), year, month) for o in out[COL_OFFICE]]
    return out


def office_formats(compact: bool = False) -> dict[str, Callable[[object], str]]:
    """Indonesian display of office_display's numbers (`Rp1.250.000`, or `Rp1,3 jt`).

    `% Target` reads `85%`, and `> 999%` beyond 999 % (a target typed as `36`
    for 36 jt), through fmt.percent like every other surface. The page must
    show it as a plain number column without a `format` of its own: Streamlit's
    ProgressColumn, and any column whose config has a `format`, draws the raw
    number with that printf format and ignores these display texts (checked in
    Chromium: `116666667%`), so the office table has no progress bar.
    """
    money = (lambda v: fmt.rupiah_compact(v, symbol=True)) if compact else fmt.rupiah
    formats: dict[str, Callable[[object], str]] = {c: money for c in OFFICE_MONEY}
    formats.update({c: fmt.number for c in OFFICE_COUNTS})
    formats[COL_ACR] = _percent_text
    formats[COL_PCT] = _target_text
    return formats


def _percent100(value: object, digits: int) -> str:
    if not isinstance(value, int | float) or pd.isna(value):
        return fmt.MISSING
    return fmt.percent(value / 100, digits)


def _percent_text(value: object) -> str:
    """A percentage number (ACR of office_display, Porsi: 85.3) as `85,3%`."""
    return _percent100(value, 1)


def _target_text(value: object) -> str:
    """% Target of office_display (85.3 for 85,3%) as `85%`; `> 999%` beyond 999 %."""
    return _percent100(value, 0)


def _report_word(reported: bool, expected: bool) -> str:
    if reported:
        return "Sudah"
    return "Belum" if expected else "Belum berdiri"


def _month_money(df: pd.DataFrame, column: str, flag: str, numeric: bool) -> pd.Series:
    """A month's collection: a number (NaN when not reported) or `Belum lapor` as text."""
    if numeric:
        return df[column]
    texts = [
        fmt.month_amount(v, r) if r or e else fmt.MISSING  # not founded yet: no report due
        for v, r, e in zip(df[column], df[flag], df["expected"], strict=True)
    ]
    return pd.Series(texts, index=df.index, dtype=object)


def _pct100(x: float) -> float:
    """A ratio as a percentage number (0.853 -> 85.3), NaN stays NaN; for number columns."""
    return float("nan") if pd.isna(x) else round(float(x) * 100, 1)


def office_table(df: pd.DataFrame, numeric: bool = False) -> pd.DataFrame:
    """office_progress as shown: Indonesian headers, amounts as `Rp1.250.000` strings.

    `% Target` stays a number (85.3 for 85,3%), so it sorts as one; it is
    empty without a target, and Status then says "target belum diisi". With
    `numeric=True` amounts and ratios stay numbers (for CSV / XLSX downloads,
    so a spreadsheet can sum them); the columns are the same.
    """
    money = (lambda x: x) if numeric else fmt.rupiah
    ratio = _pct100 if numeric else fmt.percent
    count = (lambda x: x) if numeric else fmt.number
    out = pd.DataFrame(
        {
            COL_OFFICE: df["office"].astype(object),
            COL_PCT: df["pct_target"].map(_pct100).astype("float64"),
            COL_STATUS: df["pace_status"].astype(object),
            COL_YTD: df["collection_ytd"].map(money),
            COL_TARGET: df["target"].map(money),
            COL_MONTH: _month_money(df, "collection_month", "reported", numeric),
            COL_PREV: _month_money(df, "collection_prev_month", "reported_prev", numeric),
            COL_DIST: df["distribution_ytd"].map(money),
            COL_ACR: df["acr"].map(ratio),
            COL_BAND: df["acr_band"].astype(object),
            COL_BENEF: df["beneficiaries_ytd"].map(count),
            COL_DONORS: df["donors_month"].map(count),
            COL_PROGRAMS: df["programs_running"].astype("int64"),
            COL_OBSTACLES: df["open_obstacles"].astype("int64"),
            COL_REPORTED: [
                _report_word(r, e) for r, e in zip(df["reported"], df["expected"], strict=True)
            ],
        },
        columns=OFFICE_TABLE_COLUMNS,
    )
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class KeyFigure:
    """One st.metric: label, value, delta (or None), help; all our own words, no sheet text."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: str = "off"  # "normal" when up is good (growth)


def key_figures(
    summary: progress.DistrictSummary, period: Period, pace: str | None = None, single: bool = False
) -> list[KeyFigure]:
    """The key figures of Ringkasan (district) or Kantor (one office, `single`), in display order.

    Labels are short (`Terhimpun Jan–Sep`; the year is in the period picker
    above) and values compact (`Rp1,2 M`) so four fit side by side on a laptop;
    the period in words and the full Rupiah are in the help tooltip. `pace` (an
    office's pace_status) is shown under the % of target.
    """
    s = summary
    last_year = period.year - 1
    ytd = fmt.ytd_label(period.year, period.month, short=True)
    month = fmt.month_short(period.month)
    month_words = fmt.month_label(period.year, period.month)
    ytd_words = fmt.ytd_label(period.year, period.month)
    if s.growth is None:
        growth = f"{last_year}: belum ada data"
        growth_color = "off"
    else:
        sign = "+" if s.growth >= 0 else ""
        growth = f"{sign}{fmt.percent(s.growth)} dari {last_year}"
        growth_color = "normal"
    if s.target_total is None:
        pct_value, pct_delta = progress.NO_TARGET, None
    else:
        pct_value = fmt.percent(s.pct_target)
        pct_delta = pace or f"dari {fmt.rupiah_compact(s.target_total, symbol=True)}"
    month_figure = KeyFigure(
        f"Terhimpun {month}",
        fmt.rupiah_compact(s.collection_month, symbol=True),
        help=f"Penghimpunan {month_words}: {fmt.rupiah(s.collection_month)}",
    )
    if single and s.offices_active and not s.offices_reported:  # a state, never Rp0
        month_figure = KeyFigure(
            f"Terhimpun {month}",
            fmt.BELUM_LAPOR,
            help=f"Belum ada baris Penghimpunan untuk {month_words} di sheet.",
        )
    figures = [
        month_figure,
        KeyFigure(
            f"Terhimpun {ytd}",
            fmt.rupiah_compact(s.collection_ytd, symbol=True),
            delta=growth,
            delta_color=growth_color,
            help=f"Penghimpunan {ytd_words}: {fmt.rupiah(s.collection_ytd)}; "
            f"periode sama {last_year}: "
            f"{fmt.rupiah(s.collection_ytd_last_year)}",
        ),
        KeyFigure(
            f"Target {period.year}",
            pct_value,
            delta=pct_delta,
            help=f"Target tahunan: {fmt.rupiah(s.target_total)}"
            if s.target_total is not None
            else "Target tahun ini belum diisi di tab Target.",
        ),
        KeyFigure(
            f"Tersalur {ytd}",
            fmt.rupiah_compact(s.distribution_ytd, symbol=True),
            help=f"Penyaluran {ytd_words}: {fmt.rupiah(s.distribution_ytd)}",
        ),
        KeyFigure(
            f"ACR {ytd}",
            fmt.percent(s.acr),
            delta=s.acr_band,
            help="Penyaluran dibagi penghimpunan (Allocation to Collection Ratio). "
            "Kategori BAZNAS: "
            "≥90% sangat efektif, 70–89% efektif, 50–69% cukup efektif, "
            "20–49% di bawah harapan, <20% tidak efektif.",
        ),
        KeyFigure(
            f"Penerima manfaat {ytd}",
            fmt.number(s.beneficiaries_ytd),
            help=f"{ytd_words}: Jumlah Penerima Manfaat dari tab Program, dijumlah per baris.",
        ),
        KeyFigure(
            f"Donatur {month}",
            fmt.number(s.donors_month),
            help=f"{month_words}: Jumlah Donatur dari tab Penghimpunan; "
            "– bila tidak ada yang mengisi.",
        ),
    ]
    if single:
        state = "Sudah" if s.offices_reported else ("Belum" if s.offices_active else "–")
        figures.append(
            KeyFigure(
                f"Lapor {month}",
                state,
                help=f"Ada baris penghimpunan valid untuk {month_words}.",
            )
        )
    else:
        figures.append(
            KeyFigure(
                f"Kantor lapor {month}",
                f"{s.offices_reported} dari {s.offices_active}",
                help=f"Kantor aktif yang punya baris penghimpunan valid untuk {month_words}.",
            )
        )
    return figures


def obstacle_table(
    df: pd.DataFrame, with_office: bool = False, with_field: bool = True
) -> pd.DataFrame:
    """Kendala rows as shown (Kantor page, agenda): Bulan, [Kantor], [Bidang], Kendala,
    Tindak lanjut, and Status when the rows have one; text as typed, `–` for none."""
    out = pd.DataFrame(
        {"Bulan": [fmt.month_cell(y, m) for y, m in zip(df["year"], df["month"], strict=True)]}
    )
    if with_office:
        out["Kantor"] = list(df["office"])
    if with_field:
        out["Bidang"] = list(df["field"])
    out["Kendala"] = [fmt.text_cell(v) for v in df["obstacle"]]
    out["Tindak lanjut"] = [fmt.text_cell(v) or fmt.MISSING for v in df["follow_up"]]
    if "status" in df:
        out["Status"] = [fmt.text_cell(v) for v in df["status"]]
    return out.astype(object)


def history_table(df: pd.DataFrame, numeric: bool = False) -> pd.DataFrame:
    """reporting_history as shown: Bulan, Status, Baris, Penghimpunan.

    A month without a report has no amount (empty / `–`), never Rp0: its
    Status says why (Belum lapor, Belum berdiri, Belum waktunya). With
    `numeric=True` the amount is a number (NaN without a report), for a table
    that sorts as numbers (display: history_formats) and for downloads.
    """
    amounts = df["amount"].where(df["reported"])
    return pd.DataFrame(
        {
            "Bulan": df["month"].map(fmt.month_name).astype(object),
            "Status": df["status"].astype(object),
            "Baris": df["rows"].astype("int64"),
            "Penghimpunan": amounts.astype("float64") if numeric else amounts.map(fmt.rupiah),
        }
    )


def history_formats() -> dict[str, Callable[[object], str]]:
    """Indonesian display of history_table(numeric=True): `Rp1.250.000`, `–` without a report."""
    return {"Baris": fmt.number, "Penghimpunan": fmt.rupiah}


def fund_mix_table(df: pd.DataFrame, numeric: bool = False) -> pd.DataFrame:
    """fund_mix as shown: Jenis dana, Jumlah, Porsi.

    With `numeric=True` Jumlah is a number and Porsi a percentage number
    (42.5 for 42,5%), for a table that sorts as numbers (display:
    fund_mix_formats) and for downloads.
    """
    return pd.DataFrame(
        {
            "Jenis dana": df["fund_type"].astype(object),
            "Jumlah": df["amount"].astype("float64") if numeric else df["amount"].map(fmt.rupiah),
            "Porsi": df["share"].map(_pct100).astype("float64")
            if numeric
            else df["share"].map(fmt.percent),
        }
    )


def fund_mix_formats() -> dict[str, Callable[[object], str]]:
    """Indonesian display of fund_mix_table(numeric=True): `Rp1.250.000`, `42,5%`."""
    return {"Jumlah": fmt.rupiah, "Porsi": _percent_text}


@per_dataset
def monthly_table(ds: Dataset, period: Period, office: str | None = None) -> pd.DataFrame:
    """Monthly collection of the year by fund type, wide, for download: Bulan, one column per fund
    type, Total, Kumulatif, Target kumulatif (numbers)."""
    monthly = progress.monthly_collection(ds, period.year, office)
    wide = monthly.pivot(index="month", columns="fund_type", values="amount")
    wide = wide[[c for c in FUND_TYPES if c in wide] + [c for c in wide if c not in FUND_TYPES]]
    wide["Total"] = wide.sum(axis=1)
    pace = progress.cumulative_vs_pace(ds, period.year, office).set_index("month")
    wide["Kumulatif"] = pace["cumulative"]
    wide["Target kumulatif"] = pace["target_pace"]
    wide = wide.reset_index()
    wide.insert(0, "Bulan", wide.pop("month").map(fmt.month_name))
    wide.columns.name = None
    return wide
