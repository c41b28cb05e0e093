"""The index lifecycle (向量索引): stored vectors → one FAISS index per side on disk → served to readers.

The database is the source of truth: every ``JobPost`` / ``VocationalAssessment`` keeps its own vector
(``matching.profiles`` defines the format). The index files under ``MATCHING_INDEX_DIR`` are caches
(``matching.index_files`` reads and writes them):

- ``jobs.v<N>.faiss`` — published job posts, FAISS ids = ``JobPost.pk``;
- ``seekers.v<N>.faiss`` — each seeker's current assessment, FAISS ids = ``VocationalAssessment.pk``;
- ``manifest.json`` — the version in force and which file serves each side.

A writer (a rebuild or a task's update) holds an exclusive ``flock`` on ``.lock``, writes complete new
index files (temporary file + ``os.replace``), and only then replaces the manifest the same way. A
reader follows the manifest: until the new manifest is in place it keeps serving the old files, so a
writer that dies half-way changes nothing that is served. The next writer removes what a dead one
left behind (temporary files, files no manifest names).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import faiss
import numpy as np
from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from employment.models import JobPost, JobStatus, VocationalAssessment
from matching.engine import build_index, load_index, remove_ids
from matching.engine.dense import normalise, stored_ids

from . import profiles
from .index_files import IndexStore

logger = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "use-multilingual-v3"

# progress(total, description) → an object with update(n) and close(), e.g. a tqdm bar.
ProgressFactory = Callable[[int, str], object]


def store() -> IndexStore:
    return IndexStore(settings.MATCHING_INDEX_DIR, getattr(settings, "MATCHING_INDEX_KIND", "flat"))


# ---- readers -----------------------------------------------------------------------------------


@dataclass
class ServedIndex:
    """One side's index as loaded by this process, with the manifest version it came from."""

    version: int
    file: str
    index: faiss.Index
    model: str = ""
    ids: frozenset[int] = field(default_factory=frozenset)

    def vector(self, row_id: int) -> np.ndarray | None:
        """The row's vector, or ``None`` if absent or made by another model than the one configured."""
        if row_id not in self.ids or self.model != current_model_name():
            return None
        return np.asarray(self.index.reconstruct(int(row_id)), dtype=np.float32)


_served: dict[tuple[str, str], ServedIndex] = {}
_served_lock = threading.Lock()


def serving(side: str, index_store: IndexStore | None = None) -> ServedIndex | None:
    """The index readers should use for ``side``: reloaded when the manifest names a new file, and
    the previously loaded one kept if the new file cannot be read."""
    index_store = index_store or store()
    key = (str(index_store.directory), side)
    current = _served.get(key)
    try:
        manifest = index_store.read_manifest()
    except (OSError, ValueError):
        logger.exception("matching index manifest unreadable; keeping the loaded index")
        return current
    entry = (manifest or {}).get("sides", {}).get(side)
    if not entry:
        return current
    if current is not None and current.file == entry["file"]:
        return current
    with _served_lock:
        current = _served.get(key)
        if current is not None and current.file == entry["file"]:
            return current
        try:
            index = load_index(index_store.directory / entry["file"])
        except (OSError, RuntimeError):
            logger.exception("matching index %s unreadable; keeping the loaded index", entry["file"])
            return current
        served = ServedIndex(
            version=int(manifest["version"]), file=entry["file"], index=index, model=str(manifest.get("model", "")),
            ids=frozenset(int(i) for i in stored_ids(index)),
        )
        _served[key] = served
        return served


def forget_served() -> None:
    """Drop this process's loaded indexes (tests switch index folders)."""
    _served.clear()


# ---- rows and vectors --------------------------------------------------------------------------


def current_model_name() -> str:
    """The name the configured encoder reports (``matching.embedding.Encoder.name``), without loading it."""
    return str(getattr(settings, "MATCHING_EMBEDDING_MODEL", "") or DEFAULT_MODEL_NAME)


def indexed_jobs() -> QuerySet[JobPost]:
    """Job posts that belong in the jobs index: the published ones."""
    return JobPost.objects.filter(status=JobStatus.PUBLISHED).select_related("town")


def current_assessments() -> QuerySet[VocationalAssessment]:
    """Each seeker's current (latest) assessment: the rows that belong in the seekers index."""
    latest = (
        VocationalAssessment.objects.filter(seeker=OuterRef("seeker"))
        .order_by("-assessed_at", "-id")
        .values("pk")[:1]
    )
    return VocationalAssessment.objects.filter(pk=Subquery(latest)).select_related("seeker", "seeker__town")


def is_current_assessment(assessment: VocationalAssessment) -> bool:
    latest = assessment.seeker.assessments.order_by("-assessed_at", "-id").values_list("pk", flat=True).first()
    return latest == assessment.pk


def _model_of(model_name: str, row) -> bool:
    return (row.embedding_model or "").split(profiles.FINGERPRINT_SEP)[0] == model_name


def stale_rows(rows: Iterable, model_name: str) -> list:
    """Rows whose stored vector is missing, from another model, or from an older text."""
    return [r for r in rows if not profiles.is_current(r, model_name)]


def embed_rows(
    rows: Sequence, *, encoder=None, batch_size: int = 64, progress: object | None = None
) -> int:
    """Encode ``rows`` in batches and store each vector with its row; returns how many were stored.

    Only the embedding columns are written (``QuerySet.update``), so ``updated_at`` stays as it was.
    """
    if not rows:
        return 0
    if encoder is None:
        from matching.embedding import get_encoder

        encoder = get_encoder()
    model_name = current_model_name()
    done = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        texts = [profiles.row_text(r) for r in batch]
        vectors = encoder.encode(texts)
        now = timezone.now()
        for row, text, vector in zip(batch, texts, vectors, strict=True):
            tag = profiles.embedding_tag(model_name, text)
            data = profiles.vector_to_bytes(vector)
            type(row).objects.filter(pk=row.pk).update(embedding=data, embedding_model=tag, embedded_at=now)
            row.embedding, row.embedding_model, row.embedded_at = data, tag, now
        done += len(batch)
        if progress is not None:
            progress.update(len(batch))
    return done


def _vectors_of(rows: Iterable, model_name: str) -> tuple[list[int], np.ndarray | None]:
    """(ids, vectors) of the rows whose stored vector comes from ``model_name``."""
    ids, vectors = [], []
    for row in rows:
        if row.embedding is None or not _model_of(model_name, row):
            continue
        ids.append(row.pk)
        vectors.append(profiles.vector_from_bytes(row.embedding))
    if not vectors:
        return ids, None
    return ids, np.vstack(vectors)


def _build(ids: list[int], vectors: np.ndarray | None, dim: int, kind: str) -> faiss.Index:
    if vectors is None:
        vectors = np.zeros((0, dim), dtype=np.float32)
    return build_index(vectors, ids, kind=kind)  # type: ignore[arg-type]


# ---- the rebuild -------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    embedded_jobs: int = 0
    embedded_assessments: int = 0
    jobs_indexed: int = 0
    seekers_indexed: int = 0
    version: int = 0


def _bar(progress: ProgressFactory | None, total: int, description: str):
    return progress(total, description) if progress is not None else None


def rebuild(
    *, encoder=None, batch_size: int = 64, progress: ProgressFactory | None = None,
    index_store: IndexStore | None = None,
) -> RebuildReport:
    """Embed every row with a missing or stale vector, then build and publish both indexes."""
    index_store = index_store or store()
    model_name = current_model_name()
    report = RebuildReport()
    jobs = list(indexed_jobs())
    assessments = list(current_assessments())
    stale_jobs = stale_rows(jobs, model_name)
    stale_assessments = stale_rows(assessments, model_name)
    if stale_jobs or stale_assessments:
        if encoder is None:
            from matching.embedding import get_encoder

            encoder = get_encoder()
        bar = _bar(progress, len(stale_jobs) + len(stale_assessments), "向量化")
        report.embedded_jobs = embed_rows(stale_jobs, encoder=encoder, batch_size=batch_size, progress=bar)
        report.embedded_assessments = embed_rows(
            stale_assessments, encoder=encoder, batch_size=batch_size, progress=bar
        )
        if bar is not None:
            bar.close()
    with index_store.locked():
        # Re-read inside the lock so an update that committed meanwhile is not lost.
        jobs = list(indexed_jobs())
        assessments = list(current_assessments())
        job_ids, job_vectors = _vectors_of(jobs, model_name)
        assessment_ids, assessment_vectors = _vectors_of(assessments, model_name)
        dim = _dimension(job_vectors, assessment_vectors, encoder)
        bar = _bar(progress, 2, "写入索引")
        built = {}
        built["jobs"] = _build(job_ids, job_vectors, dim, index_store.kind)
        if bar is not None:
            bar.update(1)
        built["seekers"] = _build(assessment_ids, assessment_vectors, dim, index_store.kind)
        manifest = index_store.publish(built, model=model_name)
        if bar is not None:
            bar.update(1)
            bar.close()
    report.jobs_indexed = len(job_ids)
    report.seekers_indexed = len(assessment_ids)
    report.version = manifest["version"]
    return report


def _dimension(a: np.ndarray | None, b: np.ndarray | None, encoder) -> int:
    for vectors in (a, b):
        if vectors is not None:
            return int(vectors.shape[1])
    if encoder is not None:
        return int(encoder.dim)
    from matching.embedding import get_encoder

    return int(get_encoder().dim)


# ---- incremental updates (the tasks) -----------------------------------------------------------


def update_side(
    side: str, *, remove: Iterable[int] = (), add: dict[int, np.ndarray] | None = None,
    index_store: IndexStore | None = None,
) -> bool:
    """Remove and (re)add rows in one side's index; publishes a new version only if something changed.

    Running it twice with the same arguments changes nothing the second time.
    """
    index_store = index_store or store()
    add = add or {}
    with index_store.locked():
        manifest = index_store.read_manifest()
        index = index_store.load_side(side, manifest)
        if index is None:
            if not add:
                return False
            dim = len(next(iter(add.values())))
            index = build_index(np.zeros((0, dim), np.float32), [], kind=index_store.kind)  # type: ignore[arg-type]
        model = (manifest or {}).get("model") or current_model_name()
        dims = {len(v) for v in add.values()}
        if model != current_model_name() or (dims and dims != {index.d}):
            # Vectors of another model cannot join this index; `match_index check` reports it.
            logger.warning("matching index %s was built with %s: run `match_index rebuild`", side, model)
            return False
        present = {int(i) for i in stored_ids(index)}
        drop = {int(i) for i in remove if int(i) in present}
        put: dict[int, np.ndarray] = {}
        for row_id, vector in add.items():
            vec = normalise(vector)[0]
            if row_id in present and row_id not in drop:
                if np.allclose(index.reconstruct(int(row_id)), vec, atol=1e-6):
                    continue
                drop.add(row_id)
            put[row_id] = vec
        if not drop and not put:
            return False
        if drop:
            index = remove_ids(index, sorted(drop))
        if put:
            index.add_with_ids(np.vstack(list(put.values())), np.asarray(list(put), dtype=np.int64))
        index_store.publish({side: index}, model=model)
        return True


def _ensure_embedded(row, encoder=None) -> np.ndarray:
    model_name = current_model_name()
    if not profiles.is_current(row, model_name):
        embed_rows([row], encoder=encoder)
    return profiles.vector_from_bytes(row.embedding)  # type: ignore[return-value]


def index_job(job_id: int, *, encoder=None) -> str:
    """Bring one job post's vector and index entry up to date; returns what was done."""
    job = JobPost.objects.select_related("town").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.PUBLISHED:
        changed = update_side("jobs", remove=[job_id])
        return "removed" if changed else "absent"
    vector = _ensure_embedded(job, encoder)
    changed = update_side("jobs", add={job.pk: vector})
    return "indexed" if changed else "unchanged"


def index_assessment(assessment_id: int, *, encoder=None) -> str:
    """Bring one assessment's vector up to date; only a seeker's current assessment is indexed."""
    assessment = (
        VocationalAssessment.objects.select_related("seeker", "seeker__town").filter(pk=assessment_id).first()
    )
    if assessment is None:
        changed = update_side("seekers", remove=[assessment_id])
        return "removed" if changed else "absent"
    vector = _ensure_embedded(assessment, encoder)
    others = list(assessment.seeker.assessments.exclude(pk=assessment.pk).values_list("pk", flat=True))
    if not is_current_assessment(assessment):
        changed = update_side("seekers", remove=[assessment.pk])
        return "removed" if changed else "absent"
    changed = update_side("seekers", remove=others, add={assessment.pk: vector})
    return "indexed" if changed else "unchanged"


# ---- the check ---------------------------------------------------------------------------------


@dataclass
class SideCheck:
    side: str
    rows: int
    embedded: int
    stale: list[int]
    indexed: int
    missing_from_index: list[int]
    extra_in_index: list[int]

    @property
    def consistent(self) -> bool:
        return not self.stale and not self.missing_from_index and not self.extra_in_index


@dataclass
class CheckReport:
    version: int | None
    model: str | None
    expected_model: str
    sides: list[SideCheck]
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def consistent(self) -> bool:
        return (
            self.version is not None
            and self.model == self.expected_model
            and all(s.consistent for s in self.sides)
        )


def check(*, index_store: IndexStore | None = None) -> CheckReport:
    """Compare the database with the index files: counts, stale vectors, ids on one side only."""
    index_store = index_store or store()
    model_name = current_model_name()
    manifest = index_store.read_manifest()
    sides = []
    for side, rows in (("jobs", list(indexed_jobs())), ("seekers", list(current_assessments()))):
        stale = sorted(r.pk for r in stale_rows(rows, model_name))
        expected = {r.pk for r in rows if r.embedding is not None and _model_of(model_name, r)}
        index = index_store.load_side(side, manifest) if manifest else None
        in_index = {int(i) for i in stored_ids(index)} if index is not None else set()
        sides.append(
            SideCheck(
                side=side,
                rows=len(rows),
                embedded=len(expected),
                stale=stale,
                indexed=len(in_index),
                missing_from_index=sorted(expected - in_index),
                extra_in_index=sorted(in_index - expected),
            )
        )
    return CheckReport(
        version=(manifest or {}).get("version"),
        model=(manifest or {}).get("model"),
        expected_model=model_name,
        sides=sides,
    )
