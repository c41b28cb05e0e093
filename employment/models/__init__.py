"""Models of the employment domain, one module per area, re-exported here."""

from .core import *  # noqa: F403
from .core import (
    Account,
    Application,
    ApplicationStatus,
    EmbeddedMixin,
    Employer,
    EmployerKind,
    JobPost,
    JobSeeker,
    JobStatus,
    PersonalDataAccess,
    Placement,
    Role,
    Town,
    TrainingProvider,
    VocationalAssessment,
)

__all__ = [
    "Account",
    "Application",
    "ApplicationStatus",
    "EmbeddedMixin",
    "Employer",
    "EmployerKind",
    "JobPost",
    "JobSeeker",
    "JobStatus",
    "PersonalDataAccess",
    "Placement",
    "Role",
    "Town",
    "TrainingProvider",
    "VocationalAssessment",
]
