"""Another district's workbook: its name everywhere, Kabupaten Malang nowhere; no "None"/"nan".

The workbook is a synthetic district (tests/district.py) with a Pengaturan tab
naming it; every page is run with AppTest and everything it renders is read
back: titles, texts, captions, alerts, metrics, tables and the sidebar.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from apptest import open_sections
from conftest import ROOT
from district import NAME, district, district_workbook
from streamlit.testing.v1 import AppTest

from lib.data import sample
from lib.data.sources import read_workbook
from lib.data.validate import validate
from lib.meeting import agenda as ag
from lib.meeting import pack

APP = str(ROOT / "app.py")
PAGES = [
    "pages/ringkasan.py",
    "pages/kantor.py",
    "pages/pilar.py",
    "pages/rapat.py",
    "pages/kualitas-data.py",
]
# Views that only show with a choice made: one pillar's programs, an open agenda item.
QUERIES = {"pages/pilar.py": {"pilar": "Kesehatan"}}
TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "success",
    "error",
    "code",
)


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    path = district_workbook(tmp_path / "contoh.xlsx", 5)
    monkeypatch.setenv("LAZISMU_WORKBOOK", str(path))
    return path


def run_page(path: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rendered_text(at: AppTest) -> str:
    parts: list[str] = []
    for kind in TEXT_ELEMENTS:
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [str(o) for s in at.selectbox for o in s.options]
    parts += [frame.value.to_string() for frame in at.dataframe]
    return "\n".join(parts)


def bad_cells(df: pd.DataFrame) -> list[tuple[str, object]]:
    """Cells that would show as "None"/"nan" in a table: missing text, or the words themselves."""
    found = []
    for column in df.columns:
        series = df[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue  # a number column has no text to show; see the money dtype test
        for value in series:
            missing = value is None or (isinstance(value, float) and value != value)
            if missing or str(value).strip().lower() in ("none", "nan", "nat", "<na>"):
                found.append((column, value))
    return found


@pytest.mark.parametrize("path", PAGES)
def test_another_district_never_reads_malang(workbook, path):
    at = run_page(path)
    text = rendered_text(at)
    assert "Malang" not in text
    assert NAME in "\n".join(c.value for c in at.sidebar.caption)
    assert NAME in "\n".join(c.value for c in at.caption)  # the banner


def pdf_text(data: bytes) -> str:
    """Text of a core-font PDF: its content streams, inflated."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            out.append(stream.decode("latin-1"))
    return "\n".join(out)


def test_another_districts_pack_names_it_and_not_malang(workbook):
    ds = validate(read_workbook(workbook))
    meeting = ag.meetings(ds)[0]
    agenda = ag.build_agenda(ds, meeting)
    name = ds.settings["name"]
    markdown = pack.render_markdown(agenda, name=name)
    whatsapp = pack.render_whatsapp(agenda, name=name)
    pdf = pdf_text(pack.render_pdf(agenda, font_dir=None, name=name))
    for text in (markdown, whatsapp, pdf):
        assert "Malang" not in text
        assert "Contoh Jaya" in text


@pytest.mark.parametrize("path", PAGES)
def test_no_none_or_nan_in_any_table(workbook, path):
    at = run_page(path, QUERIES.get(path))
    for frame in at.dataframe:
        assert bad_cells(frame.value) == [], frame.value.head().to_string()


@pytest.mark.parametrize("path", PAGES)
def test_no_none_or_nan_in_any_table_of_the_sample(path):
    at = run_page(path, QUERIES.get(path))
    for frame in at.dataframe:
        assert bad_cells(frame.value) == [], frame.value.head().to_string()


def test_bad_cells_sees_none_and_nan():
    df = pd.DataFrame({"a": ["x", None, "nan"], "b": [1.0, float("nan"), 2.0]}, dtype=object)
    df["b"] = df["b"].astype("float64")
    assert [(c, str(v)) for c, v in bad_cells(df)] == [("a", "None"), ("a", "nan")]


RUPIAH = re.compile(r"Rp\d{1,3}(\.\d{3})*")


@pytest.mark.parametrize("district", [None, 3, 40])
def test_office_tables_money_is_numeric_and_offices_link_to_their_page(
    tmp_path, monkeypatch, district
):
    from lib.views import progress_tables as tables

    if district is not None:
        monkeypatch.setenv(
            "LAZISMU_WORKBOOK", str(district_workbook(tmp_path / "d.xlsx", district))
        )
    at = run_page("pages/ringkasan.py", {"tahun": "2024", "bulan": "9"})
    frame = next(d.value for d in at.dataframe if tables.COL_YTD in d.value.columns)
    for column in [*tables.OFFICE_MONEY, *tables.OFFICE_COUNTS, tables.COL_PCT, tables.COL_ACR]:
        assert pd.api.types.is_float_dtype(frame[column]), column
    assert all(link.startswith("kantor?kantor=") for link in frame[tables.COL_OFFICE])
    assert all(link.endswith("&tahun=2024&bulan=9") for link in frame[tables.COL_OFFICE])
    assert bad_cells(frame) == []

    # Kantor: Jenis dana and Riwayat laporan sort as numbers, read as Rupiah
    office = {} if district is None else {"kantor": "KLL Sumberejo Wetan 1"}
    at = run_page("pages/kantor.py", {**office, "tahun": "2024", "bulan": "9"})
    mix = next(d for d in at.dataframe if "Jenis dana" in d.value.columns)
    for column in ("Jumlah", "Porsi"):
        assert pd.api.types.is_float_dtype(mix.value[column]), column
    assert all(RUPIAH.fullmatch(t) for t in shown_texts(mix, "Jumlah"))
    assert all(re.fullmatch(r"\d{1,3},\d%", t) for t in shown_texts(mix, "Porsi"))
    history = next(d for d in at.dataframe if "Penghimpunan" in d.value.columns)
    assert pd.api.types.is_float_dtype(history.value["Penghimpunan"])
    texts = dict(zip(history.value["Bulan"], shown_texts(history, "Penghimpunan"), strict=True))
    status = dict(zip(history.value["Bulan"], history.value["Status"], strict=True))
    for month, text in texts.items():  # no report: "–", never Rp0
        assert RUPIAH.fullmatch(text) if status[month] == "Sudah lapor" else text == "–", month
    if district is not None:  # office 1 typed Rp4.000.000 + Rp250.000 x (month mod 7) a month
        assert {status[m] for m in ("Oktober", "November", "Desember")} == {"Belum waktunya"}
        assert [texts[m] for m in ("Oktober", "November", "Desember")] == ["–"] * 3
        assert texts["Januari"] == "Rp4.250.000" and texts["Juni"] == "Rp5.500.000"
        funds = list(mix.value["Jenis dana"])
        amounts = dict(zip(funds, shown_texts(mix, "Jumlah"), strict=True))
        shares = dict(zip(funds, shown_texts(mix, "Porsi"), strict=True))
        assert amounts.pop("Zakat Maal") == texts_sum(texts)  # its only fund type
        assert shares.pop("Zakat Maal") == "100,0%"
        assert set(amounts.values()) <= {"Rp0"} and set(shares.values()) <= {"0,0%"}


def shown_texts(element, column: str) -> list[str]:
    """What Streamlit draws in a table's column: the Styler's display texts.

    A column whose config is a progress bar or has a `format` of its own is
    drawn from the raw number instead (Streamlit: column_config formats win
    over the Styler's), so such a config fails here. A missing value is drawn
    as the table's placeholder ("None" without one), not as the Styler's text
    (both seen in Chromium).
    """
    config = json.loads(element.proto.columns or "{}").get(column, {}).get("type_config", {})
    assert config.get("type") != "progress" and not config.get("format"), (column, config)
    styler = element.proto.arrow_data.styler
    shown = pa.ipc.open_stream(styler.display_values).read_all().to_pandas()
    placeholder = element.proto.placeholder if element.proto.HasField("placeholder") else "None"
    return [
        placeholder if pd.isna(raw) else str(text)
        for raw, text in zip(element.value[column], shown[column], strict=True)
    ]


def absurd_target_workbook(path: Path) -> Path:
    """Three offices; the first typed its target as `36` (meant 36 jt)."""
    tables = district(3)
    tables["Target"][1][2] = 36
    return sample.write_xlsx(tables, path)


def test_a_percentage_beyond_999_reads_so_and_still_sorts_as_a_number(tmp_path, monkeypatch):
    from lib.views import progress_tables as tables

    monkeypatch.setenv("LAZISMU_WORKBOOK", str(absurd_target_workbook(tmp_path / "d.xlsx")))
    at = run_page("pages/ringkasan.py", {"tahun": "2024", "bulan": "9"})
    shown = [d for d in at.dataframe if tables.COL_PCT in d.value.columns]
    assert len(shown) == 2  # laptop and phone; every column is one tap away
    shown = [d for d in open_sections(at).dataframe if tables.COL_PCT in d.value.columns]
    assert len(shown) == 3
    for element in shown:
        frame = element.value
        assert pd.api.types.is_float_dtype(frame[tables.COL_PCT])
        assert frame[tables.COL_PCT].max() > 100_000  # Rp42 jt of Rp36, as a number
        offices = [re.search(r"kantor=([^&]*)", link)[1] for link in frame[tables.COL_OFFICE]]
        texts = dict(zip(offices, shown_texts(element, tables.COL_PCT), strict=True))
        # Rp42.000.000 of Rp36; Rp42.500.000 of Rp61.000.000; Rp43.000.000 of Rp62.000.000
        assert texts == {
            "KLL+Sumberejo+Wetan+1": "> 999%",
            "KLL+Karangan+2": "70%",
            "KLL+Tegalsari+Kidul+3": "69%",
        }


def texts_sum(texts: dict[str, str]) -> str:
    """The sum of Rupiah texts (`Rp4.250.000`), written the same way."""
    total = sum(int(t[2:].replace(".", "")) for t in texts.values() if t.startswith("Rp"))
    return "Rp" + f"{total:,}".replace(",", ".")
