"""Sheet text stays text: on every page, in the banner, in Kualitas Data and in exports."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import lib.data.load
import lib.ui
import lib.ui.loading
from lib.data.contract import TABS
from lib.figures import quality
from lib.views.export import contract_frame, csv_bytes, safe_frame, xlsx_bytes
from lib.views.fmt import md_escape
from tests.injection import (
    FORMULA_PAYLOADS,
    OFFICES,
    PAYLOADS,
    TITLE,
    assert_inert,
    injection_dataset,
    is_live,
    rendered_markdown,
)

APP = str(ROOT / "app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture
def hostile(monkeypatch):
    ds = injection_dataset()
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config: ds)
    return ds


def test_fixture_carries_the_payloads_into_valid_rows_and_problems():
    ds = injection_dataset()
    assert list(ds.offices["office"]) == OFFICES
    assert ds.programs["program"].tolist() == list(PAYLOADS)
    assert set(ds.obstacles["obstacle"]) == set(PAYLOADS) == set(ds.obstacles["follow_up"])
    assert ds.meetings["notes"].iloc[0].count("$x$") == 1
    assert "**tebal**" in ds.meetings["extra_agenda"].iloc[0]
    assert ds.rejected_rows == 3  # unknown office, a formula as Jumlah, a payload as Pilar
    assert ds.source.label == TITLE


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_sheet_text_inert(hostile, page):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [text for _, text in rendered_markdown(at)]
    assert any(md_escape(TITLE) in t for t in texts), "the banner shows the sheet's title"
    assert_inert(at)


def test_quality_page_lists_hostile_values_as_escaped_cards(hostile):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/kualitas-data.py").run()
    cards = "\n".join(m.value for m in at.markdown if "Isi sel:" in m.value)
    assert md_escape(PAYLOADS[5]) in cards  # shown literally: escaped, never live
    assert PAYLOADS[0] in set(at.multiselect(key="quality_offices").options)
    assert_inert(at)


def test_assert_inert_catches_live_markup():
    """The check above can fail: a page that puts sheet text into markdown is caught."""

    def page():
        import streamlit as st

        st.caption("Kantor **tebal**")
        st.caption(r"aman: \# judul")

    at = AppTest.from_function(page).run()
    with pytest.raises(AssertionError, match="tebal"):
        assert_inert(at)
    assert not is_live("# judul", r"aman: \# judul")


def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=object, keep_default_na=False)


def _xlsx_cells(data: bytes) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.name)
def test_exports_neutralise_formulas_and_keep_numbers(tab):
    ds = injection_dataset()
    frame = contract_frame(ds, tab)
    csv = _read_csv(csv_bytes(frame))
    cells = _xlsx_cells(xlsx_bytes(frame, sheet=tab.name))[tab.name]
    header, rows = list(cells[0]), cells[1:]
    assert header == list(csv.columns) == list(frame.columns)
    for col in frame.columns:
        for i, original in enumerate(frame[col]):
            got_csv, got_xlsx = csv[col].iloc[i], rows[i][header.index(col)]
            if isinstance(original, str) and original.startswith(("=", "+", "-", "@")):
                assert got_csv == got_xlsx == "'" + original, (col, original)
            elif isinstance(original, str):
                assert got_csv == got_xlsx == original
            elif isinstance(original, int | float) and not pd.isna(original):
                assert got_xlsx == original and type(got_xlsx) is not str
                assert float(got_csv) == original


def test_offices_export_carries_every_formula_payload_neutralised():
    frame = contract_frame(injection_dataset(), TABS[0])
    exported = _read_csv(csv_bytes(frame))["Kantor"].tolist()
    for payload in FORMULA_PAYLOADS:
        assert "'" + payload in exported and payload not in exported
    assert "**tebal**" in exported  # not a formula: unchanged


def test_problem_table_export_is_neutralised_too():
    ds = injection_dataset()
    safe = safe_frame(quality.problems_table(ds))
    assert "'" + PAYLOADS[5] in set(safe["Nilai"])
    assert not any(
        isinstance(v, str) and v.startswith(("=", "+", "-", "@"))
        for col in safe.columns
        for v in safe[col]
    )


def test_negative_and_signed_numbers_stay_numbers():
    frame = pd.DataFrame({"Jumlah": [-1500000, 2.5], "Teks": ["-1+1", "+62812"]})
    cells = _xlsx_cells(xlsx_bytes(frame))["Data"]
    assert cells[1:] == [(-1500000, "'-1+1"), (2.5, "'+62812")]
    assert _read_csv(csv_bytes(frame))["Jumlah"].tolist() == ["-1500000.0", "2.5"]
