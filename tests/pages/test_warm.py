"""lib.figures.warm: the Kantor page finds every office's figures already computed."""

from __future__ import annotations

import threading

from conftest import ROOT
from streamlit.testing.v1 import AppTest

from lib.figures import memo, offices
from lib.ui import loading

APP = str(ROOT / "app.py")


def figure_keys(ds) -> set:
    """Memo entries of lib.figures functions (display tables and charts left out)."""
    return {
        k for k in memo.store(ds) if isinstance(k, tuple) and str(k[0]).startswith("lib.figures.")
    }


def join_refresh_threads() -> None:
    for thread in threading.enumerate():
        if thread.name == "lazismu-refresh":
            thread.join(60)


def test_a_new_dataset_warms_every_office_so_kantor_computes_nothing_new():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()  # the first view reads the data; its refresh thread warms the offices
    join_refresh_threads()
    ds = loading.load_result().dataset
    assert ds is not None
    warmed = figure_keys(ds)
    names = offices.office_options(ds)
    assert len(names) >= 3
    office_keys = {k for k in warmed if names[-1] in repr(k)}
    assert office_keys, "the last office's figures were computed before anyone opened it"
    for office in (names[0], names[-1]):
        at.query_params["kantor"] = office
        at.switch_page("pages/kantor.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(office in h.value for h in at.subheader)
        new = figure_keys(ds) - warmed
        assert new == set(), (
            f"Kantor computed figures the warm-up did not: {sorted(map(repr, new))}"
        )
