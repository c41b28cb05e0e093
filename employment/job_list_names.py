"""What a seeker's job list is called: 为我推荐的岗位 while personalised matching is on, 岗位列表 when it
is off (it then recommends nothing). The navigation (``context_processors``) and the notices about
applications (``application_notices``) name it alike."""

from __future__ import annotations

SEEKER_JOBS_MATCHED = "为我推荐的岗位"
SEEKER_JOBS_PLAIN = "岗位列表"


def jobs_label(personalised: bool | None) -> str:
    """The name of a seeker's job list for their personalised-matching setting (None: not known)."""
    return SEEKER_JOBS_PLAIN if personalised is False else SEEKER_JOBS_MATCHED
