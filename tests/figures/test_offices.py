"""Which offices count in a period: one answer for every page, slide and export."""

from __future__ import annotations

import pandas as pd

from lib.data.dataset import PROBLEM_COLUMNS, Dataset, SourceInfo
from lib.figures import offices
from lib.figures.period import Period


def frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df.insert(0, "row", range(2, len(df) + 2))
    return df


def build(with_offices: bool = True) -> Dataset:
    tables = {
        "collections": frame(
            [(2025, 3, "KLL Nanti", "DSKL", 100_000.0), (2025, 2, "KLL Lama", "DSKL", 1.0)],
            ["year", "month", "office", "fund_type", "amount"],
        ),
        "programs": frame(
            [(2025, 1, "KLL Satu", "Ekonomi", "Ternak", "Berjalan")],
            ["year", "month", "office", "pillar", "program", "status"],
        ),
    }
    if with_offices:
        tables["offices"] = frame(
            [
                ("KLL Satu", pd.Timestamp("2020-01-01"), True),
                ("KLL Lama", pd.Timestamp("2019-01-01"), False),
                ("KLL Kosong", pd.NaT, True),  # no founding date: always there
                ("KLL Nanti", pd.Timestamp("2025-06-01"), True),  # founded later, rows already
                ("KLL Baru", pd.Timestamp("2025-04-15"), True),
            ],
            ["office", "founded", "active"],
        )
    return Dataset(
        SourceInfo("workbook", "uji.xlsx"), tables, pd.DataFrame(columns=PROBLEM_COLUMNS), {}
    )


def test_counted_offices_follow_tab_kantor_activity_and_founding():
    ds = build()
    assert offices.counted_offices(ds) == ["KLL Satu", "KLL Kosong", "KLL Nanti", "KLL Baru"]
    assert offices.counted_offices(ds, Period(2025, 3)) == ["KLL Satu", "KLL Kosong", "KLL Nanti"]
    assert offices.counted_offices(ds, Period(2025, 4)) == [
        "KLL Satu",
        "KLL Kosong",
        "KLL Nanti",
        "KLL Baru",  # founded on 15 April: it exists in April
    ]
    assert offices.counted_offices(ds, Period(2025, 1)) == ["KLL Satu", "KLL Kosong"]


def test_inactive_offices_and_picker_options():
    ds = build()
    assert offices.inactive_offices(ds) == ["KLL Lama"]
    assert offices.office_options(ds)[-1] == "KLL Lama"  # history of an inactive office last
    assert offices.office_options(ds)[:2] == ["KLL Baru", "KLL Kosong"]  # active ones by name


def test_without_tab_kantor_the_offices_come_from_the_rows():
    ds = build(with_offices=False)
    assert offices.counted_offices(ds, Period(2025, 3)) == ["KLL Lama", "KLL Nanti", "KLL Satu"]
    assert offices.inactive_offices(ds) == []


def test_exists_in_and_founding_period():
    assert offices.founding_period(pd.NaT) is None
    assert offices.founding_period(pd.Timestamp("2025-04-15")) == Period(2025, 4)
    assert offices.exists_in(pd.Timestamp("2025-04-15"), Period(2025, 4))
    assert not offices.exists_in(pd.Timestamp("2025-05-01"), Period(2025, 4))
    assert offices.exists_in(None, Period(1999, 1))
