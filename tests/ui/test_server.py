"""lib.ui.server: connections to a socket bound the way Streamlit binds it get TCP_NODELAY,
and page runs take turns in the order they arrived."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket
import threading
import time

import pytest
from conftest import ROOT

from lib.ui import server


def accepted_nodelay() -> int:
    """Serve on a listening socket made like Streamlit 1.67's (`socket.socket(family)`,
    protocol 0), connect once, and read TCP_NODELAY of the server's side."""
    seen: list[int] = []

    async def main() -> None:
        listener = socket.socket(family=socket.AF_INET)
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        srv = await asyncio.start_server(connected, sock=listener)
        port = listener.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.01)
        writer.close()
        srv.close()
        await srv.wait_closed()

    asyncio.run(main())
    return seen[0]


def test_streamlit_style_listener_gets_tcp_nodelay_only_with_the_fix(monkeypatch):
    # asyncio's own helper (an AppTest of app.py earlier in the run may have installed ours)
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", server.ASYNCIO_SET_NODELAY)
    assert accepted_nodelay() == 0  # what Streamlit 1.67 gives every viewer
    assert server.tcp_nodelay() is True
    assert server.tcp_nodelay() is False  # installs once
    assert accepted_nodelay() != 0


def _queue_up(
    lock: server.FifoLock, n: int, background: frozenset[int] = frozenset()
) -> tuple[list[int], list[threading.Thread]]:
    """Start n threads that each take `lock` in turn (those in `background` as
    background work); wait until each is queued."""
    order: list[int] = []

    def run(i: int) -> None:
        lock.acquire(background=i in background)
        order.append(i)
        lock.release()

    threads = []
    for i in range(n):
        t = threading.Thread(target=run, args=(i,))
        t.start()
        threads.append(t)
        deadline = time.monotonic() + 5
        while lock.waiting() < i + 1 and time.monotonic() < deadline:
            time.sleep(0.001)
        assert lock.waiting() == i + 1  # queued behind the holder, in this order
    return order, threads


def test_page_runs_get_the_lock_in_the_order_they_asked():
    lock = server.FifoLock()
    lock.acquire()  # a page run in progress
    order, threads = _queue_up(lock, 20)
    assert order == []  # nobody overtakes the holder
    lock.release()
    for t in threads:
        t.join(5)
    assert order == list(range(20))
    assert lock.waiting() == 0
    with lock:  # free again, and taken without waiting
        pass


def test_viewers_go_before_the_servers_own_visit_whenever_they_wait():
    """The warm-up visit (0 and 3) asked first, yet every waiting viewer goes before it;
    among themselves each kind keeps its order."""
    lock = server.FifoLock()
    lock.acquire()
    order, threads = _queue_up(lock, 6, background=frozenset({0, 3}))
    lock.release()
    for t in threads:
        t.join(5)
    assert order == [1, 2, 4, 5, 0, 3]
    assert lock.waiting() == 0


def test_the_servers_own_visit_runs_at_once_when_nobody_waits():
    lock = server.FifoLock()
    lock.acquire(background=True)  # a free lock is taken without waiting
    lock.release()
    with lock:
        pass


def test_an_exception_in_a_page_run_releases_the_lock():
    lock = server.FifoLock()
    with pytest.raises(ValueError), lock:
        raise ValueError("halaman gagal")
    done = threading.Event()
    threading.Thread(target=lambda: (lock.acquire(), done.set(), lock.release())).start()
    assert done.wait(5)


def test_releasing_a_free_lock_is_an_error():
    with pytest.raises(RuntimeError):
        server.FifoLock().release()


class Recording(server.FifoLock):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    def acquire(self, background: bool = False) -> None:
        super().acquire(background)
        self.events.append("acquire background" if background else "acquire")

    def release(self) -> None:
        self.events.append("release")
        super().release()


def test_every_view_runs_its_page_inside_the_lock_and_lets_go(monkeypatch):
    from streamlit.testing.v1 import AppTest

    lock = Recording()
    monkeypatch.setattr(server, "PAGE_RUNS", lock)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan"  # the page ran (inside the lock)
    at.switch_page("pages/pilar.py").run()
    assert not at.exception
    assert lock.events == ["acquire", "release"] * 2
    assert lock.waiting() == 0


def test_the_servers_own_visit_runs_its_pages_as_background_work(monkeypatch):
    """app.py asks lib.ui.previsit whether the run is the server's own visit (its
    header) and takes the lock as background work then."""
    from streamlit.testing.v1 import AppTest

    from lib.ui import previsit

    lock = Recording()
    monkeypatch.setattr(server, "PAGE_RUNS", lock)
    monkeypatch.setattr(previsit, "is_own_visit", lambda headers: True)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert lock.events == ["acquire background", "release"]
