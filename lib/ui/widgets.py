"""Widgets shared by the pages: key figures, downloads, charts and values kept per dataset."""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import pickle
import weakref
from collections.abc import Callable
from typing import Any, Literal, TypeAlias

import pandas as pd
import streamlit as st
from streamlit import dataframe_util
from streamlit.delta_generator import DeltaGenerator

from lib.data.dataset import Dataset
from lib.figures import memo
from lib.figures.quality import Card
from lib.views import export
from lib.views.fmt import MISSING, md_escape

PHONE_WIDTH = 640  # px: below it Streamlit stacks columns, and a table shows its phone columns
# Static CSS (never sheet text): a table with phone columns is drawn twice, and
# the screen's width decides which one shows.
# A row (`row()`) gives its figure cards, pickers and charts equal shares of
# the width and wraps them below a minimum width, as st.columns stacks on a phone.
_ROW_ITEM = '[data-testid="stHorizontalBlock"] > [data-testid="stElementContainer"]'
RESPONSIVE_CSS = f"""<style>
@media (max-width: {PHONE_WIDTH}px) {{ [class*="st-key-wide_"] {{ display: none; }} }}
@media (min-width: {PHONE_WIDTH + 1}px) {{ [class*="st-key-phone_"] {{ display: none; }} }}
{_ROW_ITEM}:has([data-testid="stMetric"]) {{ flex: 1 1 11rem; min-width: 0; }}
{_ROW_ITEM}:has([data-testid="stSelectbox"], [data-testid="stMultiSelect"],
  [data-testid="stTimeInput"]) {{ flex: 1 1 14rem; min-width: 0; }}
{_ROW_ITEM}:has([data-testid="stVegaLiteChart"]) {{ flex: 1 1 22rem; min-width: 0; }}
{_ROW_ITEM}:has([data-testid="stDataFrame"]) {{ flex: 1 1 22rem; min-width: 0; }}
</style>"""


def responsive_css() -> None:
    """Once per page (lib.ui.shell.page_start): the switch between wide and phone
    tables, and how a row shares its width."""
    st.html(RESPONSIVE_CSS)


def row(vertical_alignment: Literal["top", "center", "bottom"] = "top") -> DeltaGenerator:
    """Elements side by side that wrap on a narrow screen (see RESPONSIVE_CSS).

    One block for the whole row: st.columns sends a block per column as well,
    and every message is server time on every view of every viewer.
    """
    return st.container(horizontal=True, gap="small", vertical_alignment=vertical_alignment)


def _present(columns: list[str] | None, have: list[str]) -> list[str]:
    return [c for c in (columns or []) if c in have]


def _layout(
    columns: list[str], main: list[str] | None, phone: list[str] | None
) -> tuple[list[str], list[str]]:
    """The columns of a wide screen and of a phone (each: all that are present, else all)."""
    wide = _present(main, columns) or columns
    return wide, _present(phone, columns) or wide


# Elements drawn once and replayed (Streamlit's caches record the messages an
# element call sends and replay them on a hit). A table's Styler display values
# and Arrow bytes, and a chart's JSON, cost 5-30 ms of server CPU each on every
# view of every viewer; fifty viewers of the same figures need them once. Keys
# are the table's content (`_fingerprint`) or the dataset's token, so new
# figures are drawn anew; the least recently replayed go first when the cache is
# full. No expiry by age: a meeting outlasts an hour, and an expired entry is a
# first view paid again by the next viewer (lib.ui.previsit draws only new figures).
# st.cache_resource, not st.cache_data: cache_data pickles what it keeps and
# unpickles every recorded message on every hit (4 % of the server's time in a
# warm view); the recorded messages are never changed, so one copy serves all.
# Every office's Kantor page and the other pages of a large district fit
# (lib.ui.previsit draws them all when new figures arrive).
REPLAY_ENTRIES = 3000
REPLAY_TTL = None


def table(
    df: pd.DataFrame,
    key: str,
    phone: list[str] | None = None,
    main: list[str] | None = None,
    column_config: dict[str, Any] | None = None,
    phone_config: dict[str, Any] | None = None,
    more: str = "Semua kolom",
    formats: dict[str, Callable[[Any], str]] | None = None,
    phone_formats: dict[str, Callable[[Any], str]] | None = None,
    height: int | Literal["auto", "content", "stretch"] = "auto",
) -> None:
    """A table whose columns that matter show whole at any width, the rest one tap away.

    `main` (default: all) are the columns of a laptop or projector, `phone`
    those of a phone; when either leaves columns out, an expander holds the
    whole table (which may scroll sideways: the reader asked for it), drawn
    when it is opened (a rerun; it was open when it is drawn again). Both
    views are sent and CSS picks one by the screen's width, since the server
    cannot know it. `phone_config` overrides column settings on a phone
    (e.g. a narrower text column). `formats` display numbers as text (e.g.
    Rupiah) while the column stays numeric, so it sorts as numbers; an empty
    cell shows "–". `phone_formats` overrides them on a phone (compact Rupiah).
    `height="content"` shows every row without a scroll box (a short table).

    Drawn once per content and replayed after (see REPLAY_ENTRIES): `key`
    names the call site, whose `formats` are fixed in code.
    """
    args = (df, key, phone, main, column_config or {}, phone_config or {}, height)
    fixed = {"formats": formats, "phone_formats": phone_formats}
    _replay(_table, (*args, False), fixed)
    columns = _column_names(df)
    wide, narrow = _layout(columns, main, phone)
    if narrow != columns or wide != columns:
        # only a phone needs it when a wide screen shows every column already.
        # The whole table is sent only once the reader opens it: it is the
        # largest of the three, and most views never open it.
        # The key is also a CSS class: "phone_..." shows on a phone only (RESPONSIVE_CSS).
        holder = f"more_{key}" if wide != columns else f"phone_more_{key}"
        section = st.expander(
            more, icon=":material/table_view:", key=f"{holder}_open", on_change="rerun"
        )
        with section:
            if section.open:
                _replay(_table, (*args, True), fixed)


def _fingerprint(value: Any) -> str | None:
    """A digest of a table and its settings: pickling a frame costs a tenth of
    Streamlit's own DataFrame hashing (pandas hash_pandas_object on text columns).
    A frame is pickled once per object (`_frame_digest`): the display tables come
    from the dataset's memo, the same object on every view."""
    try:
        parts = [_frame_digest(v) if isinstance(v, pd.DataFrame) else v for v in value]
        return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=16).hexdigest()
    except Exception:  # something that cannot be pickled is drawn without replay
        return None


# id(frame) -> (weak reference to it, what was worked out about it); an entry
# leaves with its frame. Frames given to a table are never changed afterwards
# (they are display tables from the dataset's memo, the same object every view).
_per_frame: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}


def _facts(df: pd.DataFrame) -> dict[str, Any]:
    known = _per_frame.get(id(df))
    if known is not None and known[0]() is df:
        return known[1]
    key = id(df)

    def forget(ref: weakref.ref) -> None:
        if _per_frame.get(key, (None,))[0] is ref:
            _per_frame.pop(key, None)

    facts: dict[str, Any] = {}
    _per_frame[key] = (weakref.ref(df, forget), facts)
    return facts


def _frame_digest(df: pd.DataFrame) -> str:
    facts = _facts(df)
    if "digest" not in facts:
        facts["digest"] = hashlib.blake2b(pickle.dumps(df, protocol=5), digest_size=16).hexdigest()
    return facts["digest"]


def _column_names(df: pd.DataFrame) -> list[str]:
    """The frame's column names, listed once per frame: listing an Arrow-backed
    Index costs more than the rest of a replayed table's view."""
    facts = _facts(df)
    if "columns" not in facts:
        facts["columns"] = df.columns.tolist()
    return facts["columns"]


def drawn_once(draw: Callable[..., None], *args: Any) -> None:
    """`draw(*args)`, recorded once per `draw` and content of `args` and replayed
    after (REPLAY_ENTRIES): for a part of a page drawn only from figures, such as
    a slide's blocks. `draw` must depend on nothing else."""
    _replay(_call, (f"{draw.__module__}.{draw.__qualname__}", args), {"draw": draw})


def _call(name: str, args: tuple, draw: Callable[..., None]) -> None:
    draw(*args)


def _replay(draw: Callable[..., None], args: tuple, fixed: dict[str, Any]) -> None:
    """`draw(*args, **fixed)` recorded once per content of `args`, replayed after.

    `fixed` (e.g. format functions) is the call site's code, not hashed.
    """
    digest = _fingerprint(args)
    if digest is None:
        draw(*args, **fixed)
    else:
        _replayed(digest, _draw=functools.partial(draw, *args, **fixed))


@st.cache_resource(show_spinner=False, max_entries=REPLAY_ENTRIES, ttl=REPLAY_TTL)
def _replayed(digest: str, _draw: Callable[[], None]) -> None:
    _draw()


def _table(
    df: pd.DataFrame,
    key: str,
    phone: list[str] | None,
    main: list[str] | None,
    config: dict[str, Any],
    phone_config: dict[str, Any],
    height: int | Literal["auto", "content", "stretch"],
    whole: bool,
    formats: dict[str, Callable[[Any], str]] | None,
    phone_formats: dict[str, Callable[[Any], str]] | None,
) -> None:
    """The wide and phone views of a table, or (`whole`) every column of it."""
    df = export.safe_frame(df)  # the toolbar's CSV sends what the table holds
    columns = df.columns.tolist()
    wide, narrow = _layout(columns, main, phone)

    def show(
        order: list[str], settings: dict[str, Any], shown: dict[str, Callable] | None = None
    ) -> None:
        data: Any = df
        if formats or shown:
            data = df.style.format(na_rep=MISSING).format(
                {**(formats or {}), **(shown or {})}, na_rep=MISSING
            )
        st.dataframe(
            data,
            hide_index=True,
            width="stretch",
            height=height,
            placeholder=MISSING,  # the grid draws its own "None" for NaN, whatever the Styler says
            column_config=settings,
            column_order=None if order == columns else order,
        )

    if whole:
        show(columns, config)
    elif narrow == wide:
        show(wide, config)
    else:
        with st.container(key=f"wide_{key}"):
            show(wide, config)
        with st.container(key=f"phone_{key}"):
            show(narrow, {**config, **phone_config}, phone_formats)


SEVERITY_BADGES = {"Ditolak": "red", "Peringatan": "orange", "Catatan": "gray"}


def problem_card(card: Card) -> None:
    """One problem as a card: the message first, then where, the value, and the cell's link.

    Sheet text (message quotes, values, names) goes through md_escape only.
    """
    colour = SEVERITY_BADGES.get(card.severity, "gray")
    lines = [
        f"**{md_escape(card.message)}**",
        f":{colour}-badge[{md_escape(card.severity)}] {md_escape(card.place)}",
    ]
    if card.value:
        lines.append(f"Isi sel: «{md_escape(card.value)}»")
    if card.office:
        office = f"Kantor: {md_escape(card.office)}"
        if card.typed_office:
            office += f" :orange-badge[salah ketik] ditulis «{md_escape(card.typed_office)}»"
        lines.append(office)
    with st.container(border=True):
        st.markdown("  \n".join(lines))
        if card.url:
            st.link_button("Buka sel di sheet", card.url, icon=":material/open_in_new:")


def metrics(figures: list, per_row: int = 4) -> None:
    """Key figures (lib.figures.progress.KeyFigure) as st.metric, `per_row` to a row.

    A row wraps on a narrow screen, so a phone shows one card per line. Drawn
    once per set of figures and replayed after (REPLAY_ENTRIES), like a table.
    """
    _replay(_metrics, (list(figures), per_row), {})


def _metrics(figures: list, per_row: int) -> None:
    for start in range(0, len(figures), per_row):
        cards = row()
        for f in figures[start : start + per_row]:
            cards.metric(
                f.label,
                f.value,
                delta=f.delta,
                delta_color=f.delta_color,
                delta_arrow="auto" if f.delta_color == "normal" else "off",
                help=f.help,
                border=True,
            )


def dataframe(df: pd.DataFrame, **kwargs: Any) -> None:
    """st.dataframe of a table that is safe to export: its toolbar's "Download as CSV"
    sends what the table holds, so sheet text that a spreadsheet would run as a
    formula is neutralised first (lib.views.export.safe_frame); numbers stay numbers.
    Drawn once per content and settings, then replayed (REPLAY_ENTRIES)."""
    _replay(_dataframe, (df, kwargs), {})


def _dataframe(df: pd.DataFrame, kwargs: dict[str, Any]) -> None:
    st.dataframe(export.safe_frame(df), **kwargs)


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
    """An "Unduh data" section: CSV per table and one XLSX with every table as a
    sheet, through lib.views.export.

    A table may be given as a function: it is then built on click, not on every
    rerun. `xlsx` gives the workbook's sheets when they are more than the CSVs.
    The buttons are drawn only once it is opened (a rerun): a download
    button is a widget with server work on every view, and most views download nothing.
    """
    section = st.expander(
        "Unduh data", icon=":material/download:", key=f"{key}_unduh", on_change="rerun"
    )
    if not section.open:
        return
    menu = section.container(horizontal=True, gap="small")  # one row that wraps
    download(
        "Unduh XLSX",
        lambda: export.xlsx_bytes(_sheets(tables, xlsx)),
        f"{stem}.xlsx",
        XLSX_MIME,
        container=menu,
        key=f"{key}_xlsx",
    )
    for name, table in tables.items():
        download(
            f"CSV {name}",
            functools.partial(_csv, table),
            f"{stem}-{name.lower().replace(' ', '-')}.csv",
            "text/csv",
            container=menu,
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
    """A display table (or other value) built from `ds` once per dataset and key (see
    lib.figures.memo), not per click: the same object every time, so never change it."""
    return memo.get_shared(ds, memo.freeze(key), compute)


def chart(ds: Dataset, key: tuple, build: Callable[[], Any], container: Any = None) -> None:
    """An altair chart whose Vega-Lite spec is built and validated once per dataset and key.

    Altair's to_dict() validates the spec against the Vega-Lite schema, which
    costs tens of milliseconds a chart on every rerun; the spec of the same
    figures is the same, so it is kept with the dataset's other figures.
    """
    frozen = memo.freeze(("chart", *key))
    with container or contextlib.nullcontext():
        _chart(
            memo.token(ds),
            repr(frozen),
            _spec=lambda: memo.get_or_compute(ds, frozen, lambda: _arrow_spec(build())),
        )


@st.cache_resource(show_spinner=False, max_entries=REPLAY_ENTRIES, ttl=REPLAY_TTL)
def _chart(token: str, key: str, _spec: Callable[[], dict[str, Any]]) -> None:
    """The chart's messages, recorded once per dataset (`token`) and key, then replayed."""
    st.vega_lite_chart(copy.deepcopy(_spec()), width="stretch")


def _arrow_spec(chart: Any) -> dict[str, Any]:
    """The chart's spec with its inline datasets already as Arrow bytes.

    Streamlit sends chart data as Arrow; given rows it builds a DataFrame and
    converts it on every rerun of every viewer. Bytes it passes on as they are.
    """
    spec = chart.to_dict(validate=False)  # tests validate every chart; a view need not
    datasets = spec.get("datasets") or {}
    for name, rows in datasets.items():
        if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
            datasets[name] = dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(rows))
    return spec
