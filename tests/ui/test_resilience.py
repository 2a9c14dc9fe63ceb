"""The fault matrix: every way the Google Sheet can fail, on a first load and after a good one.

The app runs in AppTest against the loopback fake (env LAZISMU_SHEET,
LAZISMU_SHEETS_API and GOOGLE_APPLICATION_CREDENTIALS point at it, snapshots go
to tmp_path). For each fault: the page renders, says what happened in
Indonesian, and shows either no figures (no snapshot yet) or the last good
snapshot with a "Data per ..." banner; once the sheet answers again, a reload
shows the fresh data and the banner is gone.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import replace
from datetime import datetime

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import lib.data.load
import lib.ui
import lib.ui.loading
from lib.data import snapshot
from lib.views.fmt import datetime_label
from tests.fake_sheets import DEFAULT_EMAIL, fake_sheets_fixture  # noqa: F401
from tests.injection import tree_text

APP = str(ROOT / "app.py")
QUALITY = "pages/kualitas-data.py"
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
TITLE = "Rekap Rakor Uji"


def book(collections: int) -> dict[str, list[list]]:
    """A small book of our own (not the sample): two offices, 2023, `collections` rows."""
    months = [datetime(2023, m, 1) for m in range(1, collections + 1)]
    return {
        "Kantor": [["Kantor", "Kecamatan"], ["KLL Tumpang", "Tumpang"], ["KLL Dau", "Dau"]],
        "Target": [
            ["Tahun", "Kantor", "Target Penghimpunan"],
            [2023, "KLL Tumpang", 12_000_000],
            [2023, "KLL Dau", 6_000_000],
        ],
        "Penghimpunan": [["Bulan", "Kantor", "Jenis Dana", "Jumlah"]]
        + [[m, "KLL Tumpang", "Zakat Maal", 1_000_000] for m in months],
        "Program": [
            ["Bulan", "Kantor", "Pilar", "Program"],
            [months[0], "KLL Dau", "Pendidikan", "Beasiswa"],
        ],
        "Kendala": [["Bulan", "Kantor", "Kendala"], [months[0], "KLL Dau", "Relawan kurang"]],
        "Rapat": [["Tanggal", "Tempat"], [datetime(2023, 2, 4), "Kantor Kabupaten"]],
    }


class Sheet:
    """The fake, the env pointing the app at it, and the key file the app reads."""

    def __init__(self, fake, tmp_path, monkeypatch):
        self.fake = fake
        self.key_path = tmp_path / "key.json"
        self.write_key(fake.service_account_info())
        fake.set_book(TITLE, book(2))
        monkeypatch.setenv("LAZISMU_SHEET", fake.spreadsheet_id)
        monkeypatch.setenv("LAZISMU_SHEETS_API", fake.url)
        monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(self.key_path))
        real = lib.ui.loading.current_config
        # a small retry budget and timeout, so giving up takes about a second
        monkeypatch.setattr(
            lib.ui.loading, "current_config", lambda: replace(real(), timeout=1.0, retry_budget=0.6)
        )

    def write_key(self, info: dict) -> None:
        self.key_path.write_text(json.dumps(info), encoding="utf-8")

    @property
    def snapshot_path(self):
        return next(snapshot.snapshot_dir().glob("sheet-*.snapshot"))

    def both(self, **fault) -> None:
        self.fake.fail("get", **fault)
        self.fake.fail("batchGet", **fault)

    def heal(self) -> None:
        self.fake.reset()
        self.write_key(self.fake.service_account_info())


@pytest.fixture
def sheet(fake_sheets, tmp_path, monkeypatch):
    return Sheet(fake_sheets, tmp_path, monkeypatch)


def bad_key(s: Sheet) -> None:
    info = s.fake.service_account_info()
    s.write_key({**info, "private_key": info["private_key"][:200] + "\n-----END PRIVATE KEY-----"})


# id -> (make the fault, phrases the message must hold)
FAULTS = {
    "429": (lambda s: s.both(status=429), ["Kuota baca Google Sheets", "Tunggu"]),
    "500": (lambda s: s.both(status=500), ["HTTP 500", "Coba beberapa menit lagi"]),
    "503": (lambda s: s.both(status=503), ["HTTP 503"]),
    "403": (lambda s: s.both(status=403), [f"Bagikan sheet ke {DEFAULT_EMAIL} sebagai Viewer"]),
    "404": (lambda s: s.both(status=404), ["tidak ditemukan", "Periksa ID"]),
    "revoked key": (
        lambda s: s.write_key(s.fake.service_account_info(registered=False)),
        ["Google menolak kunci service account", DEFAULT_EMAIL, "Buat kunci baru"],
    ),
    "malformed key": (bad_key, ["private_key rusak atau terpotong", "Unduh ulang"]),
    "token endpoint down": (
        lambda s: s.fake.fail("token", status=503),
        ["Layanan login Google (token) sedang bermasalah"],
    ),
    "network unreachable": (
        lambda s: s.fake.stop(),  # the port is closed: connection refused
        ["Tidak bisa menghubungi", "Periksa koneksi internet"],
    ),
    "timeout": (lambda s: s.both(delay=3.0), ["tidak menjawab dalam 1 detik"]),
    "malformed response": (
        lambda s: s.both(status=200, body="{not json"),
        ["rusak atau terpotong"],
    ),
    "truncated response": (lambda s: s.both(truncate=True), ["rusak atau terpotong"]),
}


def open_page(page: str = QUALITY) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def reload(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Muat ulang data").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def valid_collections(at: AppTest) -> int:
    table = at.dataframe[0].value
    return int(table.loc[table["Tab"] == "Penghimpunan", "Valid"].iloc[0])


def stale_banners(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "Data per" in w.value]


def assert_fresh(at: AppTest, collections: int) -> None:
    assert not at.error and not stale_banners(at)
    assert valid_collections(at) == collections
    assert any(f"Sumber: Google Sheet **{TITLE}**" in c.value for c in at.caption)


def assert_no_data(at: AppTest, phrases: list[str]) -> None:
    assert [t.value for t in at.title] == ["Kualitas Data"]
    message = at.error[0].value
    for phrase in phrases:
        assert phrase in message, message
    assert not at.dataframe and not stale_banners(at)
    assert not any("Sumber:" in c.value for c in at.caption)


def assert_stale(at: AppTest, phrases: list[str], read_at: datetime, collections: int) -> None:
    assert not at.error
    [banner] = stale_banners(at)
    assert f"Data per {datetime_label(read_at)}" in banner
    for phrase in phrases:
        assert phrase in banner, banner
    assert valid_collections(at) == collections  # the snapshot's figures, not the new book's


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_on_first_load_shows_why_and_no_figures(sheet, fault):
    make, phrases = FAULTS[fault]
    make(sheet)
    at = open_page()
    assert_no_data(at, phrases)
    assert not list(snapshot.snapshot_dir().glob("*.snapshot"))  # nothing good to keep


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_after_a_good_load_serves_the_snapshot_until_the_sheet_answers(sheet, fault):
    at = open_page()
    assert_fresh(at, 2)
    saved = sheet.snapshot_path.read_bytes()
    first, _ = snapshot.load(sheet.snapshot_path.stem)

    sheet.fake.set_book(TITLE, book(3))  # the sheet moved on, but cannot be read
    make, phrases = FAULTS[fault]
    make(sheet)
    reload(at)
    assert_stale(at, phrases, first.source.read_at, 2)
    assert sheet.snapshot_path.read_bytes() == saved  # a failed read never replaces it

    if fault == "network unreachable":
        return  # this fake is gone; recovery is covered by every other fault
    sheet.heal()
    reload(at)
    assert_fresh(at, 3)  # the banner went away by itself
    assert sheet.snapshot_path.read_bytes() != saved


def test_429_and_5xx_are_retried_then_given_up(sheet):
    sheet.both(status=503)
    open_page()
    attempts = sheet.fake.count("get") + sheet.fake.count("batchGet")
    assert 2 <= attempts <= 8  # retried with backoff within the 0.6 s budget, then gave up


def test_stale_banner_is_on_every_page(sheet):
    open_page()
    sheet.both(status=503)
    lib.ui.clear_cache()
    for page in PAGES:
        at = open_page(page)
        assert len(stale_banners(at)) == 1, page


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        (lambda b: b.pop("Penghimpunan"), "Penghimpunan"),  # tab missing
        (lambda b: b.update({"Kas Masuk": b.pop("Penghimpunan")}), "Penghimpunan"),  # renamed
        (lambda b: b["Program"][0].__setitem__(3, "Nama Program"), "Program"),  # header renamed
    ],
    ids=["tab missing", "tab renamed", "header renamed"],
)
@pytest.mark.parametrize("after_good_load", [False, True])
def test_tab_problems_are_per_tab_and_the_rest_still_shows(sheet, change, phrase, after_good_load):
    if after_good_load:
        open_page()
    changed = book(2)
    change(changed)
    sheet.fake.set_book(TITLE, changed)
    at = reload(open_page()) if after_good_load else open_page()
    assert not at.error and not stale_banners(at)  # the read worked: fresh, not stale
    [warning] = [w.value for w in at.warning if "tidak terbaca" in w.value]
    assert f"Tab {phrase} tidak terbaca" in warning
    table = at.dataframe[0].value.set_index("Tab")
    assert table.loc[phrase, "Dimuat"] == "Tidak"
    assert table.loc["Kantor", "Valid"] == 2 and table.loc["Rapat", "Valid"] == 1
    cards = [m.value for m in at.markdown if "Tab " in m.value and "badge[" in m.value]
    assert any(phrase in card.split("\n")[0] for card in cards)  # the message comes first


def test_corrupt_snapshot_is_ignored_with_a_message(sheet):
    open_page()
    path = sheet.snapshot_path
    path.write_bytes(path.read_bytes()[:-50])
    sheet.both(status=503)
    lib.ui.clear_cache()
    at = open_page()
    assert_no_data(at, ["HTTP 503"])
    assert any("rusak atau terpotong" in w.value and "diabaikan" in w.value for w in at.warning)
    sheet.heal()
    reload(at)
    assert_fresh(at, 2)  # and the good read writes a sound snapshot again
    assert snapshot.load(path.stem)[1] is None


def test_snapshot_of_one_sheet_is_never_served_for_another(sheet, monkeypatch):
    open_page()
    monkeypatch.setenv("LAZISMU_SHEET", "1AnotherSheetId0123456789")
    lib.ui.clear_cache()
    at = open_page()
    assert_no_data(at, ["1AnotherSheetId0123456789", "tidak ditemukan"])


def test_failed_save_does_not_fail_the_read(sheet, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise PermissionError("read-only disk")

    monkeypatch.setattr(snapshot, "save", refuse)
    with caplog.at_level(logging.WARNING, logger="lib.data.load"):
        at = open_page()
    # the figures are fresh; the only error is the operator's: the copy was not saved
    assert [e.value for e in at.error] == [
        e.value for e in at.error if "Salinan cadangan" in e.value
    ]
    assert len(at.error) == 1 and "izin" in at.error[0].value
    assert not stale_banners(at) and valid_collections(at) == 2
    assert "snapshot of sheet-" in caplog.text


# --------------------------------------------------------------------------- secrets


AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "cookie-secret-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "client_id": "1234-rakor.apps.googleusercontent.com",
    "client_secret": "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",
    "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
}


@pytest.mark.parametrize("fault", ["403", "malformed key", "none"])
def test_no_secret_is_ever_rendered_or_logged(sheet, monkeypatch, caplog, fault):
    info = sheet.fake.service_account_info()
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    monkeypatch.delenv("LAZISMU_SHEET")
    if fault == "malformed key":
        info = {**info, "private_key": info["private_key"][:300] + "\n-----END PRIVATE KEY-----"}
    elif fault == "403":
        sheet.both(status=403)
    secrets = {
        "sheet": {"id": sheet.fake.spreadsheet_id},
        "gcp_service_account": info,
        "auth": AUTH,
        "access": {"allowed_emails": ["ketua@gmail.com"]},
    }
    key_lines = [line for line in info["private_key"].splitlines() if "PRIVATE KEY" not in line]
    secret_texts = [
        *key_lines,
        info["private_key_id"],
        AUTH["client_secret"],
        AUTH["cookie_secret"],
    ]
    caplog.set_level(logging.DEBUG)
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=30)
        at.secrets.update(secrets)
        at.user = {"is_logged_in": True, "email": "ketua@gmail.com", "email_verified": True}
        at.run()
        at.switch_page(page).run()
        assert not at.exception
        if fault == "none":
            assert any("Sumber: Google Sheet" in c.value for c in at.caption)
        else:
            assert at.error
        rendered = tree_text(at)
        assert "fake-token-" not in rendered and "PRIVATE KEY" not in rendered
        for text in secret_texts:
            assert text not in rendered, page
            assert text not in caplog.text
    for path in snapshot.snapshot_dir().glob("*"):
        data = path.read_text(encoding="utf-8")
        assert not any(text in data for text in secret_texts)


# --------------------------------------------------------------------------- stale-while-revalidate


class Clock:
    """lib.data.load's clock, stepped by hand: past a TTL without waiting for it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    stepped = Clock()
    monkeypatch.setattr(lib.data.load, "monotonic", stepped)
    return stepped


@pytest.fixture
def gate(monkeypatch):
    """Holds every read of the source until the test opens it."""
    opened = threading.Event()
    real = lib.ui.loading._read

    def held(key, config, reuse=None):
        assert opened.wait(30), "the gate was never opened"
        return real(key, config, reuse)

    monkeypatch.setattr(lib.ui.loading, "_read", held)
    return opened


def one_try_per_read(monkeypatch):
    """No retries inside a read, so each read is exactly one batchGet in the fake's log."""
    configured = lib.ui.loading.current_config
    monkeypatch.setattr(
        lib.ui.loading, "current_config", lambda: replace(configured(), retry_budget=0.0)
    )


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def background_reads_done() -> None:
    lib.ui.loading.shared().wait(30)


def test_sheet_gone_views_past_the_ttl_get_the_snapshot_at_once_and_retries_back_off(
    sheet, clock, monkeypatch
):
    one_try_per_read(monkeypatch)
    at = open_page()  # the first view of a fresh server waits for the one good read
    assert_fresh(at, 2)
    assert sheet.fake.count("batchGet") == 1
    first, _ = snapshot.load(sheet.snapshot_path.stem)

    sheet.fake.fail("batchGet", drop=True)  # the API stops answering (the venue's wifi)
    opened = threading.Event()
    real = lib.ui.loading._read
    monkeypatch.setattr(
        lib.ui.loading,
        "_read",
        lambda key, config, reuse=None: opened.wait(30) and real(key, config, reuse),
    )
    clock.now += 61  # past the 60 s cache TTL
    rerun(at)
    # The view is back while the background read is still held: nobody waited for it.
    assert_fresh(at, 2)
    assert sheet.fake.count("batchGet") == 1
    opened.set()
    background_reads_done()
    assert sheet.fake.count("batchGet") == 2  # that read failed
    failed_at = clock.now

    tried_at = []  # seconds after the first failure at which the sheet was asked again
    for _ in range(60):  # a view every 5 s for five minutes
        clock.now += 5
        before = sheet.fake.count("batchGet")
        rerun(at)
        background_reads_done()
        assert_stale(at, [], first.source.read_at, 2)  # the snapshot's figures, with its time
        if sheet.fake.count("batchGet") > before:
            tried_at.append(clock.now - failed_at)
    schedule = lib.data.load.RETRY_SCHEDULE
    assert tried_at == [15, 15 + 30, 15 + 30 + 60, 15 + 30 + 60 + 120]
    assert schedule[:4] == (15.0, 30.0, 60.0, 120.0)
    assert sheet.fake.count("batchGet") == 2 + 4  # 61 views, 5 reads


def test_sheet_up_no_view_waits_for_the_ttl_refresh(sheet, clock, gate):
    gate.set()
    at = open_page()
    assert_fresh(at, 2)
    sheet.fake.set_book(TITLE, book(3))  # an office typed a new row
    gate.clear()
    clock.now += 61
    rerun(at)
    assert_fresh(at, 2)  # served at once from memory while the read is held
    gate.set()
    background_reads_done()
    rerun(at)
    assert_fresh(at, 3)  # the next view has the new figures
    assert sheet.fake.count("batchGet") == 2
    for _ in range(20):  # within the TTL: no more reads, however many views
        clock.now += 2
        rerun(at)
    background_reads_done()
    assert sheet.fake.count("batchGet") == 2


def test_reload_waits_for_a_fresh_read_and_says_what_happened(sheet, clock, monkeypatch):
    one_try_per_read(monkeypatch)
    at = open_page()
    sheet.fake.set_book(TITLE, book(3))
    reload(at)  # no TTL has passed: the button reads anyway, and the view waits for it
    assert_fresh(at, 3)
    assert sheet.fake.count("batchGet") == 2
    [done] = [s.value for s in at.success if s.value.startswith("Data dimuat ulang")]
    assert done.startswith("Data dimuat ulang: dibaca ") and done.endswith("WIB.")

    sheet.fake.fail("batchGet", status=503)
    reload(at)
    assert sheet.fake.count("batchGet") == 3
    [failed] = [w.value for w in at.warning if w.value.startswith("Memuat ulang gagal")]
    assert "HTTP 503" in failed and "salinan terakhir" in failed
    assert len(stale_banners(at)) == 1 and valid_collections(at) == 3
    rerun(at)
    assert not [w for w in at.warning if w.value.startswith("Memuat ulang gagal")]  # said once
