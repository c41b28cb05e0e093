"""Plain profiles the engine matches (求职者画像 / 岗位画像) and the text embedded for each side.

Django code and the batch reader build these from rows; nothing here knows where they came from.
Disability category and level are carried for display only: the engine never scores them, it uses
only the needs and limitations the seeker (or a counsellor) recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 row vectors."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class SeekerProfile:
    """A job seeker's assessment (求职者). ``max_hours_per_day=None`` means unknown, not unlimited."""

    id: str
    town: str | None = None
    education: str | None = None
    skills: tuple[str, ...] = ()
    experience: str = ""
    desired_jobs: tuple[str, ...] = ()
    max_hours_per_day: float | None = None
    needs: frozenset[str] = field(default_factory=frozenset)
    limitations: frozenset[str] = field(default_factory=frozenset)
    expected_pay: Decimal | None = None
    # Carried, never scored.
    disability_category: str | None = None
    disability_level: int | None = None


@dataclass(frozen=True)
class JobProfile:
    """A job post (岗位). Unknown hours or salary are ``None``."""

    id: str
    title: str
    description: str = ""
    requirements: str = ""
    town: str | None = None
    hours_per_day: float | None = None
    remote: bool = False
    accessibility: frozenset[str] = field(default_factory=frozenset)
    demands: frozenset[str] = field(default_factory=frozenset)
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None


def _join(parts: list[str]) -> str:
    return "；".join(p.strip() for p in parts if p and p.strip())


def seeker_text(seeker: SeekerProfile) -> str:
    """What a seeker wants and can do, as one text; empty when nothing was recorded.

    No field labels are added: shared boilerplate would make every profile look alike to the encoder,
    and an empty profile must stay empty rather than become "求职意向：；技能：".
    """
    return _join([*seeker.desired_jobs, *seeker.skills, seeker.experience])


def job_text(job: JobProfile) -> str:
    """Title, description and requirements of a job as one text."""
    return _join([job.title, job.description, job.requirements])


def profile_text(profile: SeekerProfile | JobProfile) -> str:
    """The text embedded and indexed for either side."""
    if isinstance(profile, SeekerProfile):
        return seeker_text(profile)
    return job_text(profile)
