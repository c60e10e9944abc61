"""Read question packs from TOML, check every field, and report each problem in full.

A problem names the file, the question and the field, so a teacher writing a pack can
fix it without reading this code. The format is documented in ``content/README.md``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from app.errors import PackError
from app.packs.model import LABELS, Option, Pack, Principle, Question, Step, Term

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

log = logging.getLogger(__name__)

PACK_SUFFIX = ".toml"
FORMAT_VERSION = 1


class _Problems:
    """Collects problems while a pack is read, so all of them are reported at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{self.path.name}: {where}: {message}")


def _text(
    table: dict[str, Any],
    key: str,
    where: str,
    problems: _Problems,
    *,
    required: bool = True,
) -> str:
    value = table.get(key)
    if value is None:
        if required:
            problems.add(where, f"missing field '{key}'")
        return ""
    if not isinstance(value, str):
        problems.add(where, f"field '{key}' must be text, not {type(value).__name__}")
        return ""
    if required and not value.strip():
        problems.add(where, f"field '{key}' is empty")
    return value.strip()


def _texts(
    table: dict[str, Any],
    key: str,
    where: str,
    problems: _Problems,
    *,
    required: bool = True,
) -> tuple[str, ...]:
    value = table.get(key)
    if value is None:
        if required:
            problems.add(where, f"missing field '{key}'")
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(where, f"field '{key}' must be a list of texts")
        return ()
    cleaned = tuple(v.strip() for v in value if v.strip())
    if required and not cleaned:
        problems.add(where, f"field '{key}' is empty")
    return cleaned


def _tables(
    table: dict[str, Any], key: str, where: str, problems: _Problems, parent: str = ""
) -> list[dict[str, Any]]:
    header = f"[[{parent}{key}]]"
    value = table.get(key)
    if value is None:
        problems.add(where, f"missing '{header}' entries")
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.add(where, f"'{key}' must be written as '{header}' tables")
        return []
    return value


def _read_term(raw: dict[str, Any], where: str, problems: _Problems) -> Term:
    return Term(
        term=_text(raw, "term", where, problems),
        definition=_text(raw, "definition", where, problems),
        variants=_texts(raw, "variants", where, problems, required=False),
        hint=_text(raw, "hint", where, problems, required=False),
    )


def _read_question(raw: dict[str, Any], where: str, problems: _Problems) -> Question:
    options = []
    for index, option in enumerate(
        _tables(raw, "options", where, problems, "questions."), 1
    ):
        label = _text(option, "label", f"{where}, option {index}", problems)
        options.append(
            Option(
                label=label,
                text=_text(
                    option, "text", f"{where}, option {label or index}", problems
                ),
                explanation=_text(
                    option, "explanation", f"{where}, option {label or index}", problems
                ),
            )
        )
    labels = [option.label for option in options]
    if options and sorted(labels) != list(LABELS):
        problems.add(
            where, f"options must be labelled A, B, C and D once each, found {labels}"
        )

    correct = _text(raw, "correct", where, problems)
    if correct and correct not in LABELS:
        problems.add(
            where, f"field 'correct' must be one of A, B, C, D, not {correct!r}"
        )

    steps = [
        Step(
            name=_text(step, "name", f"{where}, step {index}", problems),
            cues=_texts(step, "cues", f"{where}, step {index}", problems),
            detail=_text(
                step, "detail", f"{where}, step {index}", problems, required=False
            ),
        )
        for index, step in enumerate(
            _tables(raw, "steps", where, problems, "questions."), 1
        )
    ]
    terms = [
        _read_term(term, f"{where}, term {index}", problems)
        for index, term in enumerate(
            _tables(raw, "terms", where, problems, "questions."), 1
        )
    ]
    seen: set[str] = set()
    for term in terms:
        key = term.term.casefold()
        if key and key in seen:
            problems.add(where, f"term {term.term!r} is listed twice")
        seen.add(key)

    return Question(
        id=_text(raw, "id", where, problems),
        prompt=_text(raw, "prompt", where, problems),
        instruction=_text(raw, "instruction", where, problems, required=False)
        or "Which answer is the strongest?",
        options=tuple(sorted(options, key=lambda o: o.label)),
        correct=correct,
        steps=tuple(steps),
        terms=tuple(terms),
        formula=_text(raw, "formula", where, problems, required=False),
    )


def load_pack(path: Path) -> Pack:
    """Load and validate one pack file.

    Raises:
        PackError: the file cannot be read, is not TOML, or breaks the format. The
            exception's ``problems`` lists every problem found, one per line.
    """
    path = Path(path)
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise PackError(f"Pack not found: {path}. Check the path.") from e
    except (OSError, UnicodeDecodeError) as e:
        raise PackError(
            f"Pack {path} cannot be read: {e}. Save it as UTF-8 text."
        ) from e
    try:
        data = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as e:
        raise PackError(
            f"Pack {path.name} is not valid TOML: {e}. Fix the line it names.",
            (f"{path.name}: {e}",),
        ) from e

    problems = _Problems(path)
    version = data.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        problems.add("pack", f"format {version!r} is not supported (expected 1)")

    principles = [
        Principle(
            id=_text(raw, "id", f"principle {index}", problems),
            name=_text(raw, "name", f"principle {index}", problems),
            summary=_text(raw, "summary", f"principle {index}", problems),
            cues=_texts(raw, "cues", f"principle {index}", problems),
        )
        for index, raw in enumerate(_tables(data, "principles", "pack", problems), 1)
    ]
    questions = []
    for index, raw in enumerate(_tables(data, "questions", "pack", problems), 1):
        name = raw.get("id") if isinstance(raw.get("id"), str) else f"#{index}"
        questions.append(_read_question(raw, f"question {name}", problems))
    ids = [q.id for q in questions]
    for qid in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add("pack", f"question id {qid!r} is used more than once")

    pack = Pack(
        id=_text(data, "id", "pack", problems),
        title=_text(data, "title", "pack", problems),
        description=_text(data, "description", "pack", problems, required=False),
        principles=tuple(principles),
        questions=tuple(questions),
        language=_text(data, "language", "pack", problems, required=False) or "en",
        path=path,
    )
    if not questions and not any("questions" in p for p in problems.items):
        problems.add("pack", "has no questions")
    if problems.items:
        count = len(problems.items)
        raise PackError(
            f"Pack {path.name} has {count} problem{'s' if count > 1 else ''}: "
            f"{problems.items[0].split(': ', 1)[1]}"
            + (f" (and {count - 1} more)" if count > 1 else "")
            + ". Run 'rehearse packs check' to see them all.",
            tuple(problems.items),
        )
    log.debug("loaded pack %s from %s", pack.id, path)
    return pack


def validate_pack_file(path: Path) -> tuple[str, ...]:
    """Every problem with one pack file; empty when it is valid."""
    try:
        load_pack(path)
    except PackError as e:
        return e.problems or (str(e),)
    return ()


def find_packs(folders: Iterable[Path]) -> list[Pack]:
    """Load every valid pack in the folders; a broken pack is logged and skipped.

    A pack id found in a later folder replaces one from an earlier folder, so a
    user's own copy of a pack wins over the one shipped with the app.
    """
    packs: dict[str, Pack] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{PACK_SUFFIX}")):
            try:
                pack = load_pack(path)
            except PackError as e:
                log.warning("skipping pack %s: %s", path, e)
                continue
            packs[pack.id] = pack
    return list(packs.values())


def resolve_pack(name_or_path: str | None, folders: Sequence[Path]) -> Pack:
    """A pack by id among the folders, or by file path. None means the only pack.

    Raises:
        PackError: no such pack, or several packs and none named.
    """
    if name_or_path and (
        name_or_path.endswith(PACK_SUFFIX) or Path(name_or_path).is_file()
    ):
        return load_pack(Path(name_or_path))
    packs = find_packs(folders)
    if name_or_path:
        for pack in packs:
            if pack.id == name_or_path:
                return pack
        known = ", ".join(p.id for p in packs) or "none"
        raise PackError(
            f"No pack called {name_or_path!r}. Known packs: {known}. "
            "Run 'rehearse packs list' to see them."
        )
    if not packs:
        raise PackError(
            "No question packs were found. Reinstall Rehearse, or put a pack file in "
            + str(folders[-1] if folders else "the user data folder")
        )
    return packs[0]


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    """The whole pack as plain data, for JSON."""
    return {
        "id": pack.id,
        "title": pack.title,
        "description": pack.description,
        "language": pack.language,
        "principles": [
            {"id": p.id, "name": p.name, "summary": p.summary, "cues": list(p.cues)}
            for p in pack.principles
        ],
        "questions": [
            {
                "id": q.id,
                "prompt": q.prompt,
                "instruction": q.instruction,
                "correct": q.correct,
                "formula": q.formula,
                "options": [
                    {"label": o.label, "text": o.text, "explanation": o.explanation}
                    for o in q.options
                ],
                "steps": [
                    {"name": s.name, "cues": list(s.cues), "detail": s.detail}
                    for s in q.steps
                ],
                "terms": [
                    {
                        "term": t.term,
                        "variants": list(t.variants),
                        "definition": t.definition,
                        "hint": t.hint,
                    }
                    for t in q.terms
                ],
            }
            for q in pack.questions
        ],
    }
