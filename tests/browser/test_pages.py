"""Every page in a real browser (Chromium) on laptop, projector and phone.

AppTest checks the script; this checks what a board member actually sees: the
page renders without a Streamlit exception box, its key content is there, a
phone never has to scroll sideways, a deep link opens the page inside the app
shell (sidebar), and a selector writes the URL query so a view can be shared.
Screenshots go to test-artifacts/browser/ (git-ignored) for a look after a run.

To extend: add key content to PAGES (texts that must be visible, CSS selectors
that must exist) and, per page, the query that opens its projector view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .conftest import StreamlitServer, wait_settled

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
LOAD_TIMEOUT = 30_000  # ms for a page to finish its first run


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    phone: bool = False


VIEWPORTS = [
    Viewport("laptop", 1366, 768),
    Viewport("projector", 1280, 720),
    Viewport("phone", 390, 844, phone=True),
]


@dataclass(frozen=True)
class PageCase:
    """A page and what must be on it; `texts` and `selectors` grow with the pages."""

    name: str
    path: str  # URL path as app.py's st.navigation names it
    title: str
    texts: tuple[str, ...] = ()  # visible somewhere on the page
    selectors: tuple[str, ...] = ()  # CSS selectors that must match at least one element
    projector_query: str = ""  # the projector opens this view instead (Rapat: presentasi)
    projector_texts: tuple[str, ...] = ()  # checked there instead of title and texts


BANNER = ("Data contoh (fiktif)", "Sumber: File contoh")
MEETING = "2024-10-05"  # the rakor at Warung Parikaton, Pakis, in the sample
PAGES = [
    PageCase("ringkasan", "/", "Ringkasan", BANNER),
    PageCase("kantor", "/kantor", "Kantor", BANNER),
    PageCase("pilar", "/pilar", "Pilar Program", BANNER),
    PageCase(
        "rapat",
        "/rapat",
        "Rapat Koordinasi",
        BANNER,
        projector_query=f"?tanggal={MEETING}&mode=presentasi",
        projector_texts=("Berikutnya", "Sebelumnya", "Keluar"),
    ),
    PageCase(
        "kualitas_data",
        "/kualitas-data",
        "Kualitas Data",
        (*BANNER, "Perhitungan baris per tab", "Daftar masalah", "Tidak ada baris yang hilang"),
        ('[data-testid="stDataFrame"]', '[data-testid="stMultiSelect"]'),
    ),
]


# --------------------------------------------------------------------------- helpers


def open_page(browser, server: StreamlitServer, path: str, viewport: Viewport = VIEWPORTS[0]):
    """A new browser tab at `path`, waited until the script has finished its run."""
    context = browser.new_context(
        viewport={"width": viewport.width, "height": viewport.height},
        device_scale_factor=1,
        is_mobile=viewport.phone,
        has_touch=viewport.phone,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
    )
    page = context.new_page()
    page.set_default_timeout(LOAD_TIMEOUT)
    page.goto(server.url + path)
    wait_idle(page)
    return page


def wait_idle(page) -> None:
    """Until the app has drawn a heading and the run is over and drawn (conftest.SETTLED)."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]')
    page.wait_for_selector("h1, h2")  # presentation mode has no page title
    wait_settled(page, LOAD_TIMEOUT)


def shot(page, artifacts, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def assert_no_exception(page) -> None:
    """No exception box, and no dialog (e.g. Streamlit's "Page not found")."""
    boxes = page.locator(EXCEPTION)
    assert boxes.count() == 0, boxes.first.inner_text()
    dialogs = page.get_by_role("dialog")
    assert dialogs.count() == 0, dialogs.first.inner_text()


def assert_title(page, title: str) -> None:
    titles = [t.strip() for t in page.locator("h1").all_inner_texts()]
    assert title in titles, titles


def horizontal_overflow(page) -> dict:
    """How far the page body (and Streamlit's main scroller) is wider than the window."""
    return page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return {
                window: window.innerWidth,
                body: document.scrollingElement.scrollWidth,
                main: main ? main.scrollWidth - main.clientWidth : 0,
            };
        }"""
    )


def choose(page, select, option: str, attempts: int = 5) -> None:
    """Pick `option` in a multiselect; the list may close if a rerun redraws the widget."""
    for _ in range(attempts):
        select.get_by_role("combobox").click()
        item = page.get_by_role("option", name=option, exact=True)
        try:
            item.wait_for(state="visible", timeout=3_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        item.click()
        return
    raise AssertionError(f"option {option!r} never showed in {select.inner_text()!r}")


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


SLIDE_POSITION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def slide_position(page) -> tuple[int, int]:
    """The "k / n" counter of presentation mode."""
    for text in page.locator(".slide-counter").all_inner_texts():
        match = SLIDE_POSITION.match(text.replace("\xa0", " "))
        if match:
            return int(match.group(1)), int(match.group(2))
    raise AssertionError("no 'k / n' slide counter on the page")


def click_through_slides(page, artifacts, prefix: str, limit: int = 60) -> list[str]:
    """Press Berikutnya from the current slide to the last; each slide's heading, in order.

    Every slide is checked for an exception box and screenshotted; the URL must
    follow (slide=k), and the counter must step by one. `limit` stops a deck whose
    button never ends (a bug) instead of looping for ever.
    """
    headings = []
    for _ in range(limit):
        wait_idle(page)
        assert_no_exception(page)
        k, n = slide_position(page)
        headings.append(page.locator("h2").first.inner_text().strip())
        shot(page, artifacts, f"{prefix}-{k:02d}")
        button = page.get_by_role("button", name="Berikutnya")
        if k == n:
            expect(button).to_be_disabled()
            return headings
        button.click()
        page.wait_for_url(re.compile(rf"[?&]slide={k + 1}(&|$)"))
        counter = page.locator(".slide-counter").filter(has_text=re.compile(rf"^\s*{k + 1}\s*/"))
        expect(counter).to_have_count(1)
    raise AssertionError(f"Berikutnya still enabled after {limit} slides: {headings}")


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", PAGES[1:], ids=lambda c: c.name)
def test_deep_link_on_a_fresh_server_opens_inside_the_app_shell(browser, artifacts, case, tmp_path):
    # A server of its own: only its very first run takes Streamlit's pages/ folder
    # routing instead of app.py (what ui.ensure_shell() works around).
    srv = StreamlitServer(tmp_path).start()
    try:
        page = open_page(browser, srv, case.path)
        shot(page, artifacts, f"deep-link-{case.name}")
        assert_no_exception(page)
        assert_title(page, case.title)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.is_visible()
        nav = page.locator('[data-testid="stSidebarNav"]')
        for title in ("Ringkasan", "Kantor", "Pilar", "Rapat", "Kualitas Data"):
            assert nav.get_by_text(title, exact=True).count() == 1, nav.inner_text()
        assert sidebar.get_by_role("button", name="Muat ulang data").is_visible()
        assert urlsplit(page.url).path == case.path
        page.context.close()
    finally:
        srv.stop()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: v.name)
@pytest.mark.parametrize("case", PAGES, ids=lambda c: c.name)
def test_page_renders(browser, server, artifacts, case, viewport):
    projector = viewport.name == "projector" and bool(case.projector_query)
    page = open_page(browser, server, case.path + (case.projector_query * projector), viewport)
    try:
        assert_no_exception(page)
        if not projector:
            assert_title(page, case.title)
        for text in case.projector_texts if projector else case.texts:
            # expect() waits for lazily loaded elements
            expect(page.get_by_text(text).first).to_be_visible()
        for selector in case.selectors:
            expect(page.locator(selector).first).to_be_attached()
        assert_no_exception(page)
        if viewport.phone:
            sizes = horizontal_overflow(page)
            assert sizes["body"] <= sizes["window"] + 1, sizes
            assert sizes["main"] <= 1, sizes
    finally:
        shot(page, artifacts, f"{case.name}-{viewport.name}")
        page.context.close()


def test_phone_overflow_check_sees_a_too_wide_element(browser, server):
    # The phone check must be able to fail: a 1000 px element in the page body.
    page = open_page(browser, server, "/kualitas-data", VIEWPORTS[2])
    try:
        before = horizontal_overflow(page)
        assert before["body"] <= before["window"] + 1 and before["main"] <= 1, before
        page.evaluate(
            """() => {
                const wide = document.createElement('div');
                wide.style.width = '1000px';
                wide.style.height = '10px';
                document.querySelector('[data-testid="stMainBlockContainer"]').appendChild(wide);
            }"""
        )
        after = horizontal_overflow(page)
        assert after["body"] > after["window"] + 1 or after["main"] > 1, after
    finally:
        page.context.close()


def test_selector_writes_the_url_query(browser, server, artifacts):
    page = open_page(browser, server, "/kualitas-data")
    try:
        assert_no_exception(page)
        assert "kantor" not in query_of(page)
        select = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Kantor")
        choose(page, select, "KLL Pakis")
        page.keyboard.press("Escape")
        page.wait_for_url(re.compile(r"[?&]kantor=KLL(\+|%20)Pakis"))
        wait_idle(page)
        assert query_of(page)["kantor"] == ["KLL Pakis"]
        shot(page, artifacts, "kualitas-data-filter")

        # and back: the shared link opens with the same choice
        shared = open_page(browser, server, "/kualitas-data?" + urlsplit(page.url).query)
        chips = shared.locator('[data-testid="stMultiSelect"] .react-aria-ComboBox [data-tag]')
        expect(chips).to_have_text(["KLL Pakis"])
        shared.context.close()
    finally:
        page.context.close()


def test_meeting_of_5_october_2024_clicks_through_every_slide(browser, server, artifacts):
    projector = VIEWPORTS[1]
    page = open_page(browser, server, f"/rapat?tanggal={MEETING}&mode=presentasi", projector)
    try:
        assert slide_position(page)[0] == 1
        headings = click_through_slides(page, artifacts, f"rapat-{MEETING}")
        _, n = slide_position(page)
        assert len(headings) == n > 1, headings
        assert all(headings), headings
        assert query_of(page)["slide"] == [str(n)]
    finally:
        page.context.close()


def test_the_first_view_of_a_fresh_server_says_it_is_reading_the_sheet(browser, tmp_path):
    """The first view waits for the server's first read (here a Google Sheet that takes
    4 s to answer): it says what it is reading instead of showing an empty page."""
    from bench import loadtest
    from tests.fake_sheets import FakeSheets

    with FakeSheets() as fake:
        setup = loadtest.make_setup(fake, "S", tmp_path / "work", ttl=3600)
        fake.fail("batchGet", delay=4.0, times=1)
        srv = StreamlitServer(tmp_path, extra_env=setup.env).start()
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(srv.url + "/")
            spinner = page.get_by_text("Membaca data dari Google Sheet")
            expect(spinner).to_be_visible(timeout=4_000)
            expect(page.locator("h1").first).to_have_text("Ringkasan", timeout=LOAD_TIMEOUT)
            expect(spinner).to_have_count(0)
            page.close()
        finally:
            srv.stop()
