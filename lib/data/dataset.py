"""The shapes that flow through the app: raw tables in, a validated dataset out.

source (Google Sheet / workbook) -> RawBook -> lib.data.validate.validate() -> Dataset
-> metrics (pure pandas) -> pages. Nothing flows back.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

SOURCE_KINDS = {"sheet": "Google Sheet", "workbook": "File", "sample": "File contoh"}


@dataclass(frozen=True)
class SourceInfo:
    kind: str  # "sheet", "workbook" or "sample"
    label: str  # sheet title or file name, shown in the banner
    spreadsheet_id: str | None = None  # Google Sheet only
    location: str | None = None  # file path, or the sheet URL
    read_at: datetime | None = None  # when the read finished (WIB, tz-aware)
    locale: str | None = None  # Google Sheet only: properties.locale, e.g. "in_ID", "en_US"

    @property
    def is_sample(self) -> bool:
        return self.kind == "sample"

    @property
    def foreign_locale(self) -> bool:
        """A Google Sheet whose locale is not Indonesian reads `750.000` as 750, not 750000."""
        if self.kind != "sheet" or not self.locale:
            return False
        return self.locale.replace("-", "_").split("_")[0].lower() not in ("in", "id")

    @property
    def kind_label(self) -> str:
        """How the banner, the PDF footer and exports name the kind of source."""
        return SOURCE_KINDS.get(self.kind, self.kind)


class RawTable:
    """One tab as read: every row as a list of cell values, row 1 first.

    Cells are what the source gives: str, int, float, bool, datetime/date, or
    None. Row i of `rows` is sheet row `first_row + i`.

    A workbook's reader hands over its cells column by column (`from_columns`):
    validation works on columns, and turning 200 000 rows into columns and back
    was a tenth of reading such a workbook. The rows are then made on first use
    of `rows`, and from then on they are the table (a caller may change them).

    A table can also be still in the reading (`later`): its cells are waited for
    when first used, and a failed read raises there. That lets validation of the
    small tabs run while a big sheet is still being parsed (RawBook.complete).
    """

    __slots__ = ("title", "gid", "first_row", "_rows", "_columns", "_later")

    def __init__(
        self,
        title: str,
        rows: list[list[Any]],
        gid: int | None = None,
        first_row: int = 1,
    ) -> None:
        self.title = title
        self.gid = gid
        self.first_row = first_row
        self._rows: list[list[Any]] | None = rows
        self._columns: list[Sequence[Any]] | None = None
        self._later: Future[RawTable] | None = None

    @classmethod
    def from_columns(
        cls, title: str, columns: list[Sequence[Any]], gid: int | None = None
    ) -> RawTable:
        """A table from equally long columns: None for an empty cell, never "".

        Trailing empty cells and rows are left out of `rows`, as Sheets leaves them out.
        """
        if len({len(c) for c in columns}) > 1:
            raise ValueError("columns of unequal length")
        table = cls(title, [], gid)
        table._rows = None
        table._columns = columns
        return table

    @classmethod
    def later(cls, title: str, cells: Future[RawTable]) -> RawTable:
        """A table whose cells are still being read: `cells` gives them, or the read's error."""
        table = cls(title, [])
        table._rows = None
        table._later = cells
        return table

    @property
    def ready(self) -> bool:
        """Its cells are here (or its read has failed): using it does not wait."""
        return self._later is None or self._later.done()

    def _settle(self) -> None:
        if self._later is not None:
            read = self._later.result()  # waits; raises the read's error
            self._rows, self._columns, self._later = read._rows, read._columns, None
            self.gid, self.first_row = read.gid, read.first_row

    @property
    def rows(self) -> list[list[Any]]:
        self._settle()
        if self._rows is None:
            self._rows = trim_rows(zip(*self._columns or [], strict=True))
            self._columns = None
        return self._rows

    def head(self, n: int) -> list[list[Any]]:
        """The first n rows (a header search), without making every row."""
        self._settle()
        if self._rows is not None:
            return self._rows[:n]
        return trim_rows(zip(*[c[:n] for c in self._columns or []], strict=True))

    def body_columns(self, start: int) -> tuple[list[Sequence[Any]], int]:
        """The columns of rows `start` onward (None-filled to the widest row), and their length."""
        self._settle()
        if self._rows is None:
            columns = self._columns or []
            n = max(len(columns[0]) - start, 0) if columns else 0
            return [c[start:] for c in columns], n
        data = self._rows[start:]
        return list(itertools.zip_longest(*data, fillvalue=None)), len(data)  # transpose, in C

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RawTable):
            return NotImplemented
        return (self.title, self.rows, self.gid, self.first_row) == (
            other.title,
            other.rows,
            other.gid,
            other.first_row,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return (
            f"RawTable(title={self.title!r}, rows={self.rows!r}, gid={self.gid!r}, "
            f"first_row={self.first_row!r})"
        )

    def __getstate__(self) -> tuple[str, list[list[Any]], int | None, int]:
        return (self.title, self.rows, self.gid, self.first_row)  # the same digest either way

    def __setstate__(self, state: tuple[str, list[list[Any]], int | None, int]) -> None:
        self.title, rows, self.gid, self.first_row = state
        self._rows, self._columns, self._later = rows, None, None


def trim_rows(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    """Rows as lists, "" as None, trailing empty cells and rows dropped (as Sheets does)."""
    out: list[list[Any]] = []
    append = out.append
    for row in rows:
        row = list(row)
        if "" in row:
            row = [None if cell == "" else cell for cell in row]
        while row and row[-1] is None:
            row.pop()
        append(row)
    while out and not out[-1]:
        out.pop()
    return out


@dataclass
class RawBook:
    source: SourceInfo
    tables: dict[str, RawTable]  # keyed by the tab title as found in the source
    # A workbook only: the file's bytes the tables were parsed from. The read's
    # fingerprint digests them (lib.data.load.fingerprint) and its snapshot keeps
    # them (lib.data.snapshot), instead of encoding every cell again.
    content: bytes | None = field(default=None, repr=False, compare=False)

    def complete(self) -> RawBook:
        """Wait for every table still being read; raises the read's error if one failed."""
        for table in self.tables.values():
            table._settle()
        return self


# Problem severities: an "error" rejects its row; a "warning" keeps the row
# (possible double entry); a "notice" is about the tab (extra columns).
ERROR = "error"
WARNING = "warning"
NOTICE = "notice"

PROBLEM_COLUMNS = ["tab", "row", "column", "value", "message", "severity", "office", "cell"]


@dataclass
class TabAccount:
    rows: int = 0
    valid: int = 0
    rejected: int = 0
    blank: int = 0
    warnings: int = 0
    loaded: bool = True  # False when the tab or a required column is missing

    def as_dict(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "rejected": self.rejected,
            "blank": self.blank,
            "warnings": self.warnings,
        }


@dataclass
class Dataset:
    """Validated tables (valid rows only) plus every problem found.

    Tables and their columns (English names; `row` is the sheet row number):
    - offices:     row, office, kecamatan, founded (Timestamp|NaT), coordinator, active (bool)
    - targets:     row, year, office, target_collection, target_distribution (float|NaN)
    - collections: row, year, month, office, fund_type, amount, donors (float|NaN), note
    - programs:    row, year, month, office, pillar, program, status, beneficiaries (float|NaN),
                   distribution (float|NaN), note
    - obstacles:   row, year, month, office, field, obstacle, follow_up, status
    - meetings:    row, date (Timestamp), place, period_year, period_month, extra_agenda
                   (list[str]), notes
    `problems` has PROBLEM_COLUMNS; `cell` is the A1 address (e.g. "C12") or "".
    """

    source: SourceInfo
    tables: dict[str, pd.DataFrame]
    problems: pd.DataFrame
    accounts: dict[str, TabAccount]  # keyed by contract tab name
    gids: dict[str, int] = field(default_factory=dict)  # contract tab name -> gid
    # Why the offline copy of this read could not be saved (disk full, read-only
    # folder), in Indonesian for the operator; None when it was saved or not needed.
    save_error: str | None = None
    # From the optional Pengaturan tab: known keys only (contract.SETTING_KEYS), e.g. "name".
    settings: dict[str, str] = field(default_factory=dict)
    # A digest of the raw read it came from and the day it was validated on
    # (lib.data.load.fingerprint): a refresh that reads the same cells keeps
    # this object, and with it every figure already computed from it.
    fingerprint: str | None = None

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def rejected_rows(self) -> int:
        return sum(a.rejected for a in self.accounts.values())

    def cell_url(self, tab: str, cell: str) -> str | None:
        """Link to a cell of the Google Sheet, so an office can fix its own row."""
        if self.source.kind != "sheet" or not self.source.spreadsheet_id or tab not in self.gids:
            return None
        url = f"https://docs.google.com/spreadsheets/d/{self.source.spreadsheet_id}/edit"
        return f"{url}#gid={self.gids[tab]}" + (f"&range={cell}" if cell else "")
