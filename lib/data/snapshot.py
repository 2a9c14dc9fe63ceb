"""The last good read of each source, kept on local disk for when the sheet cannot be read.

The meeting's wifi dies, Google answers 503, a key is revoked the evening before:
the dashboard then shows the last figures it did read, saying since when. What
is kept is the RawBook (the cells as read), not the validated Dataset, so a
snapshot is validated again by the code that shows it and never carries a stale
validation rule.

File format, one file per source (`<config.key>.snapshot`): a header line
`LAZISMU-SNAPSHOT <version> sha256=<hex>` and then UTF-8 JSON. JSON rather than
pickle, so a file that was tampered with can at worst give wrong cells, never
run code; the checksum catches a file that was cut short or damaged. Dates and
times are tagged objects (`{"$": "date", "v": "2024-10-05"}`); every other cell
is a JSON string, number, boolean or null, so cells round-trip exactly.

A workbook read (RawBook.content set) is kept as the file's own bytes instead
(format 2: the same JSON head with `"xlsx": <base64>` in place of "tables"),
read back by the same parser as the file itself (lib.data.sources.parse_workbook).
Encoding 200 000 rows of cells as JSON took about a second, on every refresh and
for a copy that is only ever read when the file later cannot be; the bytes are
a few megabytes written in a few hundredths of a second, so the save stays
synchronous and its failure is still reported by the read that attempted it.
An .xlsx is data to calamine, never code, so the "never run code" rule holds.

Writes go to a temporary file in the same directory and are renamed over the
old snapshot with os.replace (atomic on POSIX and Windows), so a crash mid-write
leaves the previous snapshot intact. Only a successful read is ever saved.
No Streamlit here: lib.ui decides when to save and when to serve.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import tempfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from lib.data.config import SourceError
from lib.data.dataset import RawBook, RawTable, SourceInfo

ENV_SNAPSHOT_DIR = "LAZISMU_SNAPSHOT_DIR"
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "snapshots"  # the repository's, git-ignored
MAGIC = "LAZISMU-SNAPSHOT"
VERSION = 1  # the cells as JSON (a Google Sheet read)
XLSX_VERSION = 2  # a workbook file's own bytes
SUFFIX = ".snapshot"
_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}$")


def snapshot_dir() -> Path:
    """Env LAZISMU_SNAPSHOT_DIR, else `snapshots/` in the repository."""
    value = os.environ.get(ENV_SNAPSHOT_DIR, "").strip()
    return Path(value).expanduser() if value else DEFAULT_DIR


def path_for(key: str, directory: Path | None = None) -> Path:
    """Where the snapshot of source `key` lives; the key must be file-name safe."""
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"snapshot key is not file-name safe: {key!r}")
    return (directory or snapshot_dir()) / f"{key}{SUFFIX}"


# --------------------------------------------------------------------------- encoding


def _encode_cell(value: Any) -> Any:
    """json.dumps' `default`: only called for cells JSON cannot hold natively."""
    if isinstance(value, datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$": "timedelta", "v": value.total_seconds()}
    if isinstance(value, Decimal):
        return float(value)
    return str(value)  # an exotic cell type: kept as its text rather than lost


_DECODERS = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "timedelta": lambda v: timedelta(seconds=float(v)),
}


def _decode_object(obj: dict[str, Any]) -> Any:
    if len(obj) == 2 and "$" in obj and "v" in obj:
        return _DECODERS[obj["$"]](obj["v"])
    return obj


_MEMO_TYPES = frozenset({datetime, date, time})


class CellEncoder:
    """json.dumps' `default` for a snapshot: _encode_cell, each naive date or time once.

    A read of 200 000 rows holds as many date cells but only a few hundred distinct
    dates: the tagged object of each is built once. Only naive ones are kept (aware
    datetimes are equal across zones but print differently); a lookup can only hit
    a value of the same type (a date is never equal to a datetime or a time).
    `exact` turns False on any other cell (a timedelta as float seconds, a Decimal as
    float, an exotic type as its text): the JSON may then not tell every two reads
    apart, so lib.data.load.fingerprint does not digest it.
    """

    def __init__(self) -> None:
        self.memo: dict[Any, Any] = {}
        self.exact = True

    def __call__(self, value: Any) -> Any:
        kind = type(value)
        if kind not in _MEMO_TYPES:
            self.exact = False
            return _encode_cell(value)
        tagged = self.memo.get(value)
        if tagged is None:
            tagged = _encode_cell(value)
            if kind is date or value.tzinfo is None:
                self.memo[value] = tagged
        return tagged


def encode_tables(book: RawBook, encoder: CellEncoder | None = None) -> str:
    """The JSON text of the book's tables exactly as a snapshot holds them.

    lib.data.load encodes them once and uses the text twice: written by `save`
    (tables_json=) and digested as the read's fingerprint.
    """
    tables = [
        {"title": t.title, "gid": t.gid, "first_row": t.first_row, "rows": t.rows}
        for t in book.tables.values()
    ]
    # check_circular=False: cells are scalars, rows lists of them, so no cycle can
    # occur, and the check (a dict insert and delete per row) was half the time
    return json.dumps(
        tables, default=encoder or CellEncoder(), ensure_ascii=False, check_circular=False
    )


def _payload(key: str, book: RawBook, saved_at: datetime) -> dict[str, Any]:
    """Everything a snapshot holds but the tables (encode_tables), in file order."""
    s = book.source
    return {
        "key": key,
        "saved_at": saved_at.isoformat(),
        "source": {
            "kind": s.kind,
            "label": s.label,
            "spreadsheet_id": s.spreadsheet_id,
            "location": s.location,
            "read_at": s.read_at,
            "locale": s.locale,
        },
    }


def _book(data: dict[str, Any]) -> RawBook:
    src = data["source"]
    read_at = src["read_at"]
    if read_at is not None and not isinstance(read_at, datetime):
        raise ValueError("read_at")
    source = SourceInfo(
        kind=str(src["kind"]),
        label=str(src["label"]),
        spreadsheet_id=src.get("spreadsheet_id"),
        location=src.get("location"),
        read_at=read_at,
        locale=src["locale"] if isinstance(src.get("locale"), str) else None,
    )
    if "xlsx" in data:  # format 2: a workbook file's own bytes
        from lib.data.sources import parse_workbook  # lazily: gspread, calamine

        content = base64.b64decode(data["xlsx"], validate=True)
        book = RawBook(source, parse_workbook(content, source.label), content=content)
        return book.complete()  # a damaged sheet makes the snapshot unusable here, not later
    tables = {}
    for t in data["tables"]:
        rows = t["rows"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ValueError("rows")
        gid = t.get("gid")
        tables[str(t["title"])] = RawTable(
            str(t["title"]),
            rows,
            gid=None if gid is None else int(gid),
            first_row=int(t["first_row"]),
        )
    return RawBook(source, tables)


# --------------------------------------------------------------------------- save / load


def save(
    key: str, book: RawBook, *, directory: Path | None = None, tables_json: str | None = None
) -> Path:
    """Keep `book` as the last good read of source `key`; atomic. Raises OSError.

    `tables_json`: encode_tables(book), when the caller has it already; unused
    for a workbook read, whose file bytes (book.content) are kept instead.
    """
    path = path_for(key, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    saved_at = book.source.read_at or datetime.now().astimezone()
    # the text json.dumps gives for the whole payload with the cells as its last key
    head = json.dumps(_payload(key, book, saved_at), default=_encode_cell, ensure_ascii=False)
    if book.content is not None:  # a workbook: its own bytes (format 2)
        version = XLSX_VERSION
        xlsx = base64.b64encode(book.content).decode("ascii")
        body = f'{head[:-1]}, "xlsx": "{xlsx}"}}'.encode()
    else:
        version = VERSION
        if tables_json is None:
            tables_json = encode_tables(book)
        body = f'{head[:-1]}, "tables": {tables_json}}}'.encode()
    header = f"{MAGIC} {version} sha256={hashlib.sha256(body).hexdigest()}\n".encode("ascii")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def save_error_message(exc: BaseException) -> str:
    """What the operator reads when a snapshot could not be saved (never the file contents)."""
    import errno

    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC:
        why = "disk penuh"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        why = "folder salinan tidak boleh ditulis (izin atau disk hanya-baca)"
    else:
        why = f"gagal menulis berkas ({type(exc).__name__})"
    return (
        f"Salinan cadangan data tidak bisa disimpan: {why}. Bila sumber data nanti tidak bisa "
        f"dibaca, dasbor tidak punya data terakhir untuk ditampilkan. Pengelola dasbor perlu "
        f"mengosongkan disk atau memberi izin tulis pada folder {snapshot_dir()} "
        f"(atau mengatur {ENV_SNAPSHOT_DIR})."
    )


def load(key: str, *, directory: Path | None = None) -> tuple[RawBook | None, str | None]:
    """(the last good read of source `key`, None), or (None, why not) in Indonesian.

    (None, None) when there is simply no snapshot yet. Never raises: a damaged,
    foreign or unreadable file is reported and ignored (and left in place, so
    whoever maintains the dashboard can look at it; the next good read replaces it).
    """
    try:
        path = path_for(key, directory)
    except ValueError:
        return None, None
    name = path.name

    def broken(why: str) -> tuple[None, str]:
        return None, (
            f"Salinan data terakhir ({name}) {why}, jadi diabaikan. Salinan baru dibuat "
            "otomatis begitu sumber data berhasil dibaca lagi."
        )

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return broken(f"tidak bisa dibaca ({type(exc).__name__})")
    head, sep, body = raw.partition(b"\n")
    parts = head.decode("ascii", "replace").split(" ")
    if not sep or len(parts) != 3 or parts[0] != MAGIC or not parts[2].startswith("sha256="):
        return broken("bukan berkas salinan dasbor yang sah")
    if parts[1] not in (str(VERSION), str(XLSX_VERSION)):
        return broken(f"dibuat oleh versi dasbor lain (format {parts[1][:10]})")
    if hashlib.sha256(body).hexdigest() != parts[2][len("sha256=") :]:
        return broken("rusak atau terpotong (checksum tidak cocok)")
    try:
        data = json.loads(body.decode("utf-8"), object_hook=_decode_object)
        if data.get("key") != key:
            return broken("milik sumber data lain")
        return _book(data), None
    except SourceError:  # the kept workbook bytes do not parse
        return broken("isinya tidak bisa dipahami")
    except (ValueError, KeyError, TypeError, AttributeError):
        return broken("isinya tidak bisa dipahami")
