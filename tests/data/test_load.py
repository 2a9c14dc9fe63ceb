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
