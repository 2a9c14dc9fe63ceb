"""Hostile sheet and URL text in a real browser: the toolbar CSV is safe, nothing links.

The server reads a workbook whose office names, Kendala, Tempat and Agenda
Tambahan carry formula-looking text (`=HYPERLINK(...)`, `@SUM(A1)`, `-1+1`,
`+62812`) and text that markdown would link by itself (bare URLs, www. names,
e-mail addresses). Streamlit's own table toolbar "Download as CSV" is clicked
and the file read back; and every page is searched for links to the payloads.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import quote_plus

import openpyxl
import pytest

from tests.injection import LINK_PAYLOADS, PAYLOADS, injection_tables

from .conftest import StreamlitServer, wait_settled

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
HOSTILE = PAYLOADS + LINK_PAYLOADS + ("-2+3",)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SIGNED_FIGURE = re.compile(r"[-+]\s?(?:Rp\s?\d[\d.,]*|\d[\d.,]*\s?%)")
EVIL_LINKS = "a[href*='evil'], a[href^='mailto'], a[href*='javascript']"
PAGES = ("/", "/kantor", "/pilar", "/rapat", "/kualitas-data")


def write_workbook(path: Path) -> Path:
    """The injection tables as an .xlsx whose text cells stay text (never formulas)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in injection_tables(payloads=HOSTILE).items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # `=HYPERLINK(...)` typed as text, as offices do
    book.save(path)
    return path


@pytest.fixture(scope="module")
def hostile_server(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    workbook = write_workbook(tmp / "Rakor www.evil.example.xlsx")
    srv = StreamlitServer(tmp, {"LAZISMU_WORKBOOK": str(workbook)}).start()
    yield srv
    srv.stop()


def open_page(browser, server: StreamlitServer, path: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    # Chromium offers the File System Access picker, which has no one to answer it
    # headless; without it Streamlit's grid downloads through an ordinary link.
    page.add_init_script("delete window.showSaveFilePicker;")
    page.goto(server.url + path)
    wait_idle(page)
    return context, page


def wait_idle(page) -> None:
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=60_000)
    page.wait_for_selector("h1, h2", timeout=60_000)
    wait_settled(page, 60_000, quiet=500)


def toolbar_csv(page, table_index: int = 0) -> list[list[str]]:
    """Click Streamlit's own toolbar download of a table; the CSV's rows."""
    table = page.locator('[data-testid="stDataFrame"]').nth(table_index)
    table.scroll_into_view_if_needed()
    table.hover()
    button = table.locator('[data-testid="stElementToolbarButton"]').filter(
        has=page.locator("button[aria-label*='CSV' i], button[aria-label*='Download' i]")
    )
    if not button.count():
        button = page.get_by_role("button", name=re.compile("download|csv", re.I))
    with page.expect_download(timeout=30_000) as info:
        button.first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def runs_as_formula(cell: str) -> bool:
    return cell.lstrip(" ").startswith(FORMULA_START) and not SIGNED_FIGURE.fullmatch(cell)


def test_toolbar_csv_of_a_table_with_formula_cells_has_none_that_would_run(browser, hostile_server):
    context, page = open_page(browser, hostile_server, "/")
    try:
        assert not page.locator(EXCEPTION).count()
        rows = toolbar_csv(page)
        cells = [cell for row in rows for cell in row]
        assert len(rows) > len(PAYLOADS), rows[:3]  # the office table, one row per office
        flat = "\n".join(cells)
        for payload in ('=HYPERLINK("http://x","y")', "@SUM(A1)", "-1+1", "-2+3"):
            # the text is there, as a cell or inside the office's link to its Kantor page ...
            assert payload in flat or quote_plus(payload) in flat, payload
        dangerous = [cell for cell in cells if runs_as_formula(cell)]
        assert not dangerous, dangerous  # ... but none of it would run
        assert any(re.fullmatch(r"\d+(\.\d+)?", cell) for cell in cells)  # numbers stay numbers
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_sheet_text_becomes_a_link(browser, hostile_server, path):
    context, page = open_page(browser, hostile_server, path)
    try:
        assert not page.locator(EXCEPTION).count()
        if path == "/rapat":  # open every agenda item
            for summary in page.locator('[data-testid="stExpander"] summary:visible').all():
                summary.click()
                page.wait_for_timeout(150)
            wait_idle(page)
        anchors = page.locator(EVIL_LINKS)
        assert anchors.count() == 0, anchors.evaluate_all("els => els.map(e => e.outerHTML)")
        assert page.get_by_text("evil.example").count() > 0  # the text itself is shown
    finally:
        context.close()


def test_markdown_in_the_url_renders_as_plain_text(browser, hostile_server):
    query = "?tahun=[Login ulang di sini](https://evil.example/login)&bulan=:red[**AKUN DIBLOKIR**]"
    context, page = open_page(browser, hostile_server, "/" + query)
    try:
        assert page.locator(EVIL_LINKS).count() == 0
        warning = page.locator('[data-testid="stAlert"]').filter(has_text="tidak terbaca")
        shown = warning.inner_text().replace("\u2060", "")  # word joiners are invisible
        assert "[Login ulang di sini](https://evil.example/login)" in shown
        assert ":red[**AKUN DIBLOKIR**]" in shown
        assert warning.locator("strong, b, [style*='color']").count() == 0
    finally:
        context.close()
