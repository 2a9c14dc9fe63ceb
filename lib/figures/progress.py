"""Per-office and district progress for a period: the figures of Ringkasan and Kantor.

Pure pandas (no Streamlit), so every figure is tested without a browser and the
meeting agenda reuses the same functions. Conventions, applied
everywhere in this module:

- A period is a year and a month; *year-to-date* (ytd) means January..month of
  that year. "Last month" is the calendar month before (December of the year
  before for January).
- Amounts are summed over valid rows only (lib.validate drops rejected rows).
  An inactive office's rows count in the district totals, but the office
  tables list active offices only.
- A figure that cannot be computed is NaN in frames and None in dataclasses,
  never 0 and never an exception: a percentage of a missing or zero target, an
  ACR without collection, growth against a year without collection.
- Beneficiaries and donors are the counts offices typed per row, summed; a
  person helped in two months counts twice (the sheet has no identities).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.data.contract import FUND_TYPES, PILLARS
from lib.data.dataset import ERROR, Dataset
from lib.figures.memo import per_dataset
from lib.figures.period import Period, default_period, month_index
from lib.views import fmt

# Pace status words, shown as is in the office table.
ACHIEVED = "Tercapai"
ON_PACE = "Sesuai target"
BEHIND = "Tertinggal"
NO_TARGET = "target belum diisi"

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
    "expected",
]

_EPS = 1e-9  # float slack for "at or above the pace"


# ---------------------------------------------------------------- small helpers


def _table(ds: Dataset, key: str) -> pd.DataFrame:
    df = ds.tables.get(key)
    return df if df is not None else pd.DataFrame()


def _ratio(num: float, den: float) -> float:
    """num / den, NaN when the denominator is missing or not positive."""
    if den is None or pd.isna(den) or den <= 0 or num is None or pd.isna(num):
        return float("nan")
    return float(num) / float(den)


def _none(x: float) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _between(df: pd.DataFrame, first: Period, last: Period) -> pd.DataFrame:
    """Rows of a (year, month) table from `first` to `last`, both included."""
    if df.empty or "year" not in df:
        return df.iloc[0:0]
    idx = month_index(df)
    return df[(idx >= first.index) & (idx <= last.index)]


def _ytd(df: pd.DataFrame, period: Period) -> pd.DataFrame:
    return _between(df, Period(period.year, 1), period)


def _office_rows(df: pd.DataFrame, office: str | None) -> pd.DataFrame:
    if office is None or df.empty:
        return df
    return df[df["office"] == office]


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


def _program_key(name: object) -> str:
    """Same program typed twice with other case or spacing counts once."""
    return " ".join(str(name).split()).casefold()


def _founding(founded: object) -> Period | None:
    if founded is None or pd.isna(founded):
        return None
    ts = pd.Timestamp(founded)
    return Period(ts.year, ts.month)


def acr_band(acr: float | None) -> str:
    """BAZNAS band of an ACR given as a ratio (0.85 is 85%); "–" when there is none.

    >= 90% Sangat efektif; 70-89% Efektif; 50-69% Cukup efektif; 20-49% Di bawah
    harapan; < 20% Tidak efektif. Above 100% is still Sangat efektif (not capped).
    """
    if acr is None or fmt.is_missing(acr):
        return fmt.MISSING
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
    start = _founding(founded)
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
    targets = _table(ds, "targets")
    if targets.empty:
        return pd.Series(dtype="float64")
    rows = targets[(targets["year"] == year) & (targets["target_collection"] > 0)]
    return rows.groupby("office")["target_collection"].sum()


def _expected(founded: object, period: Period) -> bool:
    """An office is expected to report for a month once it exists in that month."""
    start = _founding(founded)
    return start is None or start.index <= period.index


def _active_offices(ds: Dataset) -> pd.DataFrame:
    offices = _table(ds, "offices")
    if offices.empty:
        return pd.DataFrame(columns=["office", "kecamatan", "founded", "active"])
    return offices[offices["active"].astype(bool)]


# ---------------------------------------------------------------- per office


@per_dataset
def office_progress(ds: Dataset, period: Period) -> pd.DataFrame:
    """One row per active office for the period, best % of target first.

    Columns (amounts in Rupiah, ratios as fractions: 0.85 is 85%):
    - office, kecamatan, founded (Timestamp|NaT)
    - collection_month: collection in the period month
    - collection_prev_month: collection in the calendar month before
    - collection_ytd: collection January..month
    - target: annual collection target of the year, NaN when none (or not > 0)
    - pct_target: collection_ytd / target, NaN without a target
    - pace: expected fraction of the target by the month (see pace_fraction)
    - pace_status: Tercapai / Sesuai target / Tertinggal / target belum diisi
    - distribution_ytd: Jumlah Penyaluran of the office's programs, January..month
    - acr: distribution_ytd / collection_ytd, NaN without collection; acr_band its band
    - beneficiaries_ytd: Penerima Manfaat summed January..month
    - donors_month: Jumlah Donatur in the month, NaN when the office typed none
    - programs_running: distinct programs with status Berjalan in the period month
    - open_obstacles: kendala with status Terbuka raised in or before the period month
    - reported: any valid collection row (even Rp0) in the period month
    - expected: the office existed in the period month (founded then or before,
      or no founding date), so a missing report counts as "belum lapor"

    An active office founded after the period month is left out unless it
    already has rows that year (it did not exist yet, so it has nothing to show).
    Sorted by pct_target descending, offices without a target last, then by
    collection_ytd descending and name.
    """
    offices = _active_offices(ds)
    collections = _table(ds, "collections")
    programs = _table(ds, "programs")
    obstacles = _table(ds, "obstacles")
    targets = _targets(ds, period.year)

    coll_ytd = _ytd(collections, period)
    coll_month = _between(collections, period, period)
    coll_prev = _between(collections, period.previous, period.previous)
    prog_ytd = _ytd(programs, period)
    prog_month = _between(programs, period, period)
    obst_upto = _between(obstacles, Period(2000, 1), period)

    records = []
    for o in offices.itertuples(index=False):
        name = o.office
        expected = _expected(o.founded, period)
        ytd_rows = _office_rows(coll_ytd, name)
        prog_rows = _office_rows(prog_ytd, name)
        if not expected and ytd_rows.empty and prog_rows.empty:
            continue
        month_rows = _office_rows(coll_month, name)
        collection_ytd = _sum(ytd_rows, "amount")
        target = float(targets.get(name, float("nan")))
        pct = _ratio(collection_ytd, target)
        pace = pace_fraction(period.year, period.month, o.founded)
        distribution = _sum(prog_rows, "distribution")
        acr = _ratio(distribution, collection_ytd)
        running = _office_rows(prog_month, name)
        running = running[running["status"] == "Berjalan"] if not running.empty else running
        open_rows = _office_rows(obst_upto, name)
        open_rows = (
            open_rows[open_rows["status"] == "Terbuka"] if not open_rows.empty else open_rows
        )
        records.append(
            {
                "office": name,
                "kecamatan": getattr(o, "kecamatan", None),
                "founded": getattr(o, "founded", pd.NaT),
                "collection_month": _sum(month_rows, "amount"),
                "collection_prev_month": _sum(_office_rows(coll_prev, name), "amount"),
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
                "programs_running": int(running["program"].map(_program_key).nunique())
                if not running.empty
                else 0,
                "open_obstacles": len(open_rows),
                "reported": not month_rows.empty,
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
    collections = _office_rows(_table(ds, "collections"), office)
    programs = _office_rows(_table(ds, "programs"), office)
    month_rows = _between(collections, period, period)
    ytd = _sum(_ytd(collections, period), "amount")
    last_year = _sum(_ytd(collections, period.last_year), "amount")
    targets = _targets(ds, period.year)
    if office is not None:
        targets = targets[targets.index == office]
    target_total = float(targets.sum()) if len(targets) else float("nan")
    distribution = _sum(_ytd(programs, period), "distribution")
    acr = _ratio(distribution, ytd)
    growth = _ratio(ytd, last_year)
    progress = office_progress(ds, period)
    if office is not None:
        progress = progress[progress["office"] == office]
    expected = progress[progress["expected"]] if not progress.empty else progress
    return DistrictSummary(
        collection_month=_sum(month_rows, "amount"),
        collection_ytd=ytd,
        target_total=_none(target_total),
        pct_target=_none(_ratio(ytd, target_total)),
        collection_ytd_last_year=last_year,
        growth=None if pd.isna(growth) else growth - 1,
        distribution_ytd=distribution,
        acr=_none(acr),
        acr_band=acr_band(acr),
        beneficiaries_ytd=_sum(_ytd(programs, period), "beneficiaries"),
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
    rows = _office_rows(_table(ds, "collections"), office)
    rows = rows[rows["year"] == year] if not rows.empty else rows
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
    rows = _office_rows(_table(ds, "collections"), office)
    rows = rows[rows["year"] == year] if not rows.empty else rows
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
    offices = _table(ds, "offices")
    founded = (
        dict(zip(offices["office"], offices["founded"], strict=True)) if not offices.empty else {}
    )
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
    rows = _office_rows(_ytd(_table(ds, "collections"), period), office)
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
    rows = _office_rows(_table(ds, "collections"), office)
    rows = rows[rows["year"] == year] if not rows.empty else rows
    counts = rows.groupby("month").size() if not rows.empty else pd.Series(dtype="int64")
    amounts = rows.groupby("month")["amount"].sum() if not rows.empty else pd.Series(dtype=float)
    offices = _table(ds, "offices")
    match = offices[offices["office"] == office] if not offices.empty else offices
    founded = _founding(match["founded"].iloc[0]) if len(match) else None
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
def office_programs(ds: Dataset, year: int, office: str, upto: int = 12) -> pd.DataFrame:
    """The office's programs of the year (January..`upto`), one row per pillar and program.

    Columns: pillar, program, status (of its latest month), months (how many
    months it has a row), last_month, beneficiaries, distribution (summed).
    Sorted by the pillar order of the contract, then program name.
    """
    columns = [
        "pillar",
        "program",
        "status",
        "months",
        "last_month",
        "beneficiaries",
        "distribution",
    ]
    rows = _office_rows(_table(ds, "programs"), office)
    rows = _between(rows, Period(year, 1), Period(year, upto)) if not rows.empty else rows
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(_key=rows["program"].map(_program_key)).sort_values(
        ["month", "row"], kind="stable"
    )
    groups = rows.groupby(["pillar", "_key"], sort=False)
    out = groups.agg(
        program=("program", "last"),
        status=("status", "last"),
        months=("month", "nunique"),
        last_month=("month", "max"),
        beneficiaries=("beneficiaries", lambda s: float(s.fillna(0).sum())),
        distribution=("distribution", lambda s: float(s.fillna(0).sum())),
    ).reset_index()
    rank = {p: i for i, p in enumerate(PILLARS)}
    out = out.assign(
        _rank=out["pillar"].map(lambda p: rank.get(p, len(rank))),
        _name=out["program"].map(_program_key),
    ).sort_values(["_rank", "_name"], kind="stable")
    return out[columns].reset_index(drop=True)


@per_dataset
def office_obstacles(ds: Dataset, year: int, office: str, upto: int = 12) -> pd.DataFrame:
    """The office's kendala: those raised in the year (January..`upto`), plus older ones still open.

    Columns: year, month, field, obstacle, follow_up, status. Open ones first,
    then newest first. The Terbuka rows here are the office's open_obstacles.
    """
    columns = ["year", "month", "field", "obstacle", "follow_up", "status"]
    rows = _office_rows(_table(ds, "obstacles"), office)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    upto_rows = _between(rows, Period(2000, 1), Period(year, upto))
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
def office_options(ds: Dataset) -> list[str]:
    """Offices for the Kantor picker: active ones by name, then inactive ones (their history)."""
    offices = _table(ds, "offices")
    if offices.empty:
        return []
    active = offices[offices["active"].astype(bool)]["office"]
    inactive = offices[~offices["active"].astype(bool)]["office"]
    return sorted(active, key=str.casefold) + sorted(inactive, key=str.casefold)


@per_dataset
def office_pace_status(ds: Dataset, period: Period, office: str) -> str | None:
    """The office's pace_status from office_progress; None for an office not listed there."""
    df = office_progress(ds, period)
    row = df[df["office"] == office] if not df.empty else df
    return None if row.empty else str(row["pace_status"].iloc[0])


@per_dataset
def inactive_collection_ytd(ds: Dataset, period: Period) -> float:
    """Year-to-date collection of inactive offices: in the district total, not in the table."""
    offices = _table(ds, "offices")
    if offices.empty:
        return 0.0
    inactive = set(offices[~offices["active"].astype(bool)]["office"])
    rows = _ytd(_table(ds, "collections"), period)
    return _sum(rows[rows["office"].isin(inactive)], "amount") if not rows.empty else 0.0


# ---------------------------------------------------------------- display shaping

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


def _report_word(reported: bool, expected: bool) -> str:
    if reported:
        return "Sudah"
    return "Belum" if expected else "Belum berdiri"


def _pct100(x: float) -> float:
    """A ratio as a percentage number (0.853 -> 85.3), NaN stays NaN; for progress bars."""
    return float("nan") if pd.isna(x) else round(float(x) * 100, 1)


def office_table(df: pd.DataFrame, numeric: bool = False) -> pd.DataFrame:
    """office_progress as shown: Indonesian headers, amounts as `Rp1.250.000` strings.

    `% Target` stays a number (85.3 for 85,3%) for the progress column; it is
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
            COL_MONTH: df["collection_month"].map(money),
            COL_PREV: df["collection_prev_month"].map(money),
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


def _ytd_label(period: Period) -> str:
    """`Jan–Sep`; January alone is `s.d. Jan`, so it never reads like the month figure."""
    if period.month == 1:
        return f"s.d. {fmt.month_short(1)}"
    return f"{fmt.month_short(1)}–{fmt.month_short(period.month)}"


def key_figures(
    summary: DistrictSummary, period: Period, pace: str | None = None, single: bool = False
) -> list[KeyFigure]:
    """The key figures of Ringkasan (district) or Kantor (one office, `single`), in display order.

    Labels are short (`Terhimpun Jan–Sep`; the year is in the period picker
    above) and values compact (`Rp1,2 M`) so four fit side by side on a laptop;
    the period in words and the full Rupiah are in the help tooltip. `pace` (an
    office's pace_status) is shown under the % of target.
    """
    s = summary
    last_year = period.year - 1
    ytd = _ytd_label(period)
    month = fmt.month_short(period.month)
    month_words = fmt.month_label(period.year, period.month)
    ytd_words = (
        month_words
        if period.month == 1
        else f"{fmt.month_name(1)}–{fmt.month_name(period.month)} {period.year}"
    )
    if s.growth is None:
        growth = f"{last_year}: belum ada data"
        growth_color = "off"
    else:
        sign = "+" if s.growth >= 0 else ""
        growth = f"{sign}{fmt.percent(s.growth)} dari {last_year}"
        growth_color = "normal"
    if s.target_total is None:
        pct_value, pct_delta = NO_TARGET, None
    else:
        pct_value = fmt.percent(s.pct_target)
        pct_delta = pace or f"dari {fmt.rupiah_compact(s.target_total, symbol=True)}"
    figures = [
        KeyFigure(
            f"Terhimpun {month}",
            fmt.rupiah_compact(s.collection_month, symbol=True),
            help=f"Penghimpunan {month_words}: {fmt.rupiah(s.collection_month)}",
        ),
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
            "Penerima manfaat",
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
                "Kantor lapor",
                f"{s.offices_reported} dari {s.offices_active}",
                help=f"Kantor aktif yang punya baris penghimpunan valid untuk {month_words}.",
            )
        )
    return figures


def program_table(df: pd.DataFrame, numeric: bool = False) -> pd.DataFrame:
    """office_programs as shown: Pilar, Program, Status, Bulan terakhir, counts and Rupiah."""
    money = (lambda x: x) if numeric else fmt.rupiah
    count = (lambda x: x) if numeric else fmt.number
    return pd.DataFrame(
        {
            "Pilar": df["pillar"].astype(object),
            "Program": df["program"].astype(object),
            "Status": df["status"].astype(object),
            "Bulan aktif": df["months"].astype("int64"),
            "Bulan terakhir": df["last_month"].map(fmt.month_name).astype(object),
            "Penerima manfaat": df["beneficiaries"].map(count),
            "Penyaluran": df["distribution"].map(money),
        }
    )


def obstacle_table(df: pd.DataFrame) -> pd.DataFrame:
    """office_obstacles as shown: Bulan, Bidang, Kendala, Tindak lanjut, Status (text as typed)."""
    return pd.DataFrame(
        {
            "Bulan": [fmt.month_label(y, m) for y, m in zip(df["year"], df["month"], strict=True)],
            "Bidang": df["field"].astype(object),
            "Kendala": df["obstacle"].astype(object),
            "Tindak lanjut": df["follow_up"].fillna("").astype(object),
            "Status": df["status"].astype(object),
        }
    )


def history_table(df: pd.DataFrame, numeric: bool = False) -> pd.DataFrame:
    """reporting_history as shown: Bulan, Status, Baris, Penghimpunan."""
    money = (lambda x: x) if numeric else fmt.rupiah
    return pd.DataFrame(
        {
            "Bulan": df["month"].map(fmt.month_name).astype(object),
            "Status": df["status"].astype(object),
            "Baris": df["rows"].astype("int64"),
            "Penghimpunan": df["amount"].map(money),
        }
    )


def fund_mix_table(df: pd.DataFrame, numeric: bool = False) -> pd.DataFrame:
    """fund_mix as shown: Jenis dana, Jumlah, Porsi."""
    return pd.DataFrame(
        {
            "Jenis dana": df["fund_type"].astype(object),
            "Jumlah": df["amount"] if numeric else df["amount"].map(fmt.rupiah),
            "Porsi": df["share"].map(_pct100) if numeric else df["share"].map(fmt.percent),
        }
    )


@per_dataset
def monthly_table(ds: Dataset, period: Period, office: str | None = None) -> pd.DataFrame:
    """Monthly collection of the year by fund type, wide, for download: Bulan, one column per fund
    type, Total, Kumulatif, Target kumulatif (numbers)."""
    monthly = monthly_collection(ds, period.year, office)
    wide = monthly.pivot(index="month", columns="fund_type", values="amount")
    wide = wide[[c for c in FUND_TYPES if c in wide] + [c for c in wide if c not in FUND_TYPES]]
    wide["Total"] = wide.sum(axis=1)
    pace = cumulative_vs_pace(ds, period.year, office).set_index("month")
    wide["Kumulatif"] = pace["cumulative"]
    wide["Target kumulatif"] = pace["target_pace"]
    wide = wide.reset_index()
    wide.insert(0, "Bulan", wide.pop("month").map(fmt.month_name))
    wide.columns.name = None
    return wide
