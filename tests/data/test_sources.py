"""Sources end to end: the real gspread + google-auth stack against the loopback fake,
workbooks built with openpyxl, and the configuration rules."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import traceback
import types
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font, PatternFill

from lib.data.config import SourceConfig, parse_spreadsheet_id, source_config
from lib.data.sources import (
    SCOPES,
    SourceError,
    _first_row,
    _table,
    _trim,
    _typed,
    clear_metadata_cache,
    parse_workbook,
    read_google_sheet,
    read_source,
    read_workbook,
)
from tests.fake_sheets import DEFAULT_EMAIL, DEFAULT_ID, fake_sheets_fixture, serial  # noqa: F401

BOOK = {
    "Kantor": [
        ["Daftar Kantor Layanan LAZISMU"],
        ["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"],
        ["KLL Pakis", "Pakis", serial(date(2019, 3, 1)), None, "Ya"],
        ["KLL Pagak", None, serial(date(2024, 2, 1)), "Bu Siti", True],
    ],
    "Penghimpunan": [
        ["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur", "Keterangan"],
        [serial(date(2024, 10, 1)), "kll  pakis", "Zakat Maal", 1500000, 12],
        ["Okt 2024", "PAKIS", "infak", "1.500.000,50", None, "catatan"],
        [],
        [45566.5, "KLL Pagak", "DSKL", 250000.75, 3, None],
    ],
    "Catatan Rapat's": [["Tanggal"], [serial(date(2024, 10, 5))]],
}
INDONESIAN = ("tekan Muat ulang data", "Periksa", "Bagikan", "Tunggu", "Coba", "Unduh", "Buat")


def private_key_parts(info: dict) -> list[str]:
    """Lines of the PEM body: none may ever appear in a message."""
    return [line for line in info["private_key"].splitlines() if "PRIVATE KEY" not in line]


def assert_safe(error: SourceError, info: dict | None = None) -> None:
    text = f"{error} {error.message} {error!r}"
    assert "PRIVATE KEY" not in text and "fake-token" not in text
    for part in private_key_parts(info or {"private_key": ""}):
        assert part not in text
    assert any(word in error.message for word in INDONESIAN), error.message


@pytest.fixture(autouse=True)
def _fresh_metadata():
    clear_metadata_cache()
    yield
    clear_metadata_cache()


@pytest.fixture
def sheet(fake_sheets):
    fake_sheets.set_book("Rekap Rakor LAZISMU", BOOK)
    return fake_sheets


def read(fake, **overrides):
    return read_source(fake.source_config(**overrides))


def fails(fake, reason: str, **overrides) -> SourceError:
    config = fake.source_config(**overrides)
    with pytest.raises(SourceError) as caught:
        read_source(config)
    assert caught.value.reason == reason, caught.value.message
    assert_safe(caught.value, config.service_account_info)
    return caught.value


# --------------------------------------------------------------------------- data


def test_sheet_round_trips_cells_as_google_sends_them(sheet):
    book = read(sheet)

    assert list(book.tables) == ["Kantor", "Penghimpunan", "Catatan Rapat's"]
    kantor = book.tables["Kantor"]
    assert kantor.rows[0] == ["Daftar Kantor Layanan LAZISMU"]
    assert kantor.rows[2] == ["KLL Pakis", "Pakis", 43525, None, "Ya"]  # "" -> None
    assert kantor.rows[3] == ["KLL Pagak", None, 45323, "Bu Siti", True]
    assert (kantor.gid, kantor.first_row) == (0, 1)
    money = book.tables["Penghimpunan"].rows
    assert money[1] == [45566, "kll  pakis", "Zakat Maal", 1500000, 12]
    assert money[2] == ["Okt 2024", "PAKIS", "infak", "1.500.000,50", None, "catatan"]
    assert money[3] == []  # a blank row stays, so row numbers stay right
    assert money[4] == [45566.5, "KLL Pagak", "DSKL", 250000.75, 3]  # trailing empty dropped
    assert book.tables["Catatan Rapat's"].rows == [["Tanggal"], [45570]]

    info = book.source
    assert (info.kind, info.label, info.spreadsheet_id) == (
        "sheet",
        "Rekap Rakor LAZISMU",
        DEFAULT_ID,
    )
    assert info.location == f"https://docs.google.com/spreadsheets/d/{DEFAULT_ID}/edit"
    assert info.read_at.tzinfo is not None and info.read_at.utcoffset().total_seconds() == 7 * 3600


def test_spreadsheet_given_as_url(sheet):
    url = f"https://docs.google.com/spreadsheets/d/{DEFAULT_ID}/edit?usp=sharing#gid=1001"
    book = read(sheet, spreadsheet=url)
    assert book.source.spreadsheet_id == DEFAULT_ID


def test_first_row_comes_from_the_returned_range(fake_sheets):
    fake_sheets.set_book("Rekap", {"Kantor": [["Kantor"], ["KLL Pakis"]]}, start_rows={"Kantor": 3})
    table = read(fake_sheets).tables["Kantor"]
    assert (table.first_row, table.rows) == (3, [["Kantor"], ["KLL Pakis"]])


@pytest.mark.parametrize(
    ("a1", "row"),
    [
        ("'Kantor'!A1:F20", 1),
        ("Kantor!B7:C9", 7),
        ("'Rapat!2024'!A12:Z1000", 12),
        ("'It''s'!$A$3:$B$4", 3),
        ("Kantor!A:F", 1),
        ("Kantor", 1),
    ],
)
def test_first_row_parsing(a1, row):
    assert _first_row(a1) == row


def test_read_at_can_be_given(sheet):
    moment = datetime(2024, 10, 5, 9, 30)
    assert read_source(sheet.source_config(), now=moment).source.read_at == moment


# --------------------------------------------------------------------------- request budget


def test_one_refresh_is_one_batch_get_and_metadata_once_per_process(sheet):
    read(sheet)
    assert sheet.count("batchGet") == 1
    assert sheet.count("get") == 1
    assert sheet.count("token") == 1
    assert sheet.count() == 3
    assert sheet.scopes == SCOPES

    batch = next(r for r in sheet.requests if r.kind == "batchGet")
    assert batch.query["ranges"] == ["'Kantor'", "'Penghimpunan'", "'Catatan Rapat''s'"]
    assert batch.query["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert batch.query["dateTimeRenderOption"] == ["FORMATTED_STRING"]
    assert batch.query["majorDimension"] == ["ROWS"]

    sheet.reset()
    read(sheet)
    assert sheet.count("get") == 0
    assert sheet.count("batchGet") == 1
    assert sheet.count() == sheet.count("batchGet") + sheet.count("token")


def test_date_cells_arrive_as_the_text_sheets_shows(fake_sheets):
    fake_sheets.set_book(
        "Rekap",
        {"Penghimpunan": [["Bulan", "Jumlah"], [date(2024, 10, 1), date(2024, 3, 1)]]},
    )
    assert read(fake_sheets).tables["Penghimpunan"].rows[1] == ["01/10/2024", "01/03/2024"]


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("in_ID", ["01/03/2024", "12/10/2024"]),
        ("en_US", ["3/1/2024", "10/12/2024"]),
        ("en_GB", ["01/03/2024", "12/10/2024"]),
        ("de_DE", ["01.03.2024", "12.10.2024"]),
        ("ja_JP", ["2024/03/01", "2024/10/12"]),
    ],
)
def test_date_cells_arrive_in_the_sheets_locale(fake_sheets, locale, shown):
    rows = [["Bulan", "Tanggal"], [date(2024, 3, 1), date(2024, 10, 12)]]
    fake_sheets.set_book("Rekap", {"Rapat": rows}, locale=locale)
    assert read(fake_sheets).tables["Rapat"].rows[1] == shown


def test_locale_is_read_with_the_tab_list(fake_sheets):
    fake_sheets.set_book("Rekap", {"Kantor": [["Kantor"]]}, locale="en_US")
    book = read(fake_sheets)
    assert (book.source.locale, book.source.foreign_locale) == ("en_US", True)
    meta = next(r for r in fake_sheets.requests if r.kind == "get")
    assert "locale" in meta.query["fields"][0]
    clear_metadata_cache()
    fake_sheets.set_book("Rekap", {"Kantor": [["Kantor"]]}, locale="in_ID")
    assert read(fake_sheets).source.foreign_locale is False


def test_new_tab_and_new_title_seen_after_ten_minutes_or_a_reload(sheet, monkeypatch):
    import lib.data.sources as sources

    now = [1000.0]
    monkeypatch.setattr(sources, "_clock", lambda: now[0])
    read(sheet)
    sheet.add_tab("Program", [["Bulan"]])
    sheet.rename_book("Rekap 2025")
    sheet.reset()
    now[0] += 599
    book = read(sheet)
    assert "Program" not in book.tables and sheet.count("get") == 0  # within 10 minutes
    now[0] += 2
    book = read(sheet)
    assert "Program" in book.tables and book.source.label == "Rekap 2025"
    assert (sheet.count("get"), sheet.count("batchGet")) == (1, 2)
    sheet.rename_book("Rekap 2026")
    clear_metadata_cache()  # what "Muat ulang data" does
    assert read(sheet).source.label == "Rekap 2026"


def test_answers_are_compact_and_counted(sheet):
    read(sheet)
    assert all(e.status == 200 and e.nbytes > 0 for e in sheet.log)
    assert sheet.bytes_served == sum(e.nbytes for e in sheet.log)
    batch = next(r for r in sheet.requests if r.kind == "batchGet")
    assert batch.query["prettyPrint"] == ["false"]


def test_concurrent_first_reads_fetch_metadata_once(sheet):
    sheet.fail("get", delay=0.3, times=1)  # slow but correct: both threads wait on it
    config = sheet.source_config()
    errors = []

    def worker():
        try:
            read_source(config)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sheet.count("get") == 1
    assert sheet.count("batchGet") == 3


def test_renamed_tab_refetches_metadata_once(sheet):
    read(sheet)
    sheet.rename_tab("Penghimpunan", "Penghimpunan 2025")
    sheet.reset()

    book = read(sheet)
    assert "Penghimpunan 2025" in book.tables
    assert book.tables["Penghimpunan 2025"].rows[1][3] == 1500000
    assert sheet.count("get") == 1
    assert sheet.count("batchGet") == 2  # the 400, then the retry

    sheet.reset()
    read(sheet)
    assert (sheet.count("get"), sheet.count("batchGet")) == (0, 1)


def test_fresh_metadata_and_400_is_not_retried(sheet):
    sheet.fail("batchGet", status=400)
    error = fails(sheet, "server")
    assert error.status == 400
    assert (sheet.count("get"), sheet.count("batchGet")) == (1, 1)


# --------------------------------------------------------------------------- faults


@pytest.mark.parametrize(
    ("kind", "fault", "reason", "phrase"),
    [
        ("batchGet", {"status": 429}, "quota", "Kuota"),
        ("batchGet", {"status": 500}, "server", "HTTP 500"),
        ("get", {"status": 503}, "server", "HTTP 503"),
        ("get", {"status": 404}, "not_found", DEFAULT_ID),
        ("batchGet", {"status": 401}, "credentials", "HTTP 401"),
        ("token", {"status": 400}, "credentials", "invalid_grant"),
        ("token", {"status": 200, "body": "<html>proxy</html>"}, "malformed", "token"),
        ("token", {"truncate": True}, "malformed", "terpotong"),
        ("get", {"status": 200, "body": '{"properties": {"title": "Rek'}, "malformed", "rusak"),
        ("get", {"status": 200, "body": {"sheets": []}}, "malformed", "metadata"),
        ("batchGet", {"truncate": True}, "malformed", "terpotong"),
        ("batchGet", {"status": 200, "body": {"valueRanges": "x"}}, "malformed", "batchGet"),
        (
            "batchGet",
            {"status": 200, "body": {"valueRanges": [{"values": [1]}] * 3}},
            "malformed",
            "",
        ),
        ("batchGet", {"drop": True}, "network", "jaringan"),
        ("get", {"delay": 2.0}, "timeout", "0.4 detik"),
        ("token", {"delay": 2.0}, "timeout", "token"),
    ],
)
def test_each_fault_maps_to_a_reason_and_an_indonesian_message(
    sheet, clock, kind, fault, reason, phrase
):
    sheet.fail(kind, **fault)
    error = fails(sheet, reason, timeout=0.4, retry_budget=0.5)
    assert phrase in error.message
    assert sum(clock.slept) <= 0.5  # retries paused within the budget, if any


def test_forbidden_names_the_service_account_and_viewer(sheet):
    sheet.fail("get", status=403)
    config = sheet.source_config()
    with pytest.raises(SourceError) as caught:
        read_source(config)
    error = caught.value
    assert error.reason == "forbidden"
    assert f"Bagikan sheet ke {DEFAULT_EMAIL} sebagai Viewer" in error.message
    assert_safe(error, config.service_account_info)


def test_sheets_api_disabled_is_told_apart(sheet):
    body = {
        "error": {
            "code": 403,
            "message": "Google Sheets API has not been used in project 123 before or it is "
            "disabled.",
            "status": "PERMISSION_DENIED",
            "details": [{"reason": "SERVICE_DISABLED"}],
        }
    }
    sheet.fail("batchGet", status=403, body=body)
    assert "Google Sheets API belum diaktifkan" in fails(sheet, "forbidden").message


def test_unknown_spreadsheet_is_not_found(sheet):
    error = fails(sheet, "not_found", spreadsheet="1ThisSheetDoesNotExist0000000000000000000000")
    assert "1ThisSheetDoesNotExist" in error.message


def test_revoked_key_is_a_credentials_error(sheet):
    info = sheet.service_account_info(registered=False)
    error = fails(sheet, "credentials", service_account_info=info)
    assert DEFAULT_EMAIL in error.message


def test_token_endpoint_down_is_a_server_error(sheet):
    sheet.fail("token", status=503)
    error = fails(sheet, "server")
    assert "token" in error.message


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (
            {"private_key": "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"},
            "rusak",
        ),
        ({"client_email": ""}, "client_email"),
        ({"type": "authorized_user"}, "bukan kunci service account"),
    ],
)
def test_malformed_key_is_a_credentials_error(sheet, change, phrase):
    info = {**sheet.service_account_info(), **change}
    with pytest.raises(SourceError) as caught:
        read_source(sheet.source_config(service_account_info=info))
    assert caught.value.reason == "credentials"
    assert phrase in caught.value.message
    assert "not a key" not in caught.value.message
    assert "not a key" not in "".join(traceback.format_exception(caught.value))
    assert sheet.count() == 0  # caught before any request


def test_key_pasted_with_escaped_newlines_still_works(sheet):
    info = sheet.service_account_info()
    info["private_key"] = info["private_key"].replace("\n", "\\n")
    assert read(sheet, service_account_info=info).tables


def test_no_credentials_at_all(sheet):
    with pytest.raises(SourceError) as caught:
        read_google_sheet(DEFAULT_ID, None, api_base=sheet.url)
    assert caught.value.reason == "credentials"


# ------------------------------------------------------------------ retry, timeout, network


def test_retry_gives_up_within_the_budget_after_several_attempts(sheet, clock):
    sheet.fail("batchGet", status=503)
    fails(sheet, "server", retry_budget=0.5)
    assert clock.slept == pytest.approx([0.025, 0.05, 0.1, 0.2])  # a fifth would overrun
    assert sheet.count("batchGet") == 5


def test_retry_budget_covers_the_whole_refresh(sheet, clock):
    sheet.fail("get", status=503, times=3)  # eats most of the budget, then passes
    sheet.fail("batchGet", status=503)
    fails(sheet, "server", retry_budget=0.5)
    # each request's backoff starts again at 0.025 s, the deadline is the refresh's:
    # get pauses 0.175 s in all, batchGet 0.175 s more, and a 0.2 s pause would overrun
    assert clock.slept == pytest.approx([0.025, 0.05, 0.1] * 2)
    assert (sheet.count("get"), sheet.count("batchGet")) == (4, 4)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_errors_are_retried_until_they_pass(sheet, status):
    sheet.fail("batchGet", status=status, times=2)
    book = read(sheet, retry_budget=2.0)
    assert book.tables["Kantor"].rows[2][0] == "KLL Pakis"
    assert sheet.count("batchGet") == 3


def test_dropped_connection_is_retried(sheet):
    sheet.fail("get", drop=True, times=1)
    assert read(sheet, retry_budget=2.0).tables
    assert sheet.count("get") == 2


def test_client_errors_are_not_retried(sheet):
    sheet.fail("get", status=404)
    fails(sheet, "not_found", retry_budget=2.0)
    assert sheet.count("get") == 1


def test_timeout_is_honoured(sheet):
    sheet.fail("batchGet", delay=3.0)
    error = fails(sheet, "timeout", timeout=0.3, retry_budget=0.5)
    assert "0.3 detik" in error.message
    assert sheet.count("batchGet") == 1  # a read timeout used its time: not retried


class VirtualClock:
    """Stands in for lib.data.sources' `time` and `random`: sleeping costs nothing,
    and the retry's jitter is always its largest, so attempts are counted, not timed."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    @staticmethod
    def uniform(low: float, high: float) -> float:
        return high


@pytest.fixture
def clock(monkeypatch):
    import lib.data.sources as sources

    clock = VirtualClock()
    monkeypatch.setattr(sources, "time", clock)
    monkeypatch.setattr(sources, "random", clock)
    return clock


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 503},
        {"status": 500},
        {"status": 429},
        {"status": 400, "body": {"error": "temporarily_unavailable"}},
    ],
)
def test_token_endpoint_down_gives_up_within_the_retry_budget(sheet, clock, fault):
    sheet.fail("token", **fault)
    error = fails(sheet, "server", retry_budget=0.5)
    assert "Layanan login Google (token)" in error.message
    # One token request per attempt: google-auth's own retry (3 requests, ~3 s of
    # sleep per refresh) is off. Backoff 0.025 s doubling: a fifth wait would end
    # past the 0.5 s budget.
    assert clock.slept == pytest.approx([0.025, 0.05, 0.1, 0.2])
    assert sheet.count("token") == 5
    assert sheet.count() == 5  # never reached the Sheets API


def test_no_retry_budget_means_one_token_request(sheet, clock):
    sheet.fail("token", status=503)
    fails(sheet, "server", retry_budget=0.0)
    assert (sheet.count("token"), clock.slept) == (1, [])


def test_token_endpoint_recovering_within_the_budget_is_read(sheet, clock):
    sheet.fail("token", status=503, times=2)
    assert read(sheet, retry_budget=0.5).tables["Kantor"].rows[2][0] == "KLL Pakis"
    assert sheet.count("token") == 3
    assert len(clock.slept) == 2


def test_token_refresh_after_a_401_is_bounded_too(sheet, clock):
    sheet.fail("token", times=1)  # the first token is issued normally
    sheet.fail("batchGet", status=401, times=1)  # google-auth refreshes on a 401...
    sheet.fail("token", status=503, times=1)  # ...and that refresh meets a hiccup
    book = read(sheet, retry_budget=0.5)
    assert book.tables["Kantor"].rows[2][0] == "KLL Pakis"
    # the failed refresh is one request, then the budgeted retry reads again
    assert (sheet.count("token"), sheet.count("batchGet"), len(clock.slept)) == (2, 2, 1)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_network_unreachable(sheet):
    info = sheet.service_account_info()
    read(sheet)  # the token works; the API host is gone
    error = fails(
        sheet, "network", api_base=f"http://127.0.0.1:{_closed_port()}", service_account_info=info
    )
    assert "koneksi internet" in error.message


def test_token_endpoint_unreachable(sheet):
    info = {**sheet.service_account_info(), "token_uri": f"http://127.0.0.1:{_closed_port()}/token"}
    assert "token" in fails(sheet, "network", service_account_info=info).message


# --------------------------------------------------------------------------- workbook


def build_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    kantor = book.active
    kantor.title = "Kantor"
    kantor["A1"] = "Daftar Kantor Layanan"  # title row above the header
    for col, header in enumerate(["Kantor", "Kecamatan", "Tanggal Berdiri", "Aktif"], 1):
        kantor.cell(row=2, column=col, value=header)
    kantor["A3"], kantor["B3"], kantor["C3"], kantor["D3"] = (
        "KLL Pakis",
        "Pakis",
        datetime(2019, 3, 1),
        "Ya",
    )
    kantor["F3"].font = Font(bold=True)  # a styled empty cell: trailing, dropped
    kantor["A5"], kantor["C5"] = "KLL Pagak", datetime(2024, 2, 1)  # row 4 left blank
    kantor["B5"] = ""  # an empty string is an empty cell
    kantor["A40"].fill = PatternFill("solid", fgColor="FFFF00")  # formatting far below
    money = book.create_sheet("Penghimpunan")
    money.append(["Bulan", "Kantor", "Jumlah"])
    money.append([date(2024, 10, 1), "KLL Pakis", 1500000])
    money.append(["Okt 2024", "kll  pakis", "1.500.000,50"])
    money.append([45566, "PAKIS", 2.5])
    book.save(path)
    return path


def test_workbook_rows_as_the_sheet_shows_them(tmp_path):
    path = build_workbook(tmp_path / "rakor.xlsx")
    book = read_workbook(path)

    assert list(book.tables) == ["Kantor", "Penghimpunan"]
    kantor = book.tables["Kantor"]
    assert kantor.first_row == 1
    assert kantor.rows == [
        ["Daftar Kantor Layanan"],
        ["Kantor", "Kecamatan", "Tanggal Berdiri", "Aktif"],
        ["KLL Pakis", "Pakis", datetime(2019, 3, 1), "Ya"],
        [],
        ["KLL Pagak", None, datetime(2024, 2, 1)],
    ]
    money = book.tables["Penghimpunan"].rows
    assert money[1] == [datetime(2024, 10, 1), "KLL Pakis", 1500000]
    assert money[2] == ["Okt 2024", "kll  pakis", "1.500.000,50"]
    assert money[3] == [45566, "PAKIS", 2.5]

    info = book.source
    assert (info.kind, info.label, info.location) == ("workbook", "rakor.xlsx", str(path))
    assert info.spreadsheet_id is None
    assert info.read_at.utcoffset().total_seconds() == 7 * 3600


def _opened_from(monkeypatch) -> list:
    """The `path` of every calamine handle read_workbook opens (None: from the bytes)."""
    import lib.data.sources as sources

    opened = []
    real = sources._open_workbook
    monkeypatch.setattr(
        sources,
        "_open_workbook",
        lambda content, name, path: opened.append(path) or real(content, name, path),
    )
    return opened


def test_a_workbook_that_keeps_changing_is_parsed_from_the_bytes_kept(tmp_path, monkeypatch):
    """The bytes kept (fingerprint, snapshot) and the cells shown come from one file."""
    import lib.data.sources as sources

    path = build_workbook(tmp_path / "rakor.xlsx")
    expected = read_workbook(path).tables
    stamps = iter(range(1000))  # a file whose size or time differs at every look
    monkeypatch.setattr(sources, "_stamp", lambda p: (next(stamps), 0))
    opened = _opened_from(monkeypatch)
    book = read_workbook(path).complete()
    assert set(opened) == {None}  # three tries to read the bytes, then the bytes alone
    assert book.content == path.read_bytes()
    assert {n: t.rows for n, t in book.tables.items()} == {n: t.rows for n, t in expected.items()}


def test_a_workbook_replaced_after_its_bytes_were_read_shows_the_bytes_kept(tmp_path, monkeypatch):
    """Another file lands on the path while the sheets are parsed by path: every sheet
    parsed after that is parsed again from the bytes kept, on whichever thread."""
    import lib.data.sources as sources

    path = build_workbook(tmp_path / "rakor.xlsx")
    kept = path.read_bytes()
    expected = {n: t.rows for n, t in read_workbook(path).tables.items()}
    other = openpyxl.Workbook()
    other.active.title = "Kantor"
    other.active.append(["Kantor"])
    other.active.append(["KLL Lain"])
    other.create_sheet("Penghimpunan").append(["Bulan"])
    looks = []

    def stamp(p):
        looks.append(p)
        if len(looks) == 2:  # the bytes are read; then the file is replaced
            other.save(path)
        return (0, 0) if len(looks) <= 2 else (1, 0)

    monkeypatch.setattr(sources, "_stamp", stamp)
    opened = _opened_from(monkeypatch)
    book = read_workbook(path).complete()
    assert book.content == kept
    assert {n: t.rows for n, t in book.tables.items()} == expected
    assert path in opened and None in opened  # parsed by path, then again from the bytes


_CALAMINE_CELLS = st.one_of(
    st.sampled_from(["", "", "Kantor", "#REF!", "1.000", " "]),
    st.text(max_size=3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70).map(float),
    st.sampled_from([1.0, 2.5, 0.0, -0.0, 1e20, 2.0**63, 9.3e18]),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda width: st.lists(
            st.one_of(
                st.lists(_CALAMINE_CELLS, min_size=width, max_size=width),
                # a column of one type below the header: the column-wise paths
                st.lists(
                    st.sampled_from(["", "x", 3.0, date(2024, 9, 1), None]),
                    min_size=width,
                    max_size=width,
                ),
            ),
            max_size=30,
        )
    )
)
def test_column_wise_cells_equal_the_row_wise_conversion(rows):
    """_table (by column) gives what _trim(_typed(...)) gives (by cell), types included."""
    expected = _trim(_typed([list(r) for r in rows]))
    got = _table("T", [list(r) for r in rows]).rows
    assert got == expected
    assert [[type(c) for c in r] for r in got] == [[type(c) for c in r] for r in expected]


def test_column_wise_cells_on_long_typed_columns():
    head = [["Judul"], ["Bulan", "Jumlah", "Ket", "Campur"]]
    body = [
        [date(2024, 9, 1 + i % 3), float(i) + (0.5 if i % 7 == 0 else 0.0), "", i * 1.0]
        for i in range(40)
    ]
    body[5][3] = "teks"
    body[6][3] = float("nan")
    body[7][1] = 2.0**64
    rows = [r + [""] * (4 - len(r)) for r in head] + body + [[""] * 4, [""] * 4]
    expected = _trim(_typed([list(r) for r in rows]))
    got = _table("T", rows).rows
    assert got == expected
    assert [[type(c) for c in r] for r in got] == [[type(c) for c in r] for r in expected]


def test_sheets_read_two_at_a_time_equal_one_at_a_time():
    """The second thread changes neither a cell nor the order of the tabs."""
    from python_calamine import CalamineWorkbook

    from lib.data.sample import SAMPLE_PATH

    content = SAMPLE_PATH.read_bytes()
    tables = parse_workbook(content, "sample.xlsx")
    book = CalamineWorkbook.from_path(str(SAMPLE_PATH))
    try:
        one_by_one = {
            n: _table(n, book.get_sheet_by_name(n).to_python(False)).rows for n in book.sheet_names
        }
    finally:
        book.close()
    assert len(one_by_one) > 2
    assert list(tables) == list(one_by_one)
    assert {n: t.rows for n, t in tables.items()} == one_by_one


@pytest.mark.parametrize("damaged", ["sheet1.xml", "sheet4.xml", "sheet9.xml"])
def test_a_damaged_sheet_fails_the_read_whichever_thread_parses_it(tmp_path, damaged):
    import io
    import zipfile

    from lib.data.sample import SAMPLE_PATH

    out = io.BytesIO()
    with zipfile.ZipFile(SAMPLE_PATH) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == f"xl/worksheets/{damaged}":
                body = body[: len(body) // 2]  # cut off mid-way, as a broken download is
            dst.writestr(info, body)
    path = tmp_path / "rakor.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(SourceError) as caught:
        read_workbook(path).complete()  # a sheet still being read fails when it is used
    assert caught.value.reason == "file"
    assert "rusak atau terpotong" in caught.value.message


def test_workbook_timezone_follows_lazismu_tz(tmp_path, monkeypatch):
    monkeypatch.setenv("LAZISMU_TZ", "Asia/Makassar")
    book = read_workbook(build_workbook(tmp_path / "a.xlsx"))
    assert book.source.read_at.utcoffset().total_seconds() == 8 * 3600


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("hilang.xlsx", None, "tidak ditemukan"),
        ("teks.xlsx", b"Bulan;Kantor\n2024-10;Pakis\n", "bukan workbook Excel"),
        ("data.csv", b"Bulan,Kantor\n", "bukan workbook Excel"),
        ("lama.xls", b"\xd0\xcf\x11\xe0 old excel", "bukan workbook Excel"),
    ],
)
def test_unreadable_workbook_is_a_file_error(tmp_path, name, content, phrase):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        read_workbook(path)
    assert caught.value.reason == "file"
    assert phrase in caught.value.message


def test_read_source_reads_a_configured_workbook(tmp_path):
    path = build_workbook(tmp_path / "rakor.xlsx")
    book = read_source(source_config({"LAZISMU_WORKBOOK": str(path)}, {}))
    assert book.source.kind == "workbook" and "Kantor" in book.tables


def test_read_source_missing_workbook(tmp_path):
    config = source_config({"LAZISMU_WORKBOOK": str(tmp_path / "tidak-ada.xlsx")}, {})
    with pytest.raises(SourceError) as caught:
        read_source(config)
    assert caught.value.reason == "file"
    assert "LAZISMU_WORKBOOK" in caught.value.message


# --------------------------------------------------------------------------- configuration


@pytest.fixture
def sample(monkeypatch, tmp_path):
    """A stand-in lib.sample, so these tests do not depend on the sample generator."""
    module = types.ModuleType("lib.data.sample")
    module.SAMPLE_PATH = tmp_path / "sample.xlsx"
    module.calls = []

    def ensure_sample():
        module.calls.append(1)
        if not module.SAMPLE_PATH.exists():
            build_workbook(module.SAMPLE_PATH)
        return module.SAMPLE_PATH

    module.ensure_sample = ensure_sample
    monkeypatch.setitem(sys.modules, "lib.data.sample", module)
    return module


KEY = {"type": "service_account", "client_email": "x@y.iam.gserviceaccount.com", "private_key": "k"}
SHEET_A = "1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
SHEET_B = "1BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"


def test_nothing_configured_is_the_sample(sample):
    config = source_config({}, {})
    assert (config.kind, config.workbook, config.key) == ("sample", sample.SAMPLE_PATH, "sample")
    book = read_source(config)
    assert book.source.kind == "sample" and book.source.is_sample
    assert sample.calls == [1]


@pytest.mark.parametrize(
    ("env", "secrets", "kind", "where"),
    [
        ({"LAZISMU_SHEET": SHEET_A}, {"gcp_service_account": KEY}, "sheet", SHEET_A),
        ({}, {"sheet": {"id": SHEET_B}, "gcp_service_account": KEY}, "sheet", SHEET_B),
        (
            {},
            {
                "sheet": {"url": f"https://docs.google.com/spreadsheets/d/{SHEET_B}/edit"},
                "gcp_service_account": KEY,
            },
            "sheet",
            SHEET_B,
        ),
        # the environment overrides the deployment's secrets
        (
            {"LAZISMU_SHEET": SHEET_A},
            {"sheet": {"id": SHEET_B}, "gcp_service_account": KEY},
            "sheet",
            SHEET_A,
        ),
        (
            {"LAZISMU_WORKBOOK": "x.xlsx"},
            {"sheet": {"id": SHEET_B}, "gcp_service_account": KEY},
            "workbook",
            "x.xlsx",
        ),
        # a sheet beats a workbook at the same level
        (
            {"LAZISMU_SHEET": SHEET_A, "LAZISMU_WORKBOOK": "x.xlsx"},
            {"gcp_service_account": KEY},
            "sheet",
            SHEET_A,
        ),
        (
            {},
            {"sheet": {"id": SHEET_B}, "workbook": {"path": "y.xlsx"}, "gcp_service_account": KEY},
            "sheet",
            SHEET_B,
        ),
        ({}, {"workbook": {"path": "y.xlsx"}}, "workbook", "y.xlsx"),
        (
            {"LAZISMU_WORKBOOK": "  ", "LAZISMU_SHEET": ""},
            {"workbook": {"path": "y.xlsx"}},
            "workbook",
            "y.xlsx",
        ),
    ],
)
def test_source_precedence(env, secrets, kind, where):
    config = source_config(env, secrets)
    assert config.kind == kind
    if kind == "sheet":
        assert config.spreadsheet_id == where
        assert config.service_account_info == KEY
    else:
        assert config.workbook == Path(where)


def test_sheet_without_credentials_is_a_config_error():
    with pytest.raises(SourceError) as caught:
        source_config({"LAZISMU_SHEET": SHEET_A}, {})
    assert caught.value.reason == "config"
    assert "[gcp_service_account]" in caught.value.message
    assert "GOOGLE_APPLICATION_CREDENTIALS" in caught.value.message


def test_credentials_from_key_file_and_secrets_win(tmp_path):
    key_file = tmp_path / "key.json"
    file_key = {**KEY, "client_email": "file@y.iam.gserviceaccount.com"}
    key_file.write_text(json.dumps(file_key))
    env = {"LAZISMU_SHEET": SHEET_A, "GOOGLE_APPLICATION_CREDENTIALS": str(key_file)}
    from_file = source_config(env, {}).service_account_info
    assert from_file is not None and from_file["client_email"] == "file@y.iam.gserviceaccount.com"
    from_secrets = source_config(env, {"gcp_service_account": KEY}).service_account_info
    assert from_secrets is not None and from_secrets["client_email"] == KEY["client_email"]


def test_a_replaced_key_file_is_read_again_and_a_broken_one_is_not_remembered(tmp_path):
    import os

    key_file = tmp_path / "key.json"
    env = {"LAZISMU_SHEET": SHEET_A, "GOOGLE_APPLICATION_CREDENTIALS": str(key_file)}
    key_file.write_text(json.dumps({**KEY, "client_email": "a@y.iam.gserviceaccount.com"}))
    first = source_config(env, {}).service_account_info
    first["client_email"] = "changed by a caller"  # a copy: the parsed file stays as read
    assert (
        source_config(env, {}).service_account_info["client_email"] == "a@y.iam.gserviceaccount.com"
    )
    key_file.write_text(json.dumps({**KEY, "client_email": "bb@y.iam.gserviceaccount.com"}))
    assert source_config(env, {}).service_account_info["client_email"].startswith("bb@")
    key_file.write_text("{oops")
    with pytest.raises(SourceError):
        source_config(env, {})
    key_file.write_text(json.dumps({**KEY, "client_email": "cc@y.iam.gserviceaccount.com"}))
    os.utime(key_file, ns=(1, 1))  # an old time: the size and time differ from the broken file
    assert source_config(env, {}).service_account_info["client_email"].startswith("cc@")


@pytest.mark.parametrize(
    ("content", "phrase"), [(None, "tidak ditemukan"), ("{oops", "bukan JSON")]
)
def test_bad_key_file(tmp_path, content, phrase):
    key_file = tmp_path / "key.json"
    if content is not None:
        key_file.write_text(content)
    env = {"LAZISMU_SHEET": SHEET_A, "GOOGLE_APPLICATION_CREDENTIALS": str(key_file)}
    with pytest.raises(SourceError) as caught:
        source_config(env, {})
    assert caught.value.reason == "credentials" and phrase in caught.value.message


def test_key_file_is_ignored_without_a_sheet(tmp_path):
    env = {
        "GOOGLE_APPLICATION_CREDENTIALS": str(tmp_path / "absent.json"),
        "LAZISMU_WORKBOOK": "x.xlsx",
    }
    assert source_config(env, {}).kind == "workbook"


def test_secrets_without_a_file_are_empty(sample):
    class NoFileSecrets(dict):  # st.secrets raises FileNotFoundError when no secrets.toml
        def __getitem__(self, key):
            raise FileNotFoundError("No secrets found")

    assert source_config({}, NoFileSecrets()).kind == "sample"


@pytest.mark.parametrize(
    ("env", "secrets", "ttl"),
    [
        ({}, {}, 60),
        ({"LAZISMU_CACHE_TTL": "300"}, {}, 300),
        ({}, {"cache": {"ttl": 120}}, 120),
        ({"LAZISMU_CACHE_TTL": "30"}, {"cache": {"ttl": 120}}, 30),
    ],
)
def test_cache_ttl(sample, env, secrets, ttl):
    assert source_config(env, secrets).cache_ttl == ttl


@pytest.mark.parametrize(
    ("env", "phrase"),
    [
        ({"LAZISMU_CACHE_TTL": "sejam"}, "LAZISMU_CACHE_TTL"),
        ({"LAZISMU_TZ": "Asia/Malang"}, "Asia/Jakarta"),
    ],
)
def test_bad_settings_are_config_errors(sample, env, phrase):
    with pytest.raises(SourceError) as caught:
        source_config(env, {})
    assert caught.value.reason == "config" and phrase in caught.value.message


def test_api_base_and_timezone_from_env(sample):
    config = source_config(
        {"LAZISMU_SHEETS_API": "http://127.0.0.1:9/", "LAZISMU_TZ": "Asia/Jayapura"}, {}
    )
    assert (config.api_base, config.tz) == ("http://127.0.0.1:9/", "Asia/Jayapura")
    assert source_config({}, {}).api_base is None


def test_config_never_shows_the_key_and_is_hashable():
    secret_key = {**KEY, "private_key": "-----BEGIN PRIVATE KEY-----\nSECRETMATERIAL\n"}
    config = source_config({"LAZISMU_SHEET": SHEET_A}, {"gcp_service_account": secret_key})
    assert "SECRETMATERIAL" not in repr(config) and "SECRETMATERIAL" not in str(config)
    assert hash(config) == hash(
        source_config({"LAZISMU_SHEET": SHEET_A}, {"gcp_service_account": KEY})
    )


def test_keys_are_stable_file_safe_and_secret_free(tmp_path):
    by_id = source_config({"LAZISMU_SHEET": SHEET_A}, {"gcp_service_account": KEY})
    url = f"https://docs.google.com/spreadsheets/d/{SHEET_A}/edit#gid=0"
    by_url = source_config({"LAZISMU_SHEET": url}, {"gcp_service_account": KEY})
    assert by_id.key == by_url.key == f"sheet-{SHEET_A}"
    faked = source_config(
        {"LAZISMU_SHEET": SHEET_A, "LAZISMU_SHEETS_API": "http://127.0.0.1:1"},
        {"gcp_service_account": KEY},
    )
    assert faked.key != by_id.key and faked.key.startswith(by_id.key)

    a = source_config({"LAZISMU_WORKBOOK": str(tmp_path / "Rekap Rakor (final).xlsx")}, {})
    b = source_config(
        {"LAZISMU_WORKBOOK": str(tmp_path / "other" / "Rekap Rakor (final).xlsx")}, {}
    )
    assert (
        a.key
        == source_config({"LAZISMU_WORKBOOK": str(tmp_path / "Rekap Rakor (final).xlsx")}, {}).key
    )
    assert a.key != b.key
    for key in (by_id.key, faked.key, a.key, b.key):
        assert key.replace("-", "").replace("_", "").isalnum()
        assert "x@y" not in key


@pytest.mark.parametrize(
    "text",
    [
        SHEET_A,
        f"  {SHEET_A}\n",
        f"https://docs.google.com/spreadsheets/d/{SHEET_A}/edit#gid=0",
        f"https://docs.google.com/spreadsheets/u/1/d/{SHEET_A}/edit?usp=sharing",
        f"docs.google.com/spreadsheets/d/{SHEET_A}",
    ],
)
def test_parse_spreadsheet_id(text):
    assert parse_spreadsheet_id(text) == SHEET_A


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Rekap Rakor", "tidak dikenali"),
        ("", "tidak dikenali"),
        ("https://docs.google.com/spreadsheets/d/e/2PACX-1vQabcdefghij/pubhtml", "Publikasikan"),
    ],
)
def test_parse_spreadsheet_id_rejects(text, phrase):
    with pytest.raises(SourceError) as caught:
        parse_spreadsheet_id(text)
    assert caught.value.reason == "config" and phrase in caught.value.message


def test_source_error_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(SourceError("quota", "Kuota habis", status=429)))
    assert (error.reason, error.message, error.status, str(error)) == (
        "quota",
        "Kuota habis",
        429,
        "Kuota habis",
    )


def test_direct_config_reads_the_fake(sheet):
    config = SourceConfig(
        "sheet",
        spreadsheet=DEFAULT_ID,
        service_account_info=sheet.service_account_info(),
        api_base=sheet.url,
    )
    assert read_source(config).source.label == "Rekap Rakor LAZISMU"


def test_no_streamlit_import():
    code = "import sys, lib.data.config, lib.data.sources; sys.exit('streamlit' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_reload_button_forgets_the_tab_list():
    from streamlit.testing.v1 import AppTest

    import lib.data.sources as sources
    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    sources._metadata[("x", "y")] = sources.SheetMeta("t", ())
    next(b for b in at.sidebar.button if b.label == "Muat ulang data").click().run()
    assert not at.exception
    assert ("x", "y") not in sources._metadata


def _slow_sheet(monkeypatch, title: str, fail: bool = False, hold: float = 0.3):
    """The sheet `title` is held for `hold` s or until the returned event is set (and
    then fails, if `fail`); the other sheets wait until it is being read, so it is
    always the second thread's and always still in the reading when they are done."""
    import threading

    import lib.data.sources as sources

    real = sources._table
    entered, release = threading.Event(), threading.Event()

    def table(name, rows):
        if name == title:
            entered.set()
            release.wait(hold)
            if fail:
                raise ValueError("cut off")
        else:
            entered.wait(10)
        return real(name, rows)

    monkeypatch.setattr(sources, "_table", table)
    return release


def test_the_biggest_sheet_is_read_beside_the_others_and_waited_for_when_used(monkeypatch):
    from lib.data.sample import SAMPLE_PATH
    from lib.data.sources import _sheet_sizes
    from lib.data.validate import validate

    sizes = _sheet_sizes(SAMPLE_PATH.read_bytes())
    biggest = max(sizes, key=sizes.get)
    assert biggest == "Penghimpunan" and len(sizes) == 9
    expected = read_workbook(SAMPLE_PATH).complete()
    release = _slow_sheet(monkeypatch, biggest, hold=30)
    book = read_workbook(SAMPLE_PATH)
    assert [t.ready for t in book.tables.values()].count(False) == 1
    assert not book.tables[biggest].ready
    release.set()
    today = date(2024, 11, 15)
    got, want = validate(book, today), validate(expected, today)
    assert book.tables[biggest].ready and got.accounts == want.accounts
    for key in want.tables:
        assert got.tables[key].equals(want.tables[key]), key
    assert got.problems.equals(want.problems)  # in the tabs' order, not the reading's
    assert book.tables == expected.tables


def test_a_sheet_that_fails_late_fails_the_read_when_it_is_used(monkeypatch):
    from lib.data.sample import SAMPLE_PATH

    _slow_sheet(monkeypatch, "Penghimpunan", fail=True)
    book = read_workbook(SAMPLE_PATH)
    with pytest.raises(SourceError) as caught:
        book.complete()
    assert caught.value.reason == "file" and "rusak atau terpotong" in caught.value.message
    with pytest.raises(SourceError):
        book.tables["Penghimpunan"].head(1)  # and again on every use


def test_sheet_sizes_of_a_file_that_is_no_workbook_are_unknown():
    import io
    import zipfile

    from lib.data.sources import _INDEX_LIMIT, _sheet_sizes

    assert _sheet_sizes(b"PK not a zip") == {}
    bomb = io.BytesIO()  # a workbook index that unpacks to more than any real one
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/_rels/workbook.xml.rels", "<Relationships/>")
        archive.writestr("xl/workbook.xml", "<workbook>" + " " * _INDEX_LIMIT + "</workbook>")
    assert len(bomb.getvalue()) < 100_000
    assert _sheet_sizes(bomb.getvalue()) == {}
