"""The synthetic workbooks: the bundled sample tells the story of the 5 October 2024 rakor,
every row is valid, and the benchmark sizes are what the benchmarks expect."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from lib.cli import sample_main
from lib.data import sample
from lib.data.contract import ACTIVE_PROGRAM_STATUSES, PILLARS, TABS
from lib.data.dataset import RawBook, RawTable, SourceInfo
from lib.data.sources import read_workbook
from lib.data.validate import validate

TODAY = date(2025, 1, 15)
RAKOR = date(2024, 10, 5)
ARTICLE_OFFICES = [
    "KLL Gondanglegi",
    "KLL Pagak",
    "KLL Lawang",
    "KLL Malangsuko",
    "KLL Bululawang",
    "KLL Pakis",
    "KLL Wajak",
    "KLL Singosari",
    "KLL Poncokusumo",
]
NEW_OFFICES = ["KLL Pagak", "KLL Singosari"]
ESTABLISHED = [o for o in ARTICLE_OFFICES if o not in NEW_OFFICES]


def raw_book(tables: dict[str, list[list]], kind: str = "sample") -> RawBook:
    return RawBook(SourceInfo(kind, "sample.xlsx"), {k: RawTable(k, v) for k, v in tables.items()})


def read_back(path) -> dict[str, list[list]]:
    """Cell values as openpyxl reads them, made comparable with generate()'s output."""
    wb = load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows(values_only=True):
            cells = [
                v.date() if isinstance(v, datetime) and v.time() == datetime.min.time() else v
                for v in row
            ]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        out[ws.title] = rows
    wb.close()
    return out


def trimmed(tables: dict[str, list[list]]) -> dict[str, list[list]]:
    out = {}
    for name, rows in tables.items():
        out[name] = []
        for row in rows:
            row = list(row)
            while row and row[-1] is None:
                row.pop()
            out[name].append(row)
    return out


@pytest.fixture(scope="module")
def tables():
    return sample.generate("S")


@pytest.fixture(scope="module")
def ds(tables):
    return validate(raw_book(tables), today=TODAY)


def data_rows(tables, name):
    rows = tables[name]
    return rows[sample.header_index(name, rows) + 1 :]


def active_programs(ds):
    p = ds.programs
    return p[p["status"].isin(ACTIVE_PROGRAM_STATUSES)]


# --- shape -------------------------------------------------------------------------


def test_every_tab_in_contract_order_with_its_headers(tables):
    assert list(tables) == [t.name for t in TABS] + ["Pengaturan"]
    assert tables["Pengaturan"] == [["Kunci", "Nilai"], ["Nama", "LAZISMU Kabupaten Malang"]]
    for tab in TABS:
        rows = tables[tab.name]
        at = sample.header_index(tab.name, rows)
        assert rows[at] == [c.header for c in tab.columns]
        if tab.name == sample.TITLE_TAB:
            assert at == 2 and rows[0] == [sample.TITLE] and rows[1] == []
        else:
            assert at == 0


def test_sample_validates_with_no_problems(ds, tables):
    assert ds.problems.empty, ds.problems.head(10).to_string()
    assert ds.settings == {"name": "LAZISMU Kabupaten Malang"}
    for tab in TABS:
        account = ds.accounts[tab.name]
        assert account.rows == account.valid == len(data_rows(tables, tab.name)) > 0
        assert account.rejected == account.blank == account.warnings == 0


def test_no_two_rows_identical(tables):
    for tab in TABS:
        rows = [tuple(r) for r in data_rows(tables, tab.name)]
        assert len(rows) == len(set(rows)), tab.name


def test_generation_is_deterministic():
    assert sample.generate("S") == sample.generate("S")
    assert sample.generate("M", seed=7) == sample.generate("M", seed=7)
    assert sample.generate("S", seed=1) != sample.generate("S", seed=2)


def test_unknown_size_is_refused():
    with pytest.raises(ValueError):
        sample.generate("XL")


# --- the offices of the rakor ------------------------------------------------------------


def test_the_nine_offices_of_the_article_and_a_closed_one(ds):
    offices = ds.offices.set_index("office")
    assert offices.index[:9].tolist() == ARTICLE_OFFICES
    assert offices.loc[ARTICLE_OFFICES, "active"].all()
    closed = offices[~offices["active"]]
    assert len(closed) == 1
    assert offices.loc["KLL Malangsuko", "kecamatan"] == "Tumpang"
    assert offices["kecamatan"].notna().all() and offices["coordinator"].notna().all()
    # The closed office still has its old rows, all before it closed.
    rows = ds.collections[ds.collections["office"] == closed.index[0]]
    assert len(rows) > 0 and set(rows["year"]) == {2023}


def test_pagak_and_singosari_are_new_at_the_rakor(ds):
    offices = ds.offices.set_index("office")
    for name in NEW_OFFICES:
        founded = offices.loc[name, "founded"].date()
        assert founded.year == 2024
        assert 0 < (RAKOR - founded).days <= 183, name
    for name in ESTABLISHED:
        assert offices.loc[name, "founded"].year <= 2022, name


def test_new_offices_report_only_from_their_founding_month(ds):
    offices = ds.offices.set_index("office")
    for table in (ds.collections, ds.programs, ds.obstacles):
        for name in NEW_OFFICES:
            founded = offices.loc[name, "founded"]
            rows = table[table["office"] == name]
            assert len(rows) > 0
            assert min(zip(rows["year"], rows["month"], strict=True)) >= (
                founded.year,
                founded.month,
            )


def test_established_offices_report_two_full_years_with_a_few_gaps(ds):
    c = ds.collections
    missing = []
    for name in ESTABLISHED:
        months = set(zip(*(c.loc[c["office"] == name, k] for k in ("year", "month")), strict=True))
        missing += [
            (name, y, m) for y in (2023, 2024) for m in range(1, 13) if (y, m) not in months
        ]
    assert 3 <= len(missing) <= 12
    # Exactly one established office has no report at all for September 2024.
    silent = [o for o, y, m in missing if (y, m) == (2024, 9)]
    assert silent == ["KLL Wajak"]
    for table in (ds.programs, ds.obstacles):
        sept = table[(table["year"] == 2024) & (table["month"] == 9)]
        assert "KLL Wajak" not in set(sept["office"])


def test_collection_follows_the_seasons(ds):
    c = ds.collections
    fitrah = c[c["fund_type"] == "Zakat Fitrah"]
    assert set(zip(fitrah["year"], fitrah["month"], strict=True)) <= {
        (2023, 3),
        (2023, 4),
        (2024, 3),
        (2024, 4),
    }
    for year in (2023, 2024):
        dskl = c[(c["fund_type"] == "DSKL") & (c["year"] == year)]
        assert dskl.groupby("month")["amount"].sum().idxmax() == 6  # kurban, Iduladha
    by_type = c.groupby("fund_type")["amount"].size()
    assert by_type["Zakat Maal"] > 100 and by_type["Infaq/Sedekah Tidak Terikat"] > 100
    assert by_type["Infaq/Sedekah Terikat"] > 10
    assert c["donors"].notna().mean() > 0.8


def test_amounts_are_plausible_for_a_kll(ds):
    monthly = ds.collections.groupby(["office", "year", "month"])["amount"].sum()
    assert monthly.min() >= 300_000
    assert monthly.max() <= 150_000_000
    assert 3_000_000 <= monthly.median() <= 40_000_000
    acr = ds.programs["distribution"].sum() / ds.collections["amount"].sum()
    assert 0.6 <= acr <= 0.9


def test_targets(ds, tables):
    t = ds.targets
    pairs = set(zip(t["office"], t["year"], strict=True))
    for name in ESTABLISHED:
        assert {(name, 2023), (name, 2024)} <= pairs
    assert ("KLL Pagak", 2024) in pairs
    assert not t[t["office"] == "KLL Singosari"].shape[0]  # target belum diisi
    assert t["target_distribution"].notna().mean() > 0.6
    actual = ds.collections.groupby(["office", "year"])["amount"].sum()
    ratio = [actual[(row.office, row.year)] / row.target_collection for row in t.itertuples()]
    assert all(0.75 <= r <= 1.25 for r in ratio)
    assert any(r >= 1 for r in ratio) and any(r < 1 for r in ratio)


# --- programs and pillars --------------------------------------------------------------


def test_every_pillar_covered_with_gaps(ds):
    active = active_programs(ds)
    assert set(active["pillar"]) == set(PILLARS)
    per_office = active.groupby("office")["pillar"].nunique()
    assert per_office.max() < len(PILLARS)
    # ...and not even counting plans does any office cover all six.
    assert ds.programs.groupby("office")["pillar"].nunique().max() < len(PILLARS)
    assert active[active["pillar"] == "Lingkungan"]["office"].nunique() == 1


def test_programs_named_in_the_article(ds):
    p = active_programs(ds)
    ambulance = p[p["program"].str.contains("Ambulan")]
    assert set(ambulance["office"]) == {"KLL Poncokusumo"}
    assert set(ambulance["pillar"]) == {"Kesehatan"}
    umkm = p[(p["office"] == "KLL Bululawang") & p["program"].str.contains("UMKM")]
    assert len(umkm) > 0 and set(umkm["pillar"]) == {"Ekonomi"}


def test_new_offices_present_planned_programs(ds):
    p = ds.programs
    for name in NEW_OFFICES:
        plans = p[(p["office"] == name) & (p["status"] == "Rencana")]
        months = set(zip(plans["year"], plans["month"], strict=True))
        assert (2024, 10) in months or (2024, 9) in months, name
        assert plans["distribution"].fillna(0).eq(0).all()


def test_a_running_program_has_one_row_per_month(ds):
    p = ds.programs
    ambulance = p[p["program"] == "Layanan Ambulan Gratis"]
    assert ambulance.duplicated(["year", "month"]).sum() == 0
    assert len(ambulance) >= 20
    assert ambulance["beneficiaries"].notna().all() and ambulance["distribution"].gt(0).all()


# --- obstacles and meetings ----------------------------------------------------------------


def test_obstacles_every_month_some_still_open(ds):
    k = ds.obstacles
    per_month = k.groupby(["year", "month"]).size()
    assert len(per_month) == 24
    assert per_month.min() >= 2 and per_month.max() <= 6
    old = k[(k["year"] == 2023)]
    assert (old["status"] == "Selesai").mean() > 0.6
    assert (old["status"] == "Terbuka").sum() >= 1  # carried over
    assert set(k["field"]) == {"Penghimpunan", "Penyaluran", "Kelembagaan", "Lainnya"}


def test_the_rakor_of_5_october_2024(ds, tables):
    m = ds.meetings
    rakor = m[m["date"] == "2024-10-05"]
    assert len(rakor) == 1
    row = rakor.iloc[0]
    assert row["place"] == "Warung Parikaton, Kecamatan Pakis"
    assert (row["period_year"], row["period_month"]) == (2024, 9)
    assert row["extra_agenda"] == ["Persiapan Kado Ramadhan", "Evaluasi laporan bulanan"]
    raw = [r for r in data_rows(tables, "Rapat") if r[0] == RAKOR][0]
    assert raw[2] is None  # Periode left empty: the month before


def test_monthly_meetings_on_early_saturdays(tables):
    rows = data_rows(tables, "Rapat")
    dates = [r[0] for r in rows]
    # the rakor paused in July-September 2024 and resumed on 5 October (the seed)
    paused = {(2023, 1), (2024, 7), (2024, 8), (2024, 9)}
    assert [(d.year, d.month) for d in dates] == [
        (y, m) for y in (2023, 2024) for m in range(1, 13) if (y, m) not in paused
    ]
    assert all(d.weekday() == 5 and d.day <= 14 for d in dates)
    agendas = [r[3] for r in rows if r[3]]
    assert any(";" in a for a in agendas) and any("\n" in a for a in agendas)
    assert sum(r[2] is None for r in rows) > len(rows) / 2


# --- formats --------------------------------------------------------------------------------


def test_s_mixes_the_formats_offices_type(tables):
    money = [r[3] for r in data_rows(tables, "Penghimpunan")]
    texts = [v for v in money if isinstance(v, str)]
    assert any(isinstance(v, int) for v in money)
    assert any(v.startswith("Rp ") for v in texts)
    assert any(v.endswith("jt") for v in texts)
    assert any("," in v and "jt" in v for v in texts)
    assert any(v.endswith("rb") or v.endswith("ribu") for v in texts)
    months = [r[0] for r in data_rows(tables, "Penghimpunan")]
    assert any(isinstance(v, date) for v in months)
    assert "Okt 2024" in months and "2024-10" in months


@pytest.mark.parametrize("size", ["M"])
def test_benchmark_sizes_use_fast_cells(size):
    tables = sample.generate(size)
    for name in ("Penghimpunan", "Program", "Kendala"):
        for row in data_rows(tables, name):
            assert type(row[0]) is date
    for row in data_rows(tables, "Penghimpunan"):
        assert type(row[3]) is int
    for row in data_rows(tables, "Program"):
        assert row[6] is None or type(row[6]) is int


def test_size_m_every_kecamatan_five_years():
    tables = sample.generate("M")
    ds = validate(raw_book(tables), today=TODAY)
    assert ds.problems.empty
    assert sorted(ds.offices["kecamatan"]) == sorted(sample.KECAMATAN)
    assert len(sample.KECAMATAN) == 33
    assert set(ds.collections["year"]) == set(range(2020, 2025))
    active = active_programs(ds)
    assert set(active["pillar"]) == set(PILLARS)
    assert active.groupby("office")["pillar"].nunique().max() < len(PILLARS)


def test_size_l_is_about_two_hundred_thousand_rows():
    tables = sample.generate("L")
    assert 180_000 <= sample.row_count(tables) <= 220_000
    years = {r[0].year for r in data_rows(tables, "Penghimpunan")}
    assert years == set(range(2015, 2025))
    m = sample.generate("M")
    assert len(data_rows(tables, "Program")) > 15 * len(data_rows(m, "Program"))


# --- the workbook on disk ---------------------------------------------------------------------


def test_committed_sample_equals_the_generator(tables):
    assert sample.SAMPLE_PATH.exists(), "run: python -m lib.sample"
    assert read_back(sample.SAMPLE_PATH) == trimmed(tables)


def test_committed_sample_validates_as_a_workbook():
    book = read_back(sample.SAMPLE_PATH)
    ds = validate(raw_book(book, "workbook"), today=TODAY)
    assert ds.problems.empty, ds.problems.head(10).to_string()


def test_written_cells_are_real_dates_with_formats(tmp_path, tables):
    path = sample.write_xlsx(tables, tmp_path / "s.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [t.name for t in TABS] + ["Pengaturan"]
    kantor = wb["Kantor"]
    assert isinstance(kantor["C2"].value, datetime)
    assert kantor["C2"].number_format == sample.DATE_FORMAT
    assert kantor.freeze_panes == "A2"
    head = wb[sample.TITLE_TAB]
    assert head["A1"].value == sample.TITLE and head["A3"].value == "Bulan"
    assert head.freeze_panes == "A4"
    assert head["A4"].number_format == sample.MONTH_FORMAT
    assert head["A3"].font.b
    money = [c for c in head["D"][3:] if isinstance(c.value, int)]
    assert money and all(c.number_format == sample.NUMBER_FORMAT for c in money)


def test_text_is_kept_in_shared_strings_as_excel_does(tmp_path, tables):
    path = sample.write_xlsx(tables, tmp_path / "s.xlsx")
    with zipfile.ZipFile(path) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        shared = zf.read("xl/sharedStrings.xml").decode("utf-8")
    assert len(sheets) == len(tables)
    assert not any(b't="inlineStr"' in xml for xml in sheets)
    assert all(b't="s"' in xml for xml in sheets)
    assert f"<t>{sample.TITLE}</t>" in shared


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    tables = {"Catatan": [["Isi", "Angka"], ["=1+1", 2], ["@SUM(A1)", 2.5], [" spasi ", True]]}
    book = read_workbook(sample.write_xlsx(tables, tmp_path / "t.xlsx"))
    assert book.tables["Catatan"].rows == [
        ["Isi", "Angka"],
        ["=1+1", 2],
        ["@SUM(A1)", 2.5],
        [" spasi ", True],
    ]


def test_writing_twice_gives_the_same_bytes(tmp_path, tables):
    a = sample.write_xlsx(tables, tmp_path / "a.xlsx").read_bytes()
    b = sample.write_xlsx(tables, tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_ensure_sample_builds_a_missing_file(tmp_path, monkeypatch):
    path = tmp_path / "data" / "sample.xlsx"
    monkeypatch.setattr(sample, "SAMPLE_PATH", path)
    assert sample.ensure_sample() == path
    assert path.exists()
    stamp = path.stat().st_mtime_ns
    assert sample.ensure_sample() == path and path.stat().st_mtime_ns == stamp


def test_cli_writes_the_requested_size(tmp_path, capsys):
    out = tmp_path / "s3.xlsx"
    assert sample_main(["--size", "s", "--seed", "3", str(out)]) == 0
    assert read_back(out) == trimmed(sample.generate("S", seed=3))
    assert "baris data" in capsys.readouterr().out


# --- the meeting record ---------------------------------------------------------------------


def test_the_nine_offices_of_the_article_came_to_the_rakor(ds):
    from lib.figures import record

    df = record.attendance(ds, RAKOR)
    assert list(df["office"]) == ARTICLE_OFFICES
    assert set(df["status"]) == {"Hadir"}
    assert record.attendance_counts(ds, RAKOR)["Hadir"] == 9


def test_decisions_carried_over_the_pause_and_closed_in_november(ds):
    """The rakor paused July-September 2024: the June rakor's decisions reach 5 October."""
    from lib.figures import record

    june = date(2024, 6, 8)
    assert record.meeting_dates(ds)[record.meeting_dates(ds).index(RAKOR) - 1] == june
    at_rakor = record.follow_ups(ds, RAKOR)
    carried = at_rakor[at_rakor["state"] == "Terbuka"]
    assert (carried["meeting_date"] == june).sum() >= 2
    assert carried["overdue"].any()
    closed_in_november = [
        r for r in carried["row"] if ds.decisions.set_index("row").loc[r, "closed_on"].month == 11
    ]
    assert closed_in_november
    november = record.meeting_dates(ds)[record.meeting_dates(ds).index(RAKOR) + 1]
    done = record.follow_ups(ds, november)
    assert set(closed_in_november) <= set(done[done["state"] == "Selesai"]["row"])
    assert len(record.decided_at(ds, RAKOR)) >= 3


def test_the_december_rakor_is_being_recorded(ds):
    from lib.figures import record

    december = record.meeting_dates(ds)[-1]
    assert record.attendance_counts(ds, december)["belum dicatat"] == 2
