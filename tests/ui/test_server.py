"""lib.ui.server: connections to a socket bound the way Streamlit binds it get TCP_NODELAY."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket

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
