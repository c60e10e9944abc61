"""Pack loading: a valid pack loads; each kind of mistake is reported with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import PackError
from app.packs import find_packs, load_pack, pack_to_dict, validate_pack_file

MINI = Path(__file__).parent / "data" / "packs" / "mini.toml"


def test_mini_pack_loads_with_every_part() -> None:
    pack = load_pack(MINI)
    question = pack.question("feature-store")
    assert pack.id == "mini"
    assert [o.label for o in question.options] == ["A", "B", "C", "D"]
    assert question.correct == "B"
    assert question.steps[0].cues == ("offline store", "online store")
    parquet = next(t for t in question.terms if t.term == "Parquet")
    assert parquet.variants == ("parkay",)
    assert parquet.hint == "par-KAY"
    assert "BigQuery" in question.hotwords


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('title = "Mini pack"\n', "", "pack: missing field 'title'"),
        (
            'prompt = "What is a feature store',
            'promp = "What is a feature store',
            "question feature-store: missing field 'prompt'",
        ),
        ('correct = "B"', 'correct = "E"', "field 'correct' must be one of A, B, C, D"),
        (
            'label = "D"',
            'label = "B"',
            "options must be labelled A, B, C and D once each",
        ),
        (
            'cues = ["offline store", "online store"]',
            "cues = []",
            "question feature-store, step 1: field 'cues' is empty",
        ),
        (
            'definition = "A columnar file format."',
            "",
            "question feature-store, term 3: missing field 'definition'",
        ),
        ('term = "Redis"', 'term = "BigQuery"', "term 'BigQuery' is listed twice"),
        (
            'variants = ["parkay"]',
            'variants = "parkay"',
            "field 'variants' must be a list of texts",
        ),
        ("format = 1", "format = 2", "format 2 is not supported"),
    ],
)
def test_each_mistake_is_reported_with_file_question_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    problems = validate_pack_file(_broken(tmp_path, old, new))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("broken.toml: ") for p in problems)


def test_a_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'title = "Mini pack"', 'title = "Mini pack')
    with pytest.raises(PackError, match=r"not valid TOML.*line 4"):
        load_pack(path)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "empty-question.toml"
    path.write_text(
        'format = 1\nid = "x"\ntitle = "X"\n[[principles]]\nid="p"\n'
        '[[questions]]\nid = "q"\n',
        encoding="utf-8",
    )
    problems = validate_pack_file(path)
    assert len(problems) >= 5
    assert any("question q: missing field 'prompt'" in p for p in problems)
    assert any("principle 1: missing field 'name'" in p for p in problems)


def test_missing_pack_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="Pack not found"):
        load_pack(tmp_path / "nope.toml")


def test_user_pack_replaces_shipped_pack_with_the_same_id(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir()
    user.mkdir()
    (shipped / "mini.toml").write_text(
        MINI.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (user / "mine.toml").write_text(
        MINI.read_text(encoding="utf-8").replace(
            'title = "Mini pack"', 'title = "My copy"'
        ),
        encoding="utf-8",
    )
    (user / "broken.toml").write_text("not = [toml", encoding="utf-8")
    packs = find_packs([shipped, user])
    assert [(p.id, p.title) for p in packs] == [("mini", "My copy")]


def test_pack_as_plain_data_keeps_everything() -> None:
    data = pack_to_dict(load_pack(MINI))
    question = data["questions"][0]
    assert set(question) >= {"id", "prompt", "correct", "options", "steps", "terms"}
    assert question["options"][1] == {
        "label": "B",
        "text": question["options"][1]["text"],
        "explanation": "Complete.",
    }
    assert question["terms"][2]["variants"] == ["parkay"]
