"""Shared dashboard data: a small world with placements, declarations and applications."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from employment.models import Application, ApplicationStatus, JobPost, Placement
from households.models import Household
from quota.models import Declaration
from subsidies.models import SubsidyApplication
from tests.factories import make_seeker

YEAR = timezone.localdate().year


@pytest.fixture
def figures(world):
    """鼓楼 (town_x): 3 seekers, 2 employed now, 1 graduate (employed); 石碶 (town_y): 1 seeker, none
    employed. Declarations: 甲公司 approved with a levy, 乙公司 approved with a reward. Subsidies: social
    insurance approved for both (4100.00 in 鼓楼, 2050.50 in 石碶), a start-up grant in town review in 鼓楼.
    Training: one course starting 1 January, 张甲 completed and placed, 李乙 enrolled.
    Zero-employment families: 张甲's in 鼓楼 (张甲 employed now), 赵丁's in 鼓楼 (nobody employed), 李乙's
    in 石碶 (nobody employed); 王丙's family is not on the register."""
    JobPost.objects.filter(pk__in=[world.job_a.pk, world.job_b.pk]).update(published_at=timezone.now())
    extra = make_seeker(town=world.town_x, name="王丙", graduating_student=True)
    zhao = make_seeker(town=world.town_x, name="赵丁")
    identified = date(YEAR - 1, 6, 1)
    for code, town, member in (("GL-1", world.town_x, world.seeker_a), ("GL-2", world.town_x, zhao),
                               ("SQ-1", world.town_y, world.seeker_b), ("GL-3", world.town_x, extra)):
        member.household = Household.objects.create(code=code, town=town,
                                                    identified_on=None if code == "GL-3" else identified)
        member.save(update_fields=["household"])
    Placement.objects.create(seeker=world.seeker_a, employer=world.employer_a, contract_start=date(YEAR, 1, 1),
                             monthly_wage=Decimal("3000"))
    Placement.objects.create(seeker=extra, employer=world.employer_a, contract_start=date(YEAR, 1, 1),
                             monthly_wage=Decimal("3200"))
    Placement.objects.create(seeker=world.seeker_b, employer=world.employer_b, contract_start=date(YEAR - 1, 3, 1),
                             ended_on=date(YEAR - 1, 12, 1), monthly_wage=Decimal("3000"))
    Declaration.objects.create(employer=world.employer_a, year=YEAR, status="approved", outcome="levy",
                               levy_payable=Decimal("12345.67"), reward_amount=Decimal("0"))
    Declaration.objects.create(employer=world.employer_b, year=YEAR, status="approved", outcome="reward",
                               levy_payable=Decimal("0"), reward_amount=Decimal("800.00"))
    Application.objects.create(seeker=world.seeker_a, job=world.job_a, status=ApplicationStatus.HIRED,
                               interview_at=timezone.now())
    Application.objects.create(seeker=world.seeker_b, job=world.job_b, status=ApplicationStatus.APPLIED)
    SubsidyApplication.objects.create(programme="social_insurance", year=YEAR, status="approved",
                                      employer=world.employer_a, town=world.town_x, amount=Decimal("4100.00"))
    SubsidyApplication.objects.create(programme="social_insurance", year=YEAR, status="approved",
                                      employer=world.employer_b, town=world.town_y, amount=Decimal("2050.50"))
    SubsidyApplication.objects.create(programme="startup", year=YEAR, status="town_review",
                                      seeker=world.seeker_a, town=world.town_x, amount=Decimal("5000.00"))
    from cms.models import Enrolment, TrainingCoursePage
    from cms.services import provider_page_ensure

    course = provider_page_ensure(world.provider_a).add_child(instance=TrainingCoursePage(
        title="电商客服培训", slug="dashboard-course", summary="网店客服", start_date=date(YEAR, 1, 1),
        end_date=date(YEAR, 1, 1), schedule="一天", venue="鼓楼", venue_accessibility="一楼", seats=10,
        target_groups="持证残疾人", enrolment_opens=date(YEAR - 1, 12, 1), enrolment_closes=date(YEAR - 1, 12, 20)))
    # 张甲 finished on 1 January and was placed that day; 李乙 is enrolled.
    Enrolment.objects.create(course=course, seeker=world.seeker_a, status="completed", completed_on=date(YEAR, 1, 1))
    Enrolment.objects.create(course=course, seeker=world.seeker_b, status="enrolled")
    return world


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Report files go to a temporary private directory (outside MEDIA_ROOT) in every test here."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT
