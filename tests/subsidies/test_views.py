"""Pages of rewards and subsidies: each applicant sees only their own applications, each town only
its town's, payment lists only the district; uploads report row and column; review through the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employment.models import Notification
from subsidies import services
from subsidies.models import Programme, SubsidyStatus
from tests.security.forms import post_form_hidden

from .conftest import BANK, YEAR, roster_row, startup_filed
from .test_services import contrib_row, contributions_csv


@pytest.fixture
def startup_a(world, policy):
    return startup_filed(world)


@pytest.fixture
def si_a(world, policy, approved_declaration):
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    application = services.si_application_start(employer=world.employer_a, year=YEAR, user=world.users["employer_a"])
    services.subsidy_bank_update(application=application, bank=BANK, user=world.users["employer_a"])
    return application


def test_other_employer_town_and_seeker_get_404_on_an_employer_application(world, client_for, si_a):
    url = reverse("subsidy-detail", args=[si_a.pk])
    for other in ("employer_b", "town_y", "seeker_a", "provider_a"):
        assert client_for(world.users[other]).get(url).status_code == 404, other
    for allowed in ("employer_a", "town_x", "district"):
        assert client_for(world.users[allowed]).get(url).status_code == 200, allowed


def test_other_employer_cannot_change_lines_bank_or_submit(world, client_for, si_a):
    client = client_for(world.users["employer_b"])
    for name, args in (("subsidy-si-line-add", [si_a.pk]), ("subsidy-si-upload", [si_a.pk]),
                       ("subsidy-bank-update", [si_a.pk]), ("subsidy-submit", [si_a.pk])):
        assert client.post(reverse(name, args=args), BANK).status_code == 404, name
    # The town may see but not edit an employer's application.
    town = client_for(world.users["town_x"])
    assert town.post(reverse("subsidy-bank-update", args=[si_a.pk]), BANK).status_code == 403


def test_seeker_sees_only_own_startup_application(world, client_for, startup_a):
    url = reverse("subsidy-detail", args=[startup_a.pk])
    assert client_for(world.users["seeker_b"]).get(url).status_code == 404
    assert client_for(world.users["employer_a"]).get(url).status_code == 404
    assert client_for(world.users["town_y"]).get(url).status_code == 404
    page = client_for(world.users["seeker_b"]).get(reverse("subsidy-home"))
    assert "一次性创业补贴" not in page.content.decode().split("我的申请")[-1]
    own = client_for(world.users["seeker_a"]).get(reverse("subsidy-home")).content.decode()
    assert reverse("subsidy-detail", args=[startup_a.pk]) in own


def test_employer_list_shows_only_own_applications(world, client_for, si_a):
    html = client_for(world.users["employer_b"]).get(reverse("subsidy-home")).content.decode()
    assert reverse("subsidy-detail", args=[si_a.pk]) not in html
    html = client_for(world.users["town_y"]).get(reverse("subsidy-review-list")).content.decode()
    assert reverse("subsidy-detail", args=[si_a.pk]) not in html


def test_staff_apply_on_behalf_only_for_seekers_of_their_town(world, client_for, policy):
    url = reverse("subsidy-startup-apply")
    assert client_for(world.users["town_y"]).get(url, {"seeker": world.seeker_a.pk}).status_code == 404
    assert client_for(world.users["town_x"]).get(url, {"seeker": world.seeker_a.pk}).status_code == 200
    assert client_for(world.users["employer_a"]).get(url).status_code == 403
    assert client_for(world.users["seeker_a"]).get(url).status_code == 200


def test_applicant_cannot_review_and_town_reviews_through_the_page(world, client_for, startup_a):
    url = reverse("subsidy-detail", args=[startup_a.pk])
    assert client_for(world.users["seeker_a"]).post(url, {"action": "approve"}).status_code == 403
    response = client_for(world.users["town_x"]).post(url, {"action": "reject", "comment": ""})
    assert response.status_code == 400 and "退回时请填写审核意见" in response.content.decode()
    response = client_for(world.users["town_x"]).post(url, {"action": "reject", "comment": "请补充材料", "confirm": "1"})
    assert response.status_code == 302
    startup_a.refresh_from_db()
    assert startup_a.status == SubsidyStatus.REJECTED
    page = client_for(world.users["seeker_a"]).get(url).content.decode()
    assert "请补充材料" in page and "重新提交审核" in page


def test_upload_with_bad_rows_shows_row_and_column_and_saves_nothing(world, client_for, si_a):
    content = contributions_csv([contrib_row(1), contrib_row(2)])
    upload = SimpleUploadedFile("c.csv", content, content_type="text/csv")
    response = client_for(world.users["employer_a"]).post(reverse("subsidy-si-upload", args=[si_a.pk]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400 and "第3行" in html and "证件号码" in html and "名册" in html
    assert not si_a.si_lines.exists()


def test_payment_lists_are_for_the_district_only(world, client_for, startup_a, approve):
    approve(startup_a)
    url = reverse("subsidy-payment-lists")
    for other in ("town_x", "employer_a", "seeker_a"):
        assert client_for(world.users[other]).get(url).status_code == 403, other
    district = client_for(world.users["district"])
    confirm = district.post(url, {"programme": Programme.STARTUP, "year": YEAR})  # the confirmation page first
    assert confirm.status_code == 200
    response = district.post(url, {**post_form_hidden(confirm.content.decode(), url), "confirm": "1"})
    assert response.status_code == 302
    startup_a.refresh_from_db()
    export = district.get(reverse("subsidy-payment-list-export", args=[startup_a.payment_list_id]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    town = client_for(world.users["town_x"])
    assert town.get(reverse("subsidy-payment-list-export", args=[startup_a.payment_list_id])).status_code == 403


def test_notifications_are_private(world, client_for, startup_a):
    note = Notification.objects.filter(user=world.users["seeker_a"]).first()
    assert note is not None
    assert client_for(world.users["seeker_b"]).post(reverse("notification-read", args=[note.pk])).status_code == 404
    assert note.subject not in client_for(world.users["seeker_b"]).get(reverse("notification-list")).content.decode()
    client = client_for(world.users["seeker_a"])
    assert note.subject in client.get(reverse("notification-list")).content.decode()
    assert client.post(reverse("notification-read", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_seeker_with_a_grant_under_review_is_told_before_filling_the_form(world, client_for, startup_a):
    """Once per person: while an application is under review (or approved) the seeker is not offered the
    form, and the form's address leads to that application, saying why."""
    client = client_for(world.users["seeker_a"])
    home = client.get(reverse("subsidy-home")).content.decode()
    assert "每人只能享受一次" in home and reverse("subsidy-startup-apply") not in home
    assert reverse("subsidy-detail", args=[startup_a.pk]) in home
    response = client.get(reverse("subsidy-startup-apply"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("subsidy-detail", args=[startup_a.pk])
    assert "不能再申请" in response.content.decode()
    # Staff applying on the seeker's behalf are sent there too.
    staff = client_for(world.users["town_x"]).get(reverse("subsidy-startup-apply"), {"seeker": world.seeker_a.pk})
    assert staff.status_code == 302 and staff["Location"] == reverse("subsidy-detail", args=[startup_a.pk])
    # Another seeker still gets the form, with no tier chosen in advance.
    form = client_for(world.users["seeker_b"]).get(reverse("subsidy-startup-apply")).content.decode()
    assert '<option value="" selected>请选择档次</option>' in form


def test_the_applicant_reads_its_own_history_without_the_reviewers_notes(world, client_for, startup_a):
    url = reverse("subsidy-detail", args=[startup_a.pk])
    own = client_for(world.users["seeker_a"]).get(url).content.decode()
    assert "修改过收款信息的工作人员不能审核本申请" not in own  # a rule for staff, not the applicant's concern
    assert "月份调整" not in own and "重复申报" not in own  # the declaration's kinds of step
    # Each version says the status it was saved in: saved as a draft, then submitted for the town.
    assert "当时状态" in own and "<td data-label=\"当时状态\">填报中</td>" in own
    assert "<td data-label=\"当时状态\">镇街初审中</td>" in own
    staff = client_for(world.users["town_x"]).get(url).content.decode()
    assert "修改过收款信息的工作人员不能审核本申请" in staff


def test_the_review_list_does_not_offer_the_draft_status_it_never_shows(world, client_for):
    html = client_for(world.users["district"]).get(reverse("subsidy-review-list")).content.decode()
    assert '<option value="draft"' not in html and '<option value="district_review"' in html
