"""Indonesian display formats, against expectations written out by hand (domain.md)."""

from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from lib.data import clock
from lib.views import fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1250000, "Rp1.250.000"),
        (1250000.0, "Rp1.250.000"),
        (np.int64(1500000), "Rp1.500.000"),
        (np.float64(750000.0), "Rp750.000"),
        (500000.5, "Rp500.000,50"),
        (500000.05, "Rp500.000,05"),
        (500000.004, "Rp500.000"),  # below a cent: no decimals
        (0, "Rp0"),
        (999, "Rp999"),
        (-2500, "-Rp2.500"),
        (2_000_000_000_000, "Rp2.000.000.000.000"),
        (None, "–"),
        (float("nan"), "–"),
        (pd.NA, "–"),
        (float("inf"), "–"),
    ],
)
def test_rupiah(value, expected):
    assert fmt.rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_500_000, "1,5 jt"),
        (1_000_000, "1 jt"),
        (2_000_000_000, "2 M"),  # M is miliar, a thousand million
        (2_500_000_000, "2,5 M"),
        (750_000, "750 rb"),
        (1_000, "1 rb"),
        (1_000_000_000_000, "1 T"),
        (500, "500"),
        (0, "0"),
        (-1_500_000, "-1,5 jt"),
        (None, "–"),
    ],
)
def test_rupiah_compact(value, expected):
    assert fmt.rupiah_compact(value) == expected


def test_rupiah_compact_with_symbol():
    assert fmt.rupiah_compact(1_500_000, symbol=True) == "Rp1,5 jt"
    assert fmt.rupiah_compact(-750_000, symbol=True) == "-Rp750 rb"


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (0.853, 1, "85,3%"),
        (0.8534, 1, "85,3%"),
        (1.2, 1, "120,0%"),  # ACR above 100% is shown, not capped
        (0.5, 0, "50%"),
        (0.12345, 2, "12,35%"),
        (12.5, 1, "> 999%"),  # beyond 999 %: a unit was left out
        (0, 1, "0,0%"),
        (None, 1, "–"),
        (float("nan"), 1, "–"),
        (float("inf"), 1, "–"),  # ACR with nothing collected
    ],
)
def test_percent(value, digits, expected):
    assert fmt.percent(value, digits=digits) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (1250, {}, "1.250"),
        (1250.0, {}, "1.250"),
        (1_250_000, {}, "1.250.000"),
        (1250.5, {}, "1.250,5"),
        (0.5, {"digits": 2}, "0,50"),
        (1234.567, {"digits": 0}, "1.235"),
        (np.int64(42), {}, "42"),
        (None, {}, "–"),
    ],
)
def test_number(value, kwargs, expected):
    assert fmt.number(value, **kwargs) == expected


def test_month_names():
    assert [fmt.month_name(m) for m in (1, 2, 3, 8, 10, 12)] == [
        "Januari",
        "Februari",
        "Maret",
        "Agustus",
        "Oktober",
        "Desember",
    ]
    assert [fmt.month_short(m) for m in (1, 5, 6, 8, 10, 12)] == [
        "Jan",
        "Mei",
        "Jun",
        "Agu",
        "Okt",
        "Des",
    ]
    assert fmt.month_name(np.int64(5)) == "Mei"


@pytest.mark.parametrize("month", [0, 13])
def test_month_out_of_range(month):
    with pytest.raises(ValueError):
        fmt.month_name(month)


def test_month_label_never_groups_the_year():
    assert fmt.month_label(2024, 10) == "Oktober 2024"
    assert fmt.month_label(np.int64(2025), np.int64(3)) == "Maret 2025"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 10, 5), "Sabtu, 5 Oktober 2024"),  # the rakor of the seed article
        (date(2025, 3, 30), "Minggu, 30 Maret 2025"),  # Idulfitri 1446
        (date(2026, 2, 18), "Rabu, 18 Februari 2026"),  # 1 Ramadan 1447
        (datetime(2024, 8, 16, 9, 0), "Jumat, 16 Agustus 2024"),
        (pd.Timestamp("2024-09-02"), "Senin, 2 September 2024"),
        (None, "–"),
        (pd.NaT, "–"),
    ],
)
def test_long_date(value, expected):
    assert fmt.long_date(value) == expected


def test_short_date():
    assert fmt.short_date(date(2024, 10, 5)) == "5 Okt 2024"
    assert fmt.short_date(pd.Timestamp("2024-08-17")) == "17 Agu 2024"


def test_datetime_label_shows_wib(monkeypatch):
    monkeypatch.delenv("LAZISMU_TZ", raising=False)
    wib = datetime(2026, 11, 27, 21, 40, tzinfo=timezone(timedelta(hours=7)))
    assert fmt.datetime_label(wib) == "27 Nov 2026 21:40 WIB"
    # a server on UTC: 14:40 UTC is 21:40 in Malang
    assert fmt.datetime_label(datetime(2026, 11, 27, 14, 40, tzinfo=UTC)) == (
        "27 Nov 2026 21:40 WIB"
    )
    # just after midnight WIB the date moves on
    assert fmt.datetime_label(datetime(2024, 8, 31, 17, 5, tzinfo=UTC)) == "1 Sep 2024 00:05 WIB"
    assert fmt.datetime_label(datetime(2026, 11, 27, 21, 40)) == "27 Nov 2026 21:40 WIB"
    assert fmt.datetime_label(None) == "–"


def test_datetime_label_other_zone(monkeypatch):
    monkeypatch.setenv("LAZISMU_TZ", "Asia/Makassar")
    assert fmt.datetime_label(datetime(2026, 11, 27, 14, 40, tzinfo=UTC)) == (
        "27 Nov 2026 22:40 WITA"
    )


def test_clock_is_in_wib(monkeypatch):
    monkeypatch.delenv("LAZISMU_TZ", raising=False)
    now = clock.now_wib()
    assert now.utcoffset() == timedelta(hours=7)
    assert now.tzname() == "WIB"
    assert clock.today_wib() == now.date() or clock.today_wib() == now.date() + timedelta(1)


def test_clock_follows_env(monkeypatch):
    monkeypatch.setenv("LAZISMU_TZ", "Asia/Jayapura")
    assert clock.now_wib().utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KLL Pakis", "KLL Pakis"),
        ("sample.xlsx", "sample.xlsx"),
        ("[klik](javascript:alert(1))", r"\[klik\]\(javascript\:alert\(1\)\)"),
        ("**tebal** _miring_", r"\*\*tebal\*\* \_miring\_"),
        ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert\(1\)\>"),
        ("$x^2$", r"\$x^2\$"),
        ("# judul\nbaris", r"\# judul baris"),
        (":red[merah]", r"\:red\[merah\]"),
    ],
)
def test_md_escape(text, expected):
    assert fmt.md_escape(text) == expected


def test_rounding_is_half_up():
    assert fmt.rupiah(0.005) == "Rp0,01"
    assert fmt.rupiah_compact(1_250_000) == "1,3 jt"
    assert fmt.rupiah_compact(1_249_999) == "1,2 jt"
    assert fmt.number(2.5, digits=0) == "3"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(9.99, "999,0%"), (9.991, "> 999%"), (360000.0, "> 999%"), (1e300, "> 999%")],
)
def test_percent_beyond_999_reads_more_than_999(value, expected):
    assert fmt.percent(value) == expected
