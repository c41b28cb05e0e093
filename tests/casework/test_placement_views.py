"""Staff record a hire they arranged (就业安置，残联代录) and the end of a placement (离职): own town only
for town reviewers, follow-ups scheduled, an open application answered, clear Chinese errors naming the
field, and nothing saved when anything is wrong."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework import services as casework_services
from casework.models import CoachNote, FollowUp
from employment import applications, services
from employment.models import ApplicationStatus, Placement
from quota.models import PolicyYear
from tests.factories import EmployerFactory, JobPostFactory

pytestmark = pytest.mark.django_db


def _create_url(seeker) -> str:
    return reverse("casework-placement-create", args=[seeker.pk])


def _hire(employer_ref: str, **overrides) -> dict:
    data = {
        "employer": employer_ref,
        "contract_start": "2026-03-01",
        "contract_end": "",
        "monthly_wage": "3200",
        "social_insurance_start": "2026-03-01",
    }
    data.update(overrides)
    return data


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_town_reviewer_records_a_hire_for_a_seeker_of_the_town(client_for, world):
    client = client_for(world.users["town_x"])
    page = client.get(_create_url(world.seeker_a))
    assert page.status_code == 200 and "记录就业安置：张甲" in page.content.decode()
    # Any employer of the district may hire: employer B is in town Y.
    response = client.post(_create_url(world.seeker_a), _hire(world.employer_b.credit_code, on_establishment="on"),
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("seeker-detail", args=[world.seeker_a.pk])
    placement = Placement.objects.get()
    assert placement.seeker == world.seeker_a and placement.employer == world.employer_b
    assert placement.created_by == world.users["town_x"]
    assert placement.contract_start == date(2026, 3, 1) and placement.contract_end is None
    assert placement.monthly_wage == Decimal("3200") and placement.on_establishment
    assert placement.social_insurance_start == date(2026, 3, 1)
    assert placement.application is None and placement.job is None
    assert sorted(placement.follow_ups.values_list("months", flat=True)) == [1, 3, 6, 12]
    assert any("已记录张甲在乙公司就业" in m for m in _messages(response))
    html = response.content.decode()
    assert "回访安排：乙公司" in html and "就业后 12 个月" in html


@pytest.mark.parametrize(
    "reference",
    ["甲公司", " 甲公司 ", "lower"],
    ids=["exact-name", "name-with-spaces", "code-lowercase-spaced"],
)
def test_employer_by_name_or_credit_code(client_for, world, reference):
    if reference == "lower":
        code = world.employer_a.credit_code
        reference = f"{code[:6].lower()} {code[6:]}"
    response = client_for(world.users["district"]).post(_create_url(world.seeker_a), _hire(reference))
    assert response.status_code == 302
    assert Placement.objects.get().employer == world.employer_a


def test_unknown_employer_is_a_chinese_error_on_the_field_and_nothing_is_saved(client_for, world):
    response = client_for(world.users["town_x"]).post(_create_url(world.seeker_a), _hire("91330203MA2XXXXXXX"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["employer"]
    assert "没有找到统一社会信用代码或单位名称为“91330203MA2XXXXXXX”的用人单位" in form.errors["employer"][0]
    html = response.content.decode()
    assert 'role="alert"' in html and ">没有找到统一社会信用代码或单位名称为" in html and 'aria-invalid="true"' in html
    assert Placement.objects.count() == 0 and FollowUp.objects.count() == 0


def test_missing_fields_are_named(client_for, world):
    response = client_for(world.users["town_x"]).post(_create_url(world.seeker_a), {"employer": ""})
    errors = response.context["form"].errors
    assert errors["employer"] == ["请填写用人单位。"]
    assert errors["contract_start"] == ["请填写合同开始日期。"]
    assert errors["monthly_wage"] == ["请填写月工资。"]
    assert Placement.objects.count() == 0


def test_ambiguous_employer_name_asks_for_the_credit_code(client_for, world):
    EmployerFactory(name="甲公司", town=world.town_y)
    response = client_for(world.users["town_x"]).post(_create_url(world.seeker_a), _hire("甲公司"))
    assert response.context["form"].errors["employer"] == [
        "名称为“甲公司”的用人单位有 2 家，请改填这家单位的统一社会信用代码。"
    ]
    assert Placement.objects.count() == 0


def test_contract_end_before_start_is_refused(client_for, world):
    response = client_for(world.users["town_x"]).post(
        _create_url(world.seeker_a), _hire(world.employer_a.credit_code, contract_end="2026-02-01")
    )
    assert response.context["form"].errors["contract_end"] == ["合同结束日期不能早于开始日期。"]
    assert Placement.objects.count() == 0 and FollowUp.objects.count() == 0


def test_town_reviewer_of_another_town_gets_404(client_for, world):
    client = client_for(world.users["town_y"])
    assert client.get(_create_url(world.seeker_a)).status_code == 404
    assert client.post(_create_url(world.seeker_a), _hire(world.employer_a.credit_code)).status_code == 404
    assert Placement.objects.count() == 0


@pytest.mark.parametrize("role", ["seeker_a", "employer_a", "provider_a"])
def test_other_roles_are_refused(client_for, world, role):
    client = client_for(world.users[role])
    assert client.get(_create_url(world.seeker_a)).status_code == 403
    assert client.post(_create_url(world.seeker_a), _hire(world.employer_a.credit_code)).status_code == 403
    assert Placement.objects.count() == 0


def test_district_records_a_hire_in_any_town(client_for, world):
    response = client_for(world.users["district"]).post(_create_url(world.seeker_b), _hire(world.employer_a.name))
    assert response.status_code == 302
    assert Placement.objects.get().created_by == world.users["district"]


def test_the_open_application_to_the_employer_is_linked_and_marked_hired(client_for, world):
    other = applications.application_submit(seeker=world.seeker_a, job=world.job_b, message="")
    first = applications.application_submit(seeker=world.seeker_a, job=world.job_a, message="")
    second_job = JobPostFactory(employer=world.employer_a, title="仓库记账员")
    second = applications.application_invite(seeker=world.seeker_a, job=second_job)  # further along: invited
    client = client_for(world.users["town_x"])
    page = client.get(_create_url(world.seeker_a)).content.decode()
    assert "进行中的求职申请" in page and "仓库记账员（甲公司）" in page

    response = client.post(_create_url(world.seeker_a), _hire(world.employer_a.credit_code), follow=True)
    placement = Placement.objects.get()
    assert placement.application == second and placement.job == second_job
    second.refresh_from_db()
    first.refresh_from_db()
    other.refresh_from_db()
    assert second.status == ApplicationStatus.HIRED
    assert first.status == ApplicationStatus.APPLIED and other.status == ApplicationStatus.APPLIED
    assert any("并关联了求职申请「仓库记账员」" in m for m in _messages(response))


def test_a_seeker_still_employed_by_the_employer_is_not_recorded_twice(client_for, world):
    client = client_for(world.users["town_x"])
    client.post(_create_url(world.seeker_a), _hire(world.employer_a.credit_code))
    response = client.post(_create_url(world.seeker_a), _hire(world.employer_a.credit_code, contract_start="2026-04-01"))
    assert response.status_code == 200
    error = response.context["form"].errors["employer"][0]
    assert "张甲在甲公司的就业（2026年3月1日起）还没有记录离职" in error
    assert Placement.objects.count() == 1 and FollowUp.objects.count() == 4


def test_a_wage_below_the_minimum_is_saved_with_a_warning(client_for, world):
    PolicyYear.objects.create(year=2026, min_wage=Decimal("2490"), source="测试")
    response = client_for(world.users["town_x"]).post(
        _create_url(world.seeker_a), _hire(world.employer_a.credit_code, monthly_wage="1800.50"), follow=True
    )
    assert Placement.objects.get().monthly_wage == Decimal("1800.50")
    assert any("月工资 1800.5 元低于 2026 年当地最低工资 2490 元" in m for m in _messages(response))


def test_service_rolls_back_when_the_placement_is_refused(world):
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a, message="")
    with pytest.raises(ValidationError):
        casework_services.placement_record_by_staff(
            seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2026, 3, 1),
            contract_end=date(2026, 1, 1), monthly_wage=Decimal("3000"), created_by=world.users["town_x"],
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED
    assert Placement.objects.count() == 0 and FollowUp.objects.count() == 0


def test_seeker_page_offers_the_staff_actions(client_for, world):
    placement = services.placement_record(
        seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2025, 1, 1), monthly_wage=Decimal("3000")
    )
    html = client_for(world.users["town_x"]).get(reverse("seeker-detail", args=[world.seeker_a.pk])).content.decode()
    assert _create_url(world.seeker_a) in html and "记录就业安置" in html
    assert reverse("casework-placement-end", args=[placement.pk]) in html
    # The seeker sees their own page without the staff actions.
    html = client_for(world.users["seeker_a"]).get(reverse("seeker-detail", args=[world.seeker_a.pk])).content.decode()
    assert "记录就业安置" not in html and "记录离职" not in html


# ---- 离职 ----------------------------------------------------------------------------------------


def _end_url(placement) -> str:
    return reverse("casework-placement-end", args=[placement.pk])


@pytest.fixture
def placement(world):
    start = timezone.localdate() - timedelta(days=100)
    return services.placement_record(
        seeker=world.seeker_a, employer=world.employer_a, contract_start=start, monthly_wage=Decimal("3000")
    )


def test_ending_a_placement_asks_first_then_records_the_date(client_for, world, placement):
    client = client_for(world.users["town_x"])
    assert len(client.get(reverse("casework-follow-ups-due")).context["page"].object_list) == 2  # 1 and 3 months
    page = client.get(_end_url(placement))
    assert page.status_code == 200 and "确定记录离职" in page.content.decode()
    placement.refresh_from_db()
    assert placement.ended_on is None  # a GET only asks

    ended_on = timezone.localdate() - timedelta(days=10)
    response = client.post(_end_url(placement), {"ended_on": ended_on.isoformat(), "reason": "家里有事，回老家了"})
    assert response.status_code == 302 and response["Location"] == reverse("seeker-detail", args=[world.seeker_a.pk])
    placement.refresh_from_db()
    assert placement.ended_on == ended_on
    note = CoachNote.objects.get()
    assert note.placement == placement and note.author == world.users["town_x"] and "家里有事" in note.body
    # Its open follow-ups leave the due list; the seeker page says why.
    assert not client.get(reverse("casework-follow-ups-due")).context["page"].object_list
    html = client.get(reverse("seeker-detail", args=[world.seeker_a.pk])).content.decode()
    assert "已离职，不再回访" in html and _end_url(placement) not in html
    # Asking again only sends the reviewer back, with a refusal that says it is one.
    again = client.get(_end_url(placement))
    assert again.status_code == 302
    html = client.get(again["Location"]).content.decode()
    assert "<strong>未能完成：</strong>" in html and "就业已经记录了离职。" in html


def test_end_without_a_reason_adds_no_note(client_for, world, placement):
    client_for(world.users["district"]).post(_end_url(placement), {"ended_on": timezone.localdate().isoformat()})
    placement.refresh_from_db()
    assert placement.ended_on == timezone.localdate() and CoachNote.objects.count() == 0


@pytest.mark.parametrize(
    ("days_from_start", "message"),
    [(-1, "离职日期不能早于合同开始日期"), (200, "离职日期不能晚于今天")],
    ids=["before-contract-start", "in-the-future"],
)
def test_end_date_is_checked_and_nothing_is_saved(client_for, world, placement, days_from_start, message):
    ended_on = placement.contract_start + timedelta(days=days_from_start)
    response = client_for(world.users["town_x"]).post(
        _end_url(placement), {"ended_on": ended_on.isoformat(), "reason": "试用期未过"}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["ended_on"][0]
    assert 'role="alert"' in response.content.decode()
    placement.refresh_from_db()
    assert placement.ended_on is None and CoachNote.objects.count() == 0


def test_end_date_is_required(client_for, world, placement):
    response = client_for(world.users["town_x"]).post(_end_url(placement), {"ended_on": ""})
    assert response.context["form"].errors["ended_on"] == ["请填写离职日期。"]


def test_ending_a_placement_is_for_its_town_and_the_district_only(client_for, world, placement):
    assert client_for(world.users["town_y"]).get(_end_url(placement)).status_code == 404
    for role in ("seeker_a", "employer_a", "provider_a"):
        client = client_for(world.users[role])
        assert client.get(_end_url(placement)).status_code == 403
        assert client.post(_end_url(placement), {"ended_on": timezone.localdate().isoformat()}).status_code == 403
    placement.refresh_from_db()
    assert placement.ended_on is None


def test_a_new_hire_after_the_end_is_allowed(client_for, world, placement):
    client = client_for(world.users["town_x"])
    client.post(_end_url(placement), {"ended_on": timezone.localdate().isoformat()})
    response = client.post(
        _create_url(world.seeker_a),
        _hire(world.employer_a.credit_code, contract_start=(timezone.localdate() + timedelta(days=1)).isoformat(),
              social_insurance_start=""),
    )
    assert response.status_code == 302 and Placement.objects.count() == 2
