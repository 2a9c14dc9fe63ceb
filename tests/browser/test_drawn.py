"""What the tables draw, read from the canvas: figures as the board reads them.

Streamlit's tables are drawn on a canvas, and the accessible cells in the DOM
hold the raw numbers, not what is shown. So the page's CanvasRenderingContext2D
fillText is wrapped before the app loads, and every text it draws is recorded:
that is exactly what a reader sees in the cells (and headers).

The server reads a three-office district (tests/district.py) whose first office
typed its target as `36` (meant 36 jt): its % of target must read `> 999%`,
never a nine-digit percentage.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from district import district
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lib.data import sample

from .conftest import StreamlitServer
from .test_pages import LOAD_TIMEOUT, VIEWPORTS, Viewport, assert_no_exception, wait_idle
from .test_phone import wait_for_tables

pytestmark = pytest.mark.browser

RECORD_FILL_TEXT = """(() => {
  const drawn = window.__drawn = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    drawn.push(String(text));
    return fillText.call(this, text, ...rest);
  };
})();"""
DRAWN_ALL = "expected => expected.every(t => window.__drawn.includes(t))"
QUERY = "?tahun=2024&bulan=9"
HUGE_PERCENT = re.compile(r"[\d.,]{5,}\s?%")  # 1000% and beyond, in any grouping


def absurd_target_workbook(path: Path) -> Path:
    tables = district(3)
    tables["Target"][1][2] = 36  # office 1: Rp42.000.000 collected of a "Rp36" target
    return sample.write_xlsx(tables, path)


@pytest.fixture(scope="module")
def absurd_server(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("absurd")
    srv = StreamlitServer(tmp, {"LAZISMU_WORKBOOK": str(absurd_target_workbook(tmp / "d.xlsx"))})
    srv.start()
    yield srv
    srv.stop()


def drawn_texts(
    browser, server: StreamlitServer, path: str, viewport: Viewport, expected: set[str]
) -> list[str]:
    """Every text the page's tables drew on their canvases, once `expected` were drawn.

    The tables are scrolled into view (a phone draws one below the fold only
    then); when `expected` never comes, the texts drawn so far are returned
    for the test's assertion to show.
    """
    context = browser.new_context(
        viewport={"width": viewport.width, "height": viewport.height},
        is_mobile=viewport.phone,
        has_touch=viewport.phone,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
    )
    try:
        context.add_init_script(RECORD_FILL_TEXT)
        page = context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT)
        page.goto(server.url + path)
        wait_idle(page)
        page.wait_for_selector('[data-testid="stDataFrame"]', state="attached")
        assert_no_exception(page)
        wait_for_tables(page)
        tables = page.locator('[data-testid="stDataFrame"]:visible')
        for i in range(tables.count()):
            tables.nth(i).scroll_into_view_if_needed()
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(DRAWN_ALL, arg=sorted(expected), timeout=30_000, polling=200)
        page.wait_for_timeout(300)  # the rest of a frame being drawn
        return page.evaluate("() => window.__drawn")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: v.name)
def test_a_percentage_beyond_999_reads_so_in_the_office_table(browser, absurd_server, viewport):
    expected = {"% Target", "> 999%", "70%", "69%"}  # the other two offices, as before
    drawn = drawn_texts(browser, absurd_server, "/" + QUERY, viewport, expected)
    assert expected <= set(drawn)
    assert [t for t in drawn if HUGE_PERCENT.search(t)] == []


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: v.name)
def test_kantor_money_reads_as_rupiah_and_no_report_as_a_dash(browser, absurd_server, viewport):
    """Jenis dana and Riwayat laporan hold numbers (they sort as numbers) but read as Rupiah."""
    path = "/kantor?kantor=KLL+Sumberejo+Wetan+1&tahun=2024&bulan=9"
    # Rp4.000.000 + Rp250.000 x (month mod 7): January, June, and the year so far (Zakat Maal);
    # October to December are not yet due: no amount, "–"
    expected = {"Jenis dana", "Penghimpunan", "Rp4.250.000", "Rp5.500.000", "Rp42.000.000"}
    expected |= {"100,0%", "Desember", "–"}
    drawn = drawn_texts(browser, absurd_server, path, viewport, expected)
    assert expected <= set(drawn)
    assert not {"None", "nan", "NaN", "Rp0,00"} & set(drawn)
    assert [t for t in drawn if re.fullmatch(r"\d{5,}(\.\d+)?", t)] == []  # no raw 4250000
