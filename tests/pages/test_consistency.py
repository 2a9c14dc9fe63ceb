"""Every surface shows the same figure: Ringkasan, Kantor, Pilar, the Rapat slides, the PDF,
the Markdown and WhatsApp texts and the CSV exports.

Two districts: the bundled sample (one period, its October 2024 meeting) and a
small synthetic one written here as a workbook (other office names, another
year, a few rows), whose figures are worked out by hand below. Each district is
served to the app through LAZISMU_WORKBOOK, the way a user points it at a file.
A Rencana row of Rp5.000.000 is a plan, not money moved: adding one to either
district changes distribution on no surface.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from lib.data import sample
from lib.data.config import source_config
from lib.data.load import load_dataset
from lib.figures import pillars, progress
from lib.figures.offices import counted_offices
from lib.figures.period import Period
from lib.meeting import agenda as ag
from lib.meeting import pack, slides
from lib.views import export, pillar_tables, progress_tables
from lib.views.fmt import month_label, month_short, number, rupiah, ytd_label

APP = str(ROOT / "app.py")

# ---------------------------------------------------------------- the second district

SM, KJ, TS, LM, BR = (
    "KLL Sumber Makmur",
    "KLL Kali Jernih",
    "KLL Tanjung Sari",
    "KLL Lama",
    "KLL Baru Sekali",
)
OTHER_PERIOD = Period(2025, 5)
OTHER_MEETING = date(2025, 6, 7)


def other_district(rencana: bool = True) -> dict[str, list[list]]:
    """Tab -> rows of a district unlike the sample: five offices, 2025, a dozen rows."""
    programs = [
        ["Bulan", "Kantor", "Pilar", "Program", "Status", "Penerima Manfaat", "Jumlah Penyaluran"],
        ["Apr 2025", SM, "Pendidikan", "Beasiswa Surya", "Berjalan", "10", "Rp1.000.000"],
        ["Mei 2025", SM, "Pendidikan", "beasiswa  surya", "Berjalan", "10", "1 jt"],
        ["Mar 2025", SM, "Kesehatan", "Ambulans", "Selesai", "4", "600rb"],
        ["Feb 2025", KJ, "Sosdak", "TPQ", "Berjalan", "30", "900.000"],
        ["Feb 2025", LM, "Lingkungan", "Pohon", "Selesai", "0", "250.000"],
        ["Jun 2025", SM, "Ekonomi", "Ternak", "Berjalan", "3", "700.000"],  # after the period
    ]
    if rencana:
        programs.append(["Mei 2025", SM, "Ekonomi", "Kambing", "Rencana", "", "Rp5.000.000"])
    return {
        "Kantor": [
            ["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"],
            [SM, "Kec Satu", "01/01/2020", "Sari", "Ya"],
            [KJ, "Kec Dua", "15/03/2021", "Joko", "Ya"],
            [TS, "Kec Tiga", "01/01/2024", "Tono", "Ya"],
            [LM, "Kec Empat", "01/01/2019", "Lia", "Tidak"],
            [BR, "Kec Lima", "01/07/2025", "Budi", "Ya"],  # after the period and the meeting
        ],
        "Target": [
            ["Tahun", "Kantor", "Target Penghimpunan", "Target Penyaluran"],
            ["2025", SM, "Rp12.000.000", ""],
            ["2025", KJ, "Rp6.000.000", ""],
        ],
        "Penghimpunan": [
            ["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur"],
            ["Jan 2025", SM, "Zakat Maal", "Rp2.000.000", "5"],
            ["Mei 2025", SM, "infak", "3.500.000", "12"],
            ["Feb 2025", KJ, "Zakat Maal", "1.250.000", ""],
            ["Mei 2025", TS, "fitrah", "750rb", ""],
            ["Mar 2025", LM, "DSKL", "400.000", ""],
        ],
        "Program": programs,
        "Kendala": [
            ["Bulan", "Kantor", "Bidang", "Kendala", "Status"],
            ["Mei 2025", KJ, "Penghimpunan", "Donatur sepi", "Terbuka"],
        ],
        "Rapat": [
            ["Tanggal", "Tempat", "Periode"],
            ["07/06/2025", "Balai Desa", "Mei 2025"],
        ],
    }


# Worked out by hand from the rows above, January..May 2025 (Rencana and June left out).
OTHER_EXPECTED = {
    "collection": {SM: 5_500_000, KJ: 1_250_000, TS: 750_000},
    "district_collection": 7_900_000,  # + KLL Lama, inactive, still in the district total
    "distribution": {SM: 2_600_000, KJ: 900_000, TS: 0},
    "district_distribution": 3_750_000,  # + KLL Lama's 250.000
    "beneficiaries": {SM: 24, KJ: 30, TS: 0},
    "district_beneficiaries": 54,
    "covered": {SM: 2, KJ: 1, TS: 0},
    "not_reported": [KJ],
}


# ---------------------------------------------------------------- what the figures say


@dataclass(frozen=True)
class Figures:
    offices: list[str]
    collection: dict[str, float]
    distribution: dict[str, float]
    beneficiaries: dict[str, float]
    covered: dict[str, int]
    district_collection: float
    district_distribution: float
    district_beneficiaries: float
    not_reported: list[str]


def figures(ds, period: Period) -> Figures:
    """The functions named in the README's table: every surface must show these."""
    rows = progress.office_progress(ds, period).set_index("office")
    summary = progress.district_summary(ds, period)
    covered = pillars.covered_count(ds, period)
    offices = counted_offices(ds, period)
    return Figures(
        offices=offices,
        collection={o: float(rows.loc[o, "collection_ytd"]) for o in offices},
        distribution={o: float(rows.loc[o, "distribution_ytd"]) for o in offices},
        beneficiaries={o: float(rows.loc[o, "beneficiaries_ytd"]) for o in offices},
        covered={o: int(covered[o]) for o in offices},
        district_collection=summary.collection_ytd,
        district_distribution=summary.distribution_ytd,
        district_beneficiaries=summary.beneficiaries_ytd,
        not_reported=progress.not_reported(ds, period),
    )


# ---------------------------------------------------------------- districts as workbooks


@dataclass(frozen=True)
class District:
    path: Path
    period: Period
    meeting: date


def _workbook(tmp_path_factory, name: str, tables: dict[str, list[list]]) -> Path:
    return sample.write_xlsx(tables, tmp_path_factory.mktemp(name) / f"{name}.xlsx")


def _sample_with_rencana() -> dict[str, list[list]]:
    tables = sample.generate("S")
    rows = tables["Program"]
    header = rows[sample.header_index("Program", rows)]
    row = [""] * len(header)
    values = {
        "Bulan": "Sep 2024",
        "Kantor": "KLL Pakis",
        "Pilar": "Ekonomi",
        "Program": "Rencana uji",
        "Status": "Rencana",
        "Jumlah Penyaluran": "Rp5.000.000",
    }
    for i, name in enumerate(header):
        row[i] = values.get(str(name).strip(), "")
    return {**tables, "Program": [*rows, row]}


@pytest.fixture(scope="module")
def districts(tmp_path_factory) -> dict[str, District]:
    sample_period, sample_meeting = Period(2024, 9), date(2024, 10, 5)
    other = (OTHER_PERIOD, OTHER_MEETING)
    return {
        "sample": District(sample.ensure_sample(), sample_period, sample_meeting),
        "sample+rencana": District(
            _workbook(tmp_path_factory, "rencana", _sample_with_rencana()),
            sample_period,
            sample_meeting,
        ),
        "other": District(_workbook(tmp_path_factory, "other", other_district()), *other),
        "other-rencana": District(
            _workbook(tmp_path_factory, "plain", other_district(rencana=False)), *other
        ),
    }


def _dataset(district: District):
    return load_dataset(source_config({"LAZISMU_WORKBOOK": str(district.path)}, {}))


# ---------------------------------------------------------------- reading the surfaces


def _money(text: object) -> float:
    """`Rp1.250.000` -> 1250000 (our own formatting, so whole Rupiah with dot groups);
    a number (the office table keeps money numeric) as it is."""
    if isinstance(text, int | float):
        return float(text)
    digits = re.sub(r"[^\d,-]", "", str(text)).replace(",", ".")
    return float(digits) if digits else 0.0


def _count(text: object) -> float:
    if isinstance(text, int | float):
        return float(text)
    return float(str(text).replace(".", "").replace(",", "."))


def _open(monkeypatch, district: District, page: str, query: dict[str, str]) -> AppTest:
    monkeypatch.setenv("LAZISMU_WORKBOOK", str(district.path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _period_query(period: Period) -> dict[str, str]:
    return {"tahun": str(period.year), "bulan": str(period.month)}


def _frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _help(at: AppTest, label: str) -> str:
    return next(m.help for m in at.metric if m.label == label)


def check_ringkasan(monkeypatch, district: District, f: Figures) -> None:
    at = _open(monkeypatch, district, "pages/ringkasan.py", _period_query(district.period))
    p = district.period
    short = ytd_label(p.year, p.month, short=True)
    assert rupiah(f.district_collection) in _help(at, f"Terhimpun {short}")
    assert rupiah(f.district_distribution) in _help(at, f"Tersalur {short}")
    benef = next(m.value for m in at.metric if m.label.startswith("Penerima manfaat "))
    assert _count(benef) == f.district_beneficiaries
    table = _frame_with(at, progress_tables.COL_YTD)
    table[progress_tables.COL_OFFICE] = [
        parse_qs(urlsplit(link).query)["kantor"][0] for link in table[progress_tables.COL_OFFICE]
    ]
    table = table.set_index(progress_tables.COL_OFFICE)
    assert sorted(table.index) == sorted(f.offices)
    for o in f.offices:
        assert _money(table.loc[o, progress_tables.COL_YTD]) == f.collection[o]
        assert _money(table.loc[o, progress_tables.COL_DIST]) == f.distribution[o]
        assert _count(table.loc[o, progress_tables.COL_BENEF]) == f.beneficiaries[o]
    late = " ".join(w.value for w in at.warning if "belum punya baris" in w.value)
    for o in f.offices:
        assert (o in late) == (o in f.not_reported), o
    if not f.not_reported:
        assert any("sudah lapor" in s.value for s in at.success)


def check_kantor(monkeypatch, district: District, f: Figures, office: str) -> None:
    query = {**_period_query(district.period), "kantor": office}
    at = _open(monkeypatch, district, "pages/kantor.py", query)
    p = district.period
    short = ytd_label(p.year, p.month, short=True)
    assert rupiah(f.collection[office]) in _help(at, f"Terhimpun {short}")
    assert rupiah(f.distribution[office]) in _help(at, f"Tersalur {short}")
    benef = next(m.value for m in at.metric if m.label.startswith("Penerima manfaat "))
    assert _count(benef) == f.beneficiaries[office]
    state = next(m.value for m in at.metric if m.label == f"Lapor {month_short(p.month)}")
    assert state == ("Belum" if office in f.not_reported else "Sudah")
    programs = _frame_with(at, "Bulan")  # the program list, as on Rapat
    if "Penyaluran" in programs:
        assert sum(_money(v) for v in programs["Penyaluran"]) == f.distribution[office]


def check_pilar(monkeypatch, district: District, f: Figures) -> None:
    at = _open(monkeypatch, district, "pages/pilar.py", _period_query(district.period))
    matrix = _frame_with(at, "Cakupan").set_index("Kantor")
    assert list(matrix.index) == f.offices
    for o in f.offices:
        assert matrix.loc[o, "Cakupan"] == f"{f.covered[o]}/6 pilar"
    summary = _frame_with(at, "Porsi penyaluran")
    assert sum(_money(v) for v in summary["Penyaluran"]) == f.district_distribution
    assert sum(_count(v) for v in summary["Penerima manfaat"]) == f.district_beneficiaries


def _report_slides(ds, agenda: ag.Agenda) -> dict[str, int]:
    """Office -> the number of its report's first slide (lib.meeting.slides.present_slides)."""
    deck = slides.present_slides(ds, agenda.meeting)
    return {
        agenda.items[sl.item].office: n
        for n, sl in enumerate(deck, 1)
        if agenda.items[sl.item].kind == ag.REPORT and sl.part == 1
    }


def _slide_with(ds, agenda: ag.Agenda, title: str) -> int:
    deck = slides.present_slides(ds, agenda.meeting)
    return next(
        n
        for n, sl in enumerate(deck, 1)
        if any(getattr(b, "title", "").startswith(title) for b in sl.blocks)
    )


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def short_ytd(p: Period) -> str:
    """The year-to-date label on slides and in the pack: `Jan–Sep 2024`."""
    if p.month == 1:
        return month_label(p.year, 1)
    return f"{ytd_label(p.year, p.month, short=True)} {p.year}"


def check_rapat(monkeypatch, district: District, f: Figures, ds, agenda: ag.Agenda) -> None:
    p = agenda.period
    ytd, month = short_ytd(p), month_label(p.year, p.month)
    covered_at = _slide_with(ds, agenda, "Pilar tercakup per kantor")
    query = {"tanggal": agenda.date.isoformat(), "mode": "presentasi", "slide": str(covered_at)}
    at = _open(monkeypatch, district, "pages/rapat.py", query)
    covered = next(t.value for t in at.table if "Pilar tercakup" in t.value.columns)
    shown = dict(zip(covered["Kantor"], covered["Pilar tercakup"], strict=True))
    assert {o: int(_count(n)) for o, n in shown.items()} == f.covered
    at.query_params["slide"] = str(_slide_with(ds, agenda, "Cakupan pilar"))
    at.run()
    per_pillar = next(t.value for t in at.table if "Porsi penyaluran" in t.value.columns)
    assert sum(_money(v) for v in per_pillar["Penyaluran"]) == f.district_distribution
    reports = _report_slides(ds, agenda)
    assert set(reports) <= set(f.offices)
    for office, n in reports.items():
        at.query_params["slide"] = str(n)
        at.run()
        assert not at.exception
        assert _money(_metric(at, f"Penghimpunan {ytd}")) == f.collection[office]
        assert _money(_metric(at, f"Penyaluran {ytd}")) == f.distribution[office]
        assert _count(_metric(at, f"Penerima manfaat {ytd}")) == f.beneficiaries[office]
        assert _metric(at, "Pilar tercakup") == f"{f.covered[office]}/6 pilar"
        this_month = _metric(at, f"Penghimpunan {month}")
        assert (this_month == "Belum lapor") == (office in f.not_reported), office


def _office_figures_text(f: Figures, office: str, ytd: str) -> list[str]:
    return [
        f"Penghimpunan {ytd}: {rupiah(f.collection[office])}",
        f"Penyaluran {ytd}: {rupiah(f.distribution[office])}",
        f"Penerima manfaat {ytd}: {number(f.beneficiaries[office])}",
        f"Pilar tercakup: {f.covered[office]}/6 pilar",
    ]


def check_pack(f: Figures, ds, agenda: ag.Agenda) -> None:
    p = agenda.period
    ytd, month = ytd_label(p.year, p.month), month_label(p.year, p.month)
    reports = list(_report_slides(ds, agenda))
    markdown = pack.render_markdown(agenda)
    sections = markdown.split("\n## ")
    whatsapp = pack.render_whatsapp(agenda)
    blocks = {b.split("\n", 1)[0].strip("*"): b for b in whatsapp.split("\n\n")}
    reader = pypdf.PdfReader(io.BytesIO(pack.render_pdf(agenda)))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    for office in reports:
        title = ag.office_title("Laporan", office)
        section = next(s for s in sections if title in s.split("\n")[0])
        page = next(pg for pg in pages if title in pg and "Angka utama" in pg)
        block = blocks[office]
        word = "Belum masuk" if office in f.not_reported else "Sudah masuk"
        if office in f.not_reported:
            assert f"- Penghimpunan {month}: Belum lapor" in section
            assert f"Penghimpunan {month} Belum lapor" in page
            assert "Penghimpunan: Belum lapor" in block
        for line in _office_figures_text(f, office, short_ytd(p)):
            label, value = line.split(": ")
            assert f"- {label}: {value}" in section, (office, line)
            assert f"{label} {value}" in page, (office, line)
        assert f"- Laporan {month}: {word}" in section
        assert f"Laporan {month} {word}" in page
        assert (
            f"Penghimpunan {ytd}: {rupiah(f.collection[office])} · "
            f"penyaluran: {rupiah(f.distribution[office])} · "
            f"penerima manfaat: {number(f.beneficiaries[office])}"
        ) in block
        assert f"Pilar tercakup: {f.covered[office]}/6 pilar" in block
        assert f"laporan {month}: {word.lower()}" in block


def _csv(df) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.csv_bytes(df).decode("utf-8-sig"))))


def check_csv(ds, period: Period, f: Figures) -> None:
    """The CSV downloads of Ringkasan, Kantor and Pilar (the functions the pages pass)."""
    office_rows = _csv(progress_tables.office_table(progress.office_progress(ds, period), True))
    by_office = {r[progress_tables.COL_OFFICE]: r for r in office_rows}
    assert sorted(by_office) == sorted(f.offices)
    for o in f.offices:
        assert float(by_office[o][progress_tables.COL_YTD]) == f.collection[o]
        assert float(by_office[o][progress_tables.COL_DIST]) == f.distribution[o]
        assert float(by_office[o][progress_tables.COL_BENEF]) == f.beneficiaries[o]
        reported = by_office[o][progress_tables.COL_REPORTED]
        assert (reported == "Belum") == (o in f.not_reported)
        programs = pillar_tables.programs_table(
            pillars.office_programs(ds, period, o), period, formatted=False
        )
        money = sum(float(r["Penyaluran"] or 0) for r in _csv(programs))
        assert money == f.distribution[o]
    matrix = _csv(pillar_tables.matrix_table(ds, period, "programs"))
    assert {r["Kantor"]: int(r["Pilar tercakup"]) for r in matrix} == f.covered
    listed = _csv(pillar_tables.download_tables(ds, period)["Daftar program"])
    assert sum(float(r["Penyaluran"] or 0) for r in listed) == f.district_distribution
    monthly = _csv(progress_tables.monthly_table(ds, period))
    assert float(monthly[period.month - 1]["Kumulatif"]) == f.district_collection


# ---------------------------------------------------------------- the tests


def _agenda(ds, district: District) -> ag.Agenda:
    meeting = next(m for m in ag.meetings(ds) if m.date == district.meeting)
    return ag.build_agenda(ds, meeting)


@pytest.mark.parametrize("name", ["sample", "other"])
def test_every_surface_shows_the_same_figures(monkeypatch, districts, name):
    district = districts[name]
    ds = _dataset(district)
    f = figures(ds, district.period)
    agenda = _agenda(ds, district)
    assert agenda.period == district.period
    check_csv(ds, district.period, f)
    check_pack(f, ds, agenda)
    check_ringkasan(monkeypatch, district, f)
    check_pilar(monkeypatch, district, f)
    for office in [*f.not_reported[:1], *[o for o in f.offices if o not in f.not_reported][:1]]:
        check_kantor(monkeypatch, district, f, office)
    check_rapat(monkeypatch, district, f, ds, agenda)


def test_the_second_district_by_hand(districts):
    f = figures(_dataset(districts["other"]), OTHER_PERIOD)
    e = OTHER_EXPECTED
    assert f.offices == [SM, KJ, TS]  # Lama inactive, Baru Sekali founded after the period
    assert f.collection == e["collection"] and f.district_collection == e["district_collection"]
    assert f.distribution == e["distribution"]
    assert f.district_distribution == e["district_distribution"]
    assert f.beneficiaries == e["beneficiaries"]
    assert f.district_beneficiaries == e["district_beneficiaries"]
    assert f.covered == e["covered"] and f.not_reported == e["not_reported"]


@pytest.mark.parametrize(("with_plan", "without_plan"), [("sample+rencana", "sample")])
def test_a_rencana_row_moves_no_money(monkeypatch, districts, with_plan, without_plan):
    """The issue's reproduction: Rp5.000.000 Rencana added to the sample; no surface changes."""
    planned, plain = districts[with_plan], districts[without_plan]
    f = figures(_dataset(planned), planned.period)
    assert f == figures(_dataset(plain), plain.period)
    ds = _dataset(planned)
    assert "Rencana uji" in set(pillars.planned_programs(ds, planned.period)["program"])
    check_csv(ds, planned.period, f)
    check_pack(f, ds, _agenda(ds, planned))
    check_ringkasan(monkeypatch, planned, f)
    check_pilar(monkeypatch, planned, f)
    check_kantor(monkeypatch, planned, f, "KLL Pakis")


def test_a_rencana_row_moves_no_money_in_the_second_district(districts):
    with_plan = figures(_dataset(districts["other"]), OTHER_PERIOD)
    assert with_plan == figures(_dataset(districts["other-rencana"]), OTHER_PERIOD)
    assert with_plan.district_distribution == OTHER_EXPECTED["district_distribution"]
