"""Models of the core (employment), one module per area, re-exported here. Quota declarations,
subsidies, the family register and the review live in their own apps (``quota``, ``subsidies``,
``households``, ``review``)."""

from .accounts import AccountInvitation, UsernameFold
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
    SeekerReply,
    Town,
    TrainingProvider,
    VocationalAssessment,
)
from .notifications import Notification
from .signup import ActivationCode, PendingSignup

__all__ = [
    "Account",
    "AccountInvitation",
    "ActivationCode",
    "Application",
    "ApplicationStatus",
    "EmbeddedMixin",
    "Employer",
    "EmployerKind",
    "JobPost",
    "JobSeeker",
    "JobStatus",
    "Notification",
    "PendingSignup",
    "PersonalDataAccess",
    "Placement",
    "Role",
    "SeekerReply",
    "Town",
    "TrainingProvider",
    "UsernameFold",
    "VocationalAssessment",
]
