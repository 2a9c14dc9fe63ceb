"""Real-browser fixtures: one `streamlit run` of the app on the sample, and Debian's Chromium.

The browser is /usr/bin/chromium (apt-get install chromium), driven by
Playwright for Python; `playwright install` is never needed. Without Chromium
these tests skip with the reason, except in CI (env CI=true), where a missing
browser is a failure: there they are mandatory.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("LAZISMU_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
STARTUP_TIMEOUT = 60.0  # seconds for `streamlit run` to answer its health check


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_browser() -> None:
    """Skip (fail in CI) when Chromium or Playwright is missing, saying how to get it."""
    problem = None
    if not CHROMIUM.is_file():
        problem = f"{CHROMIUM} not found: install Debian's Chromium (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright for Python is not installed (requirements-dev.txt)"
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"real-browser tests are mandatory in CI: {problem}", pytrace=False)
    pytest.skip(f"real-browser tests skipped: {problem}")


# What a viewer sees as "the page has loaded": the run is over (Streamlit's own
# data-test-script-state on stApp), no element is stale from the run before, and
# none still shows its skeleton. The skeleton is the Suspense fallback of an
# element whose code Streamlit loads on first use (markdown, buttons, tables):
# in a fresh browser context that code can arrive after the run has ended, so
# "not running" alone let a test read a half-drawn page (the slide counter of
# presentation mode was missing in CI once the slide was replayed quickly).
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stSkeleton"]');
}"""


def wait_settled(page, timeout: float = 30_000, quiet: int = 300) -> None:
    """Until the page is drawn (SETTLED), and still so after `quiet` ms: a last
    message may be in flight, or a rerun (st.rerun) may start right after."""
    for _ in range(20):
        page.wait_for_function(SETTLED, timeout=timeout, polling=50)
        page.wait_for_timeout(quiet)
        if page.evaluate(SETTLED):
            return
    raise AssertionError(f"the page never stayed settled for {quiet} ms")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free port, on the bundled sample, with no secrets.

    The developer's own LAZISMU_* variables, key file and .streamlit/secrets.toml
    are kept out (as tests/conftest.py does for AppTest), so the server reads the
    sample.
    """

    def __init__(self, tmp: Path, extra_env: dict[str, str] | None = None) -> None:
        self.tmp = tmp
        self.extra_env = extra_env or {}  # e.g. LAZISMU_WORKBOOK for another dataset
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = tmp / "streamlit.log"

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("LAZISMU_", "STREAMLIT_"))
            and k != "GOOGLE_APPLICATION_CREDENTIALS"
        }
        env["LAZISMU_SNAPSHOT_DIR"] = str(self.tmp / "snapshots")
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        env.update(self.extra_env)
        return env

    def start(self) -> StreamlitServer:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--secrets.files",
            str(self.tmp / "secrets.toml"),  # absent: hides the developer's secrets
        ]
        with open(self.log, "w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit run exited:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"streamlit run did not answer in {STARTUP_TIMEOUT:.0f} s:\n{self.output()}"
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(browser, tmp_path_factory):
    """One `streamlit run` for the whole module (it takes seconds to start), warmed up.

    The warm-up visit of / makes the server's first run app.py's, so tests on this
    server do not depend on their order; the fresh-server case has its own tests.
    """
    srv = StreamlitServer(tmp_path_factory.mktemp("streamlit")).start()
    page = browser.new_page()
    page.goto(srv.url + "/")
    page.wait_for_selector("h1", timeout=60_000)
    page.close()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
