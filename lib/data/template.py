"""The empty workbook that becomes the shared Google Sheet: the contract as a spreadsheet.

Tabs, headers, dropdowns, number formats and the lists quoted in the Petunjuk
sheet all come from lib.contract, so a column or a synonym added there reaches
the offices with the next `python -m lib.template OUT.xlsx`.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from lib.data.contract import (
    CHOICE,
    CHOICES,
    COUNT,
    DATE,
    DEADLINE,
    DEFAULT_ORGANISATION,
    MONEY,
    MONTH,
    NO_WORDS,
    NOT_A_CHOICE,
    OFFICE,
    RESPONSIBLE,
    SETTING_HELP,
    SETTINGS_TAB,
    SYNONYMS,
    TAB_BY_NAME,
    TABS,
    TEXT,
    YEAR,
    YES_WORDS,
    YESNO,
    Column,
    Tab,
)

GUIDE_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"  # hidden; only created when a list is too long to write inline
DATA_ROWS = 2000  # rows that get dropdowns
OFFICE_ROWS = 200  # offices the Kantor dropdown offers
INLINE_LIMIT = 255  # Excel's limit for an inline list ("a,b,c") in a data validation
YES, NO = "Ya", "Tidak"
assert YES.lower() in YES_WORDS and NO.lower() in NO_WORDS

NUMBER_FORMATS = {
    MONEY: "#,##0",
    COUNT: "#,##0",
    DATE: "dd/mm/yyyy",
    DEADLINE: "dd/mm/yyyy",
    MONTH: "mmm yyyy",
    YEAR: "0",  # years are never grouped: 2024, not 2.024
    TEXT: "@",  # keep names like "1-2" from turning into dates
    OFFICE: "@",
    RESPONSIBLE: "@",
    CHOICE: "@",
    YESNO: "@",
}

MAINTAINERS = {  # {name}: the district's name (build_template's `name`)
    "kabupaten": "Diisi oleh: pengurus {name} (kantor daerah).",
    "kantor": "Diisi oleh: setiap kantor layanan (KLL), hanya baris kantornya sendiri.",
}

TAB_PURPOSE = {
    "offices": "Daftar kantor layanan (KLL), satu baris per kantor. Nama di kolom Kantor "
    "menjadi pilihan kolom Kantor di tab lain.",
    "targets": "Target tahunan per kantor: satu baris per kantor per tahun. Baris kedua untuk "
    "kantor dan tahun yang sama ditolak.",
    "collections": "Dana yang terhimpun tiap bulan. Tulis satu baris per bulan per jenis dana; "
    "boleh beberapa baris untuk bulan dan jenis dana yang sama, semuanya dijumlahkan.",
    "programs": "Program dan penyalurannya. Satu baris per program untuk setiap bulan program "
    "itu berjalan, berisi penerima manfaat dan jumlah yang disalurkan bulan itu. Program yang "
    "baru direncanakan ditulis dengan Status Rencana (belum dihitung sebagai cakupan pilar).",
    "obstacles": "Kendala kantor dalam penghimpunan, penyaluran atau kelembagaan, beserta "
    "tindak lanjutnya. Ubah Status menjadi Selesai bila sudah teratasi; kendala yang masih "
    "Terbuka dibahas lagi di rakor berikutnya.",
    "meetings": "Rapat koordinasi (rakor) bulanan, satu baris per rapat. Dasbor menyiapkan "
    "bahan rapat untuk bulan yang dibahas.",
    "settings": "Pengaturan dasbor, satu baris per kunci (boleh tidak ada). Kunci Nama: "
    "nama lembaga di dasbor dan bahan rapat. Kunci lain tidak dikenal dan diabaikan.",
    "attendance": "Daftar hadir rakor, diisi notulis selama rapat: satu baris per kantor per "
    "rapat. Kantor aktif yang belum punya baris untuk rapat yang sudah mulai diisi daftar "
    "hadirnya ditampilkan sebagai 'belum dicatat', bukan tidak hadir. Tab ini boleh tidak ada.",
    "decisions": "Keputusan dan tindak lanjut rakor, diisi notulis: satu baris per keputusan. "
    "Keputusan yang masih Terbuka dibahas lagi di awal setiap rakor berikutnya sampai "
    "Selesai; isi Tanggal Selesai saat mengubah Status menjadi Selesai, agar rakor berikutnya "
    "mencatatnya sekali sebagai sudah selesai. Tab ini boleh tidak ada.",
}

KIND_HELP = {
    TEXT: "Teks bebas.",
    MONEY: "Jumlah rupiah. Boleh ditulis 1500000, 1.500.000, Rp 1.500.000, Rp1.500.000,00, "
    "Rp 1.500.000,-, 1,5 jt, 1.5jt, 750rb atau 750 ribu; tanda - saja berarti nol. "
    "Titik memisahkan ribuan; koma hanya untuk satuan (1,5 jt). Rupiah selalu bulat, tanpa "
    "sen. Ditolak: 1,500 (membingungkan), 1.50.000, huruf O sebagai nol (15OO), dua angka "
    "dalam satu sel, angka negatif, pecahan atau persen, tanggal, lebih dari Rp1 triliun "
    "per baris, dan rumus yang rusak (#REF!, #N/A). Target di bawah Rp1.000.000 dan baris "
    "di bawah Rp1.000 diberi peringatan.",
    COUNT: "Jumlah orang, bilangan bulat: 120, 1.250, 120 orang atau 120 jiwa.",
    MONTH: "Bulan laporan: tanggal mana pun di bulan itu, atau teks Okt 2024, Oktober 2024, "
    "2024-10, 10/2024. Tahun wajib ditulis.",
    DATE: "Tanggal, hari/bulan/tahun: 05/10/2024, atau 2024-10-05, atau 5 Oktober 2024.",
    YEAR: "Tahun empat angka, misalnya 2024.",
    OFFICE: "Nama kantor seperti di tab Kantor (pilih dari daftar). Huruf besar/kecil, spasi "
    "dan awalan KLL / Kantor Layanan tidak masalah: PAKIS dan kll pakis dibaca KLL Pakis. "
    "Nama yang tidak dikenal ditolak, tidak ditebak.",
    YESNO: f"{YES} atau {NO}.",
    DEADLINE: "Tanggal, hari/bulan/tahun: 05/10/2024; bulan saja (Nov 2024) berarti akhir "
    "bulan itu.",
    RESPONSIBLE: "Nama kantor seperti di tab Kantor (huruf besar/kecil dan awalan KLL bebas; "
    "beberapa kantor dipisah koma; 'Semua KLL' untuk semua kantor) atau nama orang.",
}

FIELD_HELP = {
    ("offices", "office"): "Nama kantor, tidak boleh dobel, misalnya KLL Pakis.",
    ("offices", "kecamatan"): "Kecamatan tempat kantor berada; nama kantor boleh nama desa "
    "atau lembaga, tidak harus nama kecamatannya.",
    ("offices", "founded"): "Dipakai untuk mengenali kantor baru.",
    ("offices", "active"): "Kantor yang sudah tutup diisi Tidak; barisnya yang lama tetap "
    "dihitung.",
    ("targets", "year"): "Tahun target.",
    ("targets", "target_distribution"): "Boleh kosong.",
    ("collections", "month"): "Bulan yang belum berjalan ditolak.",
    ("collections", "amount"): "Jumlah yang terhimpun bulan itu untuk jenis dana ini.",
    ("collections", "donors"): "Banyaknya donatur (muzaki/munfiq) bulan itu.",
    ("programs", "program"): "Nama program, tulis sama setiap bulan, misalnya "
    "Layanan Ambulan Gratis.",
    ("programs", "beneficiaries"): "Penerima manfaat (mustahik) bulan itu.",
    ("programs", "distribution"): "Dana yang disalurkan program ini bulan itu.",
    ("obstacles", "obstacle"): "Kendalanya, singkat dan jelas.",
    ("obstacles", "follow_up"): "Apa yang sudah atau akan dilakukan.",
    ("meetings", "date"): "Tanggal rapat (harus lengkap dengan harinya).",
    ("meetings", "period"): "Bulan yang dibahas; kosong berarti bulan sebelum tanggal rapat.",
    ("attendance", "meeting_date"): "Tanggal rapat seperti di tab Rapat.",
    ("attendance", "representatives"): "Nama yang datang mewakili kantor, dipisah koma.",
    ("decisions", "meeting_date"): "Tanggal rapat yang memutuskan, seperti di tab Rapat.",
    ("decisions", "decision"): "Isi keputusan atau tindak lanjutnya, singkat dan jelas.",
    ("decisions", "deadline"): "Boleh kosong. Tenggat sebelum tanggal rapat diberi peringatan.",
    ("decisions", "closed_on"): "Tanggal keputusan dinyatakan selesai; isi bersama Status "
    "Selesai. Kosong dengan Status Selesai: dihitung selesai pada rapat sesudah rapat yang "
    "memutuskannya.",
    ("meetings", "extra_agenda"): "Agenda di luar agenda tetap; satu agenda per baris "
    "(Alt+Enter) atau dipisah titik koma (;).",
    ("settings", "key"): "Nama pengaturan: Nama.",
    ("settings", "value"): SETTING_HELP["name"],
}

GENERAL_RULES = [
    "Satu tab untuk satu jenis catatan, satu catatan per baris. Jangan ganti nama tab dan "
    "judul kolom (huruf besar/kecil dan spasi tidak masalah).",
    "Judul laporan boleh ditaruh di atas baris judul kolom, asal judul kolom ada di 5 baris "
    "teratas.",
    "Kolom tambahan boleh ada, tetapi diabaikan. Baris kosong diabaikan.",
    "Dua baris yang sama persis di semua kolom tetap dihitung dan ditandai sebagai "
    "kemungkinan input dobel.",
    "Baris yang ada selnya tidak terbaca tidak dihitung sama sekali; baris itu muncul di "
    "halaman Kualitas Data beserta selnya dan cara memperbaikinya. Periksa halaman itu "
    "sebelum rakor.",
    "Kolom bertanda Wajib harus diisi; kolom lain boleh kosong.",
    "Daftar pilihan (dropdown) hanya membantu: sebutan lain yang tercantum di bawah juga "
    "diterima, walau Excel/Sheets memberi peringatan.",
]

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="FFE2EFDA")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _choice_values(column: Column) -> list[str]:
    if column.kind == YESNO:
        return [YES, NO]
    return CHOICES[column.choice_key]


def describe(tab: Tab, column: Column) -> str:
    """How to fill one column, in Indonesian; shown in Petunjuk and as the header's note."""
    parts = []
    extra = FIELD_HELP.get((tab.key, column.field))
    if extra:
        parts.append(extra)
    if column.kind == CHOICE:
        values = CHOICES[column.choice_key]
        parts.append("Pilih salah satu: " + ", ".join(values) + ".")
        aliases: dict[str, list[str]] = {}
        for typed, value in SYNONYMS.get(column.choice_key, {}).items():
            aliases.setdefault(value, []).append(typed)
        if aliases:
            listed = "; ".join(f"{v}: {', '.join(aliases[v])}" for v in values if v in aliases)
            parts.append(f"Sebutan lain yang juga diterima (huruf besar/kecil bebas): {listed}.")
        parts.extend(NOT_A_CHOICE.get(column.choice_key, {}).values())
    else:
        parts.append(KIND_HELP[column.kind])
    if column.default is not None and not column.required:
        default = YES if column.default is True else column.default
        parts.append(f"Kosong berarti {default}.")
    seen: list[str] = []
    for p in parts:  # NOT_A_CHOICE repeats a message for each spelling
        if p not in seen:
            seen.append(p)
    return " ".join(seen)


def _write_guide(ws, name: str) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 9
    ws.column_dimensions["C"].width = 110
    ws.append([f"Petunjuk pengisian laporan KLL, {name}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            "Dasbor Rakor LAZISMU membaca workbook ini. Isi setiap tab sesuai petunjuk di "
            "bawah; dasbor menghitung penghimpunan, penyaluran, cakupan pilar dan kendala "
            "untuk rapat koordinasi."
        ]
    )
    ws.append([])
    ws.append(["Aturan umum"])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    for i, rule in enumerate(GENERAL_RULES, start=1):
        ws.append([f"{i}.", None, rule])
        ws.cell(ws.max_row, 3).alignment = _WRAP
    for tab in (*TABS, SETTINGS_TAB):
        ws.append([])
        ws.append([f"Tab {tab.name}"])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        ws.append([MAINTAINERS[tab.maintained_by].format(name=name)])
        ws.append([TAB_PURPOSE[tab.key]])
        ws.append(["Kolom", "Wajib", "Isi dan format"])
        for cell in ws[ws.max_row]:
            cell.font = _BOLD
            cell.fill = _HEADER_FILL
        for column in tab.columns:
            ws.append([column.header, "Wajib" if column.required else "", describe(tab, column)])
            for cell in ws[ws.max_row]:
                cell.alignment = _WRAP


def _list_formula(wb: Workbook, name: str, values: list[str]) -> str:
    """An inline list when Excel allows one, else a range on the hidden Daftar sheet."""
    inline = ",".join(values)
    if len(inline) + 2 <= INLINE_LIMIT and not any(("," in v or '"' in v) for v in values):
        return f'"{inline}"'
    if LISTS_SHEET in wb.sheetnames:
        ws = wb[LISTS_SHEET]
    else:
        ws = wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
    col = ws.max_column + 1 if ws.max_row > 1 or ws["A1"].value is not None else 1
    letter = get_column_letter(col)
    ws.cell(1, col, name).font = _BOLD
    for i, value in enumerate(values, start=2):
        ws.cell(i, col, value)
    return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"


def _office_formula() -> str:
    kantor = TAB_BY_NAME["Kantor"]
    letter = get_column_letter(kantor.columns.index(kantor.column("office")) + 1)
    return f"{quote_sheetname(kantor.name)}!${letter}$2:${letter}${OFFICE_ROWS + 1}"


def _validation(formula: str, header: str, message: str) -> DataValidation:
    # "warning", not "stop": the dropdown guides, but synonyms (Sosdak, infak, ...) that the
    # validator accepts must stay typeable.
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=f"{header} tidak ada di daftar",
        error=message,
    )


def _write_tab(wb: Workbook, tab: Tab, name: str) -> None:
    ws = wb.create_sheet(tab.name)
    ws.append([c.header for c in tab.columns])
    ws.freeze_panes = "A2"
    for i, column in enumerate(tab.columns, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(1, i)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.comment = Comment(describe(tab, column), name)
        dim = ws.column_dimensions[letter]
        wide = column.kind == TEXT and column.field not in ("kecamatan", "coordinator")
        dim.width = 40 if wide else max(14, len(column.header) + 4)
        dim.number_format = NUMBER_FORMATS[column.kind]
        target = f"{letter}2:{letter}{DATA_ROWS + 1}"
        if column.kind == OFFICE:
            dv = _validation(
                _office_formula(),
                column.header,
                "Nama kantor ini tidak ada di tab Kantor. Pilih dari daftar, atau tambahkan "
                "kantornya dulu di tab Kantor.",
            )
        elif column.kind in (CHOICE, YESNO):
            values = _choice_values(column)
            name = f"{tab.name} {column.header}"
            dv = _validation(
                _list_formula(wb, name, values),
                column.header,
                "Pilih salah satu: " + ", ".join(values) + ". Sebutan lain hanya diterima bila "
                "tercantum di tab Petunjuk.",
            )
        else:
            continue
        dv.add(target)
        ws.add_data_validation(dv)


def build_template(path: str | Path, name: str | None = None) -> Path:
    """Write the empty workbook: Petunjuk first, every contract tab, then Pengaturan.

    `name` (e.g. "LAZISMU Kabupaten Malang") is written in the Petunjuk and
    as Nama in the Pengaturan tab; without it the workbook says plain
    "LAZISMU" and leaves Nama for the district to fill in.
    """
    path = Path(path)
    name = " ".join((name or "").split())
    shown = name or DEFAULT_ORGANISATION
    wb = Workbook()
    guide = wb.worksheets[0]  # a new Workbook holds one sheet: it becomes Petunjuk
    guide.title = GUIDE_SHEET
    _write_guide(guide, shown)
    for tab in TABS:
        _write_tab(wb, tab, shown)
    _write_tab(wb, SETTINGS_TAB, shown)
    wb[SETTINGS_TAB.name].append(["Nama", name or None])
    if LISTS_SHEET in wb.sheetnames:  # keep the hidden lists last
        wb.move_sheet(LISTS_SHEET, len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
