"""The last good snapshot on disk: exact round trip, atomic writes, damage detected."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from lib.data import snapshot
from lib.data.dataset import RawBook, RawTable, SourceInfo

WIB = timezone(timedelta(hours=7))
KEY = "sheet-1AbCdEfGhIjKlMnOp"


def book(label: str = "Rakor Kab. Malang", amount: object = 1500000) -> RawBook:
    source = SourceInfo(
        "sheet",
        label,
        spreadsheet_id="1AbCdEfGhIjKlMnOp",
        location="https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOp/edit",
        read_at=datetime(2024, 10, 5, 8, 15, 30, tzinfo=WIB),
    )
    tables = {
        "Kantor": RawTable("Kantor", [["Kantor", "Aktif"], ["KLL Pakis", True]], gid=0),
        "Penghimpunan ": RawTable(
            "Penghimpunan ",
            [
                ["Bulan", "Kantor", "Jumlah"],
                [45566, "kll  pakis", amount],
                [datetime(2024, 10, 1, 13, 5), "PAKIS", "1.500.000,50"],
                [date(2024, 9, 1), None, 0.1],
                [],
                [time(7, 30), "x", 1e20, -3, False, "=SUM(A1)", "émoji 🙂\nbaris"],
            ],
            gid=1001,
            first_row=3,
        ),
        "Kosong": RawTable("Kosong", [], gid=None),
    }
    return RawBook(source, tables)


def test_round_trip_is_exact(tmp_path):
    original = book()
    path = snapshot.save(KEY, original, directory=tmp_path)
    assert path == tmp_path / f"{KEY}.snapshot"
    loaded, message = snapshot.load(KEY, directory=tmp_path)
    assert message is None
    assert loaded == original
    row = loaded.tables["Penghimpunan "].rows[1]
    assert type(row[0]) is int and type(row[2]) is int
    assert loaded.tables["Penghimpunan "].rows[5][4] is False
    assert loaded.source.read_at == original.source.read_at
    assert loaded.source.read_at.utcoffset() == timedelta(hours=7)


def test_default_directory_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LAZISMU_SNAPSHOT_DIR", str(tmp_path / "x"))
    snapshot.save(KEY, book())
    assert (tmp_path / "x" / f"{KEY}.snapshot").exists()
    monkeypatch.delenv("LAZISMU_SNAPSHOT_DIR")
    root = Path(__file__).resolve().parents[2]  # where app.py is, not inside the package
    assert (root / "app.py").is_file()
    assert snapshot.snapshot_dir() == root / "snapshots"


def test_no_snapshot_yet_is_not_an_error(tmp_path):
    assert snapshot.load(KEY, directory=tmp_path) == (None, None)


def test_unsafe_keys_are_refused(tmp_path):
    with pytest.raises(ValueError):
        snapshot.save("../evil", book(), directory=tmp_path)
    assert snapshot.load("../evil", directory=tmp_path) == (None, None)
    assert snapshot.load("a/b", directory=tmp_path) == (None, None)


def test_a_crash_mid_write_keeps_the_old_snapshot(tmp_path, monkeypatch):
    snapshot.save(KEY, book("lama"), directory=tmp_path)

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(snapshot.os, "replace", crash)
    with pytest.raises(OSError):
        snapshot.save(KEY, book("baru"), directory=tmp_path)
    monkeypatch.undo()
    loaded, _ = snapshot.load(KEY, directory=tmp_path)
    assert loaded.source.label == "lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{KEY}.snapshot"]  # no temp left


def test_a_new_save_replaces_the_old_one(tmp_path):
    snapshot.save(KEY, book("lama"), directory=tmp_path)
    snapshot.save(KEY, book("baru", amount=7), directory=tmp_path)
    loaded, _ = snapshot.load(KEY, directory=tmp_path)
    assert loaded.source.label == "baru" and loaded.tables["Penghimpunan "].rows[1][2] == 7


def damage_cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def damage_flip(data: bytes) -> bytes:
    i = data.index(b"KLL Pakis")
    return data[:i] + b"KLL Pakiz" + data[i + 9 :]


def damage_version(data: bytes) -> bytes:
    return data.replace(b"LAZISMU-SNAPSHOT 1 ", b"LAZISMU-SNAPSHOT 99 ", 1)


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (damage_cut, "checksum"),
        (damage_flip, "checksum"),
        (lambda d: b"", "bukan berkas salinan"),
        (lambda d: b"\x80\x04\x95 pickle? \x00\xff", "bukan berkas salinan"),
        (lambda d: b'{"key": "x"}\n', "bukan berkas salinan"),
        (damage_version, "versi dasbor lain"),
    ],
)
def test_damaged_files_are_reported_never_raised(tmp_path, damage, words):
    path = snapshot.save(KEY, book(), directory=tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    loaded, message = snapshot.load(KEY, directory=tmp_path)
    assert loaded is None
    assert words in message and "diabaikan" in message and path.name in message
    assert path.exists()  # left for inspection; the next good read replaces it


def test_valid_checksum_but_nonsense_content_is_reported(tmp_path):
    import hashlib

    for body in (b"[1, 2]", b'{"key": "%s"}' % KEY.encode(), b"not json"):
        header = f"LAZISMU-SNAPSHOT 1 sha256={hashlib.sha256(body).hexdigest()}\n"
        (tmp_path / f"{KEY}.snapshot").write_bytes(header.encode() + body)
        loaded, message = snapshot.load(KEY, directory=tmp_path)
        assert loaded is None and "tidak bisa dipahami" in message


def test_another_sources_file_is_not_served(tmp_path):
    path = snapshot.save(KEY, book(), directory=tmp_path)
    os.replace(path, tmp_path / "sheet-lain.snapshot")
    loaded, message = snapshot.load("sheet-lain", directory=tmp_path)
    assert loaded is None and "sumber data lain" in message


def test_unreadable_file_is_reported(tmp_path):
    (tmp_path / f"{KEY}.snapshot").mkdir()  # a directory where the file should be
    loaded, message = snapshot.load(KEY, directory=tmp_path)
    assert loaded is None and "tidak bisa dibaca" in message


def test_tables_encoded_once_give_the_same_file(tmp_path):
    """lib.data.load encodes the tables once and hands the text to save."""
    original = book()
    plain = snapshot.save(KEY, original, directory=tmp_path / "a").read_bytes()
    text = snapshot.encode_tables(original)
    given = snapshot.save(KEY, original, directory=tmp_path / "b", tables_json=text)
    assert given.read_bytes() == plain
    assert json.loads(plain.partition(b"\n")[2])["tables"] == json.loads(text)


def test_cell_encoder_memo_keeps_every_date_as_written():
    encoder = snapshot.CellEncoder()
    utc = datetime(2024, 10, 5, 1, 0, tzinfo=UTC)
    same_instant = utc.astimezone(WIB)  # equal to `utc`, printed differently
    cells = [date(2024, 10, 5), datetime(2024, 10, 5), time(0, 0), utc, same_instant]
    text = json.dumps(cells * 2, default=encoder)
    assert json.loads(text, object_hook=snapshot._decode_object) == cells * 2
    assert "2024-10-05T01:00:00+00:00" in text and "2024-10-05T08:00:00+07:00" in text
    assert encoder.exact
    json.dumps([timedelta(seconds=1)], default=encoder)
    assert not encoder.exact  # a timedelta is kept as float seconds
