"""lib.data.load: the one load path of the app, the commands and the benchmark."""

import gc
from types import SimpleNamespace

import pytest
from test_validate import book

import lib.data.sources
from lib.data.load import load_dataset

SAMPLE_LIKE = SimpleNamespace(kind="sample", key="sample")


def test_load_dataset_pauses_the_garbage_collector_and_restores_it(monkeypatch):
    seen = []

    def fake_read(config):
        seen.append(gc.isenabled())
        return book()

    monkeypatch.setattr(lib.data.sources, "read_source", fake_read)
    assert gc.isenabled()
    ds = load_dataset(SAMPLE_LIKE)
    assert seen == [False]
    assert gc.isenabled()
    assert len(ds.offices) == 3

    def failing(config):
        raise RuntimeError("boom")

    monkeypatch.setattr(lib.data.sources, "read_source", failing)
    with pytest.raises(RuntimeError):
        load_dataset(SAMPLE_LIKE)
    assert gc.isenabled()


def test_organisation_name_data_then_env_then_secrets_then_lazismu():
    from lib.data.config import organisation_name

    secrets = {"organisasi": {"nama": "LAZISMU Dari Secrets"}}
    env = {"LAZISMU_NAMA": " LAZISMU  Dari Env "}
    assert organisation_name({"name": "LAZISMU Dari Data"}, env, secrets) == "LAZISMU Dari Data"
    assert organisation_name({}, env, secrets) == "LAZISMU Dari Env"
    assert organisation_name(None, {}, secrets) == "LAZISMU Dari Secrets"
    assert organisation_name(None, {"LAZISMU_NAMA": "  "}, {}) == "LAZISMU"


def test_a_refresh_reading_the_same_cells_keeps_the_dataset_and_its_figures(monkeypatch):
    """Every cache TTL re-reads the sheet; when nothing changed, the dataset object (and
    every figure memoised on it) stays, with the new read time."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from lib.data.dataset import RawBook, SourceInfo
    from lib.figures import memo

    rows = [
        ["Bulan", "Kantor", "Jenis Dana", "Jumlah"],
        ["Okt 2024", "KLL Pakis", "Zakat Maal", "1.000"],
    ]
    wib = ZoneInfo("Asia/Jakarta")
    reads = []

    def read_at(hour: int, amount: str = "1.000") -> RawBook:
        b = book(Penghimpunan=[rows[0], [*rows[1][:3], amount]])
        source = SourceInfo(
            "workbook", "test.xlsx", read_at=datetime(2024, 11, 5, hour, tzinfo=wib)
        )
        return RawBook(source, b.tables)

    monkeypatch.setattr(lib.data.sources, "read_source", lambda config: reads.pop(0))
    reads.extend([read_at(9), read_at(10), read_at(11, amount="2.000")])
    first = load_dataset(SAMPLE_LIKE)
    assert memo.get_or_compute(first, "total", lambda: 1) == 1
    again = load_dataset(SAMPLE_LIKE, reuse=first)
    assert again is first
    assert again.source.read_at.hour == 10  # the banner says when it was read
    assert memo.get_or_compute(again, "total", lambda: 2) == 1  # figures kept
    changed = load_dataset(SAMPLE_LIKE, reuse=first)
    assert changed is not first
    assert changed.collections["amount"].tolist() == [2000]
    assert memo.get_or_compute(changed, "total", lambda: 2) == 2


def test_fingerprint_from_the_snapshot_text_tells_cell_types_apart():
    """load_dataset digests the snapshot's JSON instead of pickling the cells again."""
    from datetime import date, datetime

    from lib.data import snapshot
    from lib.data.dataset import RawBook, RawTable, SourceInfo
    from lib.data.load import fingerprint

    def digest(cell, read_at=None):
        b = RawBook(
            SourceInfo("workbook", "a.xlsx", read_at=read_at),
            {"T": RawTable("T", [["Jumlah"], [cell]])},
        )
        encoder = snapshot.CellEncoder()
        text = snapshot.encode_tables(b, encoder)
        assert encoder.exact
        return fingerprint(b, date(2024, 11, 5), text)

    cells = [1, 1.0, True, "1", None, date(2024, 1, 1), datetime(2024, 1, 1), -0.0, 0.0]
    assert len({digest(c) for c in cells}) == len(cells)
    assert digest(7) == digest(7, read_at=datetime(2024, 11, 5, 9))  # read time left out
