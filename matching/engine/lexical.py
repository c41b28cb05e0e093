"""Lexical retrieval (关键词检索): jieba tokens and a BM25 index built once per corpus with ``bm25s``.

Queries score every document and are then restricted to the allowed positions, so a filtered query
never returns a document that failed the hard rules.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import bm25s
import jieba
import numpy as np

jieba.setLogLevel(logging.WARNING)

# Function words that carry no meaning about a job or a person.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 在 是 有 能 会 可 可以 对 为 以 并 也 都 很 我 你 他 她 我们 一个 一些 进行 相关 工作 岗位 负责 要求".split()
)
_WORD = re.compile(r"[\w\u4e00-\u9fff]")


def tokenize(text: str) -> list[str]:
    """jieba search-mode tokens (long words plus their sub-words), lower-cased, without stopwords."""
    tokens = []
    for tok in jieba.cut_for_search(text or ""):
        tok = tok.strip().lower()
        if tok and _WORD.search(tok) and tok not in STOPWORDS:
            tokens.append(tok)
    return tokens


class LexicalIndex:
    """BM25 over a fixed list of documents, addressed by position."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self.doc_tokens = [tokenize(t) for t in texts]
        self._bm25: bm25s.BM25 | None = None
        if self.size and any(self.doc_tokens):
            self._bm25 = bm25s.BM25()
            self._bm25.index(self.doc_tokens, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros when nothing is shared)."""
        tokens = tokenize(query)
        if self._bm25 is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top-``k`` (position, score) with a positive score, only among ``allowed`` positions."""
        scores = self.scores(query)
        if allowed is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[allowed] = True
            scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) == 0:
            return []
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
        return [(int(i), float(scores[i])) for i in order]
