"""Presentation mode in a real browser: every slide fits the projector, reads from the back
of the room, and is driven by a clicker's keys.

Two districts: the bundled sample's 5 October 2024 rakor, and a small synthetic
district written here as a workbook (served by a second `streamlit run` with
LAZISMU_WORKBOOK), with long names and texts that have to continue on
"lanjutan" slides. At 1280x720 and 1920x1080, each walk goes through every slide
with ArrowRight / PageDown / Space and checks, per slide: the page is no taller
than the screen, every metric value is at least 40 px, no text is clipped
(scrollWidth > clientWidth), the slide counter stays on one line, no exception.
Then ArrowLeft / PageUp go back, Escape leaves, and "Keluar" leaves.

The "Lompat ke" picker is left out of the clipping check: a long slide title is
shortened there by design (the full title is the slide's heading).
Screenshots of every slide go to test-artifacts/browser/slides/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from lib.data import sample

from .conftest import ARTIFACTS, StreamlitServer, wait_settled

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
LOAD_TIMEOUT = 60_000
SIZES = [(1280, 720), (1920, 1080)]
MIN_METRIC_PX = 40
NEXT_KEYS = ("ArrowRight", "PageDown", "Space")

MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const height = Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0);
  const metrics = [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(
    e => parseFloat(getComputedStyle(e.querySelector('div') || e).fontSize));
  const clipped = [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .filter(e => !e.closest('[data-testid="stVegaLiteChart"]'))
    .filter(e => !e.closest('[data-baseweb="select"]') && !e.closest('[data-testid="stSelectbox"]'))
    .map(e => (e.getAttribute('data-testid') || e.tagName) + ': ' + e.innerText.slice(0, 60));
  const counter = document.querySelector('.slide-counter');
  const line = counter ? parseFloat(getComputedStyle(counter).lineHeight) ||
    1.3 * parseFloat(getComputedStyle(counter).fontSize) : 0;
  return {
    height, inner: window.innerHeight, metrics, clipped,
    counter: counter ? counter.innerText.replace(/\\u00a0/g, ' ') : null,
    counterWraps: counter ? counter.getBoundingClientRect().height > 1.6 * line : true,
    title: (document.querySelector('[data-testid="stMain"] h2') || {}).innerText || '',
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
  };
}"""

# A slide is complete when its last element, the source line, is there and nothing is stale.
# The slide's last line is drawn and its charts too (conftest.wait_settled does the rest).
SHOWN = """() => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .some(c => c.innerText.includes('Sumber:')) &&
  [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every(c => c.querySelector('canvas, svg'))"""


# ---------------------------------------------------------------- the second district

LONG_OFFICE = "KLL Sumber Makmur Jaya Abadi Sentosa Kecamatan Ngantang Utara"
OTHER_MEETING = "2025-06-07"


def other_district() -> dict[str, list[list]]:
    """A district unlike the sample: other names, 2025, an office named without "KLL",
    an office welcomed at the meeting, long texts and enough programs for lanjutan."""
    offices = [LONG_OFFICE, "KLL Kali Jernih", "Tanjung Sari", "KLL Baru Berdiri"]
    programs = [
        ["Bulan", "Kantor", "Pilar", "Program", "Status", "Penerima Manfaat", "Jumlah Penyaluran"]
    ]
    pillars = ["Pendidikan", "Kesehatan", "Ekonomi", "Kemanusiaan", "Sosial Dakwah", "Lingkungan"]
    for i in range(24):
        office = offices[i % 3]
        name = f"Program Pemberdayaan Nomor {i + 1}"
        if i == 5:
            name = "Pendampingan usaha mikro ibu-ibu Aisyiyah di dusun terpencil lereng gunung"
        programs.append(
            [
                "Mei 2025",
                office,
                pillars[i % 6],
                name,
                "Berjalan",
                str(10 + i),
                f"{(i + 1) * 100_000:,}".replace(",", "."),
            ]
        )
    programs.append(["Mei 2025", "KLL Baru Berdiri", "Ekonomi", "Kambing", "Rencana", "", ""])
    long_obstacle = (
        "Donatur tetap di tiga ranting berhenti karena panen gagal, kotak infaq belum "
        "terdata, dan rekening atas nama kantor belum dibuka sehingga setoran tertunda "
    ) * 2
    return {
        "Kantor": [
            ["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"],
            [LONG_OFFICE, "Ngantang", "01/01/2020", "Sari Wulandari Kusumaningrum", "Ya"],
            ["KLL Kali Jernih", "Kasembon", "15/03/2021", "Joko", "Ya"],
            ["Tanjung Sari", "Pujon", "01/01/2024", "Tono", "Ya"],
            ["KLL Baru Berdiri", "Kromengan", "20/05/2025", "Budi", "Ya"],
        ],
        "Target": [
            ["Tahun", "Kantor", "Target Penghimpunan", "Target Penyaluran"],
            ["2025", LONG_OFFICE, "Rp1.250.000.000", ""],
            ["2025", "KLL Kali Jernih", "Rp6.000.000", ""],
        ],
        "Penghimpunan": [
            ["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur"],
            ["Jan 2025", LONG_OFFICE, "Zakat Maal", "Rp412.000.000", "5"],
            ["Apr 2025", LONG_OFFICE, "infak", "Rp98.765.432", "120"],
            ["Mei 2025", LONG_OFFICE, "infak", "Rp123.456.789", "12"],
            ["Apr 2025", "KLL Kali Jernih", "Zakat Maal", "1.250.000", ""],
            ["Mei 2025", "Tanjung Sari", "fitrah", "0", ""],  # typed 0: Rp0, not Belum lapor
            ["Mei 2025", "KLL Baru Berdiri", "infak", "750rb", ""],
        ],
        "Program": programs,
        "Kendala": [
            ["Bulan", "Kantor", "Bidang", "Kendala", "Tindak Lanjut", "Status"],
            ["Mei 2025", "KLL Kali Jernih", "Penghimpunan", long_obstacle, "Kunjungi", "Terbuka"],
            ["Mei 2025", LONG_OFFICE, "Penyaluran", "Data mustahik ganda", "", "Terbuka"],
        ],
        "Rapat": [
            ["Tanggal", "Tempat", "Periode", "Agenda Tambahan", "Catatan"],
            [
                "07/06/2025",
                "Aula Kantor Daerah",
                "Mei 2025",
                "Evaluasi zakat fitrah; Persiapan kurban",
                "Rapat pertama KLL Baru Berdiri",
            ],
            ["05/07/2025", "Balai Desa", "", "", ""],
        ],
    }


class WorkbookServer(StreamlitServer):
    """`streamlit run` on a workbook of our own (LAZISMU_WORKBOOK), as a user points it."""

    def __init__(self, tmp: Path, workbook: Path) -> None:
        super().__init__(tmp)
        self.workbook = workbook

    def env(self) -> dict[str, str]:
        return {**super().env(), "LAZISMU_WORKBOOK": str(self.workbook)}


@pytest.fixture(scope="module")
def other_server(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("other-district")
    workbook = sample.write_xlsx(other_district(), tmp / "kabupaten-lain.xlsx")
    srv = WorkbookServer(tmp, workbook).start()
    yield srv
    srv.stop()


# ---------------------------------------------------------------- the walk


@dataclass
class Seen:
    number: int
    title: str
    height: int
    inner: int


def settle(page) -> None:
    page.wait_for_function(SHOWN, timeout=LOAD_TIMEOUT)
    wait_settled(page, LOAD_TIMEOUT, quiet=250)


def counter(page) -> tuple[int, int]:
    text = page.inner_text(".slide-counter").replace("\xa0", " ")
    k, n = (int(x) for x in text.split("/"))
    return k, n


def wait_for_slide(page, k: int) -> None:
    page.wait_for_function(
        "(k) => { const c = document.querySelector('.slide-counter');"
        " return c && parseInt(c.innerText) === k; }",
        arg=k,
        timeout=LOAD_TIMEOUT,
    )
    settle(page)


def check_slide(page, k: int, size: tuple[int, int]) -> Seen:
    r = page.evaluate(MEASURE)
    where = f"slide {k} ({r['title']}) at {size[0]}x{size[1]}"
    assert r["exceptions"] == 0, where
    assert r["height"] <= r["inner"], f"{where}: {r['height']} px tall on {r['inner']}"
    assert all(m >= MIN_METRIC_PX for m in r["metrics"]), f"{where}: {r['metrics']}"
    assert not r["clipped"], f"{where}: clipped {r['clipped']}"
    assert not r["counterWraps"], f"{where}: counter wraps"
    return Seen(k, r["title"], r["height"], r["inner"])


def walk(page, base: str, tanggal: str, size: tuple[int, int], shots: Path) -> list[Seen]:
    page.goto(f"{base}/rapat?tanggal={tanggal}&mode=presentasi&slide=1")
    page.wait_for_selector(".slide-counter", timeout=LOAD_TIMEOUT)
    settle(page)
    k, n = counter(page)
    assert k == 1 and n > 1
    seen = []
    for k in range(1, n + 1):
        page.screenshot(path=str(shots / f"{size[0]}x{size[1]}-{k:02d}.png"))
        seen.append(check_slide(page, k, size))
        if k < n:
            page.keyboard.press(NEXT_KEYS[k % len(NEXT_KEYS)])
            wait_for_slide(page, k + 1)
            assert f"slide={k + 1}" in page.url  # the slide stays in the URL
    page.keyboard.press("ArrowRight")  # past the last slide: stays there
    page.wait_for_timeout(500)
    assert counter(page) == (n, n)
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, n - 1)
    page.keyboard.press("PageUp")
    wait_for_slide(page, n - 2)
    return seen


def leave_with(page, base: str, tanggal: str, how: str) -> None:
    page.goto(f"{base}/rapat?tanggal={tanggal}&mode=presentasi&slide=3")
    page.wait_for_selector(".slide-counter", timeout=LOAD_TIMEOUT)
    settle(page)
    if how == "Escape":
        page.keyboard.press("Escape")
    else:
        page.locator(".st-key-slide_leave button").click()
    try:
        page.wait_for_selector("h1:has-text('Rapat Koordinasi')", timeout=LOAD_TIMEOUT)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"leave-{how}-failed.png"))
        raise
    settle(page)
    assert page.locator(".slide-counter").count() == 0
    assert "mode=" not in page.url and "slide=" not in page.url
    assert f"tanggal={tanggal}" in page.url
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("district", ["sample", "other"])
def test_every_slide_fits_and_the_keys_drive_it(
    browser, server, other_server, artifacts, district, size
):
    base, tanggal = {
        "sample": (server.url, "2024-10-05"),
        "other": (other_server.url, OTHER_MEETING),
    }[district]
    shots = artifacts / "slides" / district
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        seen = walk(page, base, tanggal, size, shots)
        titles = [s.title for s in seen]
        if district == "sample":
            assert "Perkenalan KLL Pagak (baru)" in titles
            assert "Laporan KLL Pagak" in titles  # new, and with September figures
            assert titles[0] == "Pembukaan" and titles[-1] == "Penutup"
        else:
            assert any(t.endswith("(lanjutan)") for t in titles)
            assert "Laporan KLL Tanjung Sari" in titles  # "KLL" once, also when not typed
            assert "Perkenalan KLL Baru Berdiri (baru)" in titles
        leave_with(page, base, tanggal, "Escape")
        leave_with(page, base, tanggal, "Keluar")
    finally:
        page.close()


def test_keys_typed_into_the_picker_do_not_turn_slides(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(f"{server.url}/rapat?tanggal=2024-10-05&mode=presentasi&slide=2")
        page.wait_for_selector(".slide-counter", timeout=LOAD_TIMEOUT)
        settle(page)
        page.locator('[data-testid="stSelectbox"] input').focus()
        page.keyboard.press("Space")
        page.keyboard.press("Escape")
        page.wait_for_timeout(800)
        assert counter(page)[0] == 2
        assert page.locator(".slide-counter").count() == 1  # Escape in the picker stays
    finally:
        page.close()


PHONE_SLIDE = """() => {
  const width = document.documentElement.clientWidth;
  const tables = [...document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stTable"] table')];
  return {
    width,
    tables: tables.length,
    beyond: tables.filter(t => t.getBoundingClientRect().right > width + 1).length,
    emptyCells: [...document.querySelectorAll('[class*="st-key-slide_facts_"] td')]
      .filter(td => td.offsetParent !== null && td.innerText.trim() === '').length,
    facts: [...document.querySelectorAll('[class*="st-key-slide_facts_"] tr')]
      .map(tr => [...tr.querySelectorAll('td')].filter(td => td.offsetParent !== null)
        .map(td => Math.round(td.getBoundingClientRect().top))),
  };
}"""


@pytest.mark.parametrize("district", ["sample", "other"])
def test_the_opening_slides_read_on_a_phone(browser, server, other_server, artifacts, district):
    """A board member follows the slides on a phone: the facts table (two pairs a row
    on the projector) shows one pair a line, no empty pair for an odd number of
    facts, and no table (the ranking has five columns) is cut or beyond the screen."""
    base, tanggal = {
        "sample": (server.url, "2024-10-05"),
        "other": (other_server.url, OTHER_MEETING),
    }[district]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        for k in (1, 2):  # the facts of the opening, then the office ranking's wide table
            page.goto(f"{base}/rapat?tanggal={tanggal}&mode=presentasi&slide={k}")
            page.wait_for_selector(".slide-counter", timeout=LOAD_TIMEOUT)
            settle(page)
            shot = artifacts / f"slide-{k}-phone-{district}.png"
            page.screenshot(path=str(shot), full_page=True)
            r = page.evaluate(MEASURE)
            assert r["exceptions"] == 0
            assert not r["clipped"], (k, r["clipped"])
            shown = page.evaluate(PHONE_SLIDE)
            assert shown["tables"] >= 1 and shown["beyond"] == 0, (k, shown)
            assert shown["emptyCells"] == 0, shown
            assert k > 1 or shown["facts"], shown
            for tops in shown["facts"]:  # label and value side by side, a pair per line
                assert len(tops) <= 4 and len(set(tops)) == len(tops) // 2, shown
    finally:
        context.close()
