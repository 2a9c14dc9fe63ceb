"""The command line: `python -m lib.validate`, `lib.template`, `lib.meeting_pack`, `lib.sample`.

Each entry module is a thin wrapper around one function here; they share the
source arguments and the load (lib.data.load.load_dataset, as the app does).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from pathlib import Path

import pandas as pd

from lib.data import sample, template
from lib.data.clock import today_wib
from lib.data.config import (
    ENV_SHEET,
    ENV_WORKBOOK,
    SourceError,
    organisation_name,
    source_config,
)
from lib.data.contract import SETTINGS_TAB, TABS
from lib.data.dataset import Dataset
from lib.data.load import load_dataset
from lib.meeting import agenda as ag
from lib.meeting import minutes, pack
from lib.views.export import write_export


def read_secrets_file(path: Path = Path(".streamlit/secrets.toml")) -> dict:
    """The same secrets the app reads, for the command line (which has no st.secrets)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def config_for(source: str | None, env=None, secrets=None):
    """SourceConfig for a SOURCE argument: an .xlsx path or a Google Sheet id/URL."""
    env = dict(os.environ if env is None else env)
    if source:
        env.pop(ENV_SHEET, None)
        env.pop(ENV_WORKBOOK, None)
        is_file = source.lower().endswith((".xlsx", ".xlsm")) or Path(source).exists()
        env[ENV_WORKBOOK if is_file else ENV_SHEET] = source
    return source_config(env, read_secrets_file() if secrets is None else secrets)


def summary_json(ds: Dataset) -> dict:
    errors_and_warnings = ds.problems
    return {
        "source": ds.source.location or ds.source.label,
        "tables": {name: acc.as_dict() for name, acc in ds.accounts.items()},
        "problems": [
            {
                "tab": p.tab,
                "row": None if pd.isna(p.row) else int(p.row),
                "column": p.column,
                "value": p.value,
                "message": p.message,
            }
            for p in errors_and_warnings.itertuples()
        ],
    }


def _print_report(ds: Dataset) -> None:
    print(f"Sumber: {ds.source.label}")
    print(f"{'Tab':<14}{'Baris':>8}{'Valid':>8}{'Ditolak':>9}{'Kosong':>8}{'Peringatan':>12}")
    for name, a in ds.accounts.items():
        note = "" if a.loaded else "  (tidak terbaca)"
        print(f"{name:<14}{a.rows:>8}{a.valid:>8}{a.rejected:>9}{a.blank:>8}{a.warnings:>12}{note}")
    if ds.problems.empty:
        print("Tidak ada masalah.")
        return
    print(f"\n{len(ds.problems)} masalah:")
    for p in ds.problems.itertuples():
        where = f"{p.tab} baris {p.row}" if not pd.isna(p.row) else p.tab
        column = f", kolom {p.column}" if p.column else ""
        value = f" [{p.value}]" if p.value else ""
        print(f"- {where}{column}{value}: {p.message}")


def validate_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.validate",
        description="Periksa sheet/workbook LAZISMU terhadap kontrak sheet.",
    )
    parser.add_argument("source", nargs="?", help="berkas .xlsx atau id/URL Google Sheet")
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser.add_argument("--export", metavar="DIR", help="tulis DIR/<Tab>.csv berisi baris valid")
    args = parser.parse_args(argv)
    try:
        ds = load_dataset(config_for(args.source))
    except SourceError as exc:
        print(f"Sumber data tidak bisa dibaca: {exc.message}", file=sys.stderr)
        return 2
    if args.export:
        write_export(ds, Path(args.export))
    if args.json:
        json.dump(summary_json(ds), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_report(ds)
    return 1 if len(ds.problems) else 0


def meeting_pack_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.meeting_pack",
        description="Tulis bahan rapat (PDF) dari sheet yang dikonfigurasi, atau data contoh.",
    )
    parser.add_argument(
        "out",
        nargs="?",
        help="bahan rapat: berkas keluaran .pdf (atau .md / .txt untuk Markdown / WhatsApp)",
    )
    parser.add_argument(
        "--notulen",
        metavar="OUT",
        help="tulis juga notulen rapat ke OUT (.pdf, .md atau .txt untuk WhatsApp)",
    )
    parser.add_argument(
        "--tanggal", help="tanggal rapat, mis. 2024-10-05 (bawaan: rapat berikutnya)"
    )
    parser.add_argument("--mulai", default=None, help="jam mulai, mis. 09:00")
    parser.add_argument("--sumber", default=None, help="berkas .xlsx atau id/URL Google Sheet")
    args = parser.parse_args(argv)
    if not args.out and not args.notulen:
        parser.error("sebutkan berkas keluaran (bahan rapat) dan/atau --notulen OUT")
    try:
        ds = load_dataset(config_for(args.sumber))
    except SourceError as exc:
        print(f"Sumber data tidak bisa dibaca: {exc.message}", file=sys.stderr)
        return 2
    meeting, message = ag.choose_meeting(ds, today_wib(), args.tanggal)
    if message:
        print(message, file=sys.stderr)
    if meeting is None:
        return 1
    durations, start, problems = ag.settings_from_secrets(read_secrets_file())
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.mulai:
        parsed = ag.parse_clock(args.mulai)
        if parsed is None:
            print(f"Jam mulai '{args.mulai}' tidak terbaca; tulis seperti 09:00.", file=sys.stderr)
            return 1
        start = parsed
    agenda = ag.build_agenda(ds, meeting, start_time=start, durations=durations)
    name = organisation_name(ds.settings, os.environ, read_secrets_file())
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".md":
            out.write_text(pack.render_markdown(agenda, name=name), encoding="utf-8")
        elif out.suffix.lower() == ".txt":
            out.write_text(pack.render_whatsapp(agenda, name=name), encoding="utf-8")
        else:
            out.write_bytes(pack.render_pdf(agenda, name=name))
        print(f"Bahan rapat {agenda.long_date} ditulis ke {out}")
    if args.notulen:
        notes = minutes.build_minutes(ds, agenda)
        out = Path(args.notulen)
        if out.suffix.lower() == ".md":
            out.write_text(minutes.render_markdown(notes, name=name), encoding="utf-8")
        elif out.suffix.lower() == ".txt":
            out.write_text(minutes.render_whatsapp(notes, name=name), encoding="utf-8")
        else:
            out.write_bytes(minutes.render_pdf(notes, name=name))
        print(f"Notulen rapat {agenda.long_date} ditulis ke {out}")
    return 0


def template_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.template",
        description="Tulis workbook kosong (template sheet LAZISMU) dengan tab Petunjuk.",
    )
    parser.add_argument("out", help="file .xlsx tujuan")
    parser.add_argument(
        "--nama",
        default=None,
        help='nama lembaga, mis. "LAZISMU Kabupaten Malang" (ditulis di tab Pengaturan)',
    )
    args = parser.parse_args(argv)
    path = template.build_template(args.out, name=args.nama)
    tabs = ", ".join([template.GUIDE_SHEET, *(t.name for t in TABS), SETTINGS_TAB.name])
    print(f"{path}: template dengan tab {tabs}")
    return 0


def sample_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.sample",
        description="Tulis workbook contoh (data contoh, fiktif) sesuai kontrak sheet.",
    )
    parser.add_argument("--size", default="S", type=str.upper, choices=sample.SIZES)
    parser.add_argument("--seed", default=sample.DEFAULT_SEED, type=int)
    parser.add_argument("out", nargs="?", default=str(sample.SAMPLE_PATH), help="file .xlsx tujuan")
    args = parser.parse_args(argv)
    tables = sample.generate(args.size, args.seed)
    path = sample.write_xlsx(tables, args.out)
    print(f"{path}: {sample.row_count(tables)} baris data ({args.size}, seed {args.seed})")
    return 0
