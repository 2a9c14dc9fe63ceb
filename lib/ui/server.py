"""A setting of the running server that Streamlit offers no option for: TCP_NODELAY.

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
import contextlib
import socket
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
