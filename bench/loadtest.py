"""Meeting-day load test: `make loadtest` (or `.venv/bin/python -m bench.loadtest`).

Starts the real server (`streamlit run app.py` with the project's own
.streamlit/config.toml) on the loopback fake of the Sheets API serving the
generated workbook of size M, and drives it over Streamlit's own websocket
protocol (/_stcore/stream, protobuf BackMsg/ForwardMsg), as the browser does:

- browse: N viewers (default 50, then 200) arrive within 10 s; each opens
  Ringkasan, then Kantor with an office, Pilar, a Rapat presentation slide and
  Kualitas Data, with 1-3 s think time between views;
- soak: 50 viewers hold the Rapat presentation page for 5 minutes
  (--soak-seconds) while its live refresh (st.fragment run_every) runs.

Each scenario gets a fresh server, so peaks do not mix. Before the viewers come,
one viewer (the secretary) opens every page once: the warm-up, reported apart.
Reported per page: p50, p95 and max of the time from sending the rerun request
to the script's "finished" message; errors (exception elements, st.error
alerts, compile errors, dropped connections, views that never finished); the
server's peak RSS (VmHWM) and RSS after the viewers leave; Sheets requests the
fake received. Results go to the `load` section of bench/results.json and the
table between the `loadtest` markers in README.md. The run is bounded (a
deadline per view and per scenario), stops its server, and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

from bench.rss import rss_mb

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "README.md"
MARK_START = "<!-- loadtest:start -->"
MARK_END = "<!-- loadtest:end -->"
HOST = "127.0.0.1"  # loopback only: the server listens here and the viewers connect here
VIEW_TIMEOUT = 120.0  # a view that has not finished by then counts as an error
SHEETS_KINDS = ("get", "batchGet", "values")

FINISHED = ForwardMsg.FINISHED_SUCCESSFULLY
FRAGMENT_FINISHED = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN

# Targets of the meeting-day issue; a miss is printed and makes the exit status 1.
TARGETS = {
    50: {"p95_s": 1.0, "first_s": 2.0, "rss_mb": 1024.0},
    200: {"p95_s": 5.0, "rss_mb": 2048.0},
}
SOAK_GROWTH = 0.10  # RSS after the first minute grows by less than this
SOAK_RETURN = 0.10  # after the viewers leave, RSS within this of the idle level


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """`streamlit run APP` on 127.0.0.1 with the project's config; stopped on exit."""

    def __init__(
        self,
        app: Path,
        env: dict[str, str],
        *,
        cwd: Path = ROOT,
        flags: Sequence[str] = (),
        log_path: Path | None = None,
    ) -> None:
        self.app = app
        self.env = env
        self.cwd = cwd
        self.flags = list(flags)
        self.port = free_port()
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 60.0) -> Server:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.app),
            "--server.address",
            HOST,
            "--server.port",
            str(self.port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *self.flags,
        ]
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            command,
            cwd=self.cwd,
            env={**os.environ, **self.env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class RssSampler:
    """Samples the server's RSS in a thread: (seconds since start, MB) pairs."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.pid = pid
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.monotonic()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - self._start, rss_mb(self.pid)))
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --------------------------------------------------------------------------- client


@dataclass
class View:
    """One request and what came back."""

    viewer: int
    page: str  # label for the report: "ringkasan", "kantor", ...
    seconds: float = math.nan
    exceptions: list[str] = field(default_factory=list)  # exception elements
    error_alerts: list[str] = field(default_factory=list)  # st.error elements
    failure: str | None = None  # connection dropped, timeout, compile error
    first: bool = False  # the viewer's first view (includes opening the websocket)
    fragment: bool = False  # a live-refresh run of a fragment, not a whole page

    @property
    def errors(self) -> int:
        return len(self.exceptions) + len(self.error_alerts) + (self.failure is not None)


class Session:
    """One browser tab: a websocket to /_stcore/stream speaking BackMsg/ForwardMsg."""

    def __init__(self, base_url: str) -> None:
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws: Any = None
        self.pages: dict[str, str] = {}  # url path -> page_script_hash (from Navigation)
        self.auto_reruns: dict[str, float] = {}  # fragment id -> interval (s)
        self.query = ""
        self.page_hash = ""
        self.page_name = ""

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            ping_interval=None,
            open_timeout=VIEW_TIMEOUT,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def view(
        self, page: str, url_path: str, query: dict[str, str] | None = None, viewer: int = 0
    ) -> View:
        """Open `url_path` ("" for the main page) with `query`; time it to script finished."""
        self.query = urlencode(query or {})
        self.page_name = url_path
        self.page_hash = self.pages.get(url_path, "")
        return await self._run(View(viewer, page), fragment_id="")

    async def rerun_fragment(self, fragment_id: str, page: str, viewer: int = 0) -> View:
        """What the browser sends when a fragment's run_every interval has passed."""
        return await self._run(View(viewer, page, fragment=True), fragment_id=fragment_id)

    async def _run(self, view: View, fragment_id: str) -> View:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.page_name = self.page_name
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        start = time.perf_counter()
        try:
            if self.ws is None:
                view.first = True
                await self.connect()
            await self.ws.send(msg.SerializeToString())
            await asyncio.wait_for(self._until_finished(view, bool(fragment_id)), VIEW_TIMEOUT)
            view.seconds = time.perf_counter() - start
        except TimeoutError:
            view.failure = f"no answer within {VIEW_TIMEOUT:.0f} s"
        except (OSError, websockets.ConnectionClosed) as exc:
            view.failure = f"connection: {type(exc).__name__}"
        return view

    async def _until_finished(self, view: View, fragment: bool) -> None:
        while True:
            data = await self.ws.recv()
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                self._element(fwd, view)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.auto_reruns[fwd.auto_rerun.fragment_id] = fwd.auto_rerun.interval
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    view.failure = "compile error"
                    return
                if status == EARLY:  # e.g. st.rerun: the same request goes on
                    view.exceptions.clear()
                    view.error_alerts.clear()
                    continue
                if status == FRAGMENT_FINISHED or (status == FINISHED and not fragment):
                    return

    @staticmethod
    def _element(fwd: ForwardMsg, view: View) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            view.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            view.error_alerts.append(element.alert.body[:200])


Plan = list[tuple[str, str, dict[str, str]]]  # (label, url path, query) per view


async def browse_viewer(
    base_url: str,
    viewer: int,
    plan: Plan,
    arrive_at: float,
    think: tuple[float, float],
    views: list[View],
    rng: random.Random,
) -> None:
    await asyncio.sleep(arrive_at)
    session = Session(base_url)
    try:
        for k, (label, path, query) in enumerate(plan):
            if k:
                await asyncio.sleep(rng.uniform(*think))
            view = await session.view(label, path, query, viewer)
            views.append(view)
            if view.failure and view.failure.startswith("connection"):
                break
    finally:
        await session.close()


def browse(
    base_url: str,
    plans: Sequence[Plan],
    *,
    arrive_within: float = 10.0,
    think: tuple[float, float] = (1.0, 3.0),
    seed: int = 14,
) -> list[View]:
    """Every plan is one viewer; they arrive uniformly within `arrive_within` seconds."""
    rng = random.Random(seed)
    views: list[View] = []

    async def main() -> None:
        await asyncio.gather(
            *(
                browse_viewer(base_url, i, plan, rng.uniform(0, arrive_within), think, views, rng)
                for i, plan in enumerate(plans)
            )
        )

    asyncio.run(main())
    return views


async def soak_viewer(
    base_url: str,
    viewer: int,
    plan: Plan,
    arrive_at: float,
    until: float,
    views: list[View],
) -> None:
    """Open the presentation, then answer every auto-rerun of its fragment until `until`."""
    await asyncio.sleep(arrive_at)
    session = Session(base_url)
    try:
        for label, path, query in plan:
            views.append(await session.view(label, path, query, viewer))
        due = {f: time.monotonic() + every for f, every in session.auto_reruns.items()}
        while due:
            fragment, when = min(due.items(), key=lambda item: item[1])
            if when >= until:
                break
            await asyncio.sleep(max(0.0, when - time.monotonic()))
            view = await session.rerun_fragment(fragment, plan[-1][0] + " (live)", viewer)
            views.append(view)
            if view.failure:
                break
            due[fragment] = when + session.auto_reruns.get(fragment, 60.0)
        await asyncio.sleep(max(0.0, until - time.monotonic()))
    finally:
        await session.close()


def soak(base_url: str, plans: Sequence[Plan], seconds: float, arrive_within: float = 10.0):
    rng = random.Random(14)
    views: list[View] = []
    until = time.monotonic() + seconds

    async def main() -> None:
        await asyncio.gather(
            *(
                soak_viewer(base_url, i, plan, rng.uniform(0, arrive_within), until, views)
                for i, plan in enumerate(plans)
            )
        )

    asyncio.run(main())
    return views


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc), 0 when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, quiet: float = 0.05, every: float = 0.5, limit: float = 120.0) -> float:
    """Until the server has used less than `quiet` s of CPU in `every` s: after the
    walk-through, its refresh thread computes every office's figures (lib.figures.warm).
    Returns the seconds waited."""
    start = time.monotonic()
    last = cpu_seconds(pid)
    while time.monotonic() - start < limit:
        time.sleep(every)
        now = cpu_seconds(pid)
        if now - last < quiet:
            break
        last = now
    return time.monotonic() - start


def page_costs(
    base_url: str, plan: Plan, reruns: int = 7, pid: int | None = None
) -> dict[str, dict[str, float]]:
    """One viewer: each page opened once (caches warm), then `reruns` timed reruns.

    Per page: `ms`, the median wall time from request to script finished, and
    (with the server's `pid`) `cpu_ms`, the server's CPU time per rerun: on a
    machine shared with other work the wall time grows, the CPU time much less.
    """
    out: dict[str, dict[str, float]] = {}

    async def main() -> None:
        session = Session(base_url)
        try:
            for label, path, query in plan:
                view = await session.view(label, path, query)
                if view.errors:
                    why = view.failure or view.exceptions or view.error_alerts
                    raise RuntimeError(f"{label}: {why}")
                times = []
                cpu = cpu_seconds(pid) if pid else 0.0
                for _ in range(reruns):
                    view = await session.view(label, path, query)
                    if view.errors:
                        raise RuntimeError(f"{label}: {view.failure or view.exceptions}")
                    times.append(view.seconds * 1000)
                cpu_ms = (cpu_seconds(pid) - cpu) * 1000 / reruns if pid else math.nan
                out[label] = {"ms": statistics.median(times), "cpu_ms": cpu_ms}
        finally:
            await session.close()

    asyncio.run(main())
    return out


# --------------------------------------------------------------------------- report


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(views: Sequence[View]) -> dict[str, Any]:
    """Per page: n, p50, p95, max (s) and errors; plus the first views and the total."""
    groups: dict[str, list[View]] = {}
    for view in views:
        groups.setdefault(view.page, []).append(view)
    groups["first view"] = [v for v in views if v.first]
    groups["all"] = list(views)

    def stats(group: list[View]) -> dict[str, Any]:
        times = [v.seconds for v in group if not math.isnan(v.seconds)]
        return {
            "n": len(group),
            "p50_s": round(percentile(times, 50), 3),
            "p95_s": round(percentile(times, 95), 3),
            "max_s": round(max(times), 3) if times else math.nan,
            "errors": sum(v.errors for v in group),
            "exceptions": sum(len(v.exceptions) for v in group),
        }

    out = {name: stats(group) for name, group in groups.items() if group}
    examples = [
        (v.page, v.failure or (v.exceptions + v.error_alerts)[0]) for v in views if v.errors
    ]
    return {"pages": out, "error_examples": [f"{p}: {e}" for p, e in examples[:5]]}


# --------------------------------------------------------------------------- the scenarios


@dataclass
class Setup:
    """The fake serving size `size`, the key file, and what the viewers ask for."""

    fake: Any
    env: dict[str, str]
    offices: list[str]
    work: Path
    ttl: float
    flags: list[str]

    def browse_plan(self, rng: random.Random) -> Plan:
        return [
            ("ringkasan", "", {}),
            ("kantor", "kantor", {"kantor": rng.choice(self.offices)}),
            ("pilar", "pilar", {}),
            ("rapat (slide)", "rapat", {"mode": "presentasi", "slide": str(rng.randint(1, 6))}),
            ("kualitas_data", "kualitas-data", {}),
        ]

    def warmup_plan(self) -> Plan:
        return [
            ("ringkasan", "", {}),
            *[("kantor", "kantor", {"kantor": office}) for office in self.offices[:1]],
            ("pilar", "pilar", {}),
            ("rapat (slide)", "rapat", {"mode": "presentasi", "slide": "1"}),
            ("kualitas_data", "kualitas-data", {}),
        ]


def make_setup(fake: Any, size: str, work: Path, ttl: float) -> Setup:
    from lib.data.sample import generate

    tables = generate(size)
    fake.set_book(f"Rakor LAZISMU (loadtest {size})", tables)
    work.mkdir(parents=True, exist_ok=True)
    key = work / "service-account.json"
    key.write_text(json.dumps(fake.service_account_info()), encoding="utf-8")
    secrets = work / "secrets.toml"  # none: a developer's own secrets.toml must not count
    env = {
        "LAZISMU_SHEET": fake.spreadsheet_id,
        "LAZISMU_SHEETS_API": fake.url,
        "GOOGLE_APPLICATION_CREDENTIALS": str(key),
        "LAZISMU_CACHE_TTL": str(int(ttl)),
        "LAZISMU_SNAPSHOT_DIR": str(work / "snapshots"),
    }
    offices = [row[0] for row in tables["Kantor"][1:] if row and row[0]]
    return Setup(fake, env, offices, work, ttl, ["--secrets.files", str(secrets)])


def sheets_requests(fake: Any, since: int = 0) -> dict[str, int]:
    log = list(fake.log)[since:]
    counts = {kind: sum(e.request.kind == kind for e in log) for kind in SHEETS_KINDS}
    counts["total"] = sum(counts.values())
    return counts


def settle_rss(pid: int, seconds: float) -> float:
    """RSS after the viewers left: the lowest of the last samples within `seconds`."""
    end = time.monotonic() + seconds
    low = rss_mb(pid)
    while time.monotonic() < end:
        time.sleep(0.5)
        low = min(low, rss_mb(pid))
    return low


def run_browse(setup: Setup, viewers: int, log_path: Path, settle: float = 10.0) -> dict:
    rng = random.Random(viewers)
    with Server(ROOT / "app.py", setup.env, flags=setup.flags, log_path=log_path) as server:
        warm = browse(server.url, [setup.warmup_plan()], arrive_within=0, think=(0, 0))
        wait_idle(server.pid)
        idle = rss_mb(server.pid)
        mark = len(setup.fake.log)
        start = time.monotonic()
        views = browse(server.url, [setup.browse_plan(rng) for _ in range(viewers)])
        elapsed = time.monotonic() - start
        requests = sheets_requests(setup.fake, mark)
        peak = rss_mb(server.pid, "VmHWM")
        after = settle_rss(server.pid, settle)
    windows = math.ceil(elapsed / setup.ttl)
    return {
        "viewers": viewers,
        **summarise(views),
        "warmup": summarise(warm)["pages"],
        "seconds": round(elapsed, 1),
        "idle_rss_mb": round(idle, 1),
        "peak_rss_mb": round(peak, 1),
        "rss_after_mb": round(after, 1),
        "sheets_requests": requests,
        "ttl_windows": windows,
    }


def run_soak(setup: Setup, viewers: int, seconds: float, log_path: Path, settle: float) -> dict:
    plan: Plan = [("rapat (presentasi)", "rapat", {"mode": "presentasi", "slide": "2"})]
    with Server(ROOT / "app.py", setup.env, flags=setup.flags, log_path=log_path) as server:
        browse(server.url, [setup.warmup_plan()], arrive_within=0, think=(0, 0))
        wait_idle(server.pid)
        idle = settle_rss(server.pid, 2.0)
        mark = len(setup.fake.log)
        start = time.monotonic()
        with RssSampler(server.pid) as sampler:
            views = soak(server.url, [plan] * viewers, seconds)
        elapsed = time.monotonic() - start
        requests = sheets_requests(setup.fake, mark)
        peak = rss_mb(server.pid, "VmHWM")
        after = settle_rss(server.pid, settle)
    minute = min(60.0, elapsed / 5)
    at_minute = [mb for t, mb in sampler.samples if t <= minute][-1:] or [idle]
    later = [mb for t, mb in sampler.samples if t > minute] or at_minute
    growth = (max(later) - at_minute[0]) / at_minute[0] if at_minute[0] else math.nan
    return {
        "viewers": viewers,
        **summarise(views),
        "seconds": round(elapsed, 1),
        "idle_rss_mb": round(idle, 1),
        "rss_at_1_min_mb": round(at_minute[0], 1),
        "rss_max_after_1_min_mb": round(max(later), 1),
        "growth_after_1_min": round(growth, 3),
        "peak_rss_mb": round(peak, 1),
        "rss_after_mb": round(after, 1),
        "return_vs_idle": round((after - idle) / idle, 3) if idle else math.nan,
        "sheets_requests": requests,
        "ttl_windows": math.ceil(elapsed / setup.ttl),
    }


def misses(load: dict) -> list[str]:
    out = []
    for name, result in load["scenarios"].items():
        pages = result["pages"]
        if pages["all"]["errors"]:
            out.append(f"{name}: {pages['all']['errors']} errors (target 0)")
        target = TARGETS.get(result["viewers"]) if name.startswith("browse") else None
        if target:
            worst = max(p["p95_s"] for k, p in pages.items() if k not in ("all", "first view"))
            if worst > target["p95_s"]:
                out.append(f"{name}: p95 per view {worst:.2f} s (target {target['p95_s']} s)")
            first = pages.get("first view", {}).get("p95_s", 0)
            if "first_s" in target and first > target["first_s"]:
                out.append(f"{name}: first view p95 {first:.2f} s (target {target['first_s']} s)")
            if result["peak_rss_mb"] > target["rss_mb"]:
                out.append(f"{name}: peak RSS {result['peak_rss_mb']:.0f} MB")
        if result["sheets_requests"]["batchGet"] > result["ttl_windows"]:
            out.append(
                f"{name}: {result['sheets_requests']['batchGet']} batchGet in "
                f"{result['ttl_windows']} cache TTL(s) (target one per TTL)"
            )
        if name == "soak":
            if result["growth_after_1_min"] >= SOAK_GROWTH:
                out.append(f"soak: RSS grew {result['growth_after_1_min']:.1%} after 1 min")
            if abs(result["return_vs_idle"]) > SOAK_RETURN:
                out.append(f"soak: RSS after leaving {result['return_vs_idle']:+.1%} of idle")
    return out


def table(load: dict) -> str:
    lines = [
        "| Scenario | Page | Views | p50 s | p95 s | max s | Errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, result in load["scenarios"].items():
        for page, s in result["pages"].items():
            lines.append(
                f"| {name} | {page} | {s['n']} | {s['p50_s']:.2f} | {s['p95_s']:.2f} "
                f"| {s['max_s']:.2f} | {s['errors']} |"
            )
    lines += [
        "",
        "| Scenario | Idle RSS MB | Peak RSS MB | RSS after MB | Sheets requests "
        "(batchGet) | Cache TTLs | Seconds |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in load["scenarios"].items():
        req = r["sheets_requests"]
        extra = ""
        if name == "soak":
            extra = (
                f" (1 min: {r['rss_at_1_min_mb']:.0f}, max later "
                f"{r['rss_max_after_1_min_mb']:.0f}, {r['growth_after_1_min']:+.1%})"
            )
        lines.append(
            f"| {name} | {r['idle_rss_mb']:.0f} | {r['peak_rss_mb']:.0f}{extra} "
            f"| {r['rss_after_mb']:.0f} | {req['total']} ({req['batchGet']}) "
            f"| {r['ttl_windows']} | {r['seconds']:.0f} |"
        )
    return "\n".join(lines)


def write_readme(load: dict, readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    if MARK_START not in text or MARK_END not in text:
        print(f"README has no {MARK_START} ... {MARK_END} block; table not written")
        return
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    body = (
        f"Latest run: {load['date']}, {load['machine']}; size {load['size']}, cache TTL "
        f"{load['ttl_s']:.0f} s; load average before the run {load['load_before']}, "
        f"after {load['load_after']}.\n\n{table(load)}\n"
    )
    readme.write_text(f"{head}{MARK_START}\n{body}{MARK_END}{tail}", encoding="utf-8")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meeting-day load test on the real server.")
    parser.add_argument("--viewers", type=int, nargs="*", default=[50, 200])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    parser.add_argument("--soak-seconds", type=float, default=300.0)
    parser.add_argument("--soak-viewers", type=int, default=50)
    parser.add_argument("--ttl", type=float, default=60.0, help="LAZISMU_CACHE_TTL (s)")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds after leaving")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.run import machine
    from tests.fake_sheets import FakeSheets

    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    load_before = load_average()
    scenarios: dict[str, dict] = {}
    with FakeSheets() as fake:
        setup = make_setup(fake, args.size, work, args.ttl)
        for n in args.viewers:
            print(f"browse: {n} viewers ...", flush=True)
            scenarios[f"browse {n}"] = run_browse(setup, n, work / f"browse-{n}.log", args.settle)
            print(json.dumps(scenarios[f"browse {n}"]["pages"]["all"]), flush=True)
        if args.soak_seconds > 0:
            print(f"soak: {args.soak_viewers} viewers, {args.soak_seconds:.0f} s ...", flush=True)
            scenarios["soak"] = run_soak(
                setup, args.soak_viewers, args.soak_seconds, work / "soak.log", args.settle
            )
    load = {
        "machine": machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "size": args.size,
        "ttl_s": args.ttl,
        "load_before": load_before,
        "load_after": load_average(),
        "scenarios": scenarios,
    }
    print()
    print(table(load))
    for name, result in scenarios.items():
        for example in result["error_examples"]:
            print(f"  {name}: {example}")
    if not args.no_write:
        results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
        results["load"] = load
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        write_readme(load)
        print(f"\nWrote {RESULTS.relative_to(ROOT)} (load) and the README table")
    print(f"server logs in {work}")
    missed = misses(load)
    for line in missed:
        print(f"TARGET MISSED: {line}")
    if not missed:
        print("All load targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
