"""The index folder on disk (向量索引的文件): versioned per-side FAISS files and the manifest that says
which are in force, written atomically under an exclusive lock. ``matching.index`` (the lifecycle:
rebuild, updates, serving, the check) is its only user; the protocol is described there."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import faiss
from django.utils import timezone

from matching.engine import load_index, save_index

SIDES = ("jobs", "seekers")
MANIFEST = "manifest.json"
LOCK = ".lock"
_VERSIONED = re.compile(r"^(jobs|seekers)\.v(\d+)\.faiss$")


def _write_json_atomic(path: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class IndexStore:
    """The index folder: versioned per-side files plus the manifest that says which are in force."""

    def __init__(self, directory: str | os.PathLike[str], kind: str = "flat") -> None:
        self.directory = Path(directory)
        self.kind = kind

    @property
    def manifest_path(self) -> Path:
        return self.directory / MANIFEST

    def read_manifest(self) -> dict | None:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Exclusive writer lock; the kernel releases it if the holder dies."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / LOCK, "a+b") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def load_side(self, side: str, manifest: dict | None = None) -> faiss.Index | None:
        """The index in force for ``side``, read from disk (writers use this, readers use ``serving``)."""
        manifest = self.read_manifest() if manifest is None else manifest
        entry = (manifest or {}).get("sides", {}).get(side)
        if not entry:
            return None
        return load_index(self.directory / entry["file"])

    def publish(self, indexes: dict[str, faiss.Index], *, model: str) -> dict:
        """Write new files for the given sides, then the manifest. Call with the lock held.

        Sides not given keep their current file. Until the manifest is replaced (the last step) the
        previous version stays in force.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        old = self.read_manifest() or {}
        version = int(old.get("version", 0)) + 1
        sides = dict(old.get("sides", {}))
        now = timezone.now().isoformat()
        for side, index in indexes.items():
            if side not in SIDES:
                raise ValueError(f"unknown index side {side!r}")
            name = f"{side}.v{version}.faiss"
            save_index(index, self.directory / name)
            sides[side] = {"file": name, "count": int(index.ntotal), "written_at": now}
        manifest = {
            "version": version,
            "model": model,
            "kind": self.kind,
            "written_at": now,
            "sides": sides,
            # Files of the previous version stay on disk one more round: a reader may have read the old
            # manifest and not yet opened its file.
            "previous": [e["file"] for e in old.get("sides", {}).values()],
        }
        self._write_manifest(manifest)
        self.cleanup(manifest)
        return manifest

    def _write_manifest(self, manifest: dict) -> None:
        _write_json_atomic(self.manifest_path, manifest)

    def cleanup(self, manifest: dict | None = None) -> list[str]:
        """Remove leftovers of writers that died (temporary files, unnamed versions). Lock held."""
        manifest = self.read_manifest() if manifest is None else manifest
        keep = {MANIFEST, LOCK}
        if manifest:
            keep |= {e["file"] for e in manifest.get("sides", {}).values()}
            keep |= set(manifest.get("previous", []))
        removed = []
        for path in self.directory.iterdir():
            if path.name in keep:
                continue
            if path.name.endswith(".tmp") or _VERSIONED.match(path.name):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                removed.append(path.name)
        return removed
