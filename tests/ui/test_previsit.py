"""lib.ui.previsit: with new figures the server opens every page once itself.

The real-server test runs `streamlit run app.py` on a made-up district of
three offices: one viewer's first view reads the data, and the server log must
then report the server's own visit of all 3 + 3 + 4 pages without an error.
"""

from __future__ import annotations

import asyncio
import re
import time

import pytest
import websockets
from streamlit import config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import loadtest
from lib.data.config import source_config
from lib.data.load import load_dataset
from lib.ui import previsit
from tests.district import district_workbook, office_names

ROOT = loadtest.ROOT


def test_the_plan_is_every_page_and_kantor_for_every_office(tmp_path):
    book = district_workbook(tmp_path / "contoh.xlsx", 3)
    ds = load_dataset(source_config({"LAZISMU_WORKBOOK": str(book)}, {}))
    views = previsit.plan(ds)
    assert [query["kantor"] for path, query in views if path == "kantor"] == sorted(
        office_names(3), key=str.casefold
    )
    # Pilar shows the program ideas of one office: each active office's once
    assert [query["kantor"] for path, query in views if path == "pilar"] == office_names(3)
    assert {path for path, _ in views} == {"", "kantor", "pilar", "rapat", "kualitas-data"}
    assert ("rapat", {"mode": "presentasi"}) in views
    assert len(views) == 3 + 3 + 4


def test_without_an_active_office_pilar_is_still_visited_once(tmp_path, monkeypatch):
    book = district_workbook(tmp_path / "contoh.xlsx", 2)
    ds = load_dataset(source_config({"LAZISMU_WORKBOOK": str(book)}, {}))
    monkeypatch.setattr(previsit.offices, "counted_offices", lambda ds, period=None: [])
    assert [v for v in previsit.plan(ds) if v[0] == "pilar"] == [("pilar", {})]


@pytest.mark.parametrize(
    ("options", "url"),
    [
        ({}, "ws://127.0.0.1:8501/_stcore/stream"),
        ({"server.address": "0.0.0.0", "server.port": 9000}, "ws://127.0.0.1:9000/_stcore/stream"),
        ({"server.address": "10.1.2.3"}, "ws://10.1.2.3:8501/_stcore/stream"),
        ({"server.address": "::1"}, "ws://[::1]:8501/_stcore/stream"),
        ({"server.baseUrlPath": "/rakor/"}, "ws://127.0.0.1:8501/rakor/_stcore/stream"),
        ({"server.sslCertFile": "/etc/cert.pem"}, "wss://127.0.0.1:8501/_stcore/stream"),
    ],
)
def test_the_server_is_reached_where_it_listens(monkeypatch, options, url):
    values = {
        "server.address": None,
        "server.port": 8501,
        "server.baseUrlPath": "",
        "server.sslCertFile": None,
        **options,
    }
    monkeypatch.setattr(config, "get_option", lambda name: values[name])
    assert previsit.server_url() == url


def test_outside_a_real_server_nothing_is_visited(monkeypatch):
    """AppTest and the command line have no server to visit: start returns at once."""
    called = []
    monkeypatch.setattr(previsit, "visit", lambda *a, **k: called.append(a))
    previsit.start(object())  # type: ignore[arg-type]  # never looked at
    assert not previsit.running_server()
    assert called == []


def test_a_visit_to_a_server_that_is_not_there_fails_without_hanging():
    port = loadtest.free_port()
    with pytest.raises(OSError):
        asyncio.run(previsit.visit(f"ws://127.0.0.1:{port}/_stcore/stream", [("", {})], 5))


def test_only_this_process_secret_marks_the_servers_own_visit():
    token = previsit._OWN_VISIT_TOKEN
    assert previsit.is_own_visit({previsit.OWN_VISIT_HEADER: token})
    assert not previsit.is_own_visit({})
    assert not previsit.is_own_visit({previsit.OWN_VISIT_HEADER: ""})
    assert not previsit.is_own_visit({previsit.OWN_VISIT_HEADER: token[:-1]})
    assert not previsit.is_own_visit({previsit.OWN_VISIT_HEADER: "ya"})


def test_the_visit_sends_its_header_and_waits_for_each_run_to_finish():
    """A stand-in server on the loopback: it sees the header, and the visit counts
    the runs that finished."""
    seen: list[str | None] = []
    asked: list[str] = []

    async def handler(ws) -> None:
        seen.append(ws.request.headers.get(previsit.OWN_VISIT_HEADER))
        async for raw in ws:
            msg = BackMsg()
            msg.ParseFromString(raw)
            asked.append(msg.rerun_script.page_name)
            done = ForwardMsg()
            done.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
            await ws.send(done.SerializeToString())

    async def main() -> int:
        async with websockets.serve(handler, "127.0.0.1", 0) as srv:
            port = next(iter(srv.sockets)).getsockname()[1]
            views = [("", {}), ("kantor", {"kantor": "KLL Pakis"})]
            return await previsit.visit(f"ws://127.0.0.1:{port}/_stcore/stream", views, 5)

    assert asyncio.run(main()) == 2
    assert asked == ["", "kantor"]
    assert seen == [previsit._OWN_VISIT_TOKEN]
    assert previsit.is_own_visit({previsit.OWN_VISIT_HEADER: seen[0] or ""})


def test_the_real_server_visits_every_page_once_new_figures_arrive(tmp_path):
    book = district_workbook(tmp_path / "contoh.xlsx", 3)
    log = tmp_path / "server.log"
    env = {
        "LAZISMU_WORKBOOK": str(book),
        "LAZISMU_SNAPSHOT_DIR": str(tmp_path / "snapshots"),
    }
    flags = ["--secrets.files", str(tmp_path / "secrets.toml")]
    with loadtest.Server(ROOT / "app.py", env, flags=flags, log_path=log) as server:
        views = loadtest.browse(server.url, [[("ringkasan", "", {})]], arrive_within=0)
        assert [v.errors for v in views] == [0]
        deadline = time.monotonic() + 120
        found = None
        while time.monotonic() < deadline and found is None:
            time.sleep(0.5)
            found = re.search(r"kunjungan awal: (\d+) halaman", log.read_text(errors="replace"))
    text = log.read_text(errors="replace")
    assert found is not None, text[-3000:]
    assert int(found.group(1)) == 3 + 3 + 4, text[-3000:]
    assert "kunjungan awal gagal" not in text
