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


# --------------------------------------------------------------------------- a workbook source


def _workbook_config(path):
    from lib.data.config import SourceConfig

    return SourceConfig("workbook", workbook=path)


def test_workbook_fingerprint_is_the_file_bytes(tmp_path):
    """A workbook read is fingerprinted from the bytes it was parsed from: the same file
    gives the same digest whenever it is read, a changed file another one."""
    from datetime import date

    from test_sources import build_workbook

    from lib.data.load import fingerprint
    from lib.data.sources import read_workbook

    path = build_workbook(tmp_path / "rakor.xlsx")
    first = read_workbook(path)
    again = read_workbook(path)
    assert first.content == path.read_bytes()
    day = date(2024, 11, 5)
    assert fingerprint(first, day) == fingerprint(again, day)
    assert fingerprint(first, day) != fingerprint(first, date(2024, 11, 6))  # "today" counts

    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["Penghimpunan"]["C2"] = 1500001
    wb.save(path)
    changed = read_workbook(path)
    assert fingerprint(changed, day) != fingerprint(first, day)


def test_an_unchanged_workbook_keeps_the_dataset_a_changed_one_does_not(tmp_path):
    import openpyxl
    from test_sources import build_workbook

    path = build_workbook(tmp_path / "rakor.xlsx")
    config = _workbook_config(path)
    first = load_dataset(config)
    assert load_dataset(config, reuse=first) is first
    wb = openpyxl.load_workbook(path)
    wb["Penghimpunan"]["C2"] = 1500001
    wb.save(path)
    assert load_dataset(config, reuse=first) is not first


def test_workbook_snapshot_is_written_and_served_when_the_file_breaks(tmp_path):
    """The snapshot of a workbook keeps the file's bytes (format 2); when the file later
    cannot be read, its cells are what load_result serves, marked stale."""
    from test_sources import build_workbook

    from lib.data import snapshot
    from lib.data.load import load_result
    from lib.data.sources import read_workbook

    path = build_workbook(tmp_path / "rakor.xlsx")
    config = _workbook_config(path)
    good = load_dataset(config)
    assert good.save_error is None
    saved = snapshot.path_for(config.key)
    assert saved.read_bytes().startswith(b"LAZISMU-SNAPSHOT 2 sha256=")
    kept, notice = snapshot.load(config.key)
    assert notice is None
    assert kept.tables == read_workbook(path).tables
    assert kept.source == good.source

    path.write_bytes(b"not a workbook")  # overwritten by a broken save
    result = load_result(config)
    assert result.reason == "file" and result.stale
    assert result.snapshot_at == good.source.read_at
    assert result.dataset.accounts == good.accounts
    assert result.dataset.collections.equals(good.collections)


def test_workbook_snapshot_that_does_not_parse_is_reported_and_ignored(tmp_path):
    import base64
    import hashlib
    import json

    from test_sources import build_workbook

    from lib.data import snapshot

    path = build_workbook(tmp_path / "rakor.xlsx")
    config = _workbook_config(path)
    load_dataset(config)
    saved = snapshot.path_for(config.key)
    data = json.loads(saved.read_bytes().partition(b"\n")[2])
    data["xlsx"] = base64.b64encode(b"PK not really a zip").decode()
    body = json.dumps(data).encode()
    header = f"LAZISMU-SNAPSHOT 2 sha256={hashlib.sha256(body).hexdigest()}\n".encode()
    saved.write_bytes(header + body)  # a sound checksum over bytes that are no workbook
    book, notice = snapshot.load(config.key)
    assert book is None and "tidak bisa dipahami" in notice


def test_workbook_snapshot_that_cannot_be_saved_is_reported_by_the_read(tmp_path, monkeypatch):
    from test_sources import build_workbook

    from lib.data import snapshot

    def refuse(*args, **kwargs):
        raise PermissionError("read-only disk")

    monkeypatch.setattr(snapshot, "save", refuse)
    ds = load_dataset(_workbook_config(build_workbook(tmp_path / "rakor.xlsx")))
    assert ds.accounts and "izin" in ds.save_error


def _damaged_copy(source, target, sheet: str) -> None:
    """`source` with one sheet's XML cut off mid-way, as a broken download is."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == f"xl/worksheets/{sheet}":
                body = body[: len(body) // 2]
            dst.writestr(info, body)


@pytest.mark.parametrize("sheet", ["sheet1.xml", "sheet3.xml", "sheet4.xml"])  # 3: the biggest
def test_a_workbook_with_a_broken_sheet_keeps_the_last_good_snapshot(tmp_path, sheet):
    """The biggest sheet is parsed beside the validation of the others, so its failure
    arrives late: the read still fails as a whole, and the file is not kept as the last
    good snapshot (the good one before it is what is served)."""
    from lib.data import snapshot
    from lib.data.load import load_result
    from lib.data.sample import SAMPLE_PATH

    path = tmp_path / "rakor.xlsx"
    path.write_bytes(SAMPLE_PATH.read_bytes())
    config = _workbook_config(path)
    good = load_dataset(config)
    saved = snapshot.path_for(config.key).read_bytes()

    _damaged_copy(SAMPLE_PATH, path, sheet)
    with pytest.raises(lib.data.sources.SourceError) as caught:
        load_dataset(config)
    assert "rusak atau terpotong" in caught.value.message
    assert snapshot.path_for(config.key).read_bytes() == saved
    result = load_result(config)
    assert result.stale and result.dataset.accounts == good.accounts


def test_a_sheet_failing_after_the_others_were_validated_keeps_the_last_good_snapshot(
    tmp_path, monkeypatch
):
    from test_sources import _slow_sheet

    from lib.data import snapshot
    from lib.data.sample import SAMPLE_PATH

    path = tmp_path / "rakor.xlsx"
    path.write_bytes(SAMPLE_PATH.read_bytes())
    config = _workbook_config(path)
    load_dataset(config)
    saved = snapshot.path_for(config.key).read_bytes()
    path.write_bytes(SAMPLE_PATH.read_bytes() + b"\0")  # another file, same sheets
    _slow_sheet(monkeypatch, "Penghimpunan", fail=True)
    with pytest.raises(lib.data.sources.SourceError):
        load_dataset(config)
    assert snapshot.path_for(config.key).read_bytes() == saved
