"""Tables for the Kualitas Data page: row accounting per tab and the problem list.

Pure pandas, so the page only lays out and the shaping is tested without
Streamlit. Column headers are Indonesian because these frames are shown as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lib.data import parse
from lib.data.contract import TABS
from lib.data.dataset import ERROR, NOTICE, PROBLEM_COLUMNS, WARNING, Dataset
from lib.figures.memo import per_dataset

SEVERITY_LABELS = {ERROR: "Ditolak", WARNING: "Peringatan", NOTICE: "Catatan"}
ACCOUNT_COLUMNS = ["Tab", "Baris", "Valid", "Ditolak", "Kosong", "Peringatan", "Dimuat", "Cek"]
PROBLEM_TABLE_COLUMNS = ["Tingkat", "Tab", "Baris", "Kolom", "Nilai", "Pesan", "Kantor"]
LINK_COLUMN = "Sel"
TAB_ORDER = [t.name for t in TABS]


def office_key(name: object) -> str:
    """Loose key of an office name, the validator's: `kll  pakis` == `PAKIS` == `KLL Pakis`."""
    return parse.office_key(str(name))


def _tab_rank(tab: str) -> int:
    return TAB_ORDER.index(tab) if tab in TAB_ORDER else len(TAB_ORDER)


@per_dataset
def accounts_table(ds: Dataset) -> pd.DataFrame:
    """One row per tab (contract order): rows, valid, rejected, blank, warnings, and the check.

    `Cek` shows that nothing was lost: rows = valid + rejected + blank.
    """
    records = []
    for tab in sorted(ds.accounts, key=lambda t: (_tab_rank(t), t)):
        a = ds.accounts[tab]
        gap = a.rows - (a.valid + a.rejected + a.blank)
        records.append(
            {
                "Tab": tab,
                "Baris": a.rows,
                "Valid": a.valid,
                "Ditolak": a.rejected,
                "Kosong": a.blank,
                "Peringatan": a.warnings,
                "Dimuat": "Ya" if a.loaded else "Tidak",
                "Cek": "✓ cocok" if gap == 0 else f"✗ selisih {gap}",
            }
        )
    return pd.DataFrame(records, columns=ACCOUNT_COLUMNS)


def accounts_balanced(ds: Dataset) -> bool:
    """True when every tab satisfies rows = valid + rejected + blank."""
    return all(a.rows == a.valid + a.rejected + a.blank for a in ds.accounts.values())


@per_dataset
def office_options(ds: Dataset) -> list[str]:
    """Offices to filter by: the known offices, plus names only found in problems.

    An unknown name typed by an office (`Pakiss`) is an option too, so its
    rejected rows can be found by that name as well as under KLL Pakis.
    """
    names: dict[str, str] = {}
    offices = ds.tables.get("offices")
    if offices is not None and "office" in offices:
        for name in offices["office"].dropna():
            names.setdefault(office_key(name), str(name))
    for name in ds.problems.get("office", pd.Series(dtype=object)).dropna():
        if str(name).strip():
            names.setdefault(office_key(name), str(name))
    return sorted(names.values(), key=str.casefold)


@per_dataset
def tab_options(ds: Dataset) -> list[str]:
    """The contract's tabs in order (an optional one only when the sheet has it), plus any
    other tab named in a problem."""
    extra = {str(t) for t in ds.problems.get("tab", pd.Series(dtype=object)).dropna()}
    tabs = [t.name for t in TABS if not t.optional or t.name in ds.accounts or t.name in extra]
    return tabs + sorted(extra - set(TAB_ORDER))


def match_offices(wanted: Iterable[str], options: Iterable[str]) -> tuple[list[str], list[str]]:
    """Resolve office names from a URL (`?kantor=pakis`) to options, loosely.

    Returns (matched options, names that matched nothing).
    """
    by_key = {office_key(o): o for o in options}
    matched: list[str] = []
    unknown: list[str] = []
    for name in wanted:
        option = by_key.get(office_key(name))
        if option is None:
            unknown.append(name)
        elif option not in matched:
            matched.append(option)
    return matched, unknown


MEANT = "meant"  # column of with_meant_offices: the known office a problem belongs to


def with_meant_offices(ds: Dataset) -> pd.DataFrame:
    """ds.problems plus `meant`: the office each problem belongs to, typos resolved.

    A row whose Kantor is misspelled ("KLL Tumpamg") belongs, for the clerk
    looking for their own rows, to the office the validator's message
    suggests (the closest known name, KLL Tumpang); `meant` holds it, and
    `office` still holds what was typed. Names too far from any office, and
    problems of no office, keep `meant` empty (or the typed name).
    """
    problems = ds.problems.copy()
    offices = ds.tables.get("offices")
    names = [str(n) for n in offices["office"].dropna()] if offices is not None else []
    matcher = parse.OfficeMatcher(names)
    meant: dict[str, str] = {}
    for typed in problems["office"].fillna("").astype(str).unique():
        if not typed.strip():
            meant[typed] = ""
        elif office_key(typed) in matcher.by_key:
            meant[typed] = matcher.by_key[office_key(typed)]
        else:
            close = matcher.suggest(typed)
            meant[typed] = close[0] if close else typed
    problems[MEANT] = problems["office"].fillna("").astype(str).map(meant).fillna("")
    return problems


def is_typo(problem: pd.Series) -> bool:
    """True when the row's Kantor was typed as a name that is not the office it is listed under."""
    typed = _value_text(problem.get("office"))
    meant = _value_text(problem.get(MEANT))
    return bool(typed.strip() and meant and office_key(typed) != office_key(meant))


def filter_problems(
    problems: pd.DataFrame,
    offices: Iterable[str] | None = None,
    tabs: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Problems of these offices and tabs; None or empty means no filter on that field.

    Offices match loosely (see office_key), on the typed name and, when the
    frame comes from with_meant_offices, on the office it was meant for.
    Filtering by office drops problems that belong to no office (a missing
    tab, extra columns).
    """
    mask = pd.Series(True, index=problems.index)
    offices = list(offices or [])
    tabs = list(tabs or [])
    if offices:
        keys = {office_key(o) for o in offices}

        def wanted(column: str) -> pd.Series:
            names = problems[column].fillna("").astype(str)
            return names.map(lambda o: bool(o.strip()) and office_key(o) in keys).astype(bool)

        found = wanted("office")
        if MEANT in problems:
            found |= wanted(MEANT)
        mask &= found
    if tabs:
        mask &= problems["tab"].isin(tabs)
    return problems[mask]


def _value_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def problems_table(ds: Dataset, problems: pd.DataFrame | None = None) -> pd.DataFrame:
    """The problem list as shown: Indonesian headers, severity in words, sorted by tab and row.

    With a Google Sheet source a `Sel` column holds a link to each bad cell.
    Values are strings, so sheet text is displayed, never interpreted.
    """
    problems = ds.problems if problems is None else problems
    problems = problems.reindex(columns=PROBLEM_COLUMNS)
    order = problems.assign(
        _tab=problems["tab"].map(_tab_rank),
        _row=pd.to_numeric(problems["row"], errors="coerce").fillna(0),
    ).sort_values(["_tab", "tab", "_row"], kind="stable")
    table = pd.DataFrame(
        {
            "Tingkat": order["severity"].map(SEVERITY_LABELS).fillna(order["severity"]),
            "Tab": order["tab"].map(_value_text),
            "Baris": pd.to_numeric(order["row"], errors="coerce").astype("Int64"),
            "Kolom": order["column"].map(_value_text),
            "Nilai": order["value"].map(_value_text),
            "Pesan": order["message"].map(_value_text),
            "Kantor": order["office"].map(_value_text),
        },
        columns=PROBLEM_TABLE_COLUMNS,
    ).reset_index(drop=True)
    if ds.source.kind == "sheet":
        table[LINK_COLUMN] = [
            ds.cell_url(str(tab), _value_text(cell))
            for tab, cell in zip(order["tab"], order["cell"], strict=True)
        ]
    return table


def severity_counts(problems: pd.DataFrame) -> dict[str, int]:
    """How many problems of each severity, keyed by the Indonesian label, in a fixed order."""
    counts = problems["severity"].value_counts() if len(problems) else pd.Series(dtype=int)
    return {label: int(counts.get(sev, 0)) for sev, label in SEVERITY_LABELS.items()}


@dataclass(frozen=True)
class Card:
    """One problem as a card for a clerk on a phone: what to do first, then where."""

    severity: str  # Ditolak, Peringatan, Catatan
    message: str  # what is wrong and what to type instead
    place: str  # "Tab Penghimpunan · baris 12 · kolom Jumlah"
    value: str  # the cell as typed; "" when the problem is about a row or a tab
    office: str  # the office it belongs to (meant, for a typo)
    typed_office: str  # the misspelled name when the row is listed under `office`; else ""
    url: str | None  # the cell in the Google Sheet


def problem_cards(ds: Dataset, problems: pd.DataFrame) -> list[Card]:
    """Cards in the problem list's order (tab, then row); `problems` from with_meant_offices."""
    if problems.empty:
        return []
    order = problems.assign(
        _tab=problems["tab"].map(_tab_rank),
        _row=pd.to_numeric(problems["row"], errors="coerce").fillna(0),
    ).sort_values(["_tab", "tab", "_row"], kind="stable")
    cards = []
    for _, p in order.iterrows():
        row = pd.to_numeric(p.get("row"), errors="coerce")
        parts = [f"Tab {_value_text(p['tab'])}"]
        if pd.notna(row):
            parts.append(f"baris {int(row)}")
        if _value_text(p["column"]):
            parts.append(f"kolom {_value_text(p['column'])}")
        typo = is_typo(p)
        cell = _value_text(p.get("cell"))
        cards.append(
            Card(
                severity=SEVERITY_LABELS.get(p["severity"], _value_text(p["severity"])),
                message=_value_text(p["message"]),
                place=" · ".join(parts),
                value=_value_text(p["value"]),
                office=_value_text(p.get(MEANT)) if MEANT in p else _value_text(p["office"]),
                typed_office=_value_text(p["office"]) if typo else "",
                url=ds.cell_url(str(p["tab"]), cell),
            )
        )
    return cards
