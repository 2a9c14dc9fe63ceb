"""The load client itself (bench.loadtest) against a real `streamlit run` of a tiny app.

`make loadtest` is only worth its numbers if a page that breaks is counted as
broken: here one page raises, one shows st.error and one is fine, and the
client must count exactly the first two as errors.
"""

from __future__ import annotations

import pytest

from bench import loadtest

APP = """
import streamlit as st

st.title("Uji beban")
what = st.query_params.get("what", "")
if what == "raise":
    raise ValueError("boom")
if what == "alert":
    st.error("data tidak bisa dibaca")
st.write("ok")
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("loadtest-app")
    app = folder / "app.py"
    app.write_text(APP, encoding="utf-8")
    with loadtest.Server(app, {}, cwd=folder) as running:
        yield running


def test_exception_elements_and_error_alerts_count_as_errors(server):
    plan = [
        ("fine", "", {}),
        ("raises", "", {"what": "raise"}),
        ("alert", "", {"what": "alert"}),
        ("fine again", "", {}),
    ]
    views = loadtest.browse(server.url, [plan, plan, plan], arrive_within=0.5, think=(0, 0.1))
    pages = loadtest.summarise(views)["pages"]

    assert len(views) == 12 and all(v.failure is None for v in views)
    assert (pages["raises"]["errors"], pages["raises"]["exceptions"]) == (3, 3)
    assert (pages["alert"]["errors"], pages["alert"]["exceptions"]) == (3, 0)
    assert pages["fine"]["errors"] == pages["fine again"]["errors"] == 0
    assert pages["all"]["errors"] == 6
    assert pages["first view"]["n"] == 3
    assert all(v.seconds > 0 for v in views)
    assert loadtest.misses({"scenarios": {"browse 3": fake_result(pages)}}) == [
        "browse 3: 6 errors (target 0)"
    ]


def test_a_server_that_is_gone_is_a_failure_not_a_hang(server):
    view = loadtest.browse("http://127.0.0.1:9", [[("nowhere", "", {})]], arrive_within=0)[0]
    assert view.failure and view.failure.startswith("connection") and view.errors == 1


def fake_result(pages: dict) -> dict:
    return {
        "viewers": 3,
        "pages": pages,
        "peak_rss_mb": 1.0,
        "sheets_requests": {"batchGet": 0},
        "ttl_windows": 1,
    }
