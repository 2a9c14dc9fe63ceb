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

import re
from pathlib import Path

import pytest
from district import district

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


def drawn_texts(browser, server: StreamlitServer, path: str, viewport: Viewport) -> list[str]:
    """Every text the page's tables drew on their canvases, after they settled."""
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
        assert_no_exception(page)
        wait_for_tables(page)
        page.wait_for_timeout(500)
        return page.evaluate("() => window.__drawn")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: v.name)
def test_a_percentage_beyond_999_reads_so_in_the_office_table(browser, absurd_server, viewport):
    drawn = drawn_texts(browser, absurd_server, "/" + QUERY, viewport)
    assert "% Target" in drawn  # the office table was drawn
    assert "> 999%" in drawn
    assert [t for t in drawn if HUGE_PERCENT.search(t)] == []
    assert "70%" in drawn and "69%" in drawn  # the other two offices, as before
