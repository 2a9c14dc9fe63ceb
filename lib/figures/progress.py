"""Per-office and district progress for a period: the figures of Ringkasan and Kantor.

Pure pandas (no Streamlit), so every figure is tested without a browser and the
meeting agenda reuses the same functions; the Indonesian tables and key-figure
labels are in lib.views.progress_tables. Conventions, applied everywhere here:

- A period is a year and a month; *year-to-date* (ytd) means January..month of
  that year. "Last month" is the calendar month before (December of the year
  before for January).
- Amounts are summed over valid rows only (lib.data.validate drops rejected rows).
  An inactive office's rows count in the district totals, but the office
  tables list active offices only.
- A figure that cannot be computed is NaN in frames and None in dataclasses,
  never 0 and never an exception: a percentage of a missing or zero target, an
  ACR without collection, growth against a year without collection.
- Distribution (penyaluran) and beneficiaries come from the Program rows with
  status Berjalan or Selesai only (lib.figures.pillars.delivered_rows): a
  Rencana row is a plan and has moved no money.
- Beneficiaries and donors are the counts offices typed per row, summed; a
  person helped in two months counts twice (the sheet has no identities).
- Which offices are listed: lib.figures.offices.counted_offices.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.data.contract import FIELDS, FUND_TYPES
from lib.data.dataset import ERROR, Dataset
from lib.figures import offices, pillars
from lib.figures.memo import per_dataset
from lib.figures.offices import founding_period
from lib.figures.period import (
    Period,
    between,
    default_period,
    month_index,
    office_rows,
    table,
    ytd,
)

# Pace status words, shown as is in the office table.
ACHIEVED = "Tercapai"
ON_PACE = "Sesuai target"
BEHIND = "Tertinggal"
NO_TARGET = "target belum diisi"
NO_BAND = "–"  # no ACR, so no band; the same dash lib.views.fmt shows for a missing value

# BAZNAS effectiveness bands of the ACR (lower bound, label), highest first.
ACR_BANDS = (
    (0.90, "Sangat efektif"),
    (0.70, "Efektif"),
    (0.50, "Cukup efektif"),
    (0.20, "Di bawah harapan"),
    (float("-inf"), "Tidak efektif"),
)

OFFICE_COLUMNS = [
    "office",
    "kecamatan",
    "founded",
    "collection_month",
    "collection_prev_month",
    "collection_ytd",
    "target",
    "pct_target",
    "pace",
    "pace_status",
    "distribution_ytd",
    "acr",
    "acr_band",
    "beneficiaries_ytd",
    "donors_month",
    "programs_running",
    "open_obstacles",
    "reported",
    "reported_prev",
    "expected",
]

NAN = float("nan")
_EPS = 1e-9  # float slack for "at or above the pace"


# ---------------------------------------------------------------- small helpers


def _ratio(num: float, den: float) -> float:
    """num / den, NaN when the denominator is missing or not positive."""
    if den is None or pd.isna(den) or den <= 0 or num is None or pd.isna(num):
        return float("nan")
    return float(num) / float(den)


def _none(x: float) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _sum(df: pd.DataFrame, column: str) -> float:
    """Sum of a column; NaN cells count as 0, an empty frame sums to 0."""
    if df.empty or column not in df:
        return 0.0
    return float(df[column].fillna(0).sum())


def _sum_or_nan(df: pd.DataFrame, column: str) -> float:
    """Sum of a column, NaN when no row has a value (e.g. nobody typed Jumlah Donatur)."""
    if df.empty or column not in df or df[column].notna().sum() == 0:
        return float("nan")
    return float(df[column].sum())


def acr_band(acr: float | None) -> str:
    """BAZNAS band of an ACR given as a ratio (0.85 is 85%); "–" when there is none.

    >= 90% Sangat efektif; 70-89% Efektif; 50-69% Cukup efektif; 20-49% Di bawah
    harapan; < 20% Tidak efektif. Above 100% is still Sangat efektif (not capped).
    """
    if acr is None or pd.isna(acr):
        return NO_BAND
    for bound, label in ACR_BANDS:
        if acr >= bound - _EPS:
            return label
    return ACR_BANDS[-1][1]  # pragma: no cover


def pace_fraction(year: int, month: int, founded: object = None) -> float:
    """Share of the annual target expected by the end of `month` of `year`.

    Linear over the months of the year: month / 12. An office founded during
    the year is paced over the months from its founding month (founded in June:
    June is 1/7, December 7/7). Founded after the month: 0.
    """
    start = founding_period(founded)
    first = start.month if start is not None and start.year == year else 1
    if start is not None and start.year > year:
        return 0.0
    if month < first:
        return 0.0
    return (month - first + 1) / (12 - first + 1)


def pace_status(pct_target: float, pace: float) -> str:
    """Tercapai / Sesuai target / Tertinggal against the pace; no target: "target belum diisi"."""
    if pd.isna(pct_target):
        return NO_TARGET
    if pct_target >= 1 - _EPS:
        return ACHIEVED
    if pct_target >= pace - _EPS:
        return ON_PACE
    return BEHIND


def _targets(ds: Dataset, year: int) -> pd.Series:
    """Annual collection target per office for the year (positive values only)."""
    targets = table(ds, "targets")
    if targets.empty:
        return pd.Series(dtype="float64")
    rows = targets[(targets["year"] == year) & (targets["target_collection"] > 0)]
    return rows.groupby("office")["target_collection"].sum()


# ---------------------------------------------------------------- per office


@per_dataset
def office_progress(ds: Dataset, period: Period) -> pd.DataFrame:
    """One row per active office for the period, best % of target first.

    Columns (amounts in Rupiah, ratios as fractions: 0.85 is 85%):
    - office, kecamatan, founded (Timestamp|NaT)
    - collection_month: collection in the period month; NaN when the office has
      no row for it (belum lapor is a state, not Rp0: Rp0 only when typed)
    - collection_prev_month: collection in the calendar month before; NaN
      when not reported (reported_prev)
    - collection_ytd: collection January..month
    - target: annual collection target of the year, NaN when none (or not > 0)
    - pct_target: collection_ytd / target, NaN without a target
    - pace: expected fraction of the target by the month (see pace_fraction)
    - pace_status: Tercapai / Sesuai target / Tertinggal / target belum diisi
    - distribution_ytd: Jumlah Penyaluran of its Berjalan and Selesai rows, January..month
    - acr: distribution_ytd / collection_ytd, NaN without collection; acr_band its band
    - beneficiaries_ytd: Penerima Manfaat of the same rows
    - donors_month: Jumlah Donatur in the month, NaN when the office typed none
    - programs_running: distinct programs with status Berjalan in the period month
    - open_obstacles: kendala with status Terbuka raised in or before the period month
    - reported: any valid collection row (even Rp0) in the period month
    - reported_prev: the same for the month before
    - expected: the office existed in the period month (founded then or before,
      or no founding date), so a missing report counts as "belum lapor"

    Offices: lib.figures.offices.counted_offices. Sorted by pct_target
    descending, offices without a target last, then by collection_ytd
    descending and name.
    """
    profiles = offices.office_profiles(ds)
    collections = table(ds, "collections")
    targets = _targets(ds, period.year)

    coll_ytd = ytd(collections, period)
    coll_month = between(collections, period, period)
    coll_prev = between(collections, period.previous, period.previous)
    delivered = pillars.delivered_rows(ds, period)
    prog_month = between(pillars.programs_in_period(ds, period), period, period)
    open_counts = open_obstacles(ds, period)["office"].value_counts()

    records = []
    for name in offices.counted_offices(ds, period):
        profile = profiles.get(name, {})
        founded = profile.get("founded", pd.NaT)
        expected = offices.exists_in(founded, period)
        ytd_rows = office_rows(coll_ytd, name)
        prog_rows = office_rows(delivered, name)
        month_rows = office_rows(coll_month, name)
        prev_rows = office_rows(coll_prev, name)
        collection_ytd = _sum(ytd_rows, "amount")
        target = float(targets.get(name, float("nan")))
        pct = _ratio(collection_ytd, target)
        pace = pace_fraction(period.year, period.month, founded)
        distribution = _sum(prog_rows, "distribution")
        acr = _ratio(distribution, collection_ytd)
        running = office_rows(prog_month, name)
        running = running[running["status"] == "Berjalan"] if not running.empty else running
        records.append(
            {
                "office": name,
                "kecamatan": profile.get("kecamatan"),
                "founded": founded,
                "collection_month": _sum(month_rows, "amount") if len(month_rows) else NAN,
                "collection_prev_month": _sum(prev_rows, "amount") if len(prev_rows) else NAN,
                "collection_ytd": collection_ytd,
                "target": target,
                "pct_target": pct,
                "pace": pace,
                "pace_status": pace_status(pct, pace),
                "distribution_ytd": distribution,
                "acr": acr,
                "acr_band": acr_band(acr),
                "beneficiaries_ytd": _sum(prog_rows, "beneficiaries"),
                "donors_month": _sum_or_nan(month_rows, "donors"),
                "programs_running": int(running["program"].map(pillars.name_key).nunique())
                if not running.empty
                else 0,
                "open_obstacles": int(open_counts.get(name, 0)),
                "reported": not month_rows.empty,
                "reported_prev": not prev_rows.empty,
                "expected": expected,
            }
        )
    df = pd.DataFrame(records, columns=OFFICE_COLUMNS)
    if df.empty:
        return df
    df = df.assign(_has=df["pct_target"].notna()).sort_values(
        ["_has", "pct_target", "collection_ytd", "office"],
        ascending=[False, False, False, True],
        na_position="last",
        kind="stable",
    )
    return df.drop(columns="_has").reset_index(drop=True)


@per_dataset
def not_reported(ds: Dataset, period: Period) -> list[str]:
    """Active offices with no valid collection row in the period month, by name.

    The secretary's list to chase before the meeting. An office founded after
    the period month is not expected to report (see office_progress `expected`).
    """
    df = office_progress(ds, period)
    if df.empty:
        return []
    late = df[df["expected"] & ~df["reported"]]
    return sorted(late["office"], key=str.casefold)


# ---------------------------------------------------------------- district


@dataclass(frozen=True)
class DistrictSummary:
    """Key figures of the district (or of one office) for a period.

    Amounts in Rupiah, ratios as fractions; None where no honest figure exists.
    - collection_month, collection_ytd: all valid rows, inactive offices included
    - target_total: sum of the year's annual collection targets; None when none
    - pct_target: collection_ytd / target_total (an office without a target
      adds collection but no target), None without targets
    - collection_ytd_last_year: January..month of the year before
    - growth: collection_ytd / collection_ytd_last_year - 1 (0.12 is +12%), None
      when last year had no collection
    - distribution_ytd, acr (None without collection), acr_band
    - beneficiaries_ytd; donors_month (None when nobody reported donors)
    - offices_active: active offices expected to report for the month
    - offices_reported: of those, how many have a collection row for the month
    """

    collection_month: float
    collection_ytd: float
    target_total: float | None
    pct_target: float | None
    collection_ytd_last_year: float
    growth: float | None
    distribution_ytd: float
    acr: float | None
    acr_band: str
    beneficiaries_ytd: float
    donors_month: float | None
    offices_active: int
    offices_reported: int


@per_dataset
def district_summary(ds: Dataset, period: Period, office: str | None = None) -> DistrictSummary:
    """District figures for the period; with `office`, the same figures for that office only.

    The Kantor page shows an office's key figures through the same function, so
    a figure reads the same on both pages.
    """
    collections = office_rows(table(ds, "collections"), office)
    delivered = pillars.delivered_rows(ds, period, office)
    month_rows = between(collections, period, period)
    collected = _sum(ytd(collections, period), "amount")
    last_year = _sum(ytd(collections, period.last_year), "amount")
    targets = _targets(ds, period.year)
    if office is not None:
        targets = targets[targets.index == office]
    target_total = float(targets.sum()) if len(targets) else float("nan")
    distribution = _sum(delivered, "distribution")
    acr = _ratio(distribution, collected)
    growth = _ratio(collected, last_year)
    progress = office_progress(ds, period)
    if office is not None:
        progress = progress[progress["office"] == office]
    expected = progress[progress["expected"]] if not progress.empty else progress
    return DistrictSummary(
        collection_month=_sum(month_rows, "amount"),
        collection_ytd=collected,
        target_total=_none(target_total),
        pct_target=_none(_ratio(collected, target_total)),
        collection_ytd_last_year=last_year,
        growth=None if pd.isna(growth) else growth - 1,
        distribution_ytd=distribution,
        acr=_none(acr),
        acr_band=acr_band(acr),
        beneficiaries_ytd=_sum(delivered, "beneficiaries"),
        donors_month=_none(_sum_or_nan(month_rows, "donors")),
        offices_active=len(expected),
        offices_reported=int(expected["reported"].sum()) if len(expected) else 0,
    )


# ---------------------------------------------------------------- by month


@per_dataset
def monthly_collection(ds: Dataset, year: int, office: str | None = None) -> pd.DataFrame:
    """Collection per month and fund type of a year: month (1..12), fund_type, amount.

    Every month and every fund type of the contract is present (0 when nothing
    was collected), so a stacked chart always has twelve bars in a fixed order.
    """
    rows = office_rows(table(ds, "collections"), office)
    rows = between(rows, Period(year, 1), Period(year, 12))
    grid = pd.MultiIndex.from_product([range(1, 13), FUND_TYPES], names=["month", "fund_type"])
    if rows.empty:
        sums = pd.Series(0.0, index=grid)
    else:
        sums = rows.groupby(["month", "fund_type"])["amount"].sum()
        extra = sums.index.difference(grid)  # a fund type outside the contract, if ever
        sums = sums.reindex(grid.append(extra), fill_value=0.0)
    out = sums.rename("amount").reset_index()
    out["month"] = out["month"].astype("int64")
    out["amount"] = out["amount"].astype("float64")
    return out


def _monthly_totals(ds: Dataset, year: int, office: str | None) -> pd.Series:
    rows = office_rows(table(ds, "collections"), office)
    rows = between(rows, Period(year, 1), Period(year, 12))
    if rows.empty:
        return pd.Series(0.0, index=range(1, 13))
    return rows.groupby("month")["amount"].sum().reindex(range(1, 13), fill_value=0.0)


@per_dataset
def cumulative_vs_pace(
    ds: Dataset, year: int, office: str | None = None, upto: int | None = None
) -> pd.DataFrame:
    """Cumulative collection against the target pace: month (1..12), cumulative, target_pace.

    target_pace is the sum over offices of target x pace_fraction (an office
    founded mid-year is paced from its founding month); NaN without targets.
    With `upto`, cumulative is NaN after that month, so the line stops at the
    chosen period instead of running flat into the future.
    """
    cumulative = _monthly_totals(ds, year, office).cumsum()
    targets = _targets(ds, year)
    if office is not None:
        targets = targets[targets.index == office]
    founded = {o: p["founded"] for o, p in offices.office_profiles(ds).items()}
    pace = []
    for month in range(1, 13):
        if targets.empty:
            pace.append(float("nan"))
        else:
            pace.append(
                sum(t * pace_fraction(year, month, founded.get(o)) for o, t in targets.items())
            )
    out = pd.DataFrame(
        {
            "month": range(1, 13),
            "cumulative": cumulative.to_numpy(dtype="float64"),
            "target_pace": pace,
        }
    )
    if upto is not None:
        out.loc[out["month"] > upto, "cumulative"] = float("nan")
    return out


@per_dataset
def yearly_comparison(ds: Dataset, period: Period, office: str | None = None) -> pd.DataFrame:
    """Monthly collection this year against last year: month, year, amount (long form).

    24 rows: the twelve months of the year before and of the period's year;
    this year's months after the period month are NaN (not yet reported).
    """
    frames = []
    for year in (period.year - 1, period.year):
        totals = _monthly_totals(ds, year, office).astype("float64")
        if year == period.year:
            totals[totals.index > period.month] = float("nan")
        frames.append(pd.DataFrame({"month": range(1, 13), "year": year, "amount": totals.values}))
    return pd.concat(frames, ignore_index=True)


@per_dataset
def fund_mix(ds: Dataset, period: Period, office: str | None = None) -> pd.DataFrame:
    """Year-to-date collection by fund type: fund_type, amount, share (of the total; NaN at 0).

    Every fund type of the contract, in contract order.
    """
    rows = office_rows(ytd(table(ds, "collections"), period), office)
    sums = rows.groupby("fund_type")["amount"].sum() if not rows.empty else pd.Series(dtype=float)
    order = FUND_TYPES + sorted(set(sums.index) - set(FUND_TYPES))
    out = pd.DataFrame({"fund_type": order})
    out["amount"] = [float(sums.get(f, 0.0)) for f in order]
    total = out["amount"].sum()
    out["share"] = [_ratio(a, total) for a in out["amount"]]
    return out


@per_dataset
def reporting_history(
    ds: Dataset, year: int, office: str, until: Period | None = None
) -> pd.DataFrame:
    """Which months of the year the office reported: month, rows, amount, reported, status.

    status: "Sudah lapor"; "Belum lapor"; "Belum berdiri" before the founding
    month; "Belum waktunya" after `until` (default: the dataset's latest month).
    """
    until = until or default_period(ds)
    rows = office_rows(table(ds, "collections"), office)
    rows = between(rows, Period(year, 1), Period(year, 12))
    counts = rows.groupby("month").size() if not rows.empty else pd.Series(dtype="int64")
    amounts = rows.groupby("month")["amount"].sum() if not rows.empty else pd.Series(dtype=float)
    founded = offices.founding_period(offices.office_profiles(ds).get(office, {}).get("founded"))
    records = []
    for month in range(1, 13):
        p = Period(year, month)
        n = int(counts.get(month, 0))
        if n:
            status = "Sudah lapor"
        elif founded is not None and p.index < founded.index:
            status = "Belum berdiri"
        elif until is not None and p.index > until.index:
            status = "Belum waktunya"
        else:
            status = "Belum lapor"
        records.append(
            {
                "month": month,
                "rows": n,
                "amount": float(amounts.get(month, 0.0)),
                "reported": n > 0,
                "status": status,
            }
        )
    return pd.DataFrame(records)


# ---------------------------------------------------------------- programs, kendala, problems


@per_dataset
def office_obstacles(ds: Dataset, year: int, office: str, upto: int = 12) -> pd.DataFrame:
    """The office's kendala: those raised in the year (January..`upto`), plus older ones still open.

    Columns: year, month, field, obstacle, follow_up, status. Open ones first,
    then newest first. The Terbuka rows here are the office's open_obstacles.
    """
    columns = ["year", "month", "field", "obstacle", "follow_up", "status"]
    rows = office_rows(table(ds, "obstacles"), office)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    upto_rows = between(rows, Period(2000, 1), Period(year, upto))
    idx = month_index(upto_rows)
    keep = (idx >= Period(year, 1).index) | (upto_rows["status"] == "Terbuka")
    out = upto_rows[keep]
    out = out.assign(_open=out["status"] != "Terbuka", _idx=month_index(out)).sort_values(
        ["_open", "_idx", "row"], ascending=[True, False, True], kind="stable"
    )
    return out[columns].reset_index(drop=True)


@per_dataset
def office_problems(ds: Dataset, office: str) -> pd.DataFrame:
    """The office's rows rejected by validation, shaped like the Kualitas Data list.

    Matches the office loosely (`kll pakis` is KLL Pakis), as the validator did.
    """
    from lib.figures import quality

    problems = ds.problems[ds.problems["severity"] == ERROR] if len(ds.problems) else ds.problems
    shown = quality.filter_problems(problems, [office])
    return quality.problems_table(ds, shown)


@per_dataset
def office_pace_status(ds: Dataset, period: Period, office: str) -> str | None:
    """The office's pace_status from office_progress; None for an office not listed there."""
    df = office_progress(ds, period)
    row = df[df["office"] == office] if not df.empty else df
    return None if row.empty else str(row["pace_status"].iloc[0])


@per_dataset
def inactive_collection_ytd(ds: Dataset, period: Period) -> float:
    """Year-to-date collection of inactive offices: in the district total, not in the table."""
    inactive = set(offices.inactive_offices(ds))
    rows = ytd(table(ds, "collections"), period)
    return _sum(rows[rows["office"].isin(inactive)], "amount") if not rows.empty else 0.0


@per_dataset
def open_obstacles(ds: Dataset, period: Period, offices: list[str] | None = None) -> pd.DataFrame:
    """Kendala still Terbuka, raised up to the end of `period`, across `offices` (None: all).

    The one definition of an open kendala: office_progress counts these per
    office, the agenda lists them. Sorted by Bidang (the contract's order), then
    oldest first, then office. Columns: field, year, month, office, obstacle, follow_up.
    """
    cols = ["field", "year", "month", "office", "obstacle", "follow_up"]
    df = table(ds, "obstacles")
    if df.empty:
        return pd.DataFrame(columns=cols)
    rows = df[(df["status"] == "Terbuka") & (month_index(df) <= period.index)]
    if offices is not None:
        rows = rows[rows["office"].isin(offices)]
    rank = {name: i for i, name in enumerate(FIELDS)}
    rows = rows.assign(_rank=rows["field"].map(rank).fillna(len(FIELDS)))
    rows = rows.sort_values(["_rank", "year", "month", "office", "row"])
    return rows[cols].reset_index(drop=True)
