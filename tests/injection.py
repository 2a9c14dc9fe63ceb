"""Hostile sheet text, for checking that every page and export keeps it inert.

Offices type free text into the shared sheet; any of it may look like HTML,
markdown, LaTeX or a spreadsheet formula. `injection_tables()` is a small valid
workbook whose office names, program names, Kendala, Tindak Lanjut, Catatan,
Agenda Tambahan, Keterangan, Perwakilan, Keputusan, Penanggung Jawab and sheet
title carry PAYLOADS (plus a few rejected
rows that echo them into Kualitas Data). Use it on any page:

    from tests.injection import assert_inert, injection_dataset
    ds = injection_dataset()
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: ds)
    at = AppTest.from_file(...); at.run(); at.switch_page("pages/x.py").run()
    assert_inert(at)

`assert_inert` fails when an element that renders markdown (markdown, caption,
title, alerts, metric labels, widget labels, ...) holds a payload unescaped.
Inert elements (dataframe, table, text, code, widget options) may hold it as is.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from lib.data.dataset import Dataset, RawBook, RawTable, SourceInfo
from lib.data.validate import validate

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "**tebal**",
    "# judul",
    "$x$",
    '=HYPERLINK("http://x","y")',
    "+62812",
    "@SUM(A1)",
    "-1+1",
)
FORMULA_PAYLOADS = tuple(p for p in PAYLOADS if p[0] in "=+-@")
TITLE = "Rakor <b>tebal</b> [klik](javascript:alert(1)) $x$"

# Offices whose names are the payloads themselves (all distinct as office keys).
OFFICES = list(PAYLOADS)
YEAR = 2024

# Text that markdown (GFM autolink literals) would turn into a link by itself, and
# Streamlit's own directives: colour, icons, emoji.
LINK_PAYLOADS = (
    "https://evil.example/login",
    "www.evil.example",
    "cek@evil.example",
    "HTTP://EVIL.EXAMPLE",
    ":red[**AKUN DIBLOKIR**]",
    ":material/lock: aman",
    "Kantor WWW.evil.example/x",
    "mailto:cek@evil.example",
    "[Login ulang di sini](https://evil.example/login)",
)
LINK_TITLE = "Rakor www.evil.example https://evil.example"


def injection_tables(
    year: int = YEAR, payloads: tuple[str, ...] = PAYLOADS
) -> dict[str, list[list[Any]]]:
    """Tab -> rows (header first), valid except the rows marked `rejected`."""
    PAYLOADS = payloads  # noqa: N806 - the same rows, carrying other payloads
    OFFICES = list(payloads)  # noqa: N806
    months = [datetime(year, m, 1) for m in (9, 10)]
    kantor = [["Kantor", "Kecamatan", "Tanggal Berdiri", "Koordinator", "Aktif"]]
    target = [["Tahun", "Kantor", "Target Penghimpunan", "Target Penyaluran"]]
    collect = [["Bulan", "Kantor", "Jenis Dana", "Jumlah", "Jumlah Donatur", "Keterangan"]]
    program = [
        [
            "Bulan",
            "Kantor",
            "Pilar",
            "Program",
            "Status",
            "Penerima Manfaat",
            "Jumlah Penyaluran",
            "Keterangan",
        ]
    ]
    obstacle = [["Bulan", "Kantor", "Bidang", "Kendala", "Tindak Lanjut", "Status"]]
    for i, name in enumerate(OFFICES):
        payload = PAYLOADS[i]
        kantor.append([name, payload, datetime(2019, 1, 1), payload, "Ya"])
        target.append([year, name, 12_000_000 + i * 1_000_000, 6_000_000])
        for m in months:
            collect.append([m, name, "Zakat Maal", 1_000_000 + i * 1000, 10 + i, payload])
        program.append([months[1], name, "Pendidikan", payload, "Berjalan", 5, 500_000, payload])
        obstacle.append([months[1], name, "Penghimpunan", payload, payload, "Terbuka"])
    # rejected rows: an unknown office and a bad amount echo the payloads as values
    collect.append([months[1], PAYLOADS[0] + " x", "Zakat Maal", 1000, None, None])
    collect.append([months[1], OFFICES[1], "Zakat Maal", PAYLOADS[5], None, None])
    program.append([months[1], OFFICES[2], PAYLOADS[3], PAYLOADS[2], None, None, None, None])
    rapat = [
        ["Tanggal", "Tempat", "Periode", "Agenda Tambahan", "Catatan"],
        [
            datetime(year, 11, 2),
            PAYLOADS[0],
            f"Oktober {year}",
            "\n".join(PAYLOADS),
            " ; ".join(PAYLOADS),
        ],
    ]
    meeting = datetime(year, 11, 2)
    kehadiran = [["Tanggal Rapat", "Kantor", "Perwakilan", "Status"]]
    keputusan = [["Tanggal Rapat", "Keputusan", "Penanggung Jawab", "Tenggat", "Status", "Catatan"]]
    for i, name in enumerate(OFFICES):
        kehadiran.append([meeting, name, PAYLOADS[i], "Hadir" if i else "Izin"])
        keputusan.append([meeting, PAYLOADS[i], PAYLOADS[-1 - i], None, None, PAYLOADS[i]])
    return {
        "Kantor": kantor,
        "Target": target,
        "Penghimpunan": collect,
        "Program": program,
        "Kendala": obstacle,
        "Rapat": rapat,
        "Kehadiran": kehadiran,
        "Keputusan": keputusan,
    }


def injection_book(
    kind: str = "sheet",
    year: int = YEAR,
    payloads: tuple[str, ...] = PAYLOADS,
    title: str = TITLE,
) -> RawBook:
    """The tables as a RawBook from a Google Sheet titled with payloads too."""
    tables = {
        name: RawTable(name, rows, gid=100 + i, first_row=1)
        for i, (name, rows) in enumerate(injection_tables(year, payloads).items())
    }
    source = SourceInfo(
        kind,
        title,
        spreadsheet_id="1InjectionSheet0123456789" if kind == "sheet" else None,
        read_at=datetime(year, 11, 1, 9, 30).astimezone(),
    )
    return RawBook(source, tables)


def injection_dataset(kind: str = "sheet", year: int = YEAR) -> Dataset:
    return validate(injection_book(kind, year), today=date(year, 12, 31))


def link_dataset(year: int = YEAR) -> Dataset:
    """The same workbook carrying LINK_PAYLOADS, titled LINK_TITLE."""
    book = injection_book("sheet", year, LINK_PAYLOADS, LINK_TITLE)
    return validate(book, today=date(year, 12, 31))


# --------------------------------------------------------------------------- checks

# AppTest node types whose `value` (or `body`) is rendered as markdown.
MARKDOWN_VALUE_TYPES = {
    "markdown",
    "caption",
    "latex",
    "title",
    "header",
    "subheader",
    "divider",
    "error",
    "warning",
    "info",
    "success",
    "exception",
    "toast",
    "badge",
}


def _walk(node: Any):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def rendered_markdown(at: Any) -> list[tuple[str, str]]:
    """(element type, text) of everything in the tree that Streamlit renders as markdown."""
    out = []
    for node in _walk(at._tree):
        kind = getattr(node, "type", "")
        if kind in MARKDOWN_VALUE_TYPES:
            for attr in ("value", "body"):
                text = getattr(node, attr, None)
                if isinstance(text, str):
                    out.append((kind, text))
                    break
        for attr in ("label", "help", "placeholder"):  # widget labels and help are markdown
            try:
                text = getattr(node, attr, None)
            except Exception:  # some nodes compute these from a missing proto field
                text = None
            if isinstance(text, str) and text:
                out.append((f"{kind}.{attr}", text))
        if kind == "metric":
            for attr in ("label",):
                out.append((f"metric.{attr}", str(getattr(node, attr, ""))))
    return out


def assert_inert(at: Any, payloads: tuple[str, ...] = (*PAYLOADS, TITLE)) -> None:
    """No markdown-rendering element of the page holds a payload unescaped."""
    bad = [
        (kind, text) for kind, text in rendered_markdown(at) for p in payloads if is_live(p, text)
    ]
    assert not bad, f"sheet text rendered as markdown: {bad[:5]}"


def is_live(payload: str, text: str) -> bool:
    """The payload occurs in `text` with its first character not backslash-escaped.

    md_escape turns `# judul` into `\\# judul`, which still contains `# judul` as a
    substring; only an occurrence not preceded by a backslash would render.
    """
    flat = " ".join(text.split())
    start = flat.find(payload)
    while start >= 0:
        if start == 0 or flat[start - 1] != "\\":
            return True
        start = flat.find(payload, start + 1)
    return False


# What remark-gfm links by itself (mdast-util-gfm-autolink-literal's find-and-replace
# runs on text after backslash escapes are resolved, so `www\\.x` still links) and
# Streamlit's directives (`:red[`, `:material/x:`, emoji `:smile:`).
_AUTOLINK = re.compile(r"(?i)(https?:/|www\.|[-.\w+]@[-\w]|mailto:)")
_DIRECTIVE = re.compile(r"(?<!\\):(?:[a-z]+(?:-background)?\[|material/\w+:|[a-z_]+:)")


def unescape_markdown(text: str) -> str:
    """The text a markdown renderer keeps after backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def link_live(text: str) -> str | None:
    """The autolink or directive markdown would make of `text`, else None."""
    found = _AUTOLINK.search(unescape_markdown(text)) or _DIRECTIVE.search(text)
    return found.group(0) if found else None


def assert_no_links(at: Any) -> None:
    """No markdown-rendering element holds text that would become a link or directive."""
    bad = [(kind, text) for kind, text in rendered_markdown(at) if link_live(text)]
    assert not bad, f"text that renders as a link or directive: {bad[:5]}"


def tree_text(at: Any) -> str:
    """Every protobuf field of every element: what a browser could be sent."""
    return "\n".join(
        str(node.proto) for node in _walk(at._tree) if getattr(node, "proto", None) is not None
    )
