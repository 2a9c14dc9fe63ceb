"""Every reading rule for cells typed into the sheet, the rejections included."""

from datetime import date, datetime

import pytest

from lib.data import parse
from lib.data.parse import CellError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1500000, 1500000),
        ("1500000", 1500000),
        ("1.500.000", 1500000),
        ("Rp 1.500.000", 1500000),
        ("Rp1.500.000", 1500000),
        ("Rp. 250.000", 250000),
        ("IDR 5.000", 5000),
        ("Rp\u00a01.500.000", 1500000),
        ("Rp1.500.000,00", 1500000),
        ("Rp 1.500.000,-", 1500000),
        ("1,5 jt", 1500000),
        ("1.5jt", 1500000),
        ("1,5 juta", 1500000),
        ("750rb", 750000),
        ("750 ribu", 750000),
        ("2 M", 2000000000),
        ("1,25 miliar", 1250000000),
        ("3 milyar", 3000000000),
        ("1.500", 1500),
        ("-", 0),
        (" - ", 0),
    ],
)
def test_money_accepted(raw, expected):
    assert parse.parse_money(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("1,500", "membingungkan"),
        ("1.50.000", "Pengelompokan"),
        ("1.5", "Pengelompokan"),
        ("15OO", "huruf"),
        ("1.000.000 2.000.000", "dua angka"),
        ("1jt + 500rb", "dua angka"),
        ("-5000", "negatif"),
        (-5000, "negatif"),
        ("(5.000)", "negatif"),
        ("1,500,000", "koma"),
        ("sejuta", "bukan jumlah"),
        ("1,5m", "tidak jelas"),
        (True, "centang"),
        # Rupiah amounts here are whole: a fraction is a percent cell or a typo
        (0.15, "persen"),
        (1.5, "bulat"),
        (1500000.5, "bulat"),
        ("Rp 1.500.000,50", "bulat"),
        ("1,5", "bulat"),
        # above the ceiling of one row: a typo, and a risk to every figure
        ("999999999999 T", "triliun"),
        (9e307, "triliun"),
        (float("inf"), "triliun"),
        (1_000_000_000_001, "triliun"),
        ("1" + "0" * 400, "triliun"),
        # a date cell, as Sheets shows it (dateTimeRenderOption=FORMATTED_STRING)
        ("01/03/2024", "tanggal"),
        ("3/1/2024", "tanggal"),
        ("2024-03-01", "tanggal"),
        ("5 Oktober 2024", "tanggal"),
    ],
)
def test_money_rejected(raw, fragment):
    with pytest.raises(CellError, match=fragment):
        parse.parse_money(raw)


def test_money_ceiling_is_one_triliun_per_row():
    assert parse.parse_money("1 T") == 1_000_000_000_000
    assert parse.parse_money(1_000_000_000_000) == 1_000_000_000_000


@pytest.mark.parametrize("raw", parse.FORMULA_ERRORS)
@pytest.mark.parametrize(
    "reader",
    [
        parse.parse_money,
        parse.parse_count,
        parse.parse_month,
        parse.parse_date,
        parse.parse_year,
        parse.parse_yesno,
        lambda v: parse.parse_choice(v, "pilar"),
        parse.OfficeMatcher(["KLL Pakis"]),
        parse.parse_text,
    ],
)
def test_formula_errors_are_broken_formulas_in_every_column(raw, reader):
    for cell in (raw, f" {raw.lower()} "):
        with pytest.raises(CellError, match="rumus") as caught:
            reader(cell)
        assert "huruf" not in str(caught.value)


@pytest.mark.parametrize("raw", ["01/03/2024", date(2024, 3, 1), "1/3/2024"])
def test_a_date_is_not_a_count(raw):
    with pytest.raises(CellError, match="tanggal"):
        parse.parse_count(raw)


@pytest.mark.parametrize("raw", [10**9, 1e300, float("inf"), "1" + "0" * 50])
def test_counts_have_a_ceiling(raw):
    with pytest.raises(CellError, match="terlalu besar"):
        parse.parse_count(raw)


def test_money_empty_is_left_to_the_caller():
    assert parse.parse_money("  ") is parse.EMPTY
    assert parse.parse_money(None) is parse.EMPTY


@pytest.mark.parametrize(
    "raw",
    [
        "2024-10",
        "2024-10-05",
        "10/2024",
        "05/10/2024",
        "Okt 2024",
        "Oktober 2024",
        "okt-24",
        "October 2024",
        "Oct 2024",
        "OKTOBER 2024",
        "Sabtu, 5 Oktober 2024",
        datetime(2024, 10, 5, 0, 0),
        date(2024, 10, 31),
        45570,  # Sheets serial of 2024-10-05
        45570.0,
    ],
)
def test_month_october_2024(raw):
    assert parse.parse_month(raw) == (2024, 10)


def test_month_short_names_for_august():
    assert parse.parse_month("Agu 2024") == parse.parse_month("Agt 2024") == (2024, 8)
    assert parse.parse_month("Ags 2024") == (2024, 8)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("13/2024", "tidak ada"),
        ("2024-13", "tidak ada"),
        ("Oktober", "tanpa tahun"),
        ("10", "tanpa tahun"),
        (10, "tanpa tahun"),
        ("1999-05", "1999"),
        ("Oktbr 2024", "Oktober"),
        (2024, "tahun saja"),
        ("31/02/2024", "tidak ada"),
    ],
)
def test_month_rejected(raw, fragment):
    with pytest.raises(CellError, match=fragment):
        parse.parse_month(raw)


def test_dates_day_month_year():
    assert parse.parse_date("05/10/2024") == date(2024, 10, 5)
    assert parse.parse_date("Sabtu, 5 Oktober 2024") == date(2024, 10, 5)
    assert parse.parse_date(45570) == date(2024, 10, 5)
    assert parse.parse_date("Juni 2024") == date(2024, 6, 1)  # founding month only
    with pytest.raises(CellError, match="hari"):
        parse.parse_full_date("Oktober 2024")


@pytest.mark.parametrize(
    ("locale", "order"),
    [
        ("en_US", parse.MONTH_FIRST),
        ("en-US", parse.MONTH_FIRST),
        ("en_PH", parse.MONTH_FIRST),
        ("in_ID", parse.DAY_FIRST),  # Google's (old Java) code for Indonesian
        ("id_ID", parse.DAY_FIRST),
        ("en_GB", parse.DAY_FIRST),
        ("de_DE", parse.DAY_FIRST),
        ("ja_JP", parse.DAY_FIRST),  # 2024/03/01: year first, read as ISO
        ("xx_YY", parse.DAY_FIRST),  # unknown: as Indonesians write
        ("", parse.DAY_FIRST),
        (None, parse.DAY_FIRST),
    ],
)
def test_date_order_follows_the_sheets_locale(locale, order):
    assert parse.date_order(locale) == order


def test_month_first_dates_as_a_us_locale_sheet_shows_them():
    us = parse.MONTH_FIRST
    assert parse.parse_date("3/1/2024", us) == date(2024, 3, 1)
    assert parse.parse_date("3/1/2024", parse.DAY_FIRST) == date(2024, 1, 3)
    assert parse.parse_full_date("10/5/2024 9:30:00", us) == date(2024, 10, 5)
    assert parse.parse_month("3/1/2024", us) == (2024, 3)
    assert parse.parse_month("10/2024", us) == (2024, 10)  # month and year: no day to swap
    assert parse.parse_month("2024-03-01", us) == (2024, 3)
    assert parse.parse_deadline("12/31/2024", us) == date(2024, 12, 31)
    assert parse.parse_deadline("11/2024", us) == date(2024, 11, 30)
    with pytest.raises(CellError, match="bulan 13"):
        parse.parse_date("13/1/2024", us)  # day-first text in a month-first sheet
    with pytest.raises(CellError, match="tanggal"):
        parse.parse_money("3/13/2024")  # a US date cell in Jumlah is still a date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(120, 120), ("120", 120), ("1.250", 1250), ("120 orang", 120), ("120 jiwa", 120), ("-", 0)],
)
def test_counts(raw, expected):
    assert parse.parse_count(raw) == expected


@pytest.mark.parametrize("raw", ["1,250", "12,5", 12.5, "-3", "banyak", "12 dan 13"])
def test_counts_rejected(raw):
    with pytest.raises(CellError):
        parse.parse_count(raw)


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("Sosdak", "pilar", "Sosial Dakwah"),
        ("dakwah", "pilar", "Sosial Dakwah"),
        ("Sosial & Dakwah", "pilar", "Sosial Dakwah"),
        ("KESEHATAN", "pilar", "Kesehatan"),
        ("infak", "jenis_dana", "Infaq/Sedekah Tidak Terikat"),
        ("sedekah", "jenis_dana", "Infaq/Sedekah Tidak Terikat"),
        ("shadaqah", "jenis_dana", "Infaq/Sedekah Tidak Terikat"),
        ("infaq/sedekah terikat", "jenis_dana", "Infaq/Sedekah Terikat"),
        ("fitrah", "jenis_dana", "Zakat Fitrah"),
        ("fidyah", "jenis_dana", "DSKL"),
        ("Qurban", "jenis_dana", "DSKL"),
        ("zakat mal", "jenis_dana", "Zakat Maal"),
        ("selesai", "status_program", "Selesai"),
        ("pentasharufan", "bidang", "Penyaluran"),
    ],
)
def test_choices_and_synonyms(raw, kind, expected):
    assert parse.parse_choice(raw, kind) == expected


def test_unknown_choice_lists_valid_values():
    with pytest.raises(CellError, match="Pendidikan, Kesehatan, Ekonomi"):
        parse.parse_choice("Olahraga", "pilar")
    with pytest.raises(CellError, match="bukan pilar"):
        parse.parse_choice("Ramadhan", "pilar")
    with pytest.raises(CellError, match="bukan jenis dana"):
        parse.parse_choice("CSR", "jenis_dana")


def test_office_matching_is_loose_but_never_corrects():
    match = parse.OfficeMatcher(["KLL Pakis", "KLL Pakisaji", "KLL Wajak"])
    for typed in [
        "kll  pakis",
        "PAKIS",
        "Kantor Layanan Pakis",
        "KLL. Pakis",
        "Kantor Layanan Lazismu Pakis",
    ]:
        assert match(typed) == "KLL Pakis"
    with pytest.raises(CellError, match="Maksudnya KLL Pakis"):
        match("Pakiss")
    with pytest.raises(CellError, match="tidak ada"):
        match("KLL Dampit")


def test_yes_no():
    assert parse.parse_yesno("Ya") is True
    assert parse.parse_yesno("tidak") is False
    with pytest.raises(CellError, match="Ya atau Tidak"):
        parse.parse_yesno("mungkin")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("  KLL\u00a0\u00a0Pakis\t", "KLL Pakis"),
        ("a\u202fb\u2007c\r\nd", "a b c d"),
        ("\u00a0\u202f\u2007 \t\n", ""),
        ("zero\u200bwidth", "zero\u200bwidth"),  # not a space: kept, as before
        (12.0, "12"),
        (None, ""),
    ],
)
def test_clean_text_collapses_every_kind_of_space(raw, text):
    assert parse.clean_text(raw) == text
    assert parse.is_empty(raw) == (text == "")


@pytest.mark.parametrize("typed", ["Sabtu, 5 Oktobre 2024", "kemarin", "5", "13/13/2024", 99999])
def test_a_bad_date_gets_a_dates_advice_not_a_months(typed):
    from lib.data.parse import CellError, parse_date, parse_full_date

    for read in (parse_full_date, parse_date):
        with pytest.raises(CellError) as caught:
            read(typed)
        message = str(caught.value)
        assert "Tulis bulan dengan tahun" not in message
        assert "bukan bulan" not in message
