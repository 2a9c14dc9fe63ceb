from datetime import date

import pandas as pd

from lib.data.dataset import Dataset, SourceInfo
from lib.figures.period import Period, default_period, period_from_query


def dataset(collections, programs=None):
    empty = pd.DataFrame({"year": pd.Series(dtype="int64"), "month": pd.Series(dtype="int64")})
    return Dataset(
        SourceInfo("workbook", "x.xlsx"),
        {
            "collections": pd.DataFrame(collections, columns=["year", "month"]),
            "programs": pd.DataFrame(programs or [], columns=["year", "month"])
            if programs
            else empty,
            "obstacles": empty,
        },
        pd.DataFrame(),
        {},
    )


def test_period_arithmetic():
    assert Period(2024, 1).previous == Period(2023, 12)
    assert Period(2024, 11).shift(2) == Period(2025, 1)
    assert Period(2024, 9).last_year == Period(2023, 9)


def test_default_is_latest_collection_month_not_the_clock():
    ds = dataset([(2023, 12), (2024, 9), (2024, 3)], programs=[(2024, 11)])
    assert default_period(ds, today=date(2026, 11, 27)) == Period(2024, 9)


def test_default_without_collections_uses_other_data_then_today():
    assert default_period(dataset([], programs=[(2022, 5)])) == Period(2022, 5)
    assert default_period(dataset([]), today=date(2026, 11, 27)) == Period(2026, 11)
    assert default_period(dataset([])) is None


def test_query_overrides_and_bad_query_falls_back_with_message():
    ds = dataset([(2023, 1), (2024, 9)])
    assert period_from_query({"tahun": "2023", "bulan": "4"}, ds) == (Period(2023, 4), None)
    assert period_from_query({"tahun": "2024"}, ds) == (Period(2024, 9), None)
    assert period_from_query({"tahun": "2023"}, ds) == (Period(2023, 12), None)
    period, message = period_from_query({"tahun": "abc", "bulan": "13"}, ds)
    assert period == Period(2024, 9) and "tidak terbaca" in message


def test_period_outside_the_data_is_clamped_to_the_nearest_with_a_message():
    ds = dataset([(2023, 3), (2024, 9)])
    period, message = period_from_query({"tahun": "2100", "bulan": "12"}, ds)
    assert period == Period(2024, 9)
    assert "12/2100" in message and "09/2024" in message
    period, message = period_from_query({"tahun": "2000", "bulan": "1"}, ds)
    assert period == Period(2023, 3) and "03/2023" in message


def test_hostile_query_text_comes_back_only_inside_the_message():
    ds = dataset([(2024, 9)])
    hostile = {"tahun": "[Login ulang di sini](https://evil.example/login)", "bulan": ":red[**X**]"}
    period, message = period_from_query(hostile, ds)
    assert period == Period(2024, 9) and "tidak terbaca" in message


def test_office_rows_of_a_long_table_are_those_a_filter_gives_and_go_with_the_table():
    import gc

    import pandas as pd

    from lib.figures import period as period_module
    from lib.figures.period import GROUP_FROM_ROWS, office_rows

    n = GROUP_FROM_ROWS + 1
    df = pd.DataFrame({"office": ["KLL A", "KLL B", "KLL A"] * n, "amount": range(3 * n)})
    a = office_rows(df, "KLL A")
    pd.testing.assert_frame_equal(a, df[df["office"] == "KLL A"])
    assert office_rows(df, "KLL B")["amount"].sum() == sum(range(1, 3 * n, 3))
    assert office_rows(df, "KLL Z").empty and list(office_rows(df, "KLL Z").columns) == [
        "office",
        "amount",
    ]
    assert office_rows(df, None) is df
    assert id(df) in period_module._by_office
    key = id(df)
    del df, a
    gc.collect()
    assert key not in period_module._by_office
