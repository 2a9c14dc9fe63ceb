"""Profile one warm rerun of pages: `python -m bench.profile_page M pilar [rapat ...]`.

Serves generated data of the given size from the fake (as bench.run does), opens
each page with AppTest, reruns it once to warm the caches, then profiles one
more rerun with cProfile. AppTest runs the script in its own thread, so the
profiler is switched on from inside that thread (threading.setprofile). Prints
the functions from lib/ and pages/ (and pandas, altair) by cumulative time.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import re
import sys
import tempfile
import threading
from pathlib import Path

from bench.client import PAGES, ROOT

# PROFILE_SHOWN (a regex over file paths) widens the view, e.g. to streamlit/elements.
SHOWN = os.environ.get("PROFILE_SHOWN") or (
    re.escape(str(ROOT)) + r"/(lib|pages)/|altair/vegalite|pandas/core/(groupby|frame)\.py"
)


def profile_rerun(at) -> pstats.Stats:
    profiler = cProfile.Profile()

    def start_in_script_thread(*_):
        sys.setprofile(None)
        profiler.enable()

    threading.setprofile(start_in_script_thread)
    try:
        at.run()
    finally:
        threading.setprofile(None)
    profiler.disable()
    return pstats.Stats(profiler, stream=io.StringIO())


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) < 2 or args[0] not in ("S", "M", "L") or not set(args[1:]) <= set(PAGES):
        raise SystemExit(f"usage: python -m bench.profile_page S|M|L PAGE... ({', '.join(PAGES)})")
    from streamlit import config as st_config
    from streamlit.testing.v1 import AppTest

    from lib.data.sample import generate
    from tests.fake_sheets import FakeSheets

    tmp = Path(tempfile.mkdtemp(prefix="profile-page-"))
    with FakeSheets() as fake:
        fake.set_book(f"profile {args[0]}", generate(args[0]))
        key = tmp / "key.json"
        key.write_text(json.dumps(fake.service_account_info()), encoding="utf-8")
        st_config.set_option("secrets.files", [str(tmp / "secrets.toml")])
        os.environ.update(
            {
                "LAZISMU_SHEET": fake.spreadsheet_id,
                "LAZISMU_SHEETS_API": fake.url,
                "GOOGLE_APPLICATION_CREDENTIALS": str(key),
                "LAZISMU_CACHE_TTL": "86400",
            }
        )
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        for name in args[1:]:
            at.switch_page(PAGES[name]).run()
            at.run()
            stats = profile_rerun(at)
            out = io.StringIO()
            stats.stream = out
            stats.sort_stats("cumtime").print_stats(SHOWN, 30)
            print(f"===== {name}\n{out.getvalue()}")


if __name__ == "__main__":
    main()
