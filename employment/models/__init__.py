"""Models of the core (employment), one module per area, re-exported here. Quota declarations,
subsidies, the family register and the review live in their own apps (``quota``, ``subsidies``,
``households``, ``review``)."""

from .accounts import AccountInvitation, QueueVisit, UsernameFold
from .core import (
    Account,
    Application,
    ApplicationStatus,
    EmbeddedMixin,
    Employer,
    EmployerKind,
    InterviewFormat,
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
from .notifications import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationDelivery,
    NotificationSettings,
    TextMessageRecord,
)
from .register import EmployerChange
from .second_factor import AuthenticatorDevice
from .signup import ActivationCode, PasswordResetCode, PendingSignup

__all__ = [
    "Account",
    "AccountInvitation",
    "ActivationCode",
    "Application",
    "ApplicationStatus",
    "AuthenticatorDevice",
    "Channel",
    "DeliveryStatus",
    "EmbeddedMixin",
    "Employer",
    "EmployerChange",
    "EmployerKind",
    "InterviewFormat",
    "JobPost",
    "JobSeeker",
    "JobStatus",
    "Notification",
    "NotificationDelivery",
    "NotificationSettings",
    "PasswordResetCode",
    "PendingSignup",
    "PersonalDataAccess",
    "QueueVisit",
    "Placement",
    "Role",
    "SeekerReply",
    "TextMessageRecord",
    "Town",
    "TrainingProvider",
    "UsernameFold",
    "VocationalAssessment",
]
