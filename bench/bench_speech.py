"""Measure the speech models and the ways of using the question's terms.

Prints, for tiny.en and base:
- word error rate on the real recordings in tests/data/realspeech (L2 and native);
- on the pack's own answers spoken by espeak-ng in several voices: key terms found
  (recall) and terms reported that were not said (false hits), for the plain pass,
  the hot-word pass on its own (plain faster-whisper with ``hotwords``), and the
  two-pass combinations Rehearse can use;
- seconds of computing per second of audio, and peak memory per model.

Recogniser passes are cached in bench/out, so changing the analysis and running
again takes seconds. Delete bench/out to measure afresh.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.analysis import analyse  # noqa: E402
from app.analysis.matching import tokens  # noqa: E402
from app.packs import Pack, Question, load_pack  # noqa: E402
from app.paths import AppPaths  # noqa: E402
from app.speech import Transcriber, Transcript, Word  # noqa: E402
from app.speech.transcriber import load_audio  # noqa: E402

OUT = REPO / "bench" / "out"
REALSPEECH = REPO / "tests" / "data" / "realspeech"
PACK = REPO / "content" / "ml-platform-engineer.toml"
VOICES = ("en-us", "en-gb", "en-gb-scotland", "en-029", "en-us+noise")
MODELS = ("tiny.en", "base")


def normalise(text: str) -> list[str]:
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return text.split()


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    import jiwer

    ref, hyp = " ".join(normalise(reference)), " ".join(normalise(hypothesis))
    out = jiwer.process_words(ref, hyp or "<empty>")
    return out.substitutions + out.deletions + out.insertions, len(ref.split())


def _transcriber(name: str, paths: AppPaths) -> Transcriber:
    t = Transcriber(name, paths, hotwords="off")
    t.load()
    return t


def wer_table(paths: AppPaths) -> None:
    clips = sorted(REALSPEECH.glob("*.wav"))
    print(f"\n## Word error rate, real human speech ({len(clips)} clips)\n")
    print("| model | all | L2 speakers | native | seconds per second of audio |")
    print("|---|---|---|---|---|")
    for name in MODELS:
        t = _transcriber(name, paths)
        errors = {"l2": 0, "native": 0}
        words = {"l2": 0, "native": 0}
        audio_s = compute_s = 0.0
        for clip in clips:
            group = "l2" if clip.name.startswith("l2_") else "native"
            reference = clip.with_suffix(".txt").read_text(encoding="utf-8")
            started = time.perf_counter()
            transcript = t.transcribe(clip)
            compute_s += time.perf_counter() - started
            audio_s += transcript.duration_s
            e, n = word_errors(reference, transcript.text)
            errors[group] += e
            words[group] += n
        total_e, total_n = sum(errors.values()), sum(words.values())
        print(
            f"| {name} | {total_e / total_n:.1%} ({total_e}/{total_n}) "
            f"| {errors['l2'] / words['l2']:.1%} | {errors['native'] / words['native']:.1%} "
            f"| {compute_s / audio_s:.3f} |"
        )


def speak(text: str, voice: str, path: Path) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    noisy = voice.endswith("+noise")
    raw = path.with_suffix(".raw.wav") if noisy else path
    espeak_voice = voice.removesuffix("+noise")
    subprocess.run(
        ["espeak-ng", "-v", espeak_voice, "-s", "150", "-w", str(raw), text], check=True
    )
    if noisy:
        # Pink noise 15 dB below the speech.
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", str(path)], check=True
        )
        _add_noise(path, snr_db=15.0)
        raw.unlink()


def _add_noise(path: Path, snr_db: float) -> None:
    import numpy as np
    import soundfile as sf

    audio, rate = sf.read(path, dtype="float32")
    rng = np.random.default_rng(7)
    white = rng.standard_normal(audio.size).astype(np.float32)
    spectrum = np.fft.rfft(white)
    spectrum /= np.sqrt(np.arange(1, spectrum.size + 1))
    pink = np.fft.irfft(spectrum, n=audio.size).astype(np.float32)
    speech_power = float(np.mean(audio[np.abs(audio) > 1e-3] ** 2))
    pink *= np.sqrt(speech_power / (10 ** (snr_db / 10)) / float(np.mean(pink**2)))
    sf.write(path, np.clip(audio + pink, -1, 1), rate)


def _words(data: list[dict]) -> tuple[Word, ...]:
    return tuple(Word(w["text"], w["start"], w["end"], w["probability"]) for w in data)


def passes(clip: Path, question: Question, paths: AppPaths, cache: dict) -> dict:
    """The four raw passes for one clip, from cache when possible."""
    key = clip.stem
    if key in cache:
        return cache[key]
    result = {}
    samples = load_audio(clip)
    for name in MODELS:
        for mode in ("plain", "hot"):
            t = TRANSCRIBERS[(name, mode)]
            started = time.perf_counter()
            transcript = t.transcribe(samples, question if mode == "hot" else None)
            result[f"{name}/{mode}"] = {
                "words": [
                    {
                        "text": w.text,
                        "start": w.start,
                        "end": w.end,
                        "probability": w.probability,
                    }
                    for w in transcript.words
                ],
                "seconds": time.perf_counter() - started,
            }
    result["duration_s"] = samples.size / 16000
    cache[key] = result
    return result


TRANSCRIBERS: dict[tuple[str, str], Transcriber] = {}


def said_terms(question: Question, pack: Pack, text: str) -> set[str]:
    analysis = analyse(Transcript.from_text(text), question, pack)
    return {t.term for t in analysis.terms if t.found}


def in_text(question: Question, words: tuple[Word, ...]) -> set[str]:
    """Terms written in a transcript, by plain substring: independent of the matcher."""
    squashed = "".join(tokens(" ".join(w.text for w in words)))
    found = set()
    for term in question.terms:
        if any(
            "".join(tokens(form)) in squashed for form in term.forms if tokens(form)
        ):
            found.add(term.term)
    return found


# What the learner reads, and the hot-word passes that may confirm terms.
COMBOS = {
    "tiny.en plain": ("tiny.en/plain", ()),
    "tiny.en hot words only": ("tiny.en/hot", ()),
    "base plain": ("base/plain", ()),
    "base hot words only": ("base/hot", ()),
    "tiny.en + tiny.en check": ("tiny.en/plain", ("tiny.en/hot",)),
    "tiny.en + base check": ("tiny.en/plain", ("base/hot",)),
    "base + base check": ("base/plain", ("base/hot",)),
    "base + tiny.en check": ("base/plain", ("tiny.en/hot",)),
    "tiny.en + base and tiny.en checks (default)": (
        "tiny.en/plain",
        ("base/hot", "tiny.en/hot"),
    ),
}
DEFAULT_COMBO = "tiny.en + base and tiny.en checks (default)"


def terms_table(paths: AppPaths, voices: list[str], labels: list[str]) -> None:
    pack = load_pack(PACK)
    cache_file = OUT / "passes.json"
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    for name in MODELS:
        TRANSCRIBERS[(name, "plain")] = Transcriber(name, paths, hotwords="off")
        TRANSCRIBERS[(name, "hot")] = Transcriber(name, paths, hotwords="only")
    stats = {
        c: {
            "said": 0,
            "hit": 0,
            "unsaid": 0,
            "false": 0,
            "written": 0,
            "flagged_written": 0,
        }
        for c in COMBOS
    }
    seconds = {f"{m}/{p}": 0.0 for m in MODELS for p in ("plain", "hot")}
    audio_s = 0.0
    ranking_ok = ranking_total = 0
    clips = 0
    for question in pack.questions:
        for voice in voices:
            scores = {}
            for option in question.options:
                if option.label not in labels:
                    continue
                digest = hashlib.sha1(option.text.encode()).hexdigest()[:8]
                clip = (
                    OUT
                    / "answers"
                    / f"{question.id}-{option.label}-{voice}-{digest}.wav"
                )
                speak(option.text, voice, clip)
                raw = passes(clip, question, paths, cache)
                cache_file.write_text(json.dumps(cache))
                clips += 1
                audio_s += raw["duration_s"]
                for k in seconds:
                    seconds[k] += raw[k]["seconds"]
                said = said_terms(question, pack, option.text)
                unsaid = {t.term for t in question.terms} - said
                for combo, (plain_key, hint_keys) in COMBOS.items():
                    plain = _words(raw[plain_key]["words"])
                    hinted = tuple(
                        w for k in hint_keys for w in _words(raw[k]["words"])
                    )
                    transcript = Transcript(
                        text=" ".join(w.text for w in plain),
                        words=plain,
                        duration_s=raw["duration_s"],
                        model=combo,
                        hinted_words=hinted,
                    )
                    analysis = analyse(transcript, question, pack)
                    found = {t.term for t in analysis.terms if t.found}
                    written = (
                        in_text(question, plain) | in_text(question, hinted)
                    ) & said
                    s = stats[combo]
                    s["said"] += len(said)
                    s["hit"] += len(found & said)
                    s["unsaid"] += len(unsaid)
                    s["false"] += len(found & unsaid)
                    s["written"] += len(written)
                    s["flagged_written"] += len(found & written)
                    if combo == DEFAULT_COMBO:
                        scores[option.label] = (
                            analysis.terms_found + analysis.steps_covered
                        )
            if "A" in scores and "B" in scores:
                ranking_total += 1
                ranking_ok += scores["B"] > scores["A"]
    print(f"\n## Key terms on {clips} spoken answers ({', '.join(voices)})\n")
    print(
        "| transcription | recall | false hits | terms written in a pass | of those, flagged |"
    )
    print("|---|---|---|---|---|")
    for combo, s in stats.items():
        print(
            f"| {combo} | {s['hit'] / s['said']:.1%} ({s['hit']}/{s['said']}) "
            f"| {s['false'] / max(s['unsaid'], 1):.1%} ({s['false']}/{s['unsaid']}) "
            f"| {s['written'] / s['said']:.1%} "
            f"| {s['flagged_written'] / max(s['written'], 1):.1%} |"
        )
    print(
        f"\nStrong answer (B) above the brief one (A), {DEFAULT_COMBO}: "
        f"{ranking_ok} of {ranking_total}"
    )
    print(f"\n## Speed on {audio_s:.0f} s of spoken answers\n")
    print("| pass | seconds per second of audio |")
    print("|---|---|")
    for k, v in seconds.items():
        print(f"| {k} | {v / audio_s:.3f} |")


def memory_table() -> None:
    print("\n## Peak memory, one model loaded and a 60 s answer transcribed\n")
    print("| model | peak resident memory |")
    print("|---|---|")
    clip = OUT / "answers" / "memory-60s.wav"
    speak("This is a sixty second answer about a feature store. " * 12, "en-us", clip)
    for name in (*MODELS, "default"):
        code = (
            "import resource, sys; from pathlib import Path; "
            f"sys.path.insert(0, {str(REPO)!r}); "
            "from app.speech import Transcriber; from app.packs import load_pack; "
            f"q = load_pack(Path({str(PACK)!r})).questions[0]; "
            f"t = Transcriber({name!r}); t.load(); t.transcribe(Path({str(clip)!r}), q); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        print(f"| {name} | {int(out.stdout.split()[-1]) / 1024:.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--voices",
        default="en-us,en-gb-scotland,en-us+noise",
        help=f"from {','.join(VOICES)}",
    )
    parser.add_argument(
        "--options", default="A,B,C,D", help="which answers of each question to speak"
    )
    parser.add_argument(
        "--skip", default="", help="comma list of sections to skip: wer,terms,memory"
    )
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    paths = AppPaths.under(OUT / "home")
    started = time.perf_counter()
    if "wer" not in skip:
        wer_table(paths)
    if "terms" not in skip:
        terms_table(paths, args.voices.split(","), args.options.split(","))
    if "memory" not in skip:
        memory_table()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n(bench took {time.perf_counter() - started:.0f} s; "
        f"peak memory of this process {peak_mb:.0f} MB)"
    )


if __name__ == "__main__":
    main()
