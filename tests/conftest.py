"""Shared test setup: every test reads the bundled sample, with a clean cache and no secrets.

A developer's own LAZISMU_* variables or .streamlit/secrets.toml must never
point the test suite at a real sheet, and st.cache_data outlives an AppTest.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit import config as st_config

from lib.data import sources
from lib.data.dataset import PROBLEM_COLUMNS, Dataset, SourceInfo, TabAccount

ROOT = Path(__file__).resolve().parent.parent
SOURCE_ENV = (
    "LAZISMU_SHEET",
    "LAZISMU_WORKBOOK",
    "LAZISMU_SHEETS_API",
    "LAZISMU_CACHE_TTL",
    "LAZISMU_TZ",
    "LAZISMU_NAMA",
    "GOOGLE_APPLICATION_CREDENTIALS",
)


@pytest.fixture(autouse=True)
def sample_source(monkeypatch, tmp_path):
    """No source configured (so the app reads the sample), empty caches, no secrets file.

    st.secrets reads `secrets.files`; pointing it at a file that does not exist
    (tmp_path/secrets.toml, which a test may write) hides the developer's own.
    """
    for name in SOURCE_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LAZISMU_SNAPSHOT_DIR", str(tmp_path / "snapshots"))  # never the repo's
    saved_files = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(tmp_path / "secrets.toml")])
    st.secrets._reset()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    _finish_background_reads()
    st.cache_data.clear()
    st.cache_resource.clear()
    st_config.set_option("secrets.files", saved_files)
    st.secrets._reset()


@pytest.fixture
def secrets_file(tmp_path):
    """Write text as the app's secrets.toml for this test."""

    def write(text: str) -> Path:
        path = tmp_path / "secrets.toml"
        path.write_text(text, encoding="utf-8")
        st.secrets._reset()
        return path

    return write


def tiny_dataset(kind: str = "sheet", accounts: dict | None = None) -> Dataset:
    """A hand-built dataset with one problem of each kind, for page and table tests."""
    problems = pd.DataFrame(
        [
            ["Rapat", 3, "Catatan", "<b>x</b>", "Pesan R", "error", "", "E3"],
            [
                "Penghimpunan",
                13,
                "Kantor",
                "Pakiss",
                "Kantor tidak dikenal",
                "error",
                "Pakiss",
                "B13",
            ],
            ["Penghimpunan", 12, "Jumlah", "1,500", "Ambigu", "error", "KLL Pakis", "D12"],
            ["Program", 5, "", "", "Dobel", "warning", "KLL Wajak", ""],
            ["Kendala", None, "Foo", "", "Kolom tambahan diabaikan", "notice", "", ""],
            ["Penghimpunan", 12, "Bulan", 45000.0, "Bulan salah", "error", "kll  pakis", "A12"],
        ],
        columns=PROBLEM_COLUMNS,
    )
    problems["row"] = problems["row"].astype("Int64")
    offices = pd.DataFrame({"row": [2, 3, 4], "office": ["KLL Pakis", "KLL Wajak", "KLL Pagak"]})
    if accounts is None:
        accounts = {
            "Rapat": TabAccount(rows=3, valid=2, rejected=1, blank=0),
            "Kantor": TabAccount(rows=4, valid=3, rejected=0, blank=1),
            "Penghimpunan": TabAccount(rows=10, valid=8, rejected=2, blank=0),
            "Program": TabAccount(rows=5, valid=5, rejected=0, blank=0, warnings=2),
            "Target": TabAccount(loaded=False),
        }
    source = SourceInfo(
        kind,
        "Rakor [klik](javascript:alert(1))",
        spreadsheet_id="SID" if kind == "sheet" else None,
    )
    return Dataset(source, {"offices": offices}, problems, accounts, gids={"Penghimpunan": 7})


@pytest.fixture
def sample_agenda():
    """The agenda of the 5 October 2024 meeting in the bundled sample (the seed meeting)."""
    from datetime import date

    from lib.data.config import source_config
    from lib.data.load import load_dataset
    from lib.meeting import agenda

    ds = load_dataset(source_config({}, {}))
    meeting, _ = agenda.choose_meeting(ds, date(2024, 1, 1), "2024-10-05")
    return agenda.build_agenda(ds, meeting)


def _finish_background_reads() -> None:
    """Let a test's background refresh (lib.data.load.Revalidating) end with the test.

    Otherwise it may still be reading when the next test starts and fill the
    process-wide tab-list cache of lib.data.sources with the old test's sheet.
    """
    for thread in threading.enumerate():
        if thread.name == "lazismu-refresh":
            thread.join(30)
    sources.clear_metadata_cache()
