"""Reports say what the feedback said, escape what they were given, and open."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import HistoryError
from app.history import HistoryStore
from app.history.commands import add_parsers, run
from app.history.export import export_attempts, render_html, render_markdown
from app.history.highlight import term_word_indices
from app.history.samples import sample_analysis, sample_pack, sample_transcript
from app.packs.model import Option
from app.paths import default_paths

PACK = sample_pack()
QUESTION = PACK.questions[0]
ANSWER = (
    "Um, a feature store has an offline store in Parquet and an online store in"
    " Redis. It stops training-serving skew. <script>alert('hi')</script>"
)


@pytest.fixture
def store():
    with HistoryStore.open(default_paths()) as store:
        yield store


def _attempt(store: HistoryStore, text: str = ANSWER, picked: str = "C"):
    transcript = sample_transcript(text)
    attempt_id = store.begin_attempt(
        pack_id=PACK.id, question_id=QUESTION.id, audio_path=None, model="tiny.en"
    )
    store.finish_attempt(
        attempt_id, transcript, sample_analysis(PACK, QUESTION, transcript)
    )
    store.record_choice(attempt_id, picked=picked, correct=picked == QUESTION.correct)
    return store.get(attempt_id)


def test_found_terms_are_matched_across_spacing_and_punctuation() -> None:
    transcript = sample_transcript(
        "We keep the offline store, and training-serving skew"
    )
    analysis = sample_analysis(PACK, QUESTION, transcript)

    marked = term_word_indices(transcript, analysis)

    assert marked == {
        3: "offline store",
        4: "offline store",
        6: "training-serving skew",
        7: "training-serving skew",
    }


def test_markdown_gives_the_feedback_in_order(store: HistoryStore) -> None:
    attempt = _attempt(store)

    report = render_markdown([attempt], {PACK.id: PACK})

    assert QUESTION.prompt in report
    assert report.index("### Next time") < report.index("### Key terms")
    assert "### Key terms: 5 of 6 found" in report
    assert "- found: **offline store**" in report
    assert "- missed: point-in-time correctness: No future data" in report
    assert "- not yet: Point-in-time correctness" in report
    assert "Filler words: 1 (“um” × 1)" in report
    assert "You picked C; the strongest is B." in report
    assert "Why C: Why C." in report
    assert "**Redis.**" in report
    assert "\\<script\\>" in report


def test_html_escapes_everything_it_was_given(store: HistoryStore) -> None:
    attempt = _attempt(store)
    hostile_question = dataclasses.replace(
        QUESTION,
        prompt="Why <script>steal()</script>?",
        options=(Option("C", "x", "<img src=x onerror=alert(1)>"), *QUESTION.options),
    )
    hostile_pack = dataclasses.replace(
        PACK, title="<b>pack</b>", questions=(hostile_question,)
    )

    page = render_html([attempt], {PACK.id: hostile_pack})

    assert "<script>" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page
    assert "Why &lt;script&gt;steal()&lt;/script&gt;?" in page
    assert "&lt;b&gt;pack&lt;/b&gt;" in page
    assert '<b class="term"><u>Redis.</u></b>' in page


def test_an_unknown_pack_still_gives_a_report(store: HistoryStore) -> None:
    attempt = _attempt(store)

    report = render_markdown([attempt], lambda pack_id: None)

    assert "## Question feature-store" in report
    assert "### Key terms: 5 of 6 found" in report


def test_an_unfinished_attempt_is_reported_as_such(store: HistoryStore) -> None:
    attempt_id = store.begin_attempt(
        pack_id=PACK.id, question_id=QUESTION.id, audio_path=None, model="base"
    )

    report = render_markdown([store.get(attempt_id)], {PACK.id: PACK})

    assert "Not transcribed yet." in report


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_text_reports_are_written_as_utf8(
    store: HistoryStore, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"report.{fmt}"

    export_attempts([_attempt(store)], {PACK.id: PACK}, fmt, path)

    assert "“um” × 1" in path.read_text(encoding="utf-8")


def test_an_unknown_format_is_refused(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="md, html or pdf"):
        export_attempts([], {}, "docx", tmp_path / "report.docx")


def test_an_unwritable_report_says_so(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="cannot be written"):
        export_attempts([], {}, "md", tmp_path / "missing" / "report.md")


def _check_pdf(data: bytes) -> int:
    """Check a PDF's structure the way a reader does; return its page count."""
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[start : start + 4] == b"xref"
    table = re.match(rb"xref\s+(\d+) (\d+)\s+", data[start:])
    first, count = int(table.group(1)), int(table.group(2))
    entries = data[start + table.end() :].split(b"\n")[:count]
    for number, entry in enumerate(entries, first):
        offset, _, kind = entry.split()[:3]
        if kind == b"n":
            assert re.match(rb"%d 0 obj" % number, data[int(offset) :])
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)
    counts += re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)
    assert counts
    return max(int(c) for c in counts)


def test_a_pdf_report_is_a_pdf_a_reader_can_open(
    store: HistoryStore, tmp_path: Path, qapp
) -> None:
    path = tmp_path / "report.pdf"
    attempts = [_attempt(store, picked=label) for label in "ABCD"]

    from app.ui.review_pdf import write_pdf

    export_attempts(attempts, {PACK.id: PACK}, "pdf", path, pdf_writer=write_pdf)

    assert _check_pdf(path.read_bytes()) >= 2


def test_the_pdf_writer_can_be_injected(store: HistoryStore, tmp_path: Path) -> None:
    written = {}

    def fake_pdf(html: str, path: Path) -> None:
        written[path] = html
        path.write_bytes(b"%PDF-1.4 fake")

    path = tmp_path / "report.pdf"
    export_attempts(
        [_attempt(store)], {PACK.id: PACK}, "pdf", path, pdf_writer=fake_pdf
    )

    assert "&lt;script&gt;" in written[path]


# The command line


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="rehearse")
    add_parsers(parser.add_subparsers(dest="command"))
    return run(parser.parse_args(argv))


def test_history_list_prints_json(store: HistoryStore, capsys) -> None:
    first = _attempt(store, picked="B")
    second = _attempt(store, text="A feature store has an online store.")

    assert _run("history", "list", "--json") == 0

    attempts = json.loads(capsys.readouterr().out)["attempts"]
    assert [a["id"] for a in attempts] == [second.id, first.id]
    assert attempts[1]["terms_found"] == 5
    assert attempts[1]["correct"] is True


def test_history_list_prints_a_table(store: HistoryStore, capsys) -> None:
    attempt = _attempt(store, picked="B")

    assert _run("history", "list") == 0

    row = capsys.readouterr().out.splitlines()[1]
    assert row.split()[0] == str(attempt.id)
    assert "5/6" in row and "B (strongest)" in row


def test_history_show_prints_the_attempt(store: HistoryStore, capsys) -> None:
    attempt = _attempt(store)

    assert _run("history", "show", str(attempt.id), "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["transcript"]["text"] == attempt.transcript.text

    assert _run("history", "show", str(attempt.id)) == 0
    assert "### Key terms: 5 of 6 found" in capsys.readouterr().out


def test_an_unknown_attempt_is_bad_input(store: HistoryStore, capsys) -> None:
    assert _run("history", "show", "999") == 2

    error = capsys.readouterr().err
    assert "no attempt 999" in error
    assert len(error.strip().splitlines()) == 1


def test_a_locked_history_fails_with_a_reason(capsys) -> None:
    paths = default_paths()
    HistoryStore.open(paths).close()
    import sqlite3

    holder = sqlite3.connect(paths.database, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        parser = argparse.ArgumentParser(prog="rehearse")
        add_parsers(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["history", "list"])
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(HistoryStore, "open", _quick_open)
            assert run(args) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "in use by another program" in capsys.readouterr().err


_real_open = HistoryStore.open


def _quick_open(paths, timeout_s=2.0):
    return _real_open(paths, timeout_s=0.05)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_history_export_writes_each_format_without_a_window(
    store: HistoryStore, tmp_path: Path, fmt: str
) -> None:
    attempt = _attempt(store)
    output = tmp_path / f"report.{fmt}"

    # A separate process, as from the command line: no Qt application exists.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))",
            *("history", "export", str(attempt.id), "--format", fmt, "-o", str(output)),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    data = output.read_bytes()
    if fmt == "pdf":
        assert _check_pdf(data) >= 1
    else:
        assert b"offline store" in data


def test_heard_as_is_shown_only_when_the_words_differ(store: HistoryStore) -> None:
    attempt = _attempt(store)
    terms = list(attempt.analysis.terms)
    terms[0] = dataclasses.replace(terms[0], heard_as="Offline store,")
    terms[1] = dataclasses.replace(terms[1], heard_as="only store")
    attempt = dataclasses.replace(
        attempt, analysis=dataclasses.replace(attempt.analysis, terms=tuple(terms))
    )

    report = render_markdown([attempt], {PACK.id: PACK})

    assert "- found: **offline store**\n" in report
    assert "- found: **online store** (heard as “only store”)" in report
