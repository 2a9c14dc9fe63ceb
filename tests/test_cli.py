"""The command lines: lib.validate on the sample and on a messy workbook."""

import csv
import json

import openpyxl
import pytest

from lib.cli import validate_main as main

HEADERS = {
    "Kantor": ["Kantor", "Kecamatan", "Aktif"],
    "Penghimpunan": ["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur"],
}


@pytest.fixture
def messy(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kantor"
    for row in [HEADERS["Kantor"], ["KLL Pakis", "Pakis", "Ya"], ["KLL Wajak", "Wajak", ""]]:
        ws.append(row)
    ws = wb.create_sheet("penghimpunan")
    ws.append(["Rekap penghimpunan"])
    ws.append(HEADERS["Penghimpunan"])
    rows = [
        ["Okt 2024", "kll  pakis", "infak", "Rp 1.500.000,-", "12 orang"],  # 3 valid
        ["2024-10", "PAKIS", "Zakat Maal", "1,5 jt", ""],  # 4 valid
        ["10/2024", "Kantor Layanan Wajak", "fitrah", "750rb", "1.250"],  # 5 valid
        [None, None, None, None, None],  # 6 blank
        ["2024-10", "Pakiss", "Zakat Maal", "1,500", ""],  # 7 rejected
        ["2024-10", "Wajak", "Zakat Maal", "15OO", ""],  # 8 rejected
        ["Oktober", "Wajak", "Zakat Maal", "-", ""],  # 9 rejected
        ["2024-09", "Wajak", "sedekah", "-", "-"],  # 10 valid
    ]
    for row in rows:
        ws.append(row)
    path = tmp_path / "messy.xlsx"
    wb.save(path)
    return path


def test_sample_has_no_problems(capsys):
    assert main(["--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["problems"] == []
    for tab in ["Kantor", "Target", "Penghimpunan", "Program", "Kendala", "Rapat"]:
        counts = out["tables"][tab]
        assert counts["rows"] == counts["valid"] > 0


def test_messy_workbook_every_row_exported_or_listed(messy, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main([str(messy), "--json", "--export", str(out_dir)]) == 1
    report = json.loads(capsys.readouterr().out)
    counts = report["tables"]["Penghimpunan"]
    assert counts == {"rows": 8, "valid": 4, "rejected": 3, "blank": 1, "warnings": 0}
    with open(out_dir / "Penghimpunan.csv", encoding="utf-8") as f:
        exported = list(csv.DictReader(f))
    assert [r["Baris"] for r in exported] == ["3", "4", "5", "10"]
    assert [r["Jumlah"] for r in exported] == ["1500000", "1500000", "750000", "0"]
    assert [r["Kantor"] for r in exported] == ["KLL Pakis", "KLL Pakis", "KLL Wajak", "KLL Wajak"]
    assert [r["Jenis Dana"] for r in exported][2] == "Zakat Fitrah"
    assert [r["Jumlah Donatur"] for r in exported] == ["12", "", "1250", "0"]
    assert {r["Bulan"] for r in exported[:3]} == {"2024-10"}
    listed = {p["row"] for p in report["problems"] if p["tab"] == "Penghimpunan"}
    assert listed == {7, 8, 9}
    exported_rows = {int(r["Baris"]) for r in exported}
    assert exported_rows | listed | {6} == set(range(3, 11))
    assert (out_dir / "Kantor.csv").exists()
    # the missing tabs are problems too, and the others still load
    assert {p["tab"] for p in report["problems"] if p["row"] is None} == {
        "Target",
        "Program",
        "Kendala",
        "Rapat",
    }


def test_unreadable_source_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope.xlsx")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "tidak" in err
