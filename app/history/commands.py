"""``rehearse history``: list, show and export the attempts kept.

``add_parsers`` adds the commands to the program's subparsers and ``run`` carries
one out. Exit codes: 0 done, 2 bad input (a one-line reason on stderr), 1 anything
else.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from app.errors import HistoryError
from app.history.codec import attempt_to_dict
from app.history.export import (
    FORMATS,
    PdfWriter,
    export_attempts,
    render_markdown,
    when,
)
from app.history.store import Attempt, AttemptNotFound, HistoryStore
from app.packs import Pack, find_packs
from app.paths import AppPaths, content_dir, default_paths

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def add_parsers(subparsers: Any) -> None:
    """Add ``history list``, ``history show`` and ``history export``."""
    history = subparsers.add_parser(
        "history", help="list, show and export your past attempts"
    )
    commands = history.add_subparsers(dest="history_command", metavar="COMMAND")
    commands.required = True

    listing = commands.add_parser("list", help="list attempts, newest first")
    listing.add_argument("--question", metavar="ID", help="only this question")
    listing.add_argument("--limit", type=int, metavar="N", help="at most N attempts")
    listing.add_argument("--json", action="store_true", help="print one JSON object")

    show = commands.add_parser("show", help="show one attempt with its feedback")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print one JSON object")

    export = commands.add_parser("export", help="write a report of attempts")
    export.add_argument("ids", type=int, nargs="+", metavar="ID")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="report file"
    )


def run(
    args: argparse.Namespace,
    paths: AppPaths | None = None,
    *,
    pdf_writer: PdfWriter | None = None,
) -> int:
    """Carry out a ``history`` command; returns the exit code.

    ``pdf_writer`` draws the PDF report; the command line passes Qt's.
    """
    paths = paths or default_paths()
    try:
        with HistoryStore.open(paths) as store:
            if args.history_command == "list":
                return _list(store, args)
            if args.history_command == "show":
                return _show(store, args, paths)
            return _export(store, args, paths, pdf_writer)
    except AttemptNotFound as error:
        print(f"rehearse history: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except HistoryError as error:
        print(f"rehearse history: {error}", file=sys.stderr)
        return EXIT_FAILED


def _packs(paths: AppPaths) -> dict[str, Pack]:
    return {pack.id: pack for pack in find_packs([content_dir(), paths.packs])}


def _summary(attempt: Attempt) -> dict[str, Any]:
    analysis = attempt.analysis
    return {
        "id": attempt.id,
        "pack": attempt.pack_id,
        "question": attempt.question_id,
        "started_at": attempt.started_at.isoformat(),
        "status": attempt.status,
        "model": attempt.model,
        "duration_s": attempt.duration_s,
        "terms_found": None if analysis is None else analysis.terms_found,
        "terms_total": None if analysis is None else len(analysis.terms),
        "steps_covered": None if analysis is None else analysis.steps_covered,
        "steps_total": None if analysis is None else len(analysis.steps),
        "words_per_minute": (
            None if analysis is None else round(analysis.delivery.words_per_minute, 1)
        ),
        "filler_words": None if analysis is None else analysis.delivery.filler_total,
        "picked": attempt.picked,
        "correct": attempt.correct,
    }


def _list(store: HistoryStore, args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        print("rehearse history: --limit must be 1 or more.", file=sys.stderr)
        return EXIT_BAD_INPUT
    attempts = store.list_attempts(question_id=args.question, limit=args.limit)
    if args.json:
        print(json.dumps({"attempts": [_summary(a) for a in attempts]}, indent=2))
        return EXIT_OK
    if not attempts:
        print("No attempts yet. Answer a question in the app to start a history.")
        return EXIT_OK
    print(
        f"{'ID':>5}  {'WHEN':<24}  {'QUESTION':<24}  {'TERMS':>6}  {'STEPS':>6}  "
        f"{'WPM':>4}  CHOICE"
    )
    for attempt in attempts:
        summary = _summary(attempt)
        if attempt.analysis is None:
            terms = steps = wpm = "-"
        else:
            terms = f"{summary['terms_found']}/{summary['terms_total']}"
            steps = f"{summary['steps_covered']}/{summary['steps_total']}"
            wpm = f"{summary['words_per_minute']:.0f}"
        choice = "-"
        if attempt.picked is not None:
            choice = attempt.picked + (" (strongest)" if attempt.correct else "")
        print(
            f"{attempt.id:>5}  {when(attempt):<24}  {attempt.question_id[:24]:<24}  "
            f"{terms:>6}  {steps:>6}  {wpm:>4}  {choice}"
        )
    return EXIT_OK


def _show(store: HistoryStore, args: argparse.Namespace, paths: AppPaths) -> int:
    attempt = store.get(args.id)
    if args.json:
        print(json.dumps(attempt_to_dict(attempt), indent=2))
    else:
        print(render_markdown([attempt], _packs(paths)), end="")
    return EXIT_OK


def _export(
    store: HistoryStore,
    args: argparse.Namespace,
    paths: AppPaths,
    pdf_writer: PdfWriter | None,
) -> int:
    attempts = [store.get(attempt_id) for attempt_id in args.ids]
    if not args.output.parent.is_dir():
        print(
            f"rehearse history: the folder {args.output.parent} does not exist.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    export_attempts(
        attempts, _packs(paths), args.format, args.output, pdf_writer=pdf_writer
    )
    print(f"Wrote {args.output}")
    return EXIT_OK
