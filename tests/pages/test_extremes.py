"""Any dataset that validation accepts renders every page in bounded size.

Hypothesis builds random sheets (extreme magnitudes included: Rp1 to Rp1 triliun
a row, targets of Rp1, long and hostile text), validates them as the app does,
and opens every page. Each page must render without an exception, with a
bounded number of elements and bytes. Bounded examples and no deadline keep
`make test` fast; speed itself is measured by `make bench`, never here.
"""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock

import streamlit as st
from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as s
from streamlit.testing.v1 import AppTest

import lib.data.load
from lib.data.dataset import RawBook, RawTable, SourceInfo
from lib.data.parse import MONEY_CEILING
from lib.data.validate import validate
from tests.injection import _walk

APP = str(ROOT / "app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
TODAY = date(2100, 12, 31)
MAX_ELEMENTS = 3_000
MAX_BYTES = 3_000_000

amounts = s.one_of(
    s.sampled_from([1, 36, 999, 1_000, 1_000_000, MONEY_CEILING - 1, MONEY_CEILING]),
    s.integers(min_value=0, max_value=MONEY_CEILING),
)
words = s.text(alphabet=s.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)
long_text = s.one_of(words, s.just("x" * 400), s.just("kata " * 800))


def required(text: str) -> str:
    """A required cell (Program, Kendala) is never blank: a blank one is rejected."""
    return text if text.strip() else "x"


@s.composite
def sheets(draw) -> RawBook:
    year = draw(s.integers(min_value=2001, max_value=2099))
    names = draw(s.lists(words, min_size=1, max_size=6))
    offices = [f"KLL {i} {name.strip()}"[:60].strip() for i, name in enumerate(names, start=1)]
    months = s.builds(datetime, s.sampled_from([year - 1, year]), s.integers(1, 12), s.just(1))
    kantor = [["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"]]
    kantor += [
        [name, draw(words), None, draw(words), draw(s.sampled_from(["Ya", "Tidak"]))]
        for name in offices
    ]
    target = [["Tahun", "Kantor", "Target Penghimpunan", "Target Penyaluran"]]
    target += [[year, name, max(1, draw(amounts)), draw(amounts)] for name in offices]
    collect = [["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur", "Keterangan"]]
    for _ in range(draw(s.integers(0, 25))):
        collect.append(
            [
                draw(months),
                draw(s.sampled_from(offices)),
                draw(s.sampled_from(["Zakat Maal", "Zakat Fitrah", "infaq", "DSKL"])),
                draw(amounts),
                draw(s.integers(0, 10_000_000)),
                draw(words),
            ]
        )
    program = [
        ["Bulan", "Kantor", "Pilar", "Program", "Status", "Penerima Manfaat", "Jumlah Penyaluran"]
    ]
    for _ in range(draw(s.integers(0, 10))):
        program.append(
            [
                draw(months),
                draw(s.sampled_from(offices)),
                draw(s.sampled_from(["Pendidikan", "Kesehatan", "Ekonomi", "Lingkungan"])),
                required(draw(long_text)),
                draw(s.sampled_from(["Rencana", "Berjalan", "Selesai"])),
                draw(s.integers(0, 10_000_000)),
                draw(amounts),
            ]
        )
    obstacle = [["Bulan", "Kantor", "Bidang", "Kendala", "Tindak Lanjut", "Status"]]
    for _ in range(draw(s.integers(0, 5))):
        obstacle.append(
            [
                draw(months),
                draw(s.sampled_from(offices)),
                "Penghimpunan",
                required(draw(long_text)),
                draw(long_text),
                "Terbuka",
            ]
        )
    rapat = [["Tanggal", "Tempat", "Periode", "Agenda Tambahan", "Catatan"]]
    rapat.append([datetime(year, 11, 2), draw(long_text), None, draw(long_text), draw(words)])
    tables = {
        "Kantor": kantor,
        "Target": target,
        "Penghimpunan": collect,
        "Program": program,
        "Kendala": obstacle,
        "Rapat": rapat,
    }
    source = SourceInfo("sheet", draw(words) or "Rakor", spreadsheet_id="SID", locale="in_ID")
    return RawBook(source, {k: RawTable(k, [list(r) for r in v]) for k, v in tables.items()})


def extreme_book() -> RawBook:
    """The magnitudes of the issue: a target typed as 36, rows at the ceiling, long text."""
    months = [datetime(2024, m, 1) for m in range(1, 13)]
    offices = [f"KLL {i}" for i in range(1, 4)]
    tables = {
        "Kantor": [["Kantor"], *[[o] for o in offices]],
        "Target": [
            ["Tahun", "Kantor", "Target Penghimpunan"],
            [2024, offices[0], 36],
            [2024, offices[1], 1200],
            [2024, offices[2], MONEY_CEILING],
        ],
        "Penghimpunan": [["Bulan", "Kantor", "Jenis Dana", "Jumlah"]]
        + [[m, o, "Zakat Maal", MONEY_CEILING] for m in months for o in offices]
        + [[months[0], offices[0], "DSKL", 1]],
        "Kendala": [
            ["Bulan", "Kantor", "Bidang", "Kendala"],
            [months[-1], offices[0], "Lainnya", "x" * 4000],
        ],
        "Rapat": [
            ["Tanggal", "Tempat", "Agenda Tambahan"],
            [datetime(2024, 12, 7), "y" * 400, "https://evil.example/" + "a" * 400],
        ],
    }
    source = SourceInfo("sheet", "Rakor", spreadsheet_id="SID", locale="in_ID")
    return RawBook(source, {k: RawTable(k, [list(r) for r in v]) for k, v in tables.items()})


def measure(at: AppTest) -> tuple[int, int]:
    nodes = [n for n in _walk(at._tree) if getattr(n, "proto", None) is not None]
    return len(nodes), sum(len(n.proto.SerializeToString()) for n in nodes)


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(book=extreme_book())
@given(book=sheets())
def test_every_page_renders_any_accepted_dataset_in_bounded_size(book):
    ds = validate(book, today=TODAY)
    rejected = ds.problems[["tab", "row", "value", "message"]].head().to_dict("records")
    assert ds.rejected_rows == 0, rejected
    with mock.patch.object(lib.data.load, "load_dataset", lambda config, reuse=None: ds):
        for page in PAGES:
            st.cache_resource.clear()
            st.cache_data.clear()
            at = AppTest.from_file(APP, default_timeout=120).run()
            at.switch_page(page).run()
            assert not at.exception, (page, [e.value for e in at.exception])
            elements, size = measure(at)
            assert elements <= MAX_ELEMENTS and size <= MAX_BYTES, (page, elements, size)
