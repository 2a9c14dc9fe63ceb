"""The one load path: read the source, keep the read as its snapshot, validate.

The app (lib.ui.loading), every command (lib.cli) and the benchmark call
`load_dataset` or `load_result`, so what is measured is what is served.
`load_result` never raises for a source fault: it falls back to the last
good snapshot of the same source and says why in Indonesian.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime

from lib.data import snapshot, sources
from lib.data.clock import now_wib, today_wib
from lib.data.config import SourceConfig, SourceError
from lib.data.dataset import Dataset, RawBook
from lib.data.validate import validate

SNAPSHOT_KINDS = ("sheet", "workbook")  # the bundled sample needs no offline copy
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadResult:
    """What one load gave: a dataset, or why there is none.

    Plain strings instead of the exception, so the result can be cached and
    shown. `stale`: the latest read failed (`error` says why) and `dataset` is
    the last good snapshot of the same source, read at `snapshot_at`.
    `notice` says why a snapshot file could not be used, when there was one.
    """

    dataset: Dataset | None
    error: str | None = None  # Indonesian, shown to the user
    reason: str | None = None  # SourceError.reason, for tests and logs
    stale: bool = False
    snapshot_at: datetime | None = None  # stale only: when the served data was read
    notice: str | None = None  # stale or failed only: the snapshot file was unusable


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector: a big sheet is millions of fresh objects with no
    cycles, and the collector would walk them again and again (about 40% of a
    read + validate at benchmark size L). Reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fingerprint(book: RawBook, day: date, tables_json: str | None = None) -> str:
    """A digest of what a read returned (every cell, the source but not its read time)
    and of the day it is validated on (validation knows "today").

    A workbook read (book.content): the file's bytes the cells were parsed from,
    a hundredth of a second, as the same bytes always parse to the same cells.
    Otherwise `tables_json`, snapshot.encode_tables(book) when its encoder stayed
    exact: the same cells as text (JSON tells 1, 1.0, True, "1" and dates apart),
    digested instead of pickling every cell again (a second a big workbook).
    """
    head = (replace(book.source, read_at=None), list(book.tables), day)
    digest = hashlib.blake2b(pickle.dumps(head, protocol=5), digest_size=16)
    if book.content is not None:
        digest.update(b"file")
        digest.update(book.content)
    elif tables_json is None:
        digest.update(pickle.dumps(book.tables, protocol=5))
    else:
        digest.update(b"json")
        digest.update(tables_json.encode("utf-8"))
    return digest.hexdigest()


def _save_snapshot(config: SourceConfig, book: RawBook) -> tuple[str | None, str | None]:
    """Keep `book` as the last good read: (its cells as exact JSON or None, save error or None).

    A workbook read keeps the file's bytes (snapshot format 2): no cell is encoded,
    and the save (a few megabytes, a few hundredths of a second) stays on the read's
    path, so a failure is reported by the very read that attempted it (Kualitas Data,
    `save_error`) and a snapshot on disk is always the last good read. A Google Sheet
    has no file: its cells are encoded once, saved, and the text is the fingerprint's.
    """
    if config.kind not in SNAPSHOT_KINDS:
        return None, None
    tables_json = None
    try:
        if book.content is not None:
            snapshot.save(config.key, book)
        else:
            encoder = snapshot.CellEncoder()
            text = snapshot.encode_tables(book, encoder)
            tables_json = text if encoder.exact else None
            snapshot.save(config.key, book, tables_json=text)
    except (OSError, ValueError, RecursionError) as exc:  # never stops the read
        log.warning("snapshot of %s not saved: %s", config.key, type(exc).__name__)
        return tables_json, snapshot.save_error_message(exc)
    return tables_json, None


def load_dataset(config: SourceConfig, reuse: Dataset | None = None) -> Dataset:
    """Read the source, keep the read as its last good snapshot, then validate.

    Raises SourceError when the source cannot be read. The raw read is kept
    (not the Dataset), so a snapshot is validated by the code that serves it.
    Failing to write the snapshot never fails the read. When the cells are
    those `reuse` was validated from (same fingerprint), `reuse` itself comes
    back with the new read time: nothing is validated again, and the figures
    already computed from it (lib.figures.memo) stay, for every viewer.
    """
    with _gc_paused():
        book = sources.read_source(config)
        tables_json = save_error = None
        if book.content is None:  # a sheet: the snapshot's text is also the fingerprint's
            tables_json, save_error = _save_snapshot(config, book)
        digest = fingerprint(book, today_wib(), tables_json)
        if reuse is not None and reuse.fingerprint == digest:
            if book.content is not None:
                _, save_error = _save_snapshot(config, book.complete())
            reuse.source = replace(reuse.source, read_at=book.source.read_at or now_wib())
            reuse.save_error = save_error
            return reuse
        # A workbook's big sheet may still be parsing (sources._parse_sheets): the
        # small tabs are validated meanwhile, and the file becomes the last good
        # snapshot only once every sheet of it has been read.
        ds = validate(book)
        if book.content is not None:
            _, save_error = _save_snapshot(config, book.complete())
    ds.save_error = save_error
    ds.fingerprint = digest
    if ds.source.read_at is None:
        ds.source = replace(ds.source, read_at=now_wib())
    return ds


def _fallback(config: SourceConfig, exc: SourceError) -> LoadResult:
    """The read failed: serve the last good snapshot of this source, if there is one."""
    failed = LoadResult(None, error=exc.message, reason=exc.reason)
    if config.kind not in SNAPSHOT_KINDS:
        return failed
    book, notice = snapshot.load(config.key)
    if book is None:
        return replace(failed, notice=notice)
    try:
        ds = validate(book)
    except Exception as err:  # a snapshot that validates badly is as good as corrupt
        log.warning("snapshot of %s not usable: %s", config.key, type(err).__name__)
        return replace(failed, notice="Salinan data terakhir tidak bisa dipakai dan diabaikan.")
    return replace(failed, dataset=ds, stale=True, snapshot_at=book.source.read_at)


def load_result(config: SourceConfig, reuse: Dataset | None = None) -> LoadResult:
    """`load_dataset`, or the last good snapshot with the reason the read failed."""
    try:
        ds = load_dataset(config, reuse)
    except SourceError as exc:
        return _fallback(config, exc)
    return LoadResult(ds)


# --------------------------------------------------------------------------- serving many viewers

# After a failed read, the next tries come this many seconds after the previous
# one (the last figure repeats): a sheet that is down is not asked on every view,
# and one that comes back is noticed within a few minutes at worst.
RETRY_SCHEDULE = (15.0, 30.0, 60.0, 120.0, 300.0)


def monotonic() -> float:
    """The clock of `Revalidating` (tests replace it to step past a TTL without waiting)."""
    return time.monotonic()


@dataclass
class _Entry:
    result: LoadResult
    checked: float  # monotonic() when the read that gave `result` finished
    failures: int  # failed reads in a row (0: `result` is a good read)


class Revalidating:
    """Stale-while-revalidate over `load_result`, one per server process.

    A view gets what is in memory at once; when that is older than the TTL (or,
    after a failed read, when the retry schedule says so) one background thread
    reads the source and swaps the result in for the next view. One read runs
    at a time for the whole server, however many viewers arrive. Only the very
    first view of a source waits for a read (there is nothing to show yet);
    `reload` ("Muat ulang data") waits for a fresh read on purpose. A failed
    read keeps serving the dataset already in memory (the same object, so its
    memoised figures stay), marked stale with the time it was read; with nothing
    in memory, `load_result` falls back to the snapshot on disk.
    """

    def __init__(
        self,
        read: Callable[[SourceConfig, Dataset | None], LoadResult] | None = None,
        schedule: tuple[float, ...] = RETRY_SCHEDULE,
        on_new: Callable[[Dataset], None] | None = None,
    ) -> None:
        self._read_fn = read
        self._on_new = on_new
        self.schedule = schedule
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()  # guards _entries and _worker
        self._reading = threading.Lock()  # one read of any source at a time
        self._worker: threading.Thread | None = None
        self.reads = 0  # reads started, for tests and logs

    def _read(self, config: SourceConfig, reuse: Dataset | None) -> LoadResult:
        return (self._read_fn or load_result)(config, reuse)

    def _due(self, entry: _Entry, ttl: float) -> bool:
        if not entry.failures:
            return monotonic() - entry.checked >= ttl
        wait = self.schedule[min(entry.failures, len(self.schedule)) - 1]
        return monotonic() - entry.checked >= wait

    def get(self, config: SourceConfig, ttl: float) -> LoadResult:
        """What is in memory, at once; a background read starts when it is due."""
        with self._lock:
            entry = self._entries.get(config.key)
        if entry is None:
            return self._read_now(config, only_if_missing=True)
        if self._due(entry, ttl):
            self._start(config, ttl)
        return entry.result

    def reload(self, config: SourceConfig) -> LoadResult:
        """Read now and wait for it (after a background read in progress, if any)."""
        return self._read_now(config)

    def entry_age(self, config: SourceConfig) -> float | None:
        with self._lock:
            entry = self._entries.get(config.key)
        return None if entry is None else monotonic() - entry.checked

    def wait(self, timeout: float | None = None) -> None:
        """Until the background read (if any) has finished (tests, shutdown)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _read_now(self, config: SourceConfig, only_if_missing: bool = False) -> LoadResult:
        with self._reading:
            if only_if_missing:  # another viewer may have read it while this one waited
                with self._lock:
                    entry = self._entries.get(config.key)
                if entry is not None:
                    return entry.result
            return self._read_and_store(config)

    def _start(self, config: SourceConfig, ttl: float) -> None:
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return
            self._worker = threading.Thread(
                target=self._refresh, args=(config, ttl), name="lazismu-refresh", daemon=True
            )
            self._worker.start()

    def _refresh(self, config: SourceConfig, ttl: float) -> None:
        with self._reading:
            with self._lock:
                entry = self._entries.get(config.key)
            if entry is not None and not self._due(entry, ttl):
                return  # a reload read it meanwhile
            try:
                self._read_and_store(config)
            except Exception:  # a bug must not kill the server's thread silently
                log.exception("background read of %s failed", config.key)

    def _read_and_store(self, config: SourceConfig) -> LoadResult:
        self.reads += 1
        with self._lock:
            previous = self._entries.get(config.key)
        in_memory = previous is not None and previous.result.dataset is not None
        # the same cells as last time keep the same dataset (load_dataset's reuse)
        reuse = previous.result.dataset if previous is not None else None
        if self._read_fn or not in_memory:
            result = self._read(config, reuse)
        else:
            result = _read_only(config, reuse)
        with self._lock:
            good = result.dataset is not None and not result.stale
            if not good and previous is not None and previous.result.dataset is not None:
                result = _keep_serving(previous.result, result)
            failures = 0 if good else (previous.failures if previous else 0) + 1
            self._entries[config.key] = _Entry(result, monotonic(), failures)
        if good and self._on_new is not None and result.dataset is not reuse:
            assert result.dataset is not None
            threading.Thread(
                target=self._on_new, args=(result.dataset,), name="lazismu-refresh", daemon=True
            ).start()
        return result


def _read_only(config: SourceConfig, reuse: Dataset | None = None) -> LoadResult:
    """`load_result` without the snapshot fallback: the caller has a dataset in memory."""
    try:
        ds = load_dataset(config, reuse)
    except SourceError as exc:
        return LoadResult(None, error=exc.message, reason=exc.reason)
    return LoadResult(ds)


def _keep_serving(previous: LoadResult, failed: LoadResult) -> LoadResult:
    """A failed read: serve the dataset already in memory (stale), with the new reason."""
    ds = previous.dataset
    assert ds is not None
    read_at = previous.snapshot_at if previous.stale else ds.source.read_at
    return replace(failed, dataset=ds, stale=True, snapshot_at=read_at, notice=None)
