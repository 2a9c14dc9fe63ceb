"""Pillar coverage: which office runs programs in which of LAZISMU's six pillars.

The board maps every office's programs onto the pillars so that an office
without, say, a Kesehatan program gets ideas from the offices that have one.
Pure pandas (no Streamlit); the Pilar and Kantor pages and the meeting agenda
read these functions, so each figure has one computation.

Conventions shared by every function here:
- Period: `period` is a lib.figures.period.Period; figures cover January..period.month
  of period.year (a whole year is month 12). `programs_in_period` is the one filter.
- Coverage: a pillar is covered by an office when the office has at least one
  row in the period with status Berjalan or Selesai (ACTIVE_PROGRAM_STATUSES).
  Rencana rows never count as coverage; they are listed by `planned_programs`.
- Repeated rows: a program runs over several months, one row per month (or
  several). A program is one (office, pillar, program name) with names compared
  ignoring case and repeated spaces; the first spelling in the sheet is shown.
  Distribution and beneficiaries are summed over the period's active rows (an
  empty cell counts as 0); Rencana rows add nothing to them. Beneficiaries are
  therefore person-months when an office reports the same people every month,
  as the sheet does.
- Offices: the matrix has one row per active office (lib.figures.offices.counted_offices), in the
  order of tab Kantor. District figures (`pillar_summary`, `district_gaps`,
  ideas) use every valid row, an inactive office's too, because the contract
  says an inactive office's rows still count.
"""

from __future__ import annotations

import pandas as pd

from lib.data.contract import ACTIVE_PROGRAM_STATUSES, PILLARS, PROGRAM_STATUSES
from lib.data.dataset import Dataset
from lib.data.parse import CellError, parse_choice
from lib.figures.memo import per_dataset
from lib.figures.offices import counted_offices
from lib.figures.period import Period, office_rows, ytd

MEASURES: dict[str, str] = {  # measure -> its Indonesian label, for the picker and the heatmap
    "programs": "Jumlah program",
    "distribution": "Penyaluran (Rp)",
    "beneficiaries": "Penerima manfaat",
}
PLANNED = "Rencana"
PROGRAM_SEPARATOR = "; "

PROGRAM_COLUMNS = [
    "office",
    "pillar",
    "program",
    "status",
    "active",
    "first_month",
    "last_month",
    "months",
    "beneficiaries",
    "distribution",
    "note",
]


_PROGRAM_ROW_COLUMNS = ["row", "year", "month", "office", "pillar", "program", "status"] + [
    "beneficiaries",
    "distribution",
    "note",
]


def _programs_table(ds: Dataset) -> pd.DataFrame:
    """Tab Program with every column of the contract (a missing optional one is empty)."""
    df = ds.tables.get("programs")
    if df is None:
        return pd.DataFrame(columns=_PROGRAM_ROW_COLUMNS)
    missing = [c for c in _PROGRAM_ROW_COLUMNS if c not in df]
    return df.assign(**{c: None for c in missing}) if missing else df


@per_dataset
def programs_in_period(ds: Dataset, period: Period) -> pd.DataFrame:
    """The Program rows of January..period.month of period.year, every status.

    Every figure on the Pilar page, the Kantor page and in the agenda starts
    from it (or from `delivered_rows`), so they agree on what "in the period" means.
    """
    return ytd(_programs_table(ds), period).copy()


def delivered(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that moved money: status Berjalan or Selesai. A Rencana row is a plan only."""
    if rows.empty or "status" not in rows:
        return rows
    return rows[rows["status"].isin(ACTIVE_PROGRAM_STATUSES)]


@per_dataset
def delivered_rows(ds: Dataset, period: Period, office: str | None = None) -> pd.DataFrame:
    """Berjalan and Selesai rows of January..month (one office, or every office, inactive too).

    The one source of distribution (penyaluran) and beneficiaries on every surface.
    """
    return delivered(office_rows(programs_in_period(ds, period), office))


def _office_order(ds: Dataset) -> dict[str, int]:
    offices = ds.tables.get("offices")
    names = [] if offices is None or "office" not in offices else list(offices["office"])
    return {str(n): i for i, n in enumerate(names)}


def _has_text(x: object) -> bool:
    return not pd.isna(x) and str(x).strip() != ""


def name_key(name: object) -> str:
    """Same program typed twice with other case or spacing counts once."""
    return " ".join(str(name).split()).casefold()


@per_dataset
def program_list(ds: Dataset, period: Period) -> pd.DataFrame:
    """One row per program (office, pillar, program name) with any row in the period.

    Columns: office, pillar, program (first spelling), status (of its latest row
    in the period; on a tie Selesai > Berjalan > Rencana), active (bool: has a
    Berjalan/Selesai row, i.e. counts as coverage), first_month and last_month
    (1..12 within period.year, over all its rows), months (distinct months with
    a row), beneficiaries and distribution (sums over the active rows; NaN for
    a program that is only Rencana in the period), note
    (the latest non-empty Keterangan). Sorted by office (tab Kantor order),
    pillar (PILLARS order), program name.
    """
    rows = programs_in_period(ds, period)
    if rows.empty:
        return _empty_program_list()
    rows["is_active"] = rows.index.isin(delivered(rows).index)
    rows["status_rank"] = rows["status"].map({s: i for i, s in enumerate(PROGRAM_STATUSES)})
    rows["active_beneficiaries"] = rows["beneficiaries"].where(rows["is_active"], 0).fillna(0)
    rows["active_distribution"] = rows["distribution"].where(rows["is_active"], 0).fillna(0)
    rows = rows.sort_values(["month", "status_rank", "row"], kind="stable")
    out = _per_program(
        rows,
        status=("status", "last"),
        active=("is_active", "any"),
        months=("month", "nunique"),
        beneficiaries=("active_beneficiaries", "sum"),
        distribution=("active_distribution", "sum"),
    )
    for col in ("beneficiaries", "distribution"):  # a plan has no figures yet
        out[col] = out[col].where(out["active"])
    out = _sorted(ds, out, ["program"])
    return out[PROGRAM_COLUMNS].reset_index(drop=True)


def _per_program(rows: pd.DataFrame, **aggs: tuple[str, str]) -> pd.DataFrame:
    """One row per program (office, pillar, name_key) of rows sorted oldest first.

    Always: program (first spelling), first_month, last_month, note (latest
    non-empty Keterangan), key; plus the given named aggregations.
    """
    rows = rows.assign(
        key=rows["program"].map(name_key), note=rows["note"].where(rows["note"].map(_has_text))
    )
    return (
        rows.groupby(["office", "pillar", "key"], sort=False)
        .agg(
            program=("program", "first"),
            first_month=("month", "min"),
            last_month=("month", "max"),
            note=("note", "last"),
            **aggs,
        )
        .reset_index()
    )


def _empty_program_list() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in PROGRAM_COLUMNS})
    return out.astype({"active": bool, "beneficiaries": float, "distribution": float})


def _active(programs: pd.DataFrame) -> pd.DataFrame:
    """The programs that count as coverage (a boolean mask, also on an empty frame)."""
    return programs.loc[programs["active"].astype(bool)]


@per_dataset
def active_programs(ds: Dataset, period: Period) -> pd.DataFrame:
    """`program_list` rows that count as coverage, filtered once per period: every
    office's ideas start from it, and the filter copies the whole list."""
    return _active(program_list(ds, period))


def _sorted(ds: Dataset, df: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    """Office in tab Kantor order, pillar in PILLARS order, then the given columns."""
    order = _office_order(ds)
    out = df.assign(
        _office=df["office"].map(lambda o: order.get(o, len(order))),
        _office_name=df["office"].map(str.casefold),
        _pillar=df["pillar"].map(PILLARS.index),
        _then=df[then[0]].map(lambda x: str(x).casefold()),
    )
    out = out.sort_values(["_office", "_office_name", "_pillar", "_then"], kind="stable")
    return out.drop(columns=["_office", "_office_name", "_pillar", "_then"])


@per_dataset
def coverage_long(ds: Dataset, period: Period) -> pd.DataFrame:
    """The full grid: one row per (active office, pillar), gaps included.

    Columns: office, pillar, programs (str: the active programs' names joined
    with "; ", for tooltips), program_names (list[str]), n_programs (distinct
    active programs), distribution (Rp), beneficiaries, covered (n_programs > 0).
    Offices in `counted_offices` order, pillars in PILLARS order.
    """
    offices = counted_offices(ds, period)
    grid = pd.DataFrame(
        [(o, p) for o in offices for p in PILLARS], columns=["office", "pillar"], dtype=object
    )
    programs = active_programs(ds, period)
    cells = list(zip(grid["office"], grid["pillar"], strict=True))
    names: dict[tuple, list[str]] = {}
    totals: dict[tuple, list[float]] = {}
    for office, pillar, program, distribution, beneficiaries in zip(
        programs["office"],
        programs["pillar"],
        programs["program"],
        programs["distribution"],
        programs["beneficiaries"],
        strict=True,
    ):
        names.setdefault((office, pillar), []).append(program)
        total = totals.setdefault((office, pillar), [0.0, 0.0])
        total[0] += float(distribution)
        total[1] += float(beneficiaries)
    grid["program_names"] = [names.get(c, []) for c in cells]
    grid["programs"] = grid["program_names"].map(PROGRAM_SEPARATOR.join)
    grid["n_programs"] = grid["program_names"].map(len).astype("int64")
    grid["distribution"] = [totals.get(c, [0.0, 0.0])[0] for c in cells]
    grid["beneficiaries"] = [totals.get(c, [0.0, 0.0])[1] for c in cells]
    grid["covered"] = grid["n_programs"] > 0
    return grid[
        ["office", "pillar", "programs", "program_names", "n_programs"]
        + ["distribution", "beneficiaries", "covered"]
    ]


def measure_column(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {list(MEASURES)}, not {measure!r}")
    return "n_programs" if measure == "programs" else measure


@per_dataset
def coverage(ds: Dataset, period: Period, measure: str = "programs") -> pd.DataFrame:
    """The matrix: index office (active offices), one column per pillar (all six, in order).

    Values: number of distinct active programs (int), distribution (Rp, float)
    or beneficiaries (float), per `measure`. A gap is 0 programs; with the other
    measures a covered cell can be 0 too, so tell gaps by `coverage_long().covered`.
    """
    column = measure_column(measure)
    long = coverage_long(ds, period)
    matrix = long.pivot(index="office", columns="pillar", values=column)
    matrix = matrix.reindex(index=counted_offices(ds, period), columns=PILLARS)
    matrix.index.name, matrix.columns.name = "office", None
    return matrix.astype("int64") if measure == "programs" else matrix.astype("float64")


@per_dataset
def covered_count(ds: Dataset, period: Period) -> pd.Series:
    """Pillars with at least one active program, per active office (0..6): the "n/6"."""
    long = coverage_long(ds, period)
    counts = long.groupby("office", sort=False)["covered"].sum().astype("int64")
    return counts.reindex(counted_offices(ds, period), fill_value=0).rename("covered")


@per_dataset
def pillar_summary(ds: Dataset, period: Period) -> pd.DataFrame:
    """One row per pillar (PILLARS order), over every office's active programs.

    Columns: pillar, n_offices (offices with an active program in it), offices
    (their names joined with "; "), n_programs (distinct (office, program)),
    distribution, beneficiaries, share (of the district's distribution over all
    pillars in the period; NaN when that is 0), gap (no office covers it).
    """
    programs = active_programs(ds, period)
    grouped = programs.groupby("pillar", sort=False)
    out = pd.DataFrame({"pillar": PILLARS})
    offices = grouped["office"].agg(lambda s: list(dict.fromkeys(s)))
    out["n_offices"] = [len(offices.get(p, [])) for p in PILLARS]
    out["offices"] = [PROGRAM_SEPARATOR.join(offices.get(p, [])) for p in PILLARS]
    out["n_programs"] = [int(grouped.size().get(p, 0)) for p in PILLARS]
    for col in ("distribution", "beneficiaries"):
        sums = grouped[col].sum()
        out[col] = [float(sums.get(p, 0.0)) for p in PILLARS]
    total = out["distribution"].sum()
    out["share"] = out["distribution"] / total if total else float("nan")
    out["gap"] = out["n_offices"] == 0
    return out


@per_dataset
def district_gaps(ds: Dataset, period: Period) -> list[str]:
    """Pillars that no office covers in the period, in PILLARS order."""
    summary = pillar_summary(ds, period)
    return list(summary.loc[summary["gap"], "pillar"])


IDEA_COLUMNS = ["pillar", "program", "office", "beneficiaries", "distribution"]


def _ideas_for(programs: pd.DataFrame, office: str) -> pd.DataFrame:
    covered = set(programs.loc[programs["office"] == office, "pillar"])
    missing = [p for p in PILLARS if p not in covered]
    out = programs[(programs["office"] != office) & programs["pillar"].isin(missing)]
    out = out.assign(_pillar=out["pillar"].map(PILLARS.index), _name=out["program"].str.casefold())
    out = out.sort_values(
        ["_pillar", "beneficiaries", "distribution", "_name", "office"],
        ascending=[True, False, False, True, True],
        kind="stable",
    )
    return out[IDEA_COLUMNS].reset_index(drop=True)


@per_dataset
def ideas(ds: Dataset, period: Period, office: str) -> pd.DataFrame:
    """Program ideas for one office: what other offices run in the pillars it does not cover.

    Columns: pillar, program, office (the office that runs it), beneficiaries,
    distribution. Pillars in PILLARS order; within a pillar, most beneficiaries
    first (then distribution). Only active programs, from any office (an
    inactive office's program is still an idea). An office with no programs
    gets every pillar's programs.
    """
    return _ideas_for(active_programs(ds, period), office)


@per_dataset
def ideas_all(ds: Dataset, period: Period) -> pd.DataFrame:
    """`ideas` for every active office, with a first column for_office."""
    programs = active_programs(ds, period)
    frames = [
        _ideas_for(programs, office).assign(for_office=office)
        for office in counted_offices(ds, period)
    ]
    if not frames:
        return pd.DataFrame(columns=["for_office", *IDEA_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    return out[["for_office", *IDEA_COLUMNS]]


PLANNED_COLUMNS = ["office", "pillar", "program", "first_month", "last_month", "running", "note"]


@per_dataset
def planned_programs(ds: Dataset, period: Period, office: str | None = None) -> pd.DataFrame:
    """Programs with a Rencana row in the period, per office and pillar; never coverage.

    Columns: office, pillar, program, first_month and last_month (months with a
    Rencana row), running (bool: the same program also has a Berjalan/Selesai
    row in the period, so the plan has started), note (latest Keterangan of its
    Rencana rows). Sorted by office (tab Kantor order), pillar, program.
    """
    rows = programs_in_period(ds, period)
    if office is not None:
        rows = rows[rows["office"] == office]
    planned = rows[rows["status"] == PLANNED]
    if planned.empty:
        return pd.DataFrame(columns=PLANNED_COLUMNS)
    out = _per_program(planned.sort_values(["month", "row"], kind="stable"))
    active = delivered(rows)
    running = set(
        zip(active["office"], active["pillar"], active["program"].map(name_key), strict=True)
    )
    keys_out = zip(out["office"], out["pillar"], out["key"], strict=True)
    out["running"] = [k in running for k in keys_out]
    out = _sorted(ds, out, ["program"])
    return out[PLANNED_COLUMNS].reset_index(drop=True)


@per_dataset
def office_programs(ds: Dataset, period: Period, office: str) -> pd.DataFrame:
    """One office's programs of January..month (`program_list` rows): Kantor page and Rapat."""
    programs = program_list(ds, period)
    return programs[programs["office"] == office].reset_index(drop=True)


@per_dataset
def pillar_programs(ds: Dataset, period: Period, pillar: str) -> pd.DataFrame:
    """Every program of one pillar in the period, across offices (`program_list` columns).

    Planned-only programs are included with status Rencana and active False, so
    the pillar's full picture is in one list; they still do not count as coverage.
    """
    programs = program_list(ds, period)
    return programs[programs["pillar"] == pillar].reset_index(drop=True)


def match_pillar(text: object) -> str | None:
    """A pillar from loose text as in the sheet (`kesehatan`, `Sosdak`), else None."""
    try:
        found = parse_choice(text, "pilar")
    except CellError:
        return None
    return found if isinstance(found, str) else None
