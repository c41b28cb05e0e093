"""Writes of the personal-data access log (个人敏感信息访问日志): every time someone is shown or exports a
full identity number, a row says who, what, when and why. The reads are
``employment.selectors.access_log``; the pages ``employment.privacy_views``."""

from __future__ import annotations

from django.db import transaction

from .models import JobSeeker, PersonalDataAccess


@transaction.atomic
def identity_reveal_record(*, user, seeker: JobSeeker, reason: str) -> dict[str, str]:
    """Log that ``user`` views ``seeker``'s full resident ID and certificate number, and return them."""
    PersonalDataAccess.objects.bulk_create([
        PersonalDataAccess(user=user, seeker=seeker, field=label, action=PersonalDataAccess.Action.VIEW,
                           reason=reason, detail=f"求职者 {seeker.pk}")
        for label in ("身份证号", "残疾人证号")
    ])
    return {"resident_id": seeker.resident_id, "cert_no": seeker.cert_no}


def roster_number_view_record(*, user, declaration_pk: int, entry_pk: int) -> PersonalDataAccess:
    """Log that an employer user opened a roster line's edit form, which shows the full certificate number."""
    return PersonalDataAccess.objects.create(
        user=user, field="残疾人证号", action=PersonalDataAccess.Action.VIEW,
        reason="修改年审申报名册", detail=f"申报{declaration_pk} 名册第{entry_pk}条",
    )
