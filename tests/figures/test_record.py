"""The meeting record: attendance per meeting, decisions carried until done.

Three meetings (7 Sep, 5 Oct, 2 Nov 2024) and a fourth (7 Dec 2024); every
expectation below is counted by hand from the rows in this file.
"""

from __future__ import annotations

from datetime import date

import pytest

from lib.data.dataset import RawBook, RawTable, SourceInfo
from lib.data.validate import validate
from lib.figures import record

TODAY = date(2024, 12, 20)
M1, M2, M3, M4 = date(2024, 9, 7), date(2024, 10, 5), date(2024, 11, 2), date(2024, 12, 7)

KANTOR = [
    ["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"],
    ["KLL Pakis", "Pakis", "2020-01-10", "A", "Ya"],
    ["KLL Wajak", "Wajak", "", "B", ""],
    ["KLL Pagak", "Pagak", "2024-10-01", "C", "Ya"],  # founded between M1 and M2
    ["KLL Lama", "Tumpang", "", "", "Tidak"],  # inactive
]
RAPAT = [
    ["Tanggal", "Tempat"],
    ["07/09/2024", "Aula"],
    ["05/10/2024", "Warung Parikaton"],
    ["02/11/2024", ""],
    ["07/12/2024", ""],
]
KEHADIRAN = [
    ["Tanggal Rapat", "Kantor", "Perwakilan", "Status"],
    ["07/09/2024", "KLL Pakis", "Ani", ""],  # empty status: Hadir
    ["07/09/2024", "wajak", "", "izin"],
    ["05/10/2024", "KLL Pakis", "Ani, Budi", "Hadir"],
    ["05/10/2024", "KLL Lama", "Cici", "Hadir"],  # inactive office, recorded anyway
    ["05/10/2024", "KLL Pagak", "", "Tidak Hadir"],
    # KLL Wajak has no row on 5 Oct: belum dicatat. Nothing at all on 2 Nov.
]
KEPUTUSAN = [
    ["Tanggal Rapat", "Keputusan", "Penanggung Jawab", "Tenggat", "Status", "Tanggal Selesai"],
    # row 2: opened at M1, still open at M2, done 20 Oct (before M3)
    [
        "07/09/2024",
        "Laporan Agustus dilengkapi",
        "kll wajak",
        "30/09/2024",
        "Selesai",
        "20/10/2024",
    ],
    # row 3: opened at M1, never done; Tenggat 5 Oct is not before M2, is before M3
    ["07/09/2024", "Rekening bank KLL", "Semua KLL", "05/10/2024", "", ""],
    # row 4: opened at M2, closed in the room at M3
    ["05/10/2024", "Bahan pemetaan pilar", "Pak Ahmad", "Nov 2024", "Selesai", "02/11/2024"],
    # row 5: opened at M2, Selesai without a date: done by the next meeting (M3)
    ["05/10/2024", "Jadwal ambulan", "Pakis", "", "sudah", ""],
    # row 6: opened at M3, open
    ["02/11/2024", "Target 2025", "Pakis, Pagak", "", "", ""],
]


def book(**tabs: list[list]) -> RawBook:
    tables = {"Kantor": KANTOR, "Rapat": RAPAT, **tabs}
    return RawBook(
        SourceInfo("workbook", "test.xlsx"),
        {name: RawTable(name, [list(r) for r in rows]) for name, rows in tables.items()},
    )


@pytest.fixture(scope="module")
def ds():
    return validate(book(Kehadiran=KEHADIRAN, Keputusan=KEPUTUSAN), today=TODAY)


def test_fixture_is_clean(ds):
    mine = ds.problems[ds.problems["tab"].isin(["Kantor", "Rapat", "Kehadiran", "Keputusan"])]
    assert mine.empty, mine.to_string()
    assert len(ds.attendance) == 5 and len(ds.decisions) == 5


# --- carrying ------------------------------------------------------------------------------


def listed(ds, when):
    df = record.follow_ups(ds, when)
    return [(int(r), s) for r, s in zip(df["row"], df["state"], strict=True)]


def test_nothing_to_follow_up_at_the_first_meeting(ds):
    assert listed(ds, M1) == []


def test_open_decision_is_carried_then_shown_done_once_then_gone(ds):
    # row 2: opened at M1, Terbuka at M2, Selesai (20 Oct) before M3
    assert (2, "Terbuka") in listed(ds, M2)
    assert (2, "Selesai") in listed(ds, M3)
    assert [r for r, _ in listed(ds, M3)].count(2) == 1
    assert all(r != 2 for r, _ in listed(ds, M4))


def test_follow_ups_at_each_meeting(ds):
    # M2: rows 2 and 3 carried from M1; nothing done yet.
    assert listed(ds, M2) == [(2, "Terbuka"), (3, "Terbuka")]
    # M3: row 3 still open, row 4 and 5 of M2 done (4 in the room, 5 by default), row 2 done.
    assert listed(ds, M3) == [(3, "Terbuka"), (2, "Selesai"), (4, "Selesai"), (5, "Selesai")]
    # M4: row 3 and row 6 (of M3) open; nothing was done since M3.
    assert listed(ds, M4) == [(3, "Terbuka"), (6, "Terbuka")]


def test_overdue_is_a_tenggat_before_the_meeting(ds):
    at_m2 = record.follow_ups(ds, M2).set_index("row")["overdue"]
    assert bool(at_m2[2]) is True  # Tenggat 30 Sep < 5 Oct
    assert bool(at_m2[3]) is False  # Tenggat 5 Oct: due on the day, not overdue yet
    at_m3 = record.follow_ups(ds, M3).set_index("row")["overdue"]
    assert bool(at_m3[3]) is True
    assert not at_m3[[2, 4, 5]].any()  # done is never overdue
    at_m4 = record.follow_ups(ds, M4).set_index("row")["overdue"]
    assert bool(at_m4[6]) is False  # no Tenggat


def test_decided_at_a_meeting(ds):
    assert list(record.decided_at(ds, M2)["row"]) == [4, 5]
    df = record.decided_at(ds, M2)
    assert df["deadline"].iloc[0] == date(2024, 11, 30)  # "Nov 2024": the end of November
    assert df["responsible"].iloc[1] == "KLL Pakis"  # matched loosely, written as in Kantor
    assert df["responsible"].iloc[0] == "Pak Ahmad"  # a person, kept as typed


def test_open_and_overdue_counts(ds):
    # On 20 Dec: rows 3 and 6 open; row 3 overdue (5 Oct), row 6 has no Tenggat.
    assert record.decision_counts(ds, TODAY) == {"open": 2, "overdue": 1}
    # On 10 Oct: rows 2, 3 (M1) and 4, 5 (M2) open; row 2 overdue (30 Sep), row 3 too (5 Oct).
    assert record.decision_counts(ds, date(2024, 10, 10)) == {"open": 4, "overdue": 2}


def test_an_offices_open_decisions(ds):
    # Semua KLL names every office; "Pakis, Pagak" names two.
    assert list(record.open_decisions(ds, TODAY, "KLL Pakis")["row"]) == [3, 6]
    assert list(record.open_decisions(ds, TODAY, "KLL Pagak")["row"]) == [3, 6]
    assert list(record.open_decisions(ds, TODAY, "KLL Wajak")["row"]) == [3]
    assert list(record.open_decisions(ds, date(2024, 10, 10), "KLL Wajak")["row"]) == [2, 3]


# --- attendance ------------------------------------------------------------------------


def test_attendance_counts(ds):
    # M1: Pakis Hadir, Wajak Izin; Pagak did not exist yet, Lama inactive.
    assert record.attendance_counts(ds, M1) == {
        "Hadir": 1,
        "Izin": 1,
        "Tidak Hadir": 0,
        "belum dicatat": 0,
        "total": 2,
    }
    # M2: Pakis and Lama Hadir, Pagak Tidak Hadir, Wajak has no row: belum dicatat.
    assert record.attendance_counts(ds, M2) == {
        "Hadir": 2,
        "Izin": 0,
        "Tidak Hadir": 1,
        "belum dicatat": 1,
        "total": 4,
    }


def test_attendance_lists_expected_offices_first(ds):
    df = record.attendance(ds, M2)
    assert list(df["office"]) == ["KLL Pakis", "KLL Wajak", "KLL Pagak", "KLL Lama"]
    assert list(df["status"]) == ["Hadir", "belum dicatat", "Tidak Hadir", "Hadir"]
    assert df["representatives"].iloc[0] == "Ani, Budi"
    assert not record.attendance_recorded(ds, M3)


def test_an_offices_attendance_over_the_year(ds):
    df = record.office_attendance(ds, "KLL Wajak", 2024)
    assert list(df["meeting_date"]) == [M1, M2, M3, M4]
    assert list(df["status"]) == ["Izin", "belum dicatat", record.NO_LIST, record.NO_LIST]
    pagak = record.office_attendance(ds, "KLL Pagak", 2024)
    assert list(pagak["meeting_date"]) == [M2, M3, M4]  # founded 1 Oct
    assert record.office_attendance(ds, "KLL Pakis", 2023).empty


# --- a sheet without the new tabs ------------------------------------------------------


def test_a_sheet_without_the_record_tabs_works_as_before():
    ds = validate(book(), today=TODAY)
    assert "Kehadiran" not in ds.accounts and "Keputusan" not in ds.accounts
    assert not (ds.problems["tab"].isin(["Kehadiran", "Keputusan"])).any()
    assert (
        ds.problems[ds.problems["severity"] == "error"]["tab"]
        .isin(["Target", "Penghimpunan", "Program", "Kendala"])
        .all()
    )  # only the old tabs this fixture leaves out
    assert ds.attendance.empty and ds.decisions.empty
    assert record.follow_ups(ds, M2).empty
    assert record.decision_counts(ds, TODAY) == {"open": 0, "overdue": 0}
    assert record.attendance_counts(ds, M2)["belum dicatat"] == 3  # nobody recorded
    assert not record.attendance_recorded(ds, M2)
    assert record.open_decisions(ds, TODAY, "KLL Pakis").empty


def test_figures_are_memoised_per_dataset(ds):
    assert record.follow_ups(ds, M3) is not record.follow_ups(ds, M3)  # copies
    a, b = record.follow_ups(ds, M3), record.follow_ups(ds, M3)
    a["state"] = "x"
    assert (b["state"] != "x").all()
