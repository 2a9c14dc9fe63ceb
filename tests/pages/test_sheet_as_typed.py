"""The sheet as people really type it, seen on the pages: locale, snapshot failures."""

from __future__ import annotations

import errno
from dataclasses import replace

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import lib.data.load
from lib.data import snapshot
from lib.data.sample import ensure_sample
from lib.data.sources import read_workbook
from lib.data.validate import validate

APP = str(ROOT / "app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def sample_as_sheet(locale: str):
    path = ensure_sample()
    book = read_workbook(path)
    book.source = replace(book.source, kind="sheet", spreadsheet_id="SID", locale=locale)
    return validate(book)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_when_the_sheet_is_not_in_an_indonesian_locale(monkeypatch, page):
    ds = sample_as_sheet("en_US")
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: ds)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [w.value for w in at.warning]
    assert any("Lokal: Indonesia" in t and "750.000" in t for t in texts), texts
    assert any("bulan dulu (3/1/2024 = 1 Maret 2024)" in t for t in texts), texts


def test_a_day_first_foreign_locale_says_nothing_about_the_date_order(monkeypatch):
    ds = sample_as_sheet("en_GB")
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: ds)
    at = AppTest.from_file(APP, default_timeout=60).run()
    texts = [w.value for w in at.warning]
    assert any("Lokal: Indonesia" in t for t in texts), texts
    assert not any("bulan dulu" in t for t in texts), texts


def test_indonesian_locale_says_nothing(monkeypatch):
    ds = sample_as_sheet("in_ID")
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: ds)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not any("Lokal" in w.value for w in at.warning)


@pytest.mark.parametrize(("code", "phrase"), [(errno.ENOSPC, "disk penuh"), (errno.EROFS, "izin")])
def test_snapshot_that_cannot_be_saved_is_told_on_kualitas_data(monkeypatch, code, phrase):
    monkeypatch.setenv("LAZISMU_WORKBOOK", str(ensure_sample()))

    def refuse(*args, **kwargs):
        raise OSError(code, "nope")

    monkeypatch.setattr(snapshot, "save", refuse)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/kualitas-data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("Salinan cadangan" in e and phrase in e for e in errors), errors
