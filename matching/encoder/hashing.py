"""A deterministic encoder with no model: character unigrams and bigrams hashed into ``dim`` buckets.

Selected by ``MATCHING_EMBEDDING_MODEL = "hashing"`` (the test settings' default, see
``config/settings/test.py``) or passed to the engine directly. Texts that share characters get
similar vectors; it knows nothing about meaning, so it serves the tests of the mechanics (vectors
stored and tagged, indexes built and updated, results filtered, paged and explained) in a
millisecond, with no torch. Match quality is measured with the real encoder: the tests marked
``real_encoder`` and ``bench/match_quality.py``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np

NAME = "hashing"
DEFAULT_DIM = 256
_SKIPPED = frozenset("；;，,。")


class HashingEncoder:
    """``encode(texts) -> (n, dim)`` float32 rows of unit length (all-zero for a text of no characters)."""

    def __init__(self, dim: int = DEFAULT_DIM, name: str = NAME) -> None:
        self.dim = int(dim)
        self.name = name

    def encode(self, texts: Iterable[str]) -> np.ndarray:
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            chars = [c for c in text if not c.isspace() and c not in _SKIPPED]
            grams = chars + [a + b for a, b in zip(chars, chars[1:], strict=False)]
            for gram in grams:
                out[row, zlib.crc32(gram.encode("utf-8")) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.ascontiguousarray(out / norms, dtype=np.float32)

    def __repr__(self) -> str:
        return f"HashingEncoder(dim={self.dim})"
