"""The one load path: read the source, keep the read as its snapshot, validate.

The app (lib.ui.loading), every command (lib.cli) and the benchmark call
`load_dataset` or `load_result`, so what is measured is what is served.
`load_result` never raises for a source fault: it falls back to the last
good snapshot of the same source and says why in Indonesian.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from lib.data import snapshot, sources
from lib.data.clock import now_wib
from lib.data.config import SourceConfig, SourceError
from lib.data.dataset import Dataset
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


def load_dataset(config: SourceConfig) -> Dataset:
    """Read the source, keep the read as its last good snapshot, then validate.

    Raises SourceError when the source cannot be read. The raw read is kept
    (not the Dataset), so a snapshot is validated by the code that serves it.
    Failing to write the snapshot never fails the read.
    """
    save_error = None
    with _gc_paused():
        book = sources.read_source(config)
        if config.kind in SNAPSHOT_KINDS:
            try:
                snapshot.save(config.key, book)
            except (OSError, ValueError) as exc:
                log.warning("snapshot of %s not saved: %s", config.key, type(exc).__name__)
                save_error = snapshot.save_error_message(exc)
        ds = validate(book)
    ds.save_error = save_error
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


def load_result(config: SourceConfig) -> LoadResult:
    """`load_dataset`, or the last good snapshot with the reason the read failed."""
    try:
        ds = load_dataset(config)
    except SourceError as exc:
        return _fallback(config, exc)
    return LoadResult(ds)
