"""One benchmark scenario in a fresh process: `python -m bench.client MODE SPEC.json`.

Run by bench.run, never by hand. Each scenario gets its own process so that its
peak RSS (VmHWM, bench.rss) is its own. The fake serving the data lives in the parent;
this process is only the client. Modes:

- ours: lib.data.load.load_dataset on the sheet (read + validate), as the app does;
- workbook: the same on the size's .xlsx (the workbook source);
- per_tab: the common way, plain gspread 6: open the spreadsheet, then
  `worksheet(tab).get_all_records()` for every tab;
- pages: AppTest warm reruns of every page of the app on the sheet.

ours and per_tab make two refreshes: the first in the fresh process (token,
metadata), the second as every later one (what a running server pays per TTL).
Between them the process writes "cold" on stdout and waits for a line on stdin,
so the parent can cut the fake's request log at that point.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench.rss import peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "ringkasan": "pages/ringkasan.py",
    "kantor": "pages/kantor.py",
    "pilar": "pages/pilar.py",
    "rapat": "pages/rapat.py",
    "kualitas_data": "pages/kualitas-data.py",
}
RERUNS = 7  # warm reruns per page; the median is reported


def handshake() -> None:
    """Tell the parent the first refresh is done; wait until it has cut the log."""
    print("cold", flush=True)
    sys.stdin.readline()


def two_refreshes(refresh) -> dict:
    times = []
    for phase in range(2):
        start = time.perf_counter()
        result = refresh()
        times.append(time.perf_counter() - start)
        del result  # a cache replaces its entry: the old one is garbage
        if phase == 0:
            handshake()
    return {"read_s_cold": times[0], "read_s": times[1], "peak_rss_mb": peak_rss_mb()}


def ours(spec: dict) -> dict:
    from lib.data.config import SourceConfig
    from lib.data.load import load_dataset

    info = json.loads(Path(spec["key_file"]).read_text(encoding="utf-8"))
    config = SourceConfig(
        "sheet",
        spreadsheet=spec["spreadsheet_id"],
        service_account_info=info,
        api_base=spec["url"],
        timeout=60.0,
    )

    def refresh():
        ds = load_dataset(config)
        assert ds.source.kind == "sheet" and ds.accounts, "nothing read"
        return ds

    return two_refreshes(refresh)


WORKBOOK_REFRESHES = 7  # timed full reads after the first; the median is reported


def workbook(spec: dict) -> dict:
    """The same load on the size's .xlsx (the workbook source): read + validate.

    Every refresh is a full read (no dataset to reuse). A read of a 46 MB sheet
    moves by a few tenths of a second from one run to the next on this VM, so
    the figure is the median of WORKBOOK_REFRESHES reads, with the fastest and
    slowest beside it.
    """
    from lib.data.config import SourceConfig
    from lib.data.load import load_dataset

    config = SourceConfig("workbook", workbook=Path(spec["workbook"]))

    def refresh():
        ds = load_dataset(config)
        assert ds.source.kind == "workbook" and ds.accounts, "nothing read"
        return ds

    cold = two_refreshes(refresh)
    times = [cold["read_s"]]
    for _ in range(WORKBOOK_REFRESHES - 1):
        start = time.perf_counter()
        result = refresh()
        times.append(time.perf_counter() - start)
        del result
    return {
        **cold,
        "read_s": statistics.median(times),
        "read_s_min": min(times),
        "read_s_max": max(times),
        "reads": len(times),
        "peak_rss_mb": peak_rss_mb(),
    }


def per_tab_client(spec: dict):
    """A gspread 6 client as a user would make it, with its HTTP sent to the fake."""
    import gspread

    from bench.redirect import redirect

    info = json.loads(Path(spec["key_file"]).read_text(encoding="utf-8"))
    gc = gspread.service_account_from_dict(info)
    redirect(gc.http_client.session, spec["url"])
    return gc


def per_tab_refresh(gc, spec: dict) -> dict:
    """One refresh the common way: one get_all_records per tab, header row given per tab.

    get_all_records takes the header from row `head` (default 1); a tab with a
    title row above its header needs head= set by hand, as its user would.
    """
    import pandas as pd

    sheet = gc.open_by_key(spec["spreadsheet_id"])
    return {
        tab: pd.DataFrame(sheet.worksheet(tab).get_all_records(head=spec["heads"][tab]))
        for tab in spec["tabs"]
    }


def per_tab(spec: dict) -> dict:
    gc = per_tab_client(spec)

    def refresh():
        frames = per_tab_refresh(gc, spec)
        assert sum(map(len, frames.values())) > 0, "nothing read"
        return frames

    return two_refreshes(refresh)


def pages(spec: dict) -> dict:
    """Median warm rerun (ms) of every page; the data is read once, then cached."""
    from streamlit import config as st_config
    from streamlit.testing.v1 import AppTest

    # a developer's .streamlit/secrets.toml must not replace the fake's key
    st_config.set_option("secrets.files", [str(Path(spec["key_file"]).with_suffix(".toml"))])
    os.environ.update(
        {
            "LAZISMU_SHEET": spec["spreadsheet_id"],
            "LAZISMU_SHEETS_API": spec["url"],
            "GOOGLE_APPLICATION_CREDENTIALS": spec["key_file"],
            "LAZISMU_CACHE_TTL": "86400",  # the cache must not expire while timing
        }
    )
    os.environ.pop("LAZISMU_WORKBOOK", None)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    out = {}
    for name, path in PAGES.items():
        at.switch_page(path).run()
        _check(at, name)
        times = []
        for _ in range(RERUNS):
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
        _check(at, name)
        out[name] = statistics.median(times)
    return {"pages_ms": out, "peak_rss_mb": peak_rss_mb()}


def _check(at, name: str) -> None:
    if at.exception:
        raise SystemExit(f"page {name}: {at.exception[0].value}")
    if at.error:
        raise SystemExit(f"page {name}: {at.error[0].value}")


def main(argv: list[str] | None = None) -> None:
    mode, spec_path = (argv or sys.argv[1:])[:2]
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    # snapshots of the benchmark's reads go beside its spec, not among the user's
    os.environ["LAZISMU_SNAPSHOT_DIR"] = str(Path(spec_path).resolve().parent / "snapshots")
    modes = {"ours": ours, "per_tab": per_tab, "pages": pages, "workbook": workbook}
    result = modes[mode](spec)
    print("result " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
