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
    assert_no_links,
    injection_dataset,
    is_live,
    link_dataset,
    rendered_markdown,
)

APP = str(ROOT / "app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture
def hostile(monkeypatch):
    ds = injection_dataset()
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: ds)
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


# --------------------------------------------------------------------------- URL and links

HOSTILE_QUERY = {
    "tahun": "[Login ulang di sini](https://evil.example/login)",
    "bulan": ":red[**AKUN DIBLOKIR**]",
    "kantor": "www.evil.example :material/lock:",
    "pilar": "https://evil.example [x](y)",
    "tanggal": "cek@evil.example",
    "mulai": "25:99",
}


@pytest.mark.parametrize("page", PAGES)
def test_markdown_from_the_url_never_acts(page):
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in HOSTILE_QUERY.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page)
    for name, value in HOSTILE_QUERY.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert_no_links(at)
    assert_inert(at, tuple(HOSTILE_QUERY.values()))


def test_period_in_the_url_is_told_escaped():
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(tahun=HOSTILE_QUERY["tahun"], bulan=HOSTILE_QUERY["bulan"])
    at.run()
    warning = next(w.value for w in at.warning if "tidak terbaca" in w.value)
    assert "\\[Login ulang di sini\\]\\(https\\:\u2060//evil.example/login\\)" in warning
    assert "\\:red\\[\\*\\*AKUN DIBLOKIR\\*\\*\\]" in warning


def test_period_far_outside_the_data_is_clamped_and_says_so():
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(tahun="2100", bulan="12")
    at.run()
    assert not at.exception
    assert any("di luar data" in w.value for w in at.warning)
    assert at.query_params["tahun"] != ["2100"] and at.query_params["tahun"] != "2100"


def test_unreadable_start_time_in_the_url_gets_a_message():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("pages/rapat.py")
    at.query_params["mulai"] = "25:99"
    at.run()
    assert not at.exception
    assert any("Jam mulai di tautan tidak terbaca" in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_bare_urls_and_www_names_in_the_sheet_never_become_links(monkeypatch, page):
    ds = link_dataset()
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: ds)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    if page == "pages/rapat.py":  # open every agenda item, so its blocks render
        for n in range(1, len(at.expander) + 1):
            at.session_state[f"rapat_item_{n}"] = True
        at.run()
        assert len(at.markdown) > 20
    assert_no_links(at)


def _runs_as_formula(value: object) -> bool:
    return isinstance(value, str) and value.lstrip(" ").startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("page", PAGES)
def test_tables_on_every_page_hold_no_formula_their_toolbar_could_export(hostile, page):
    """The toolbar's Download as CSV exports what the table holds: it must be safe."""
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(page).run()
    if page == "pages/rapat.py":
        for n in range(1, len(at.expander) + 1):
            at.session_state[f"rapat_item_{n}"] = True
        at.run()
    assert at.dataframe, "the page shows tables"
    seen = []
    for table in at.dataframe:
        df = table.value
        for column in df.columns:
            for value in df[column]:
                if _runs_as_formula(value) and not export_safe_number(value):
                    seen.append(value)
            assert not _runs_as_formula(str(column))
        numeric = df.select_dtypes("number")
        assert all(not _runs_as_formula(v) for v in numeric.to_numpy().ravel())
    assert not seen, seen[:5]


def export_safe_number(value: str) -> bool:
    """`-Rp5.000`, `-12,5%`: a figure we formatted, a number to a spreadsheet."""
    import re

    return re.fullmatch(r"[-+]\s?(?:Rp\s?\d[\d.,]*|\d[\d.,]*\s?%)", value) is not None


def test_signed_figures_keep_their_sign_and_formulas_do_not():
    from lib.views.export import neutralise

    assert neutralise("-Rp5.000") == "-Rp5.000"
    assert neutralise("-12,5%") == "-12,5%"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise(" =1+1") == "' =1+1"
    assert neutralise("\uff1dSUM(A1)") == "'\uff1dSUM(A1)"
    assert neutralise(-5) == -5
