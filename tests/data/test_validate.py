"""Validation of whole tabs: header detection, row accounting, problems."""

from datetime import date

import pandas as pd
import pytest

from lib.data.dataset import ERROR, NOTICE, WARNING, RawBook, RawTable, SourceInfo
from lib.data.validate import column_letter, validate
from tests.fake_sheets import fake_sheets_fixture  # noqa: F401

TODAY = date(2024, 11, 15)

KANTOR = [
    ["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"],
    ["KLL Pakis", "Pakis", "2020-01-10", "A", "Ya"],
    ["KLL Wajak", "Wajak", "", "B", ""],
    ["KLL Lama", "Tumpang", "", "", "Tidak"],
]


def book(**tabs) -> RawBook:
    tables = {"Kantor": RawTable("Kantor", [list(r) for r in KANTOR])}
    for name, rows in tabs.items():
        tables[name] = RawTable(name, [list(r) for r in rows])
    return RawBook(SourceInfo("workbook", "test.xlsx"), tables)


def problems_at(ds, tab, row):
    p = ds.problems
    return p[(p["tab"] == tab) & (p["row"] == row)]


def test_title_rows_above_the_header_and_loose_header_names():
    rows = [
        ["Laporan Penghimpunan 2024"],
        [],
        ["  bulan ", "KANTOR", "jenis  dana", "Jumlah", "Catatan Pribadi"],
        ["Okt 2024", "kll  pakis", "infak", "Rp 1.500.000", "x"],
    ]
    ds = validate(book(Penghimpunan=rows), today=TODAY)
    c = ds.collections
    assert list(c["row"]) == [4]  # the sheet row, header counted
    assert c.iloc[0]["office"] == "KLL Pakis"
    assert c.iloc[0]["fund_type"] == "Infaq/Sedekah Tidak Terikat"
    assert c.iloc[0]["amount"] == 1500000
    assert (c.iloc[0]["year"], c.iloc[0]["month"]) == (2024, 10)
    notice = ds.problems[ds.problems["severity"] == NOTICE]
    assert list(notice["column"]) == ["Catatan Pribadi"]


def test_every_row_is_accounted_for():
    rows = [
        ["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur", "Keterangan"],
        ["2024-10", "Pakis", "Zakat Maal", "2 jt", "12 orang", ""],  # 2 valid
        ["", "", "", "", "", ""],  # 3 blank
        ["2024-10", "Pakiss", "Zakat Maal", "1,500", "", ""],  # 4 rejected, two problems
        ["2024-10", "Wajak", "Zakat", "1000", "", ""],  # 5 rejected
        ["2024-12", "Wajak", "fitrah", "1000", "", ""],  # 6 rejected: future month
        [None, None, None, None, None, "catatan saja"],  # 7 rejected: required empty
        ["2024-09", "KLL Lama", "infaq", "-", "", ""],  # 8 valid: inactive still counts
    ]
    ds = validate(book(Penghimpunan=rows), today=TODAY)
    acc = ds.accounts["Penghimpunan"]
    assert (acc.rows, acc.valid, acc.rejected, acc.blank) == (7, 2, 4, 1)
    assert acc.rows == acc.valid + acc.rejected + acc.blank
    assert list(ds.collections["row"]) == [2, 8]
    assert ds.collections["amount"].sum() == 2_000_000
    row4 = problems_at(ds, "Penghimpunan", 4)
    assert set(row4["column"]) == {"Kantor", "Jumlah"}
    assert set(row4["cell"]) == {"B4", "D4"}
    assert "Maksudnya KLL Pakis" in " ".join(row4["message"])
    assert "belum terjadi" in problems_at(ds, "Penghimpunan", 6)["message"].iloc[0]
    assert set(problems_at(ds, "Penghimpunan", 7)["column"]) == {
        "Bulan",
        "Kantor",
        "Jenis Dana",
        "Jumlah",
    }
    assert problems_at(ds, "Penghimpunan", 5)["office"].iloc[0] == "KLL Wajak"


def test_missing_tab_and_missing_required_column_leave_other_tabs_loaded():
    rows = [["Bulan", "Kantor", "Pilar", "Nama Program"], ["2024-10", "Pakis", "Ekonomi", "UMKM"]]
    ds = validate(book(Program=rows), today=TODAY)
    assert not ds.accounts["Program"].loaded
    assert not ds.accounts["Penghimpunan"].loaded
    msg = ds.problems[ds.problems["tab"] == "Program"]["message"].iloc[0]
    assert "'Program'" in msg and "Nama Program" in msg
    missing_tab = ds.problems[ds.problems["tab"] == "Penghimpunan"]["message"].iloc[0]
    assert "tidak ditemukan" in missing_tab
    assert len(ds.offices) == 3
    assert ds.programs.empty and "pillar" in ds.programs.columns


def test_tab_names_match_ignoring_case_and_spaces():
    rows = [["Tahun", "Kantor", "Target Penghimpunan"], [2024, "Pakis", "100 jt"]]
    b = book()
    b.tables[" target "] = RawTable(" target ", rows)
    ds = validate(b, today=TODAY)
    assert ds.targets["target_collection"].tolist() == [100_000_000]


def test_second_target_for_same_office_and_year_is_rejected():
    rows = [
        ["Tahun", "Kantor", "Target Penghimpunan", "Target Penyaluran"],
        [2024, "KLL Pakis", 100_000_000, 80_000_000],
        ["2024", "pakis", "90 jt", ""],
        [2023, "Pakis", "90 jt", ""],
    ]
    ds = validate(book(Target=rows), today=TODAY)
    assert list(ds.targets["row"]) == [2, 4]
    assert "baris 2" in problems_at(ds, "Target", 3)["message"].iloc[0]


def test_duplicate_office_names_in_kantor_tab():
    b = book()
    b.tables["Kantor"].rows.append(["kll pakis", "", "", "", ""])
    ds = validate(b, today=TODAY)
    assert len(ds.offices) == 3
    assert ds.accounts["Kantor"].rejected == 1
    assert not ds.offices["active"].iloc[2]


def test_identical_rows_are_kept_and_flagged():
    header = ["Bulan", "Kantor", "Pilar", "Program", "Status"]
    row = ["2024-10", "Pakis", "Kesehatan", "Ambulan", ""]
    ds = validate(book(Program=[header, row, row]), today=TODAY)
    assert len(ds.programs) == 2
    assert ds.accounts["Program"].warnings == 2
    warnings = ds.problems[ds.problems["severity"] == WARNING]
    assert list(warnings["row"]) == [2, 3]
    assert list(ds.programs["status"]) == ["Berjalan", "Berjalan"]  # the default


def test_blank_rows_between_different_rows_are_no_double_entry():
    header = ["Bulan", "Kantor", "Pilar", "Program", "Status"]
    rows = [
        header,
        ["2024-10", "Pakis", "Kesehatan", "Ambulan"],
        [],
        [None, "  "],
        [],
        ["2024-11", "Pakis", "Kesehatan", "Ambulan"],
    ]
    ds = validate(book(Program=rows), today=TODAY)
    assert len(ds.programs) == 2
    assert ds.accounts["Program"].blank == 3
    assert ds.accounts["Program"].warnings == 0
    assert ds.problems[ds.problems["tab"] == "Program"].empty


def test_meetings_period_defaults_to_month_before_and_agenda_splits():
    rows = [
        ["Tanggal", "Tempat", "Periode", "Agenda Tambahan"],
        ["Sabtu, 5 Oktober 2024", "Warung Parikaton", "", "Kado Ramadhan; Evaluasi\nLain"],
        ["2024-01-06", "", "", ""],
        ["2024-11-02", "", "Agustus 2024", ""],
    ]
    ds = validate(book(Rapat=rows), today=TODAY)
    m = ds.meetings
    assert list(zip(m["period_year"], m["period_month"], strict=True)) == [
        (2024, 9),
        (2023, 12),
        (2024, 8),
    ]
    assert m["extra_agenda"].iloc[0] == ["Kado Ramadhan", "Evaluasi", "Lain"]
    assert m["date"].iloc[0].date() == date(2024, 10, 5)


def test_no_figure_comes_from_a_rejected_row():
    rows = [
        ["Bulan", "Kantor", "Pilar", "Program", "Penerima Manfaat", "Jumlah Penyaluran"],
        ["2024-10", "Pakis", "Ekonomi", "UMKM", "10", "5 jt"],
        ["2024-10", "Pakis", "Ekonomi", "UMKM 2", "10,5", "5 jt"],
    ]
    ds = validate(book(Program=rows), today=TODAY)
    assert ds.programs["distribution"].sum() == 5_000_000
    assert ds.accounts["Program"].rejected == 1
    program_errors = ds.problems[(ds.problems["tab"] == "Program")]
    assert list(program_errors["severity"]) == [ERROR]
    assert list(program_errors["column"]) == ["Penerima Manfaat"]


@pytest.mark.parametrize(("i", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB")])
def test_column_letters(i, letters):
    assert column_letter(i) == letters


# --------------------------------------------------------------------------- sheet as typed

COLLECT = ["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur", "Keterangan"]


def test_formula_errors_are_broken_formulas_not_letters():
    rows = [COLLECT, ["2024-10", "Pakis", "Zakat Maal", "#REF!"], ["#N/A", "Pakis", "infaq", 5000]]
    ds = validate(book(Penghimpunan=rows), today=TODAY)
    assert ds.accounts["Penghimpunan"].rejected == 2
    messages = problems_at(ds, "Penghimpunan", 2)["message"].tolist()
    messages += problems_at(ds, "Penghimpunan", 3)["message"].tolist()
    assert all("rumus yang rusak" in m and "huruf" not in m for m in messages), messages


def test_empty_required_cell_under_a_value_may_be_merged():
    rows = [
        COLLECT,
        ["2024-10", "Pakis", "Zakat Maal", 1_000_000],
        [None, None, "infaq", 2_000_000],  # Bulan and Kantor merged with the row above
    ]
    ds = validate(book(Penghimpunan=rows), today=TODAY)
    messages = problems_at(ds, "Penghimpunan", 3)["message"].tolist()
    assert len(messages) == 2 and all("digabung" in m for m in messages), messages


def test_empty_required_cell_under_an_empty_one_is_just_required():
    rows = [COLLECT, ["2024-10", None, "Zakat Maal", 1_000_000], ["2024-10", None, "infaq", 5000]]
    ds = validate(book(Penghimpunan=rows), today=TODAY)
    assert all("digabung" not in m for m in ds.problems["message"])


def test_bad_optional_cell_of_an_office_drops_the_cell_not_the_office():
    b = book(Penghimpunan=[COLLECT, ["2024-10", "Pakis", "Zakat Maal", 1_000_000]])
    b.tables["Kantor"].rows[1] = ["KLL Pakis", "Pakis", "#REF!", "A", "Ya"]
    ds = validate(b, today=TODAY)
    assert "KLL Pakis" in list(ds.offices["office"])
    assert ds.offices.set_index("office").loc["KLL Pakis", "founded"] is pd.NaT
    assert ds.accounts["Kantor"].rejected == 0
    assert len(ds.collections) == 1  # not "tidak ada di tab Kantor"
    warning = problems_at(ds, "Kantor", 2)
    assert list(warning["severity"]) == [WARNING]
    assert "rumus" in warning["message"].iloc[0] and warning["cell"].iloc[0] == "C2"


def test_implausible_values_are_warnings_and_kept():
    targets = [
        ["Tahun", "Kantor", "Target Penghimpunan", "Target Penyaluran"],
        [2024, "Pakis", 36, 24_000_000],
    ]
    rows = [COLLECT, ["2024-10", "Pakis", "Zakat Maal", 500], ["2024-10", "Wajak", "infaq", "-"]]
    ds = validate(book(Target=targets, Penghimpunan=rows), today=TODAY)
    assert ds.targets["target_collection"].tolist() == [36]
    assert len(ds.collections) == 2
    target_warning = problems_at(ds, "Target", 2)
    assert list(target_warning["severity"]) == [WARNING]
    assert "36 dibaca Rp36, maksudnya 36 jt?" in target_warning["message"].iloc[0]
    small = problems_at(ds, "Penghimpunan", 2)
    assert list(small["severity"]) == [WARNING] and "Rp500" in small["message"].iloc[0]
    assert problems_at(ds, "Penghimpunan", 3).empty  # "-" is nil, not implausible
    assert ds.accounts["Penghimpunan"].warnings == 1


def test_google_sheet_as_typed_end_to_end(fake_sheets):
    """Dates as Sheets shows them, a percent cell, a fraction, an error and a merge."""
    from datetime import datetime

    from lib.data.sources import read_source
    from tests.fake_sheets import merge_down, typed

    collect = [
        COLLECT,
        [datetime(2024, 10, 1), "Pakis", "Zakat Maal", typed("750.000"), 3],
        ["Okt 2024", "Pakis", "infaq", date(2024, 3, 1)],  # a date in Jumlah
        ["Okt 2024", "Pakis", "infaq", 0.15],  # a percent cell
        ["Okt 2024", "Wajak", "infaq", 1_500_000.5],
        ["Okt 2024", "Wajak", "DSKL", "#DIV/0!"],
        ["Okt 2024", "Wajak", "DSKL", 10_000],
        ["Okt 2024", "Wajak", "DSKL", 20_000],
    ]
    kantor = [list(r) for r in KANTOR]
    fake_sheets.set_book("Rekap", {"Kantor": kantor, "Penghimpunan": merge_down(collect, 6, 1, 2)})
    ds = validate(read_source(fake_sheets.source_config()), today=TODAY)
    assert ds.collections["amount"].tolist() == [750_000, 10_000]
    assert ds.source.foreign_locale is False
    message = {r: problems_at(ds, "Penghimpunan", r)["message"].iloc[0] for r in (3, 4, 5, 6, 8)}
    assert "tanggal" in message[3] and "01/03/2024" in message[3]
    assert "persen" in message[4]
    assert "bulat" in message[5]
    assert "rumus yang rusak" in message[6]
    assert "digabung" in message[8]
    assert ds.accounts["Penghimpunan"].as_dict()["rows"] == 7


def test_us_locale_sheet_is_flagged(fake_sheets):
    from lib.data.sources import read_source
    from tests.fake_sheets import typed

    collect = [COLLECT, ["Okt 2024", "Pakis", "Zakat Maal", typed("750.000", "en_US")]]
    fake_sheets.set_book("Rekap", {"Kantor": KANTOR, "Penghimpunan": collect}, locale="en_US")
    ds = validate(read_source(fake_sheets.source_config()), today=TODAY)
    assert ds.source.foreign_locale
    assert ds.collections["amount"].tolist() == [750]  # what Google made of it: hence the banner


@pytest.mark.parametrize("locale", ["en_US", "en_GB", "in_ID", "de_DE"])
def test_date_cells_read_in_the_order_of_the_sheets_locale(fake_sheets, locale):
    """1 March as a US sheet shows it (3/1/2024) is March, not 3 January."""
    from lib.data.sources import read_source

    kantor = [list(KANTOR[0]), ["KLL Pakis", "Pakis", date(2020, 1, 10), "A", "Ya"]]
    collect = [
        COLLECT,
        [date(2024, 3, 1), "Pakis", "Zakat Maal", 750_000],
        [date(2024, 10, 12), "Pakis", "Zakat Maal", 250_000],
    ]
    rapat = [
        ["Tanggal", "Tempat", "Periode", "Agenda Tambahan", "Catatan"],
        [date(2024, 11, 2), "Aula", date(2024, 9, 1), None, None],
    ]
    tabs = {"Kantor": kantor, "Penghimpunan": collect, "Rapat": rapat}
    fake_sheets.set_book("Rekap", tabs, locale=locale)
    ds = validate(read_source(fake_sheets.source_config()), today=TODAY)
    read = ds.problems[ds.problems["tab"].isin(list(tabs))]
    assert read.empty, read.to_string()
    months = list(zip(ds.collections["year"], ds.collections["month"], strict=True))
    assert months == [(2024, 3), (2024, 10)]
    assert ds.offices["founded"].dt.date.tolist() == [date(2020, 1, 10)]
    assert ds.meetings["date"].dt.date.tolist() == [date(2024, 11, 2)]
    assert ds.meetings[["period_year", "period_month"]].values.tolist() == [[2024, 9]]
    assert ds.source.foreign_locale is (locale != "in_ID")  # the banner still says so


def test_pengaturan_names_the_district_and_notes_unknown_keys():
    ds = validate(
        book(
            Pengaturan=[
                ["Kunci", "Nilai"],
                [" NAMA ", "  LAZISMU  Kota Batu "],
                ["Warna", "hijau"],
                [None, None],
                ["nama", "LAZISMU Lain"],
            ]
        ),
        today=TODAY,
    )
    assert ds.settings == {"name": "LAZISMU Kota Batu"}  # the first Nama row wins
    assert ds.accounts["Pengaturan"].as_dict() == {
        "rows": 4,
        "valid": 3,
        "rejected": 0,
        "blank": 1,
        "warnings": 0,
    }
    note = problems_at(ds, "Pengaturan", 3)
    assert list(note["severity"]) == [NOTICE]
    assert "Warna" in note["message"].iloc[0] and "Nama" in note["message"].iloc[0]
    repeated = problems_at(ds, "Pengaturan", 5)
    assert list(repeated["severity"]) == [WARNING] and "baris 2" in repeated["message"].iloc[0]


def test_without_pengaturan_there_is_no_name_and_no_problem():
    ds = validate(book(), today=TODAY)
    assert ds.settings == {}
    assert "Pengaturan" not in ds.accounts
    assert not (ds.problems["tab"] == "Pengaturan").any()


def test_a_pengaturan_value_without_a_key_is_rejected():
    ds = validate(book(Pengaturan=[["Kunci", "Nilai"], ["", "LAZISMU Kota Batu"]]), today=TODAY)
    assert ds.settings == {}
    assert ds.accounts["Pengaturan"].rejected == 1
    assert list(problems_at(ds, "Pengaturan", 2)["severity"]) == [ERROR]
