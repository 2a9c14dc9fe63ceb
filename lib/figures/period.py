"""The period every figure is for: a year and a month, year-to-date = January..month.

The default comes from the data (the latest month with a valid collection
row), never from the clock, so a sheet from another district or year opens on
its own latest month.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.data.dataset import Dataset
from lib.figures.memo import per_dataset


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int  # 1..12; the figures run January..month of year

    @property
    def index(self) -> int:
        """Months since year 0, for comparing and stepping periods."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Period:
        return cls(index // 12, index % 12 + 1)

    def shift(self, months: int) -> Period:
        return Period.from_index(self.index + months)

    @property
    def previous(self) -> Period:
        return self.shift(-1)

    @property
    def last_year(self) -> Period:
        return Period(self.year - 1, self.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def month_index(df: pd.DataFrame, year: str = "year", month: str = "month") -> pd.Series:
    """Period.index of every row of a table with year and month columns."""
    return df[year].astype("int64") * 12 + df[month].astype("int64") - 1


def table(ds: Dataset, key: str) -> pd.DataFrame:
    """A validated table of the dataset; an empty frame when its tab is missing."""
    df = ds.tables.get(key)
    return df if df is not None else pd.DataFrame()


def between(df: pd.DataFrame, first: Period, last: Period) -> pd.DataFrame:
    """Rows of a (year, month) table from `first` to `last`, both included.

    The one "in the period" filter: year-to-date figures use `ytd`, which is this
    from January.
    """
    if df.empty or "year" not in df:
        return df.iloc[0:0]
    idx = month_index(df)
    return df[(idx >= first.index) & (idx <= last.index)]


def ytd(df: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rows of January..period.month of period.year."""
    return between(df, Period(period.year, 1), period)


GROUP_FROM_ROWS = 2000  # a table this long is split by office once, not filtered per call
# id(table) -> (a weak reference to it, its rows per office); dropped with the table
_by_office: dict[int, tuple[weakref.ref, dict[str, pd.DataFrame]]] = {}


def office_rows(df: pd.DataFrame, office: str | None) -> pd.DataFrame:
    """The rows of one office; every row when `office` is None (the district).

    A long table (a dataset's own, e.g. Penghimpunan) is split by office once
    and kept while the table lives: the Kantor page asks for one office's rows
    a dozen times, for each of thirty offices.
    """
    if office is None or df.empty:
        return df
    if len(df) < GROUP_FROM_ROWS:
        return df[df["office"] == office]
    kept = _by_office.get(id(df))
    if kept is not None and kept[0]() is df:
        groups = kept[1]
    else:
        groups = {str(k): g for k, g in df.groupby("office", sort=False, observed=True)}
        key = id(df)
        _by_office[key] = (weakref.ref(df), groups)
        weakref.finalize(df, _by_office.pop, key, None)
    found = groups.get(office)
    return found if found is not None else df.iloc[0:0]


@per_dataset
def available_periods(ds: Dataset) -> list[Period]:
    """Months that have any valid collection, program or obstacle row, oldest first."""
    found: set[int] = set()
    for key in ("collections", "programs", "obstacles"):
        df = ds.tables.get(key)
        if df is not None and len(df):
            found.update(int(i) for i in month_index(df).unique())
    return [Period.from_index(i) for i in sorted(found)]


@per_dataset
def available_years(ds: Dataset) -> list[int]:
    years = {p.year for p in available_periods(ds)}
    targets = ds.tables.get("targets")
    if targets is not None and len(targets):
        years.update(int(y) for y in targets["year"].unique())
    return sorted(years)


@per_dataset
def default_period(ds: Dataset, today: date | None = None) -> Period | None:
    """Latest month with a valid collection row; else latest month with any data.

    `today` is only a last resort for a sheet with no dated rows at all.
    """
    collections = ds.tables.get("collections")
    if collections is not None and len(collections):
        return Period.from_index(int(month_index(collections).max()))
    periods = available_periods(ds)
    if periods:
        return periods[-1]
    if today is not None:
        return Period(today.year, today.month)
    return None


def period_from_query(
    params: dict[str, str], ds: Dataset, today: date | None = None
) -> tuple[Period | None, str | None]:
    """The period asked for in the URL (`?tahun=2024&bulan=9`), else the default.

    Returns (period, message): a message in Indonesian when the query was
    unreadable and the default was used instead, so a bad link never crashes;
    and when the period lies before the first or after the last month with data,
    the nearest month with data instead (a link to 2100 would otherwise list
    every office as not reporting). The message quotes the URL's text: callers
    render it escaped.
    """
    default = default_period(ds, today)
    year_text, month_text = params.get("tahun"), params.get("bulan")
    if year_text is None and month_text is None:
        return default, None
    try:
        year = int(str(year_text)) if year_text is not None else (default.year if default else 0)
        if month_text is not None:
            month = int(str(month_text))
        else:  # a year alone: its latest month with data, else December
            month = default.month if default and default.year == year else 12
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError
    except (TypeError, ValueError):
        return default, (
            f"Periode di tautan (tahun={year_text}, bulan={month_text}) tidak terbaca; "
            "ditampilkan periode terakhir."
        )
    asked = Period(year, month)
    periods = available_periods(ds)
    if periods and not periods[0] <= asked <= periods[-1]:
        nearest = periods[0] if asked < periods[0] else periods[-1]
        return nearest, (
            f"Periode di tautan ({asked.month:02d}/{asked.year}) di luar data yang ada "
            f"({periods[0].month:02d}/{periods[0].year} sampai "
            f"{periods[-1].month:02d}/{periods[-1].year}); ditampilkan periode terdekat, "
            f"{nearest.month:02d}/{nearest.year}."
        )
    return asked, None
