"""The empty workbook offices fill: every contract tab, its headers, dropdowns and formats,
and a Petunjuk sheet that quotes the contract's own lists."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from lib.cli import template_main
from lib.data import sample, template
from lib.data.contract import CHOICE, CHOICES, MONEY, OFFICE, SYNONYMS, TABS, YESNO
from lib.data.dataset import RawBook, RawTable, SourceInfo
from lib.data.validate import validate

TODAY = date(2025, 1, 15)


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    return template.build_template(tmp_path_factory.mktemp("tpl") / "template.xlsx")


@pytest.fixture(scope="module")
def wb(path):
    return load_workbook(path)


def read_book(path) -> RawBook:
    wb = load_workbook(path, read_only=True)
    tables = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        tables[ws.title] = RawTable(ws.title, rows)
    wb.close()
    return RawBook(SourceInfo("workbook", "template.xlsx"), tables)


def list_values(wb, formula: str) -> list[str]:
    """The values a list validation offers: inline "a,b" or a range on the Daftar sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, cells = formula.split("!")
    first, last = cells.replace("$", "").split(":")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[f"{first}:{last}"] for c in row]


def validation_for(ws, letter: str):
    found = [
        dv
        for dv in ws.data_validations.dataValidation
        if f"{letter}2" in dv.sqref and f"{letter}{template.DATA_ROWS + 1}" in dv.sqref
    ]
    assert len(found) <= 1
    return found[0] if found else None


def test_sheets_petunjuk_first_then_every_tab(wb):
    assert wb.sheetnames[0] == template.GUIDE_SHEET
    assert wb.sheetnames[1 : len(TABS) + 1] == [t.name for t in TABS]
    for extra in wb.sheetnames[len(TABS) + 1 :]:
        assert extra == template.LISTS_SHEET and wb[extra].sheet_state == "hidden"
    assert wb.active.title == template.GUIDE_SHEET


@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.name)
def test_headers_bold_frozen_and_nothing_else(wb, tab):
    ws = wb[tab.name]
    assert [c.value for c in ws[1]] == [c.header for c in tab.columns]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1  # formats live on the columns: no phantom rows to read
    for i, column in enumerate(tab.columns, start=1):
        assert ws.column_dimensions[get_column_letter(i)].width >= len(column.header)
        assert ws.cell(1, i).comment is not None


@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.name)
def test_dropdowns_for_every_choice_office_and_yes_no_column(wb, tab):
    ws = wb[tab.name]
    for i, column in enumerate(tab.columns, start=1):
        dv = validation_for(ws, get_column_letter(i))
        if column.kind not in (CHOICE, OFFICE, YESNO):
            assert dv is None, column.header
            continue
        assert dv is not None and dv.type == "list", column.header
        assert dv.allow_blank and dv.errorStyle == "warning"  # synonyms stay typeable
        assert len(dv.formula1) <= template.INLINE_LIMIT
        if column.kind == OFFICE:
            assert dv.formula1 == f"'Kantor'!$A$2:$A${template.OFFICE_ROWS + 1}"
        elif column.kind == YESNO:
            assert list_values(wb, dv.formula1) == ["Ya", "Tidak"]
        else:
            assert list_values(wb, dv.formula1) == CHOICES[column.choices]


def test_number_formats_from_the_column_kinds(wb):
    penghimpunan = wb["Penghimpunan"]
    assert penghimpunan.column_dimensions["A"].number_format == "mmm yyyy"  # Bulan
    assert penghimpunan.column_dimensions["D"].number_format == "#,##0"  # Jumlah
    assert penghimpunan.column_dimensions["E"].number_format == "#,##0"  # Jumlah Donatur
    assert wb["Target"].column_dimensions["A"].number_format == "0"  # Tahun: never 2.024
    assert wb["Kantor"].column_dimensions["C"].number_format == "dd/mm/yyyy"
    assert wb["Rapat"].column_dimensions["A"].number_format == "dd/mm/yyyy"
    for tab in TABS:
        for i, column in enumerate(tab.columns, start=1):
            fmt = wb[tab.name].column_dimensions[get_column_letter(i)].number_format
            assert fmt == template.NUMBER_FORMATS[column.kind]
            if column.kind == MONEY:
                assert fmt == "#,##0"


def test_petunjuk_explains_every_tab_and_column(wb):
    rows = [list(r) for r in wb[template.GUIDE_SHEET].iter_rows(values_only=True)]
    text = "\n".join(" ".join(str(c) for c in r if c is not None) for r in rows)
    for tab in TABS:
        start = next(i for i, r in enumerate(rows) if r[0] == f"Tab {tab.name}")
        assert rows[start + 1][0] == template.MAINTAINERS[tab.maintained_by]
        table = {r[0]: r for r in rows[start + 4 : start + 4 + len(tab.columns)]}
        assert list(table) == [c.header for c in tab.columns]
        for column in tab.columns:
            assert (table[column.header][1] == "Wajib") == column.required
            assert table[column.header][2] == template.describe(tab, column)
    for values in CHOICES.values():
        for v in values:
            assert v in text
    for typed in ("sosdak", "infak", "fitrah", "kurban"):
        assert typed in text
    for example in ("Rp 1.500.000", "1,5 jt", "750rb", "Okt 2024", "2024-10", "05/10/2024"):
        assert example in text
    assert "tanda - saja berarti nol" in text
    assert "bukan pilar" in text  # NOT_A_CHOICE reaches the offices


def test_describe_lists_every_synonym():
    tab = next(t for t in TABS if t.name == "Program")
    text = template.describe(tab, tab.column("pillar"))
    for typed in SYNONYMS["pilar"]:
        assert typed in text
    assert text.count("Ramadan adalah musim program") == 1


def test_long_lists_go_to_the_hidden_daftar_sheet():
    wb = Workbook()
    short = template._list_formula(wb, "Pendek", ["Ya", "Tidak"])
    assert short == '"Ya,Tidak"' and template.LISTS_SHEET not in wb.sheetnames
    values = [f"Pilihan nomor {i:03d}" for i in range(40)]  # far over 255 characters
    formula = template._list_formula(wb, "Panjang", values)
    assert wb[template.LISTS_SHEET].sheet_state == "hidden"
    assert list_values(wb, formula) == values
    with_comma = template._list_formula(wb, "Koma", ["a, b", "c"])
    assert list_values(wb, with_comma) == ["a, b", "c"]
    assert formula != with_comma


def test_empty_template_reads_with_no_problems(path):
    ds = validate(read_book(path), today=TODAY)
    assert ds.problems.empty
    assert all(a.loaded and a.rows == 0 for a in ds.accounts.values())


def test_template_filled_with_the_sample_validates(path, tmp_path):
    wb = load_workbook(path)
    tables = sample.generate("S")
    for tab in TABS:
        rows = tables[tab.name]
        for row in rows[sample.header_index(tab.name, rows) + 1 :]:
            wb[tab.name].append(row)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    ds = validate(read_book(filled), today=TODAY)
    assert ds.problems.empty, ds.problems.head().to_string()
    collections = sample.row_count({"Penghimpunan": tables["Penghimpunan"]})
    assert ds.accounts["Penghimpunan"].valid == collections


def test_cli(tmp_path, capsys):
    out = tmp_path / "sub" / "t.xlsx"
    assert template_main([str(out)]) == 0
    assert load_workbook(out).sheetnames[0] == template.GUIDE_SHEET
    assert "Petunjuk" in capsys.readouterr().out
