"""Widgets shared by the pages: key figures, downloads, charts and values kept per dataset."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any, TypeAlias

import pandas as pd
import streamlit as st

from lib.data.dataset import Dataset
from lib.figures import memo
from lib.views import export


def metrics(figures: list, per_row: int = 4) -> None:
    """Key figures (lib.figures.progress.KeyFigure) as st.metric, `per_row` to a row.

    Streamlit stacks columns on a narrow screen, so a phone shows one per line.
    """
    for start in range(0, len(figures), per_row):
        columns = st.columns(per_row)
        for column, f in zip(columns, figures[start : start + per_row], strict=False):
            column.metric(
                f.label,
                f.value,
                delta=f.delta,
                delta_color=f.delta_color,
                delta_arrow="auto" if f.delta_color == "normal" else "off",
                help=f.help,
                border=True,
            )


def dataframe(df: pd.DataFrame, **kwargs: Any) -> Any:
    """st.dataframe of a table that is safe to export: its toolbar's "Download as CSV"
    sends what the table holds, so sheet text that a spreadsheet would run as a
    formula is neutralised first (lib.views.export.safe_frame); numbers stay numbers."""
    return st.dataframe(export.safe_frame(df), **kwargs)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Table: TypeAlias = pd.DataFrame | Callable[[], pd.DataFrame]


def _frame(table: Table) -> pd.DataFrame:
    return table() if callable(table) else table


def _sheets(
    tables: dict[str, Table], xlsx: Callable[[], dict[str, pd.DataFrame]] | None
) -> dict[str, pd.DataFrame]:
    return xlsx() if xlsx else {name: _frame(t) for name, t in tables.items()}


def _csv(table: Table) -> bytes:
    return export.csv_bytes(_frame(table))


def downloads(
    tables: dict[str, Table],
    stem: str,
    key: str,
    xlsx: Callable[[], dict[str, pd.DataFrame]] | None = None,
) -> None:
    """CSV per table and one XLSX with every table as a sheet, through lib.views.export.

    A table may be given as a function: it is then built on click, not on every
    rerun. `xlsx` gives the workbook's sheets when they are more than the CSVs.
    """
    columns = st.columns(len(tables) + 1)
    download(
        "Unduh XLSX",
        lambda: export.xlsx_bytes(_sheets(tables, xlsx)),
        f"{stem}.xlsx",
        XLSX_MIME,
        container=columns[0],
        key=f"{key}_xlsx",
    )
    for column, (name, table) in zip(columns[1:], tables.items(), strict=True):
        download(
            f"CSV {name}",
            functools.partial(_csv, table),
            f"{stem}-{name.lower().replace(' ', '-')}.csv",
            "text/csv",
            container=column,
            key=f"{key}_csv_{name}",
        )


def download(
    label: str,
    build: Callable[[], bytes | str],
    file_name: str,
    mime: str,
    icon: str = ":material/download:",
    container: Any = None,
    key: str | None = None,
    width: str = "content",
) -> None:
    """One download button whose file is built on click, not on every rerun."""
    (container or st).download_button(
        label,
        build,
        file_name=file_name,
        mime=mime,
        icon=icon,
        on_click="ignore",
        key=key,
        width=width,
    )


def cached(ds: Dataset, key: tuple, compute: Callable[[], Any]) -> Any:
    """A value built from `ds` once per dataset and key (see lib.figures.memo), not per click."""
    return memo.get_or_compute(ds, memo.freeze(key), compute)


def chart(ds: Dataset, key: tuple, build: Callable[[], Any], container: Any = None) -> None:
    """An altair chart whose Vega-Lite spec is built and validated once per dataset and key.

    Altair's to_dict() validates the spec against the Vega-Lite schema, which
    costs tens of milliseconds a chart on every rerun; the spec of the same
    figures is the same, so it is kept with the dataset's other figures.
    """
    spec = memo.get_or_compute(ds, memo.freeze(("chart", *key)), lambda: build().to_dict())
    (container or st).vega_lite_chart(copy.deepcopy(spec), width="stretch")
