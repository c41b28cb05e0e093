"""Wagtail pages of the public site, and the training-course records that hang off them.

Page-tree rules are declared on each model (``parent_page_types`` / ``subpage_types``):

    HomePage
    ├── PolicyIndexPage → PolicyPage (+ attachments)
    ├── NewsIndexPage → NewsPage
    ├── IncubationProgramPage (电商添翼, 文创添彩, 非遗传承, 创业孵化, 技能大师工作室)
    │   → IncubationProjectPage, StudioPage (an artisan studio: master, address, hours, apprentices)
    ├── TrainingIndexPage → TrainingProviderPage (one per provider, its own subtree) → TrainingCoursePage
    └── AnnouncementIndexPage → AnnouncementPage (公示, with go-live and expiry)

Every page indexes a jieba-segmented copy of its text for Chinese search (see ``cms.search``).
Enrolments (报名) and attendance (考勤) are plain models; writes go through ``cms.services``.
Applications to join a programme or a studio (项目报名, ``ProgrammeApplication``) are plain models too;
writes go through ``cms.programme_services``.
"""

from .base import SegmentedSearchMixin
from .pages import (
    AnnouncementIndexPage,
    AnnouncementPage,
    HomePage,
    IncubationProgramPage,
    IncubationProjectPage,
    NewsIndexPage,
    NewsPage,
    PolicyAttachment,
    PolicyIndexPage,
    PolicyPage,
    Programme,
)
from .programmes import (
    OPEN_STATUSES,
    ApplicationKind,
    ApplicationStatus,
    ProgrammeApplication,
    StudioPage,
)
from .training import (
    Attendance,
    CompletionCorrection,
    Enrolment,
    EnrolmentStatus,
    TrainingCoursePage,
    TrainingIndexPage,
    TrainingProviderPage,
)

__all__ = [
    "OPEN_STATUSES",
    "ApplicationKind",
    "ApplicationStatus",
    "ProgrammeApplication",
    "StudioPage",
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "Attendance",
    "CompletionCorrection",
    "Enrolment",
    "EnrolmentStatus",
    "HomePage",
    "IncubationProgramPage",
    "IncubationProjectPage",
    "NewsIndexPage",
    "NewsPage",
    "PolicyAttachment",
    "PolicyIndexPage",
    "PolicyPage",
    "Programme",
    "SegmentedSearchMixin",
    "TrainingCoursePage",
    "TrainingIndexPage",
    "TrainingProviderPage",
]
