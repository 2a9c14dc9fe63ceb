"""Every page renders on the bundled sample; the banner, the cache and failures behave."""

from __future__ import annotations

import pytest
from conftest import ROOT, tiny_dataset
from streamlit.testing.v1 import AppTest

import lib.data.load
import lib.ui
import lib.ui.loading
from lib.data.config import SourceError
from lib.data.contract import TABS

APP = str(ROOT / "app.py")
QUALITY = "pages/kualitas-data.py"
PAGES = [
    ("pages/ringkasan.py", "Ringkasan"),
    ("pages/kantor.py", "Kantor"),
    ("pages/pilar.py", "Pilar Program"),
    ("pages/rapat.py", "Rapat Koordinasi"),
    (QUALITY, "Kualitas Data"),
]


def open_page(path: str, query: dict | None = None, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets.update(secrets or {})
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(path).run()
    return at


def assert_ok(at: AppTest, title: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_page_renders_on_sample_with_banner(path, title):
    # AppTest starts each run like a fresh server, so /kantor, /pilar and /rapat
    # also prove that ui.ensure_shell() routes a page through app.py (sidebar).
    at = open_page(path)
    assert_ok(at, title)
    assert any("Data contoh (fiktif)" in i.value for i in at.info)
    assert "Sumber: File contoh" in captions(at)
    assert "WIB" in captions(at)
    assert any("ditolak" in p.value or "valid" in p.value for p in at.page_link)
    assert at.button[0].label == "Muat ulang data"


def test_default_page_is_ringkasan():
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert_ok(at, "Ringkasan")


def test_quality_page_shows_the_accounting_on_sample():
    at = open_page(QUALITY)
    assert_ok(at, "Kualitas Data")
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Tab",
        "Baris",
        "Valid",
        "Ditolak",
        "Kosong",
        "Peringatan",
        "Dimuat",
        "Cek",
    ]
    assert list(table["Tab"]) == [t.name for t in TABS] + ["Pengaturan"]
    assert (table["Baris"] == table["Valid"] + table["Ditolak"] + table["Kosong"]).all()
    assert set(table["Cek"]) == {"✓ cocok"}
    assert (table["Valid"] > 0).all()
    assert any("Tidak ada baris yang hilang" in s.value for s in at.success)


def test_quality_page_reads_kantor_from_the_url():
    at = open_page(QUALITY, query={"kantor": "KLL Pakis"})
    assert_ok(at, "Kualitas Data")
    assert at.multiselect(key="quality_offices").value == ["KLL Pakis"]


def test_quality_page_lists_problems_with_links(monkeypatch):
    monkeypatch.setattr(
        lib.data.load, "load_dataset", lambda config, reuse=None: tiny_dataset("sheet")
    )
    at = open_page(QUALITY, query={"kantor": ["pakis", "Tidak Ada"]})
    assert_ok(at, "Kualitas Data")
    assert at.multiselect(key="quality_offices").value == ["KLL Pakis"]
    assert any("Tidak Ada" in w.value for w in at.warning)
    cards = [m.value for m in at.markdown if "· baris" in m.value or "Tab Kendala" in m.value]
    # KLL Pakis's rows, and the row typed "Pakiss" under the office it was meant for
    assert len(cards) == 3
    assert "kolom Jumlah" in cards[0] and "kolom Bulan" in cards[1]
    assert "kolom Kantor" in cards[2] and "salah ketik" in cards[2] and "Pakiss" in cards[2]
    assert all(c.startswith("**") for c in cards)  # the message comes first
    links = [b.proto.url for b in at.get("link_button")]
    assert links == [
        "https://docs.google.com/spreadsheets/d/SID/edit#gid=7&range=D12",
        "https://docs.google.com/spreadsheets/d/SID/edit#gid=7&range=A12",
        "https://docs.google.com/spreadsheets/d/SID/edit#gid=7&range=B13",
    ]
    # the banner counts rejected rows, and the sheet's title stays text
    assert any(p.value == "3 baris ditolak" for p in at.page_link)
    assert r"\[klik\]\(javascript\:alert\(1\)\)" in captions(at)
    assert not at.info  # not the sample: no "data contoh" label

    at.multiselect(key="quality_offices").set_value(["KLL Wajak"]).run()
    cards = [m.value for m in at.markdown if "· baris" in m.value]
    assert len(cards) == 1 and "Peringatan" in cards[0] and "Dobel" in cards[0]
    assert at.query_params["kantor"] in ("KLL Wajak", ["KLL Wajak"])  # the URL follows


def test_source_error_still_renders_the_page(monkeypatch):
    def fail(config, reuse=None):
        raise SourceError("forbidden", "Sheet belum dibagikan ke service account.")

    monkeypatch.setattr(lib.data.load, "load_dataset", fail)
    for path, title in PAGES:
        at = open_page(path)
        assert_ok(at, title)
        assert [e.value for e in at.error] == ["Sheet belum dibagikan ke service account."]
        assert not at.dataframe


def test_one_read_per_ttl_and_reload_reads_again(monkeypatch):
    calls = []
    real = lib.data.load.load_dataset

    def counting(config, reuse=None):
        calls.append(config.key)
        return real(config)

    monkeypatch.setattr(lib.data.load, "load_dataset", counting)
    at = AppTest.from_file(APP, default_timeout=30).run()
    for path, _ in PAGES:
        at.switch_page(path).run()
    assert calls == ["sample"]
    at.button[0].click().run()
    assert_ok(at, "Kualitas Data")
    assert calls == ["sample", "sample"]


def test_broken_secrets_file_is_reported(secrets_file):
    secrets_file("[sheet\nid = ")
    at = open_page("pages/ringkasan.py")
    # it may hide an [auth] section, so the access gate locks the dashboard
    assert_ok(at, "Dasbor Rakor LAZISMU")
    assert "secrets.toml" in at.error[0].value


def test_sheet_without_credentials_is_reported():
    at = open_page("pages/ringkasan.py", secrets={"sheet": {"id": "1AbCdEfGhIjKlMnOpQrStUv"}})
    assert_ok(at, "Ringkasan")
    assert "service account" in at.error[0].value
