"""Writes of matching: a counsellor's override of the automatic matching, logged (匹配人工干预).

Only town (镇街残联) and district (区残联) staff who may change the seeker's record can override;
every override needs a reason, is saved as a new row (the log is never edited) and is also written
to the application log.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from employment import access
from employment.models import JobPost, JobSeeker, Role

from .models import MatchOverride, OverrideAction

logger = logging.getLogger(__name__)

COUNSELLOR_ROLES = (Role.TOWN, Role.DISTRICT)


@transaction.atomic
def match_override_record(
    *, counsellor, seeker: JobSeeker, job: JobPost, action: str, reason: str
) -> MatchOverride:
    """Record that ``counsellor`` shows, hides or resets one seeker–job pair, and why."""
    if access.role_of(counsellor) not in COUNSELLOR_ROLES:
        raise PermissionDenied("只有镇街或区残联的就业顾问可以调整匹配结果。")
    if not access.can_change(counsellor, seeker) or not access.can_view(counsellor, job):
        raise PermissionDenied("您没有权限调整这位求职者的匹配结果。")
    if action not in OverrideAction.values:
        raise ValidationError({"action": "请选择调整方式。"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写调整的理由。"})
    max_length = MatchOverride._meta.get_field("reason").max_length
    if len(reason) > max_length:
        raise ValidationError({"reason": f"理由最多{max_length}个字，请精简。"})
    override = MatchOverride.objects.create(
        seeker=seeker, job=job, action=action, reason=reason, created_by=counsellor
    )
    logger.info(
        "match override %s: user=%s seeker=%s job=%s action=%s",
        override.pk, counsellor.pk, seeker.pk, job.pk, action,
    )
    return override
