"""The meeting record in a real browser: the "Tindak lanjut rapat lalu" slide fits the projector."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_pages import (
    MEETING,
    VIEWPORTS,
    assert_no_exception,
    open_page,
    shot,
    slide_position,
    wait_idle,
)

pytestmark = pytest.mark.browser


# How far the slide overflows the window, and which texts are cut off sideways.
MEASURE = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const clipped = [...document.querySelectorAll('p, span, td, th, h1, h2, h3')]
        .filter(e => e.offsetParent && e.children.length === 0
                     && e.scrollWidth > e.clientWidth + 1)
        .map(e => e.innerText.trim()).filter(Boolean);
    return {
        below: Math.max(document.scrollingElement.scrollHeight - window.innerHeight,
                        main ? main.scrollHeight - main.clientHeight : 0),
        wider: document.scrollingElement.scrollWidth - window.innerWidth,
        clipped: clipped,
    };
}"""


def measure(page) -> dict:
    return page.evaluate(MEASURE)


def assert_fits(page) -> None:
    fit = measure(page)
    assert fit["below"] <= 0, f"slide is {fit['below']} px taller than 720"
    assert fit["wider"] <= 0, f"slide is {fit['wider']} px wider than 1280"
    assert fit["clipped"] == []


def follow_up_slide(tanggal: str) -> int:
    """Its number in presentation mode: right after Pembukaan and its lanjutan slides."""
    from datetime import date

    from lib.data.config import source_config
    from lib.data.load import load_dataset
    from lib.meeting import agenda, slides

    ds = load_dataset(source_config({}, {}))
    meeting = next(m for m in agenda.meetings(ds) if m.date == date.fromisoformat(tanggal))
    titles = [s.title for s in slides.present_slides(ds, meeting)]
    return titles.index("Tindak lanjut rapat lalu") + 1


def open_follow_up_slide(browser, server, tanggal: str):
    k = follow_up_slide(tanggal)
    path = f"/rapat?tanggal={tanggal}&mode=presentasi&slide={k}"
    page = open_page(browser, server, path, VIEWPORTS[1])  # the projector, 1280x720
    assert_no_exception(page)
    assert slide_position(page)[0] == k
    expect(page.locator("h2").first).to_have_text("Tindak lanjut rapat lalu")
    return page


def test_tindak_lanjut_slide_fits_the_projector(browser, server, artifacts):
    page = open_follow_up_slide(browser, server, MEETING)
    try:
        table = page.locator('[data-testid="stTable"]')
        expect(table).to_have_count(1)
        # what the room must see first: the overdue decisions; the rest is counted
        for text in ("KLL Pagak", "KLL Wajak", "Lewat tenggat"):
            expect(table).to_contain_text(text)
        expect(page.get_by_text("Dan 2 lainnya (1 terbuka, 1 selesai)")).to_be_visible()
        wait_idle(page)
        shot(page, artifacts, f"rapat-{MEETING}-tindak-lanjut")
        assert_fits(page)

        # The measure can fail: a tall element makes the same slide overflow.
        page.evaluate(
            """() => {
                const block = document.querySelector('[data-testid="stMainBlockContainer"]');
                const tall = document.createElement('div');
                tall.style.height = '400px';
                block.appendChild(tall);
            }"""
        )
        assert measure(page)["below"] > 0
    finally:
        page.context.close()


def test_a_long_follow_up_list_still_fits(browser, server, artifacts):
    # 7 Dec 2024 in the sample: four decisions open, two done since 2 Nov; the slide
    # shows two and counts the rest.
    page = open_follow_up_slide(browser, server, "2024-12-07")
    try:
        expect(page.locator('[data-testid="stTable"] tbody tr')).to_have_count(2)
        expect(page.get_by_text("Dan 4 lainnya (2 terbuka, 2 selesai)")).to_be_visible()
        wait_idle(page)
        shot(page, artifacts, "rapat-2024-12-07-tindak-lanjut")
        assert_fits(page)
    finally:
        page.context.close()
