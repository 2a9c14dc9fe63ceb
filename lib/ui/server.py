"""Settings of the running server that Streamlit offers no option for: TCP_NODELAY,
and page runs one at a time in arrival order (`one_page_at_a_time`, below).

Streamlit 1.67 binds its listening socket as `socket.socket(family)`, with
protocol 0, and asyncio sets TCP_NODELAY only on a socket whose protocol is
IPPROTO_TCP, so no viewer's connection gets it. Nagle's algorithm then holds
each small message of a view until the browser acknowledges the one before,
and browsers delay that acknowledgement (40 ms on Linux, up to 200 ms on
Windows). Measured with bench/floor_app.py: a 5-element page took 51 ms from
click to "finished" for 6 ms of server CPU; every page of ours paid those
40 ms on every view.

`tcp_nodelay` replaces asyncio's helper so that every TCP connection the
server accepts from then on gets TCP_NODELAY. With uvloop installed
(requirements.txt, not on Windows) Streamlit runs on uvloop instead, which sets
TCP_NODELAY on its TCP connections itself (a warm view's wall time then equals
its server CPU time); the patch is for asyncio's own loop. app.py calls it on every run;
it installs once. The connection whose first run installs it is the only one
without it.
"""

from __future__ import annotations

import asyncio.base_events
import collections
import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

ASYNCIO_SET_NODELAY = asyncio.base_events._set_nodelay  # type: ignore[attr-defined]  # asyncio's own


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        with contextlib.suppress(OSError):  # a socket already closed by the peer
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def tcp_nodelay() -> bool:
    """Install `_set_nodelay` as asyncio's; True when this call installed it."""
    module: Any = asyncio.base_events
    if getattr(module, "_set_nodelay", None) is _set_nodelay:
        return False
    module._set_nodelay = _set_nodelay
    return True


class FifoLock:
    """A lock that waiting threads get in the order they asked for it, viewers
    before background work.

    `threading.Lock` wakes an arbitrary waiter, so under a burst some views
    wait far longer than others. Here the releasing thread hands the lock to
    the longest waiter directly (each waiter blocks on its own lock), so no
    thread is woken for nothing and none is overtaken. A background waiter
    (the server's own first visit, lib.ui.previsit) gets it only when no
    viewer is waiting: warming pages must never make a person wait.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._held = False
        self._waiters: collections.deque[threading.Lock] = collections.deque()
        self._background: collections.deque[threading.Lock] = collections.deque()

    def acquire(self, background: bool = False) -> None:
        with self._guard:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            (self._background if background else self._waiters).append(turn)
        turn.acquire()  # released by the holder before us: the lock is ours now

    def release(self) -> None:
        with self._guard:
            if not self._held:
                raise RuntimeError("release of an unheld FifoLock")
            queue = self._waiters or self._background
            if queue:
                queue.popleft().release()  # handed over: it stays held
            else:
                self._held = False

    def waiting(self) -> int:
        """How many threads are waiting, viewers and background (for tests and logs)."""
        with self._guard:
            return len(self._waiters) + len(self._background)

    def __enter__(self) -> FifoLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


PAGE_RUNS = FifoLock()


@contextlib.contextmanager
def one_page_at_a_time(background: bool = False) -> Iterator[None]:
    """Page scripts run one at a time, in the order the views arrived.

    Every viewer's run is a thread of the one server process, and Python runs
    one thread at a time (the GIL). With 200 views at once, every run got a
    two-hundredth of the processor in turns, so all of them finished late;
    in turn order each view waits only for the views before it, and the
    processor does not switch between 200 threads. The sidebar, the sign-in
    gate and the sending of messages are not in it. A page never waits for the
    network here: the data are served from memory and refreshed in the
    background (lib.data.load.Revalidating); only the very first read of a
    fresh server is waited for, by everyone, as before.

    `background` runs (the server's own first visit) wait until no viewer does.
    """
    PAGE_RUNS.acquire(background)
    try:
        yield
    finally:
        PAGE_RUNS.release()
