"""Peer (b): st-gsheets-connection reading every tab, one scenario in a fresh process.

Runs in bench/venv-gsheets (the package pins gspread < 6, which the app cannot
share); started by bench.run as `venv-gsheets/bin/python -m bench.gsheets_peer SPEC`
from the repository root. It imports nothing from lib/ (only bench.rss and bench.redirect).

How its HTTP reaches the fake: the connection builds a gspread 5 Client from the
service-account key in its secrets; the key's token_uri is already the fake,
and every Sheets API call goes through the client's requests session
(`conn.client._client.session`, google-auth's AuthorizedSession), on which
bench.redirect mounts an adapter that rewrites https://sheets.googleapis.com to
the fake. The package's own code runs unchanged: `conn.read(worksheet=TAB)` per
tab, as its README shows. Its st.cache_data (ttl 1 h by default) is cleared
between the two refreshes, which is what TTL expiry does in a running app.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path


def _secrets_file(spec: dict, info: dict) -> Path:
    """[connections.gsheets] as the package's README asks; JSON strings are TOML strings."""
    url = f"https://docs.google.com/spreadsheets/d/{spec['spreadsheet_id']}/edit"
    lines = ["[connections.gsheets]", f"spreadsheet = {json.dumps(url)}"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in info.items() if isinstance(v, str)]
    path = Path(tempfile.mkdtemp(prefix="gsheets-peer-")) / "secrets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    spec = json.loads(Path((argv or sys.argv[1:])[0]).read_text(encoding="utf-8"))
    info = json.loads(Path(spec["key_file"]).read_text(encoding="utf-8"))

    logging.disable(logging.WARNING)  # "No runtime found" and friends: bare mode is expected
    import streamlit as st
    from streamlit import config as st_config
    from streamlit_gsheets import GSheetsConnection

    from bench.redirect import redirect
    from bench.rss import peak_rss_mb

    st_config.set_option("secrets.files", [str(_secrets_file(spec, info))])
    conn = st.connection("gsheets", type=GSheetsConnection)
    redirect(conn.client._client.session, spec["url"])

    def refresh() -> dict:
        frames = {}
        for tab in spec["tabs"]:
            head = spec["heads"][tab]  # 1-based header row; a title row above it is skipped
            options = {"header": head - 1} if head > 1 else {}
            frames[tab] = conn.read(worksheet=tab, **options)
        assert sum(map(len, frames.values())) > 0, "nothing read"
        return frames

    times = []
    for phase in range(2):
        start = time.perf_counter()
        frames = refresh()
        times.append(time.perf_counter() - start)
        del frames
        if phase == 0:
            st.cache_data.clear()  # the TTL expiring, as it does between refreshes
            print("cold", flush=True)
            sys.stdin.readline()
    peak = peak_rss_mb()
    result = {"read_s_cold": times[0], "read_s": times[1], "peak_rss_mb": peak}
    print("result " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
