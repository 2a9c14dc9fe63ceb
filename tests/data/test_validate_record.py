"""Bad input in tabs Kehadiran and Keputusan: each rule, with the message that says what to fix."""

from __future__ import annotations

from datetime import date

from lib.data.dataset import ERROR, WARNING, RawBook, RawTable, SourceInfo
from lib.data.validate import nearest_meeting, validate

TODAY = date(2024, 12, 20)
KANTOR = [
    ["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"],
    ["KLL Pakis", "Pakis", "", "", "Ya"],
    ["KLL Wajak", "Wajak", "", "", "Ya"],
]
RAPAT = [["Tanggal"], ["07/09/2024"], ["05/10/2024"], ["02/11/2024"]]
KEHADIRAN_HEAD = ["Tanggal Rapat", "Kantor", "Perwakilan", "Status"]
KEPUTUSAN_HEAD = [
    "Tanggal Rapat",
    "Keputusan",
    "Penanggung Jawab",
    "Tenggat",
    "Status",
    "Tanggal Selesai",
    "Catatan",
]


def check(tab: str, rows: list[list], rapat: list[list] = RAPAT):
    tables = {"Kantor": KANTOR, "Rapat": rapat, tab: rows}
    raw = RawBook(
        SourceInfo("workbook", "t.xlsx"),
        {k: RawTable(k, [list(r) for r in v]) for k, v in tables.items()},
    )
    ds = validate(raw, today=TODAY)
    problems = ds.problems[ds.problems["tab"] == tab]
    return ds, problems


def at(problems, row):
    return problems[problems["row"] == row]


def test_nearest_meeting():
    dates = [date(2024, 9, 7), date(2024, 10, 5), date(2024, 11, 2)]
    assert nearest_meeting(date(2024, 10, 6), dates) == date(2024, 10, 5)
    assert nearest_meeting(date(2024, 10, 19), dates) == date(2024, 10, 5)  # tie: the earlier
    assert nearest_meeting(date(2025, 1, 1), dates) == date(2024, 11, 2)
    assert nearest_meeting(date(2025, 1, 1), []) is None


def test_attendance_on_a_day_with_no_meeting_is_rejected_with_the_nearest():
    ds, p = check(
        "Kehadiran",
        [KEHADIRAN_HEAD, ["06/10/2024", "Pakis", "", ""], ["05/10/2024", "Pakis", "", ""]],
    )
    assert list(ds.attendance["row"]) == [3]
    (message,) = at(p, 2)["message"]
    assert "06/10/2024" in message and "Maksudnya rapat 05/10/2024?" in message
    assert set(at(p, 2)["severity"]) == {ERROR} and set(at(p, 2)["cell"]) == {"A2"}
    acc = ds.accounts["Kehadiran"]
    assert (acc.rows, acc.valid, acc.rejected) == (2, 1, 1)


def test_decision_of_a_day_with_no_meeting_is_rejected_with_the_nearest():
    ds, p = check("Keputusan", [KEPUTUSAN_HEAD, ["2024-11-03", "Target 2025", "", "", "", "", ""]])
    assert ds.decisions.empty
    assert "Maksudnya rapat 02/11/2024?" in at(p, 2)["message"].iloc[0]


def test_no_meeting_at_all_says_to_fill_tab_rapat():
    ds, p = check("Kehadiran", [KEHADIRAN_HEAD, ["05/10/2024", "Pakis"]], rapat=[["Tanggal"]])
    assert ds.attendance.empty
    assert "tab Rapat kosong" in at(p, 2)["message"].iloc[0]


def test_office_not_in_kantor_is_rejected_with_a_suggestion():
    ds, p = check(
        "Kehadiran",
        [KEHADIRAN_HEAD, ["05/10/2024", "KLL Pakiss", "", ""], ["05/10/2024", "Dampit", "", ""]],
    )
    assert ds.attendance.empty
    assert "Maksudnya KLL Pakis?" in at(p, 2)["message"].iloc[0]
    assert "tidak ada di tab Kantor" in at(p, 3)["message"].iloc[0]
    assert list(at(p, 2)["column"]) == ["Kantor"]


def test_second_row_for_the_same_office_and_meeting_is_rejected():
    ds, p = check(
        "Kehadiran",
        [
            KEHADIRAN_HEAD,
            ["05/10/2024", "KLL Pakis", "Ani", ""],
            ["5 Oktober 2024", "pakis", "", "Izin"],
        ],
    )
    assert list(ds.attendance["status"]) == ["Hadir"]
    assert "sudah ada di baris 2" in at(p, 3)["message"].iloc[0]


def test_attendance_status_synonyms_and_unknown_status():
    ds, p = check(
        "Kehadiran",
        [
            KEHADIRAN_HEAD,
            ["05/10/2024", "Pakis", "", "ijin"],
            ["05/10/2024", "Wajak", "", "telat"],
            ["07/09/2024", "Wajak", "", "alpa"],
        ],
    )
    assert list(ds.attendance["status"]) == ["Izin", "Tidak Hadir"]
    assert "Hadir, Izin, Tidak Hadir" in at(p, 3)["message"].iloc[0]


def test_deadline_before_its_meeting_is_a_warning_and_the_row_stays():
    ds, p = check(
        "Keputusan",
        [KEPUTUSAN_HEAD, ["05/10/2024", "Rekening bank", "Pakis", "05/09/2024", "", "", ""]],
    )
    assert list(ds.decisions["row"]) == [2]
    assert list(at(p, 2)["severity"]) == [WARNING]
    assert list(at(p, 2)["column"]) == ["Tenggat"]
    assert "sebelum rapat yang memutuskannya" in at(p, 2)["message"].iloc[0]
    assert ds.accounts["Keputusan"].warnings == 1


def test_responsible_office_matched_loosely_else_a_persons_name():
    ds, p = check(
        "Keputusan",
        [
            KEPUTUSAN_HEAD,
            ["05/10/2024", "A", "pakis", "", "", "", ""],
            ["05/10/2024", "B", "Bu Siti (Bendahara)", "", "", "", ""],
            ["05/10/2024", "C", "kll pakis dan WAJAK", "", "", "", ""],
            ["05/10/2024", "D", "Semua KLL", "", "", "", ""],
            ["05/10/2024", "E", "KLL Wajakk", "", "", "", ""],
        ],
    )
    d = ds.decisions
    assert list(d["responsible"]) == [
        "KLL Pakis",
        "Bu Siti (Bendahara)",
        "KLL Pakis, KLL Wajak",
        "Semua KLL",
        "KLL Wajakk",
    ]
    assert list(d["responsible_offices"]) == [
        ["KLL Pakis"],
        [],
        ["KLL Pakis", "KLL Wajak"],
        ["KLL Pakis", "KLL Wajak"],
        [],
    ]
    # A name that is nearly an office is kept, with a warning saying how to make it one.
    assert list(p["row"]) == [6] and list(p["severity"]) == [WARNING]
    assert "Bila maksudnya KLL Wajak" in p["message"].iloc[0]


def test_closing_date_with_status_open_is_a_warning():
    ds, p = check(
        "Keputusan",
        [KEPUTUSAN_HEAD, ["05/10/2024", "A", "", "", "Terbuka", "20/10/2024", ""]],
    )
    assert list(ds.decisions["status"]) == ["Terbuka"]
    assert "Status masih Terbuka" in at(p, 2)["message"].iloc[0]
    assert list(at(p, 2)["severity"]) == [WARNING]


def test_decision_text_and_meeting_are_required():
    ds, p = check(
        "Keputusan",
        [KEPUTUSAN_HEAD, ["05/10/2024", "", "Pakis", "", "", "", "catatan"], ["", "B"]],
    )
    assert ds.decisions.empty
    assert list(at(p, 2)["column"]) == ["Keputusan"]
    assert list(at(p, 3)["column"]) == ["Tanggal Rapat"]


def test_a_present_record_tab_with_a_wrong_header_is_reported():
    ds, p = check("Keputusan", [["Tanggal", "Keputusan"], ["05/10/2024", "A"]])
    assert not ds.accounts["Keputusan"].loaded
    assert "Tanggal Rapat" in p["message"].iloc[0]
