"""ORM rows → the engine's plain profiles (岗位画像 / 求职者画像), and the stored vectors of those rows.

This module owns the translation from ``JobPost`` / ``VocationalAssessment`` rows to
``JobProfile`` / ``SeekerProfile`` and the format of the vector stored with each row
(``EmbeddedMixin``): little-endian float32 bytes, and in ``embedding_model`` the model name plus a
fingerprint of the exact text that was embedded (``<model>#<sha256[:16]>``), so a task or a rebuild
can tell a stale vector from a current one without re-encoding.

Disability data enters only through the needs and limitations recorded in the assessment: the
disability category and grade are deliberately NOT copied into the profile, so no score can depend
on them.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import numpy as np

from employment.models import JobPost, VocationalAssessment
from matching.engine import JobProfile, SeekerProfile, job_text, seeker_text

# Multi-valued free-text fields (skills, desired jobs) are split on the separators people type.
_LIST_SPLIT = re.compile(r"[;；、,，/\n]+")
FINGERPRINT_SEP = "#"


def split_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(p.strip() for p in _LIST_SPLIT.split(value) if p.strip()))


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def job_profile(job: JobPost) -> JobProfile:
    """The engine's view of a job post; the id is the post's primary key as a string."""
    return JobProfile(
        id=str(job.pk),
        title=job.title,
        description=job.description or "",
        requirements=job.requirements or "",
        town=job.town.name if job.town_id else None,
        hours_per_day=_float(job.hours_per_day),
        remote=bool(job.remote),
        accessibility=frozenset(job.accessibility or ()),
        demands=frozenset(job.demands or ()),
        salary_min=job.salary_min,
        salary_max=job.salary_max,
    )


def seeker_profile(assessment: VocationalAssessment) -> SeekerProfile:
    """The engine's view of a seeker through one assessment; the id is the SEEKER's primary key.

    The town comes from the seeker's registration. Category and grade are left out on purpose.
    """
    seeker = assessment.seeker
    return SeekerProfile(
        id=str(seeker.pk),
        town=seeker.town.name if seeker.town_id else None,
        education=assessment.education or None,
        skills=split_list(assessment.skills),
        experience=assessment.experience or "",
        desired_jobs=split_list(assessment.desired_jobs),
        max_hours_per_day=_float(assessment.max_hours_per_day),
        needs=frozenset(assessment.needs or ()),
        limitations=frozenset(assessment.limitations or ()),
    )


def empty_seeker_profile(seeker) -> SeekerProfile:
    """A seeker without any assessment: nothing recorded, so nothing is inferred either."""
    return SeekerProfile(id=str(seeker.pk), town=seeker.town.name if seeker.town_id else None)


def row_text(row: JobPost | VocationalAssessment) -> str:
    """The text that is embedded for a row (the engine's definition, applied to the row's profile)."""
    if isinstance(row, JobPost):
        return job_text(job_profile(row))
    return seeker_text(seeker_profile(row))


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def embedding_tag(model_name: str, text: str) -> str:
    """The value stored in ``embedding_model``: which model embedded which text."""
    return f"{model_name}{FINGERPRINT_SEP}{text_fingerprint(text)}"


def is_current(row: JobPost | VocationalAssessment, model_name: str, text: str | None = None) -> bool:
    """True when the row's stored vector was made by ``model_name`` from the row's current text."""
    if row.embedding is None or not row.embedding_model:
        return False
    return row.embedding_model == embedding_tag(model_name, row_text(row) if text is None else text)


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(np.asarray(vector, dtype="<f4").reshape(-1)).tobytes()


def vector_from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if data is None:
        return None
    return np.frombuffer(bytes(data), dtype="<f4").astype(np.float32)
