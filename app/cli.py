"""The ``rehearse`` command: the window with no arguments, the engine's commands otherwise.

Exit codes: 0 done, 2 bad usage or bad input (a one-line reason on stderr), 1 anything
else. Nothing here imports Qt unless the window is started.
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import __version__
from app.errors import Cancelled, PackError, RehearseError, TranscriptionError
from app.packs import (
    Pack,
    Question,
    find_packs,
    load_pack,
    pack_to_dict,
    resolve_pack,
    validate_pack_file,
)
from app.paths import AppPaths, content_dir, default_paths

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(RehearseError):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit is 2 with usage
        raise UsageError(f"{message}. Run '{self.prog} --help' for usage.")


def setup_logging(paths: AppPaths, verbose: bool = False) -> None:
    """Warnings to stderr; everything from INFO up to a rotating file in the log folder."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(console)
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            paths.logs / "rehearse.log",
            maxBytes=1_000_000,
            backupCount=3,
            encoding="utf-8",
        )
    except OSError:
        return  # a read-only home must not stop the app
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    logging.getLogger("faster_whisper").setLevel(logging.WARNING)


def pack_folders(paths: AppPaths) -> list[Path]:
    """Shipped packs first, so the user's own copy of a pack wins."""
    return [content_dir(), paths.packs]


def _question(pack: Pack, question_id: str) -> Question:
    try:
        return pack.question(question_id)
    except KeyError as e:
        known = ", ".join(q.id for q in pack.questions)
        raise UsageError(
            f"No question {question_id!r} in pack {pack.id!r}. Known questions: {known}."
        ) from e


def _find_question(
    pack_arg: str | None, question_id: str, paths: AppPaths
) -> tuple[Pack, Question]:
    if pack_arg:
        pack = resolve_pack(pack_arg, pack_folders(paths))
        return pack, _question(pack, question_id)
    packs = find_packs(pack_folders(paths))
    for pack in packs:
        for question in pack.questions:
            if question.id == question_id:
                return pack, question
    known = ", ".join(q.id for p in packs for q in p.questions) or "none"
    raise UsageError(
        f"No question {question_id!r} in any pack. Known questions: {known}."
    )


def _print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _progress_printer(enabled: bool) -> Any:
    if not enabled or not sys.stderr.isatty():
        return None

    def show(fraction: float) -> None:
        sys.stderr.write(f"\rTranscribing... {fraction:4.0%}")
        if fraction >= 1.0:
            sys.stderr.write("\r" + " " * 24 + "\r")
        sys.stderr.flush()

    return show


def _transcribe(
    args: argparse.Namespace, paths: AppPaths, question: Question | None
) -> Any:
    from app.speech import Transcriber

    transcriber = Transcriber(args.model, paths, hotwords=args.hotwords)
    return transcriber.transcribe(
        Path(args.audio), question, progress=_progress_printer(not args.json)
    )


def cmd_transcribe(args: argparse.Namespace, paths: AppPaths) -> int:
    question = (
        _find_question(args.pack, args.question, paths)[1] if args.question else None
    )
    transcript = _transcribe(args, paths, question)
    if args.json:
        data = transcript.to_dict()
        data.pop("hinted_words", None)
        _print_json(data)
    else:
        print(transcript.text or "(no speech found)")
    return EXIT_OK


def cmd_analyse(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.analysis import analyse
    from app.speech import Transcript

    if bool(args.audio) == bool(args.text_file):
        raise UsageError(
            "give either an AUDIO file or --text-file FILE, not both or neither"
        )
    pack, question = _find_question(args.pack, args.question, paths)
    if args.text_file:
        try:
            text = Path(args.text_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"cannot read {args.text_file}: {e}") from e
        transcript = Transcript.from_text(text)
    else:
        transcript = _transcribe(args, paths, question)
    analysis = analyse(transcript, question, pack)
    saved = (
        _save(args, paths, pack, question, transcript, analysis) if args.save else None
    )
    if args.json:
        data = analysis.to_dict()
        data.pop("pack_id")
        data.pop("question_id")
        data["structure"] = data.pop("steps")
        words = transcript.to_dict()["words"]
        _print_json(
            {
                "question": {
                    "pack": pack.id,
                    "id": question.id,
                    "prompt": question.prompt,
                },
                "model": transcript.model,
                "transcript": transcript.text,
                "duration_s": round(transcript.duration_s, 2),
                "words": words,
                **data,
                **({"attempt_id": saved} if saved is not None else {}),
            }
        )
        return EXIT_OK
    _print_analysis(pack, question, transcript.text, analysis)
    if saved is not None:
        print(f"Saved as attempt {saved}: rehearse history show {saved}")
    return EXIT_OK


def _save(
    args: argparse.Namespace,
    paths: AppPaths,
    pack: Pack,
    question: Question,
    transcript: Any,
    analysis: Any,
) -> int:
    """Keep the attempt in the history; the audio stays where it is."""
    from app.history import HistoryStore

    audio = Path(args.audio).resolve() if args.audio else None
    with HistoryStore.open(paths) as store:
        attempt_id = store.begin_attempt(
            pack_id=pack.id,
            question_id=question.id,
            audio_path=audio,
            model=transcript.model,
        )
        store.finish_attempt(attempt_id, transcript, analysis)
    return attempt_id


def _print_analysis(pack: Pack, question: Question, text: str, analysis: Any) -> None:
    found = [t for t in analysis.terms if t.found]
    print(question.prompt)
    print()
    for line in analysis.advice:
        print(f"* {line}")
    print()
    print(f"Key terms: {len(found)} of {len(analysis.terms)}")
    for t in analysis.terms:
        mark = "+" if t.found else "-"
        where = (
            f"  (heard \u201c{t.heard_as}\u201d at {t.at_s:.1f} s)" if t.found else ""
        )
        print(f"  {mark} {t.term}{where}")
    print(f"Steps: {analysis.steps_covered} of {len(analysis.steps)}")
    for s in analysis.steps:
        print(f"  {'+' if s.covered else '-'} {s.step}")
    shown = [p.name for p in analysis.principles if p.shown]
    print(f"Principles shown: {', '.join(shown) or 'none yet'}")
    d = analysis.delivery
    fillers = ", ".join(f"{f.word} \u00d7{f.count}" for f in d.filler_words) or "none"
    print(
        f"Delivery: {d.words_per_minute:.0f} words a minute, fillers: {fillers}, "
        f"longest pause {d.longest_pause_s:.1f} s"
    )
    if analysis.unclear_words:
        print(f"Unclear words: {', '.join(analysis.unclear_words)}")
    print(f"Closest written answer: {analysis.closest_option}")


def cmd_packs_list(args: argparse.Namespace, paths: AppPaths) -> int:
    packs = find_packs(pack_folders(paths))
    if args.json:
        _print_json(
            {
                "packs": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "questions": len(p.questions),
                        "path": str(p.path),
                    }
                    for p in packs
                ]
            }
        )
        return EXIT_OK
    if not packs:
        print(f"No packs found. Put pack files in {paths.packs}.")
    for p in packs:
        print(f"{p.id}  {p.title}  ({len(p.questions)} questions)  {p.path}")
    return EXIT_OK


def cmd_packs_show(args: argparse.Namespace, paths: AppPaths) -> int:
    pack = resolve_pack(args.pack, pack_folders(paths))
    if args.json:
        _print_json(pack_to_dict(pack))
        return EXIT_OK
    print(f"{pack.title} ({pack.id})")
    for q in pack.questions:
        print(f"  {q.id}: {q.prompt}  [{len(q.terms)} terms, {len(q.steps)} steps]")
    return EXIT_OK


def cmd_packs_check(args: argparse.Namespace, paths: AppPaths) -> int:
    files = [Path(p) for p in args.paths]
    if not files:
        for folder in pack_folders(paths):
            if folder.is_dir():
                files.extend(sorted(folder.glob("*.toml")))
    if not files:
        raise UsageError("no pack files to check")
    failed = 0
    for path in files:
        if not path.is_file():
            print(f"{path}: not found", file=sys.stderr)
            failed += 1
            continue
        problems = validate_pack_file(path)
        if problems:
            failed += 1
            for problem in problems:
                print(problem, file=sys.stderr)
        else:
            pack = load_pack(path)
            terms = sum(len(q.terms) for q in pack.questions)
            print(f"{path}: ok ({len(pack.questions)} questions, {terms} terms)")
    if failed:
        print(f"{failed} of {len(files)} pack files have problems.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_models(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.speech import DEFAULT_MODEL, list_models

    models = list_models(paths)
    if args.json:
        _print_json(
            {
                "default": DEFAULT_MODEL,
                "models": [
                    {
                        "name": m.name,
                        "description": m.description,
                        "source": m.source,
                        "ready": m.ready,
                        "path": str(m.path) if m.path else None,
                    }
                    for m in models
                ],
            }
        )
        return EXIT_OK
    print(
        f"Default: {DEFAULT_MODEL} (the transcript from the first, terms checked by the others)"
    )
    for m in models:
        state = "ready" if m.ready else "not installed"
        print(f"  {m.name:<10} {state:<14} {m.description}\n  {'':<10} from {m.source}")
    print(f"Add your own: put a CTranslate2 Whisper model folder in {paths.models}")
    return EXIT_OK


def _write_pdf(html: str, path: Path) -> None:
    # A PDF report is the one command that loads Qt: it lays the report out.
    from app.ui.review_pdf import write_pdf

    write_pdf(html, path)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rehearse", description="Practise spoken technical interviews."
    )
    parser.add_argument(
        "--version", action="version", version=f"rehearse {__version__}"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log details to stderr"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def model_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--model", default="default", help="tiny.en, base, PLAIN+HINT, or a folder"
        )
        p.add_argument(
            "--hotwords",
            choices=("confirm", "only", "off"),
            default="confirm",
            help="how the question's terms bias the recogniser (default: confirm)",
        )
        p.add_argument(
            "--pack", help="pack id or file (default: the pack holding the question)"
        )
        p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser(
        "analyse", aliases=["analyze"], help="transcribe and analyse an answer"
    )
    p.add_argument("audio", nargs="?", help="the recorded answer")
    p.add_argument("--text-file", help="analyse a written answer instead")
    p.add_argument("--question", required=True, help="question id")
    p.add_argument(
        "--save", action="store_true", help="keep the attempt in the history"
    )
    model_options(p)
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("transcribe", help="transcribe a recording")
    p.add_argument("audio")
    p.add_argument("--question", help="question id, whose terms guide the recogniser")
    model_options(p)
    p.set_defaults(func=cmd_transcribe)

    packs = sub.add_parser("packs", help="list, show and check question packs")
    psub = packs.add_subparsers(
        dest="packs_command", parser_class=_Parser, required=True
    )
    p = psub.add_parser("list", help="the packs found")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_packs_list)
    p = psub.add_parser("show", help="one pack in full")
    p.add_argument("pack", help="pack id or file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_packs_show)
    p = psub.add_parser("check", help="validate pack files")
    p.add_argument("paths", nargs="*", help="pack files (default: every pack found)")
    p.set_defaults(func=cmd_packs_check)

    from app.history.commands import add_parsers as add_history_parsers
    from app.history.commands import run as run_history

    add_history_parsers(sub)
    sub.choices["history"].set_defaults(
        func=lambda args, paths: run_history(args, paths, pdf_writer=_write_pdf)
    )

    p = sub.add_parser("models", help="the speech models and where each comes from")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    paths = default_paths()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as e:
        print(f"rehearse: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    setup_logging(paths, args.verbose)
    if args.command is None:
        from app.ui.main import run

        return run([sys.argv[0], *argv])
    try:
        return int(args.func(args, paths))
    except (UsageError, PackError) as e:
        print(f"rehearse: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Cancelled:
        print("rehearse: cancelled", file=sys.stderr)
        return EXIT_FAILED
    except TranscriptionError as e:
        print(f"rehearse: {e}", file=sys.stderr)
        return EXIT_FAILED
    except RehearseError as e:
        # Audio, model and transcription problems: the input or set-up is at fault.
        print(f"rehearse: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``rehearse packs show ... | head``): not a failure.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception as e:
        log.exception("unexpected failure")
        print(
            f"rehearse: failed: {e}. Details are in {paths.logs / 'rehearse.log'}.",
            file=sys.stderr,
        )
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
