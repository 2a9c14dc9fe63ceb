"""Files people download: the validated tables and the tables shown on pages.

Every CSV and XLSX that leaves the dashboard goes through `safe_frame`, so text
typed into the sheet (`=HYPERLINK(...)`, `+62...`, `@SUM`) can never run as a
formula in the spreadsheet program of whoever opens the file. Numbers stay
numbers. Tables shown on pages go through it as well (lib.ui.widgets.dataframe):
the table toolbar's own "Download as CSV" exports exactly what the table holds,
so the table must already be safe. Such text is shown with a leading apostrophe,
the way a spreadsheet marks a cell as text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from lib.data.contract import COUNT, DATE, DEADLINE, MONEY, MONTH, TABS, YESNO, Tab
from lib.data.dataset import Dataset

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A figure we formatted ourselves (`-Rp5.000`, `-12,5%`, `+3`) is a number to any
# spreadsheet, never a formula: it keeps its sign without an apostrophe.
_SIGNED_FIGURE = re.compile(r"[-+]\s?(?:Rp\s?\d[\d.,]*|\d[\d.,]*\s?%)")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        if _SIGNED_FIGURE.fullmatch(value):
            return value
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for name in out.columns:
        col = out[name]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out[name] = pd.Series([neutralise(v) for v in col], index=col.index, dtype=object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel on an Indonesian laptop shows names correctly."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame] | pd.DataFrame, sheet: str = "Data") -> bytes:
    if isinstance(sheets, pd.DataFrame):
        sheets = {sheet: sheets}
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            safe_frame(df).to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()


def contract_frame(ds: Dataset, tab: Tab) -> pd.DataFrame:
    """A tab's valid rows under the contract's headers, in canonical values.

    Bulan as YYYY-MM, dates as YYYY-MM-DD, money and counts as plain numbers.
    """
    df = ds.tables[tab.key]
    out = pd.DataFrame({"Baris": df["row"].astype("int64")})
    for col in tab.columns:
        if col.kind == MONTH:
            y, m = ("period_year", "period_month") if tab.key == "meetings" else ("year", "month")
            out[col.header] = [f"{a:04d}-{b:02d}" for a, b in zip(df[y], df[m], strict=True)]
        elif col.kind in (DATE, DEADLINE):
            out[col.header] = df[col.field].dt.strftime("%Y-%m-%d").astype(object)
        elif col.kind in (MONEY, COUNT):
            values = [_plain_number(x) for x in df[col.field]]
            out[col.header] = pd.Series(values, index=df.index, dtype=object)
        elif col.kind == YESNO:
            out[col.header] = df[col.field].map({True: "Ya", False: "Tidak"})
        elif col.field == "extra_agenda":
            out[col.header] = df[col.field].map("; ".join)
        else:
            out[col.header] = df[col.field]
    return out


def _plain_number(x: float) -> object:
    if pd.isna(x):
        return None
    return int(x) if float(x).is_integer() else float(x)


def write_export(ds: Dataset, directory: Path) -> list[Path]:
    """`DIR/<Tab>.csv` per tab, valid rows only (the `--export` of lib.validate)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for tab in TABS:
        if tab.optional and tab.name not in ds.accounts:
            continue  # an optional tab the sheet does not have
        path = directory / f"{tab.name}.csv"
        safe_frame(contract_frame(ds, tab)).to_csv(path, index=False)
        paths.append(path)
    return paths
