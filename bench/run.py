"""The benchmark: `make bench` (or `.venv/bin/python -m bench.run [--sizes S M L]`).

For each size of lib.data.sample.generate, serves the workbook from the loopback fake
of the Sheets API (tests/fake_sheets.py, in this process) and runs, each in a
fresh subprocess so that peak memory does not mix:

- ours: read + validate (lib.data.load.load_dataset) as the app does;
- per_tab: plain gspread 6, `worksheet(tab).get_all_records()` per tab;
- gsheets_connection: st-gsheets-connection, `conn.read(worksheet=tab)` per tab,
  in bench/venv-gsheets (created here from bench/requirements-gsheets.txt);
- pages: warm AppTest reruns of every page, on our code;
- server pages: the same pages on the real server (`streamlit run app.py`, the
  project's config), one viewer over the websocket (bench.loadtest.page_costs);
- workbook: read + validate of the size's .xlsx (the workbook source).

Figures in bench/results.json (schema: results_json), for one refresh of a running
server (the second refresh in the process; the first also pays the token and,
for us, the tab list, shown as "first" in the printed table):
- requests: Sheets API requests (spreadsheets.get, values.get, values:batchGet),
  the ones drawing on the 60-reads-per-minute quota; token requests not counted;
- bytes: response bodies the fake sent in that refresh, token included;
- read_s: wall time of the refresh; ours includes validation, the peers only
  read into records or DataFrames (they validate nothing);
- peak_rss_mb: the scenario's process's own peak RSS (VmHWM, both refreshes);
- pages_ms: median of 7 warm reruns (data cached) of each page, in ms;
- server_pages_ms / server_cpu_ms: median wall ms of 7 warm reruns on the real
  server from request to script finished, and the server's CPU ms per rerun;
- workbook: the .xlsx read + validate, seven full reads in one process: read_s
  their median, read_s_min / read_s_max the fastest and slowest (the target holds
  only when the slowest is within it), and peak_rss_mb.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
VENV = BENCH / "venv-gsheets"
VENV_REQUIREMENTS = BENCH / "requirements-gsheets.txt"
RESULTS = BENCH / "results.json"
PEERS = ("ours", "per_tab", "gsheets_connection")
API_KINDS = ("get", "batchGet", "values")
PAGES = ("ringkasan", "kantor", "pilar", "rapat", "kualitas_data")

# Targets (README, Benchmark); a miss is printed and makes the exit status 1.
TARGET_REQUESTS = 1
TARGET_PAGE_MS_AT_M = 100.0
TARGET_READ_S_AT_L = 2.0
TARGET_RSS_MB_AT_L = 500.0
TARGET_WORKBOOK_S_AT_L = 3.0  # .xlsx read + validate (meeting-day issue)
TARGET_SERVER_MS = {"S": 50.0, "M": 100.0}  # one warm view on `streamlit run`


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} CPU{mem}, "
        f"Python {platform.python_version()}"
    )


def venv_python() -> Path:
    """bench/venv-gsheets/bin/python, created or updated from the pinned requirements."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= VENV_REQUIREMENTS.stat().st_mtime:
        return python
    print(f"Creating {VENV.relative_to(ROOT)} (st-gsheets-connection, gspread 5) ...", flush=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + ["-r", str(VENV_REQUIREMENTS)],
        check=True,
    )
    stamp.touch()
    return python


def scenario(fake, command: list[str], log_path: Path) -> dict:
    """Run one client process; cut the fake's log where it says "cold"."""
    fake.reset()
    cut = None
    result = None
    with open(log_path, "w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "cold":
                cut = len(fake.log)
                proc.stdin.write("\n")
                proc.stdin.flush()
            elif line.startswith("result "):
                result = json.loads(line[len("result ") :])
        proc.wait()
    if proc.returncode or result is None:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{' '.join(command[-2:])} failed ({proc.returncode}):\n{tail}")
    if cut is not None:
        log = list(fake.log)
        first, later = log[:cut], log[cut:]
        result["requests_first"] = sum(e.request.kind in API_KINDS for e in first)
        result["tokens_first"] = sum(e.request.kind == "token" for e in first)
        result["requests"] = sum(e.request.kind in API_KINDS for e in later)
        result["data_requests"] = sum(e.request.kind in ("batchGet", "values") for e in later)
        result["bytes"] = sum(e.nbytes for e in later)
    return result


def bench_size(size: str, gsheets_python: Path) -> dict:
    from lib.data.sample import generate, header_index, row_count, write_xlsx
    from tests.fake_sheets import FakeSheets

    tables = generate(size)
    work = WORK / size
    work.mkdir(parents=True, exist_ok=True)
    print(f"\n== {size}: {row_count(tables):,} rows ==", flush=True)
    with FakeSheets() as fake:
        fake.set_book(f"Rakor LAZISMU (bench {size})", tables)
        key_file = work / "service-account.json"
        key_file.write_text(json.dumps(fake.service_account_info()), encoding="utf-8")
        spec = {
            "url": fake.url,
            "spreadsheet_id": fake.spreadsheet_id,
            "key_file": str(key_file),
            "tabs": list(tables),
            "heads": {tab: header_index(tab, rows) + 1 for tab, rows in tables.items()},
        }
        spec_file = work / "spec.json"
        spec_file.write_text(json.dumps(spec, indent=1), encoding="utf-8")

        here = [sys.executable, "-m", "bench.client"]
        commands = {
            "ours": [*here, "ours", str(spec_file)],
            "per_tab": [*here, "per_tab", str(spec_file)],
            "gsheets_connection": [str(gsheets_python), "-m", "bench.gsheets_peer", str(spec_file)],
        }
        out: dict = {}
        for name, command in commands.items():
            start = time.perf_counter()
            out[name] = scenario(fake, command, work / f"{name}.log")
            print(f"  {name:<19} {time.perf_counter() - start:6.1f} s", flush=True)
        start = time.perf_counter()
        pages = scenario(fake, [*here, "pages", str(spec_file)], work / "pages.log")
        print(f"  {'pages':<19} {time.perf_counter() - start:6.1f} s", flush=True)
        out["pages_ms"] = pages["pages_ms"]
        out["rows"] = row_count(tables)

        start = time.perf_counter()
        out["server_pages"] = server_pages(fake, size, work)
        print(f"  {'server pages':<19} {time.perf_counter() - start:6.1f} s", flush=True)

    start = time.perf_counter()
    book = write_xlsx(tables, work / f"rakor-{size}.xlsx")
    spec["workbook"] = str(book)
    spec_file.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    with FakeSheets() as idle:
        out["workbook"] = scenario(idle, [*here, "workbook", str(spec_file)], work / "wb.log")
    print(f"  {'workbook':<19} {time.perf_counter() - start:6.1f} s", flush=True)
    return out


def server_pages(fake, size: str, work: Path) -> dict:
    """Warm page cost on the real server: `streamlit run app.py`, one viewer (bench.loadtest).

    Median wall ms of 7 reruns per page, and the server's CPU ms per rerun.
    """
    from bench import loadtest

    setup = loadtest.make_setup(fake, size, work / "server", ttl=86400)
    with loadtest.Server(
        ROOT / "app.py", setup.env, flags=setup.flags, log_path=work / "server.log"
    ) as server:
        loadtest.browse(server.url, [setup.warmup_plan()], arrive_within=0, think=(0, 0))
        loadtest.wait_idle(server.pid)
        costs = loadtest.page_costs(server.url, setup.warmup_plan(), reruns=7, pid=server.pid)
    names = dict(zip([label for label, _, _ in setup.warmup_plan()], PAGES, strict=True))
    return {names[label]: cost for label, cost in costs.items()}


FLOOR_ELEMENTS = 60  # about the elements of Ringkasan or Pilar (Kantor has 90)


def floor() -> dict:
    """A bare page of FLOOR_ELEMENTS text elements on `streamlit run` (bench/floor_app.py):
    the wall and CPU ms of a warm view before any of our work, same client, same config."""
    from bench import loadtest

    env = {"FLOOR_ELEMENTS": str(FLOOR_ELEMENTS)}
    with loadtest.Server(ROOT / "bench" / "floor_app.py", env) as server:
        # a first viewer runs the page once, which sets TCP_NODELAY for the
        # connections after it (lib/ui/server.py), as app.py's first run does
        loadtest.browse(server.url, [[("floor", "", {})]], arrive_within=0)
        costs = loadtest.page_costs(server.url, [("floor", "", {})], reruns=15, pid=server.pid)
    return {"elements": FLOOR_ELEMENTS, **{k: round(v, 1) for k, v in costs["floor"].items()}}


def results_json(sizes: dict) -> dict:
    """bench/results.json: for each size and peer exactly these keys, of these types."""
    keys = {"requests": int, "bytes": int, "read_s": float, "peak_rss_mb": float}
    return {
        "machine": machine(),
        "sizes": {
            size: {
                **{
                    peer: {
                        k: round(cast(data[peer][k]), 3) if cast is float else cast(data[peer][k])
                        for k, cast in keys.items()
                    }
                    for peer in PEERS
                },
                "pages_ms": {p: round(float(data["pages_ms"][p]), 1) for p in PAGES},
                "server_pages_ms": {
                    p: round(float(data["server_pages"][p]["ms"]), 1) for p in PAGES
                },
                "server_cpu_ms": {
                    p: round(float(data["server_pages"][p]["cpu_ms"]), 1) for p in PAGES
                },
                "workbook": {
                    "read_s": round(float(data["workbook"]["read_s"]), 3),
                    "read_s_min": round(float(data["workbook"]["read_s_min"]), 3),
                    "read_s_max": round(float(data["workbook"]["read_s_max"]), 3),
                    "reads": int(data["workbook"]["reads"]),
                    "peak_rss_mb": round(float(data["workbook"]["peak_rss_mb"]), 1),
                },
            }
            for size, data in sizes.items()
        },
    }


def _ratio(theirs: float, ours: float) -> str:
    return f"{theirs / ours:,.1f}x" if ours else "-"


def table(sizes: dict, floor_cost: dict | None = None) -> str:
    """Markdown table: our figures, the peers', and how many times ours they are."""
    lines = [
        "| Size | Rows | Reader | Sheets requests (first) | Data requests | Bytes | Read s "
        "| Peak RSS MB |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "ours": "ours (read + validate)",
        "per_tab": "gspread get_all_records per tab",
        "gsheets_connection": "st-gsheets-connection",
    }
    for size, data in sizes.items():
        base = data["ours"]
        for peer in PEERS:
            d = data[peer]

            def extra(k: str, d: dict = d, peer: str = peer, base: dict = base) -> str:
                return "" if peer == "ours" else f" ({_ratio(d[k], base[k])})"

            lines.append(
                f"| {size} | {data['rows']:,} | {labels[peer]} "
                f"| {d['requests']} ({d['requests_first']}){extra('requests')} "
                f"| {d['data_requests']} "
                f"| {d['bytes']:,}{extra('bytes')} "
                f"| {d['read_s']:.2f}{extra('read_s')} "
                f"| {d['peak_rss_mb']:.0f}{extra('peak_rss_mb')} |"
            )
    lines += [
        "",
        "| Size | Measured on | " + " | ".join(PAGES) + " |",
        "|---|---|" + "---:|" * len(PAGES),
    ]
    for size, data in sizes.items():
        cells = " | ".join(f"{data['pages_ms'][p]:.0f}" for p in PAGES)
        lines.append(f"| {size} | AppTest ms | {cells} |")
        server = data["server_pages"]
        cells = " | ".join(f"{server[p]['ms']:.0f}" for p in PAGES)
        lines.append(f"| {size} | streamlit run ms | {cells} |")
        cells = " | ".join(f"{server[p]['cpu_ms']:.0f}" for p in PAGES)
        lines.append(f"| {size} | streamlit run server CPU ms | {cells} |")
    if floor_cost:
        lines += [
            "",
            f"Streamlit's floor on the same server and client: a bare page of "
            f"{floor_cost['elements']} text elements (bench/floor_app.py) takes "
            f"{floor_cost['ms']:.0f} ms ({floor_cost['cpu_ms']:.0f} ms of server CPU) "
            "per warm view.",
        ]
    lines += [
        "",
        "| Size | Rows | Workbook (.xlsx) read + validate s, median | fastest - slowest | "
        "Peak RSS MB |",
    ]
    lines.append("|---|---:|---:|---:|---:|")
    for size, data in sizes.items():
        wb = data["workbook"]
        lines.append(
            f"| {size} | {data['rows']:,} | {wb['read_s']:.2f} | "
            f"{wb['read_s_min']:.2f} - {wb['read_s_max']:.2f} ({wb['reads']} reads) | "
            f"{wb['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def misses(sizes: dict) -> list[str]:
    out = []
    for size, data in sizes.items():
        ours = data["ours"]
        if ours["data_requests"] != TARGET_REQUESTS or ours["requests"] != TARGET_REQUESTS:
            out.append(f"{size}: {ours['requests']} Sheets requests per refresh (target 1)")
    if "M" in sizes:
        for page, ms in sizes["M"]["pages_ms"].items():
            if ms > TARGET_PAGE_MS_AT_M:
                out.append(f"M: page {page} warm rerun {ms:.0f} ms (target 100 ms)")
    for size, limit in TARGET_SERVER_MS.items():
        for page, cost in sizes.get(size, {}).get("server_pages", {}).items():
            if cost["ms"] > limit:
                out.append(
                    f"{size}: page {page} on streamlit run {cost['ms']:.0f} ms "
                    f"(server CPU {cost['cpu_ms']:.0f} ms; target {limit:.0f} ms)"
                )
    if "L" in sizes:
        wb = sizes["L"]["workbook"]
        if wb["read_s_max"] > TARGET_WORKBOOK_S_AT_L:  # every read, not only the median
            out.append(
                f"L: workbook read + validate {wb['read_s']:.2f} s median, "
                f"{wb['read_s_max']:.2f} s slowest (target 3 s)"
            )
        ours = sizes["L"]["ours"]
        if ours["read_s"] > TARGET_READ_S_AT_L:
            out.append(f"L: read + validate {ours['read_s']:.2f} s (target 2 s)")
        if ours["peak_rss_mb"] > TARGET_RSS_MB_AT_L:
            out.append(f"L: peak RSS {ours['peak_rss_mb']:.0f} MB (target 500 MB)")
    return out


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def write_readme(fresh: dict, tables: str, readme: Path = ROOT / "README.md") -> None:
    """The tables between the bench markers of the README, with machine, date and load."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        print(f"README has no {start} ... {end} block; table not written")
        return
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    body = (
        f"Latest run: {fresh['date']}, {fresh['machine']}; load average before the run "
        f"{fresh['load_before']}, after {fresh['load_after']}.\n\n{tables}\n"
    )
    readme.write_text(f"{head}{start}\n{body}{end}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark reading the sheet.")
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L"], choices=["S", "M", "L"])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    load_before = load_average()
    gsheets_python = venv_python()
    sizes = {size: bench_size(size, gsheets_python) for size in args.sizes}
    base = floor()
    print()
    print(table(sizes, base))
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    fresh = results_json(sizes)
    fresh["floor"] = base
    fresh["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    fresh["load_before"], fresh["load_after"] = load_before, load_average()
    results.update(fresh)  # keeps the `load` section of make loadtest
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.out == RESULTS:
        write_readme(fresh, table(sizes, base))
    print(f"\nWrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    missed = misses(sizes)
    for line in missed:
        print(f"TARGET MISSED: {line}")
    if not missed:
        print("All targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
