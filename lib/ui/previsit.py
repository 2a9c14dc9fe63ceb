"""The server opens every page once itself when new figures arrive, before any viewer asks.

At a rakor the board opens one office after another and every office opens
its own page, all within minutes. The first view of a page with new figures
costs 100-300 ms of server CPU (figures, display tables, Styler and Arrow
bytes, chart JSON), and one Python process serves every viewer, so thirty
offices asked for at once made the last viewer wait seconds. Later views
replay what the first one drew (lib.ui.widgets, `REPLAY_ENTRIES`).

So when the refresh thread has a new dataset (lib.data.load.Revalidating's
`on_new`; a refresh that read the same cells is not new), it starts a viewer
of its own: a websocket to this server on the loopback interface, speaking
Streamlit's protocol as a browser does, that opens each page the way a viewer
first sees it (the period the pages open on): Ringkasan, Kantor for every
office, Pilar for every active office, Rapat and its presentation, Kualitas
Data. It runs the real page scripts, so nothing has to mirror what a page computes.

Its page runs are background work: they take the page lock
(lib.ui.server.one_page_at_a_time) only when no viewer is waiting for it, so a
viewer who arrives while the server warms up waits for at most one page of the
visit, not for all of it. The visit says who it is with a header that carries a
secret of this process (`OWN_VISIT_HEADER`, `is_own_visit`); a browser cannot
claim it, and a wrong claim would only put that viewer last.

It runs only inside a real `streamlit run` (not under AppTest or the command
line), one visit at a time, and never raises: a page that fails fails for the
viewer too, and is logged here. Behind a sign-in (`[auth]` with an allowlist)
it sees only the sign-in page, so it warms nothing; the pages then pay their
first view as before.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import threading
import time
from collections.abc import Mapping
from urllib.parse import urlencode

from streamlit import config, runtime
from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lib.data.clock import today_wib
from lib.data.dataset import Dataset
from lib.figures import offices
from lib.figures.period import default_period

log = get_logger(__name__)  # Streamlit's: its level and handler, so the server log shows it

VIEW_TIMEOUT = 60.0  # s: a page that has not finished by then ends the visit
Visit = tuple[str, dict[str, str]]  # (url path, query)

_lock = threading.Lock()  # one visit at a time: a second new dataset waits for the first

OWN_VISIT_HEADER = "X-Lazismu-Own-Visit"
_OWN_VISIT_TOKEN = secrets.token_urlsafe(24)  # this process's; never leaves the loopback


def is_own_visit(headers: Mapping[str, str]) -> bool:
    """True for the server's own visit (its header with this process's secret)."""
    claimed = headers.get(OWN_VISIT_HEADER)
    return claimed is not None and hmac.compare_digest(claimed, _OWN_VISIT_TOKEN)


def plan(ds: Dataset) -> list[Visit]:
    """The views a meeting opens first: every page, Kantor for every office, and
    Pilar with each active office's program ideas (Pilar shows the ideas of the
    office a viewer looked at last)."""
    counted = offices.counted_offices(ds, default_period(ds, today_wib()))
    return [
        ("", {}),
        *[("kantor", {"kantor": name}) for name in offices.office_options(ds)],
        *([("pilar", {"kantor": name}) for name in counted] or [("pilar", {})]),
        ("rapat", {}),
        ("rapat", {"mode": "presentasi"}),
        ("kualitas-data", {}),
    ]


def running_server() -> bool:
    """True inside `streamlit run`; AppTest's runtime is a stand-in, the CLI has none."""
    try:
        return type(runtime.get_instance()) is runtime.Runtime
    except RuntimeError:
        return False


def server_url() -> str:
    """This server's websocket on the loopback interface (or its one bound address)."""
    address = config.get_option("server.address") or ""
    host = address if address not in ("", "0.0.0.0", "::", "localhost") else "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    scheme = "wss" if config.get_option("server.sslCertFile") else "ws"
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{scheme}://{host}:{config.get_option('server.port')}{prefix}/_stcore/stream"


def start(ds: Dataset) -> None:
    """The refresh thread's hook: visit every page of `ds`; never raises."""
    if not running_server():
        return
    with _lock:
        begun = time.perf_counter()
        try:
            done = asyncio.run(visit(server_url(), plan(ds)))
        except Exception:
            log.exception("kunjungan awal gagal")
            return
        log.info("kunjungan awal: %d halaman dalam %.1f s", done, time.perf_counter() - begun)


async def visit(url: str, views: list[Visit], timeout: float = VIEW_TIMEOUT) -> int:
    """Open `views` in order in one session; the number that finished without an error."""
    import ssl

    import websockets
    from websockets.typing import Subprotocol

    context = None
    if url.startswith("wss://"):  # our own certificate, on our own address
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    pages: dict[str, str] = {}  # url path -> page script hash, from the first Navigation
    done = 0
    async with websockets.connect(
        url,
        subprotocols=[Subprotocol("streamlit")],
        max_size=None,
        ping_interval=None,
        open_timeout=timeout,
        ssl=context,
        additional_headers={OWN_VISIT_HEADER: _OWN_VISIT_TOKEN},
    ) as ws:
        for path, query in views:
            msg = BackMsg()
            msg.rerun_script.query_string = urlencode(query)
            msg.rerun_script.page_name = path
            msg.rerun_script.page_script_hash = pages.get(path, "")
            await ws.send(msg.SerializeToString())
            failed = await asyncio.wait_for(_until_finished(ws, pages), timeout)
            if failed:
                log.warning("kunjungan awal: %s %s: %s", path or "/", query, failed)
            else:
                done += 1
    return done


async def _until_finished(ws, pages: dict[str, str]) -> str:
    """Read until the run has finished; what went wrong ("" when nothing)."""
    failed = ""
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        kind = fwd.WhichOneof("type")
        if kind == "navigation" and not pages:
            pages.update({p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages})
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            if element.WhichOneof("type") == "exception":
                failed = f"{element.exception.type}: {element.exception.message}"
        elif kind == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # st.rerun: the same view goes on
                failed = ""
                continue
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                return "compile error"
            return failed
