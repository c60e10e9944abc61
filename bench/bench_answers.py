"""Score `rehearse analyse` on spoken answers it has never seen.

Give it a JSON file of answers written apart from the pack, each
``{"question": ID, "kind": "strong" | "weak", "text": ..., "said": [terms],
"not_said": [terms]}``. Each answer is spoken by espeak-ng in several voices and
analysed through the command line, exactly as a user would run it. Prints:

- recall: of the terms said, how many `analyse` reports as found;
- recovered: of the terms said, how many appear in the transcript or the hot-word
  pass, and of those, how many are flagged as found;
- false hits: of the terms not said, how many are reported as found;
- whether every strong answer scores above the weak answer to the same question.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_speech import speak  # noqa: E402

from app.analysis.matching import tokens  # noqa: E402
from app.packs import load_pack  # noqa: E402

PACK = REPO / "content" / "ml-platform-engineer.toml"


def analyse(audio: Path, question: str, model: str) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "analyse",
            str(audio),
            "--question",
            question,
            "--model",
            model,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return json.loads(out.stdout)


def written(term_forms: list[str], words: list[str]) -> bool:
    squashed = "".join(tokens(" ".join(words)))
    return any("".join(tokens(f)) in squashed for f in term_forms if tokens(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", type=Path)
    parser.add_argument("--voices", default="en-us,en-gb-scotland,en-us+noise")
    parser.add_argument("--model", default="default")
    args = parser.parse_args()
    pack = load_pack(PACK)
    answers = json.loads(args.answers.read_text())
    said = hit = unsaid = false = recovered = flagged_recovered = 0
    scores: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    missed: list[str] = []
    invented: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for index, answer in enumerate(answers):
            question = pack.question(answer["question"])
            forms = {t.term: list(t.forms) for t in question.terms}
            for voice in args.voices.split(","):
                audio = Path(tmp) / f"{index}-{voice}.wav"
                speak(answer["text"], voice, audio)
                result = analyse(audio, question.id, args.model)
                found = {t["term"] for t in result["terms"] if t["found"]}
                heard = [w["text"] for w in result["words"]]
                said += len(answer["said"])
                hit += len(found & set(answer["said"]))
                unsaid += len(answer["not_said"])
                false += len(found & set(answer["not_said"]))
                for term in answer["said"]:
                    if written(forms[term], heard) or term in found:
                        recovered += 1
                        flagged_recovered += term in found
                    if term not in found:
                        missed.append(f"{question.id}/{answer['kind']}/{voice}: {term}")
                invented += [
                    f"{question.id}/{answer['kind']}/{voice}: {t}"
                    for t in found & set(answer["not_said"])
                ]
                steps = sum(s["covered"] for s in result["structure"])
                scores[(question.id, voice)][answer["kind"]] = len(found) + steps
    ranked = sum(s.get("strong", 0) > s.get("weak", 0) for s in scores.values())
    print(
        f"## `rehearse analyse --model {args.model}` on {len(answers)} unseen answers, "
        f"voices {args.voices}\n"
    )
    print(f"- recall: {hit / said:.1%} ({hit}/{said}) of the terms said")
    print(
        f"- recovered in a transcript pass: {recovered / said:.1%} ({recovered}/{said}); "
        f"of those flagged found: {flagged_recovered / max(recovered, 1):.1%}"
    )
    print(
        f"- false hits: {false / max(unsaid, 1):.1%} ({false}/{unsaid}) of the terms not said"
    )
    print(f"- strong above weak: {ranked} of {len(scores)} question-and-voice pairs")
    print(f"- missed: {', '.join(missed) or 'none'}")
    print(f"- invented: {', '.join(invented) or 'none'}")
    print(f"\n(took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
