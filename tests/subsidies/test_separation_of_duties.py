"""Separation of duties on payment details (issue 13, item 7): whoever changes where the money goes
(payee name, bank, account number) may not approve the application at any step — through the portal
or the Wagtail admin — nor put it on a payment list; the change is recorded (masked) and the
applicant is told of every change staff make. The applicant's own changes block nobody."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry, TaskState

from employment.models import Notification, Role
from review.selectors import current_task
from subsidies import services
from subsidies.models import Programme, SubsidyApplication, SubsidyStatus
from tests.factories import make_user

from .conftest import BANK, PDF_BYTES, YEAR, roster_entry_id, roster_row, si_proof_add, startup_filed

REFUSAL = "您修改过本申请的收款信息，按规定不能审核通过本申请。"
SEEKER_ACCOUNT = "6222020000000001"
STAFF_ACCOUNT = "6217000099998888"


@pytest.fixture
def town_x2(world):
    """A second reviewer of the same town."""
    return make_user(Role.TOWN, username="town_x2", town=world.town_x)


@pytest.fixture
def district2(world):
    return make_user(Role.DISTRICT, username="district2")


@pytest.fixture
def draft(world, policy):
    """The seeker's own draft start-up application, bank details as the seeker typed them, one file."""
    return startup_filed(world, submit=False)


def _changes():
    # Imported late so that the other tests still run (and fail) against code without the record.
    from subsidies.models import PaymentDetailsChange

    return PaymentDetailsChange.objects


def _status(application) -> str:
    return SubsidyApplication.objects.get(pk=application.pk).status


def _staff_bank(account: str = STAFF_ACCOUNT) -> dict:
    return {"bank_account_name": "张甲", "bank_name": "中国建设银行宁波分行", "bank_account": account}


def _assert_admin_refused(response) -> None:
    """The Wagtail admin answers a PermissionDenied by sending the user to its home page with an
    error message (a successful action redirects back to the object instead)."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


# ---- the reported scenario, end to end -------------------------------------------------------------


def test_town_reviewer_who_changed_the_bank_account_cannot_approve_in_portal_or_admin(
    world, client_for, draft, town_x2
):
    town_x = world.users["town_x"]
    detail = reverse("subsidy-detail", args=[draft.pk])
    client = client_for(town_x)
    # The town reviewer changes the payee account on the seeker's draft and submits it.
    assert client.post(reverse("subsidy-bank-update", args=[draft.pk]), _staff_bank()).status_code == 302
    assert client.post(reverse("subsidy-submit", args=[draft.pk])).status_code == 302
    assert _status(draft) == SubsidyStatus.TOWN_REVIEW

    # The page offers no approval to them, and says why; sending it back stays possible.
    html = client.get(detail).content.decode()
    assert REFUSAL in html
    assert 'value="approve"' not in html and 'value="reject"' in html

    # Approving through the portal view is refused and changes nothing.
    response = client.post(detail, {"action": "approve", "comment": ""})
    assert response.status_code == 403 and REFUSAL in response.content.decode()
    assert _status(draft) == SubsidyStatus.TOWN_REVIEW
    with pytest.raises(PermissionDenied, match="收款信息"):
        services.subsidy_review(application=draft, user=town_x, action="approve")

    # Through the Wagtail admin: the task lists no approve action, the workflow-action URL refuses it
    # (with and without the comment form), the edit view's workflow action does nothing, and the
    # edit page says why.
    application = SubsidyApplication.objects.get(pk=draft.pk)
    task_state, task = current_task(application)
    assert [name for name, _label, _modal in task.get_actions(application, town_x)] == ["reject"]
    action_url = reverse("wagtailsnippets_subsidies_subsidyapplication:workflow_action",
                         args=[draft.pk, "approve", task_state.pk])
    _assert_admin_refused(client.get(action_url))
    _assert_admin_refused(client.post(action_url, {"comment": "同意"}))
    assert _status(draft) == SubsidyStatus.TOWN_REVIEW
    edit_url = reverse("wagtailsnippets_subsidies_subsidyapplication:edit", args=[draft.pk])
    edit_page = client.get(edit_url)
    assert edit_page.status_code == 200 and REFUSAL in edit_page.content.decode()
    client.post(edit_url, {"action-workflow-action": "1", "workflow-action-name": "approve",
                           "reviewer_comment": ""})
    # The task itself refuses too, whoever calls it.
    with pytest.raises(PermissionDenied, match="收款信息"):
        task.on_action(task_state, town_x, "approve")
    assert _status(draft) == SubsidyStatus.TOWN_REVIEW
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS

    # Another reviewer of the same town approves the town step, then the district approves.
    second = client_for(town_x2).post(detail, {"action": "approve", "comment": "", "confirm": "1"})
    assert second.status_code == 302 and _status(draft) == SubsidyStatus.DISTRICT_REVIEW
    # The first reviewer stays barred at the district step too (had they district rights).
    application = SubsidyApplication.objects.get(pk=draft.pk)
    assert application.approval_refusal(town_x).startswith(REFUSAL)
    services.subsidy_review(application=application, user=world.users["district"], action="approve")
    assert _status(draft) == SubsidyStatus.APPROVED


def test_the_admin_workflow_action_url_still_works_for_a_reviewer_who_changed_nothing(world, client_for, draft):
    """The refusal is personal: the same admin URL approves for the town's other reviewers."""
    services.subsidy_bank_update(application=draft, bank=_staff_bank(), user=world.users["district"])
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    application = SubsidyApplication.objects.get(pk=draft.pk)
    task_state, _ = current_task(application)
    url = reverse("wagtailsnippets_subsidies_subsidyapplication:workflow_action",
                  args=[draft.pk, "approve", task_state.pk])
    assert client_for(world.users["town_x"]).post(url, {"comment": "同意"}).status_code == 302
    assert _status(draft) == SubsidyStatus.DISTRICT_REVIEW
    # The district reviewer who changed the account is refused at the district step, in the admin too.
    district = client_for(world.users["district"])
    task_state, task = current_task(SubsidyApplication.objects.get(pk=draft.pk))
    url = reverse("wagtailsnippets_subsidies_subsidyapplication:workflow_action",
                  args=[draft.pk, "approve", task_state.pk])
    _assert_admin_refused(district.post(url, {"comment": "同意"}))
    assert _status(draft) == SubsidyStatus.DISTRICT_REVIEW


def test_district_reviewer_who_changed_payment_details_can_neither_approve_nor_list_for_payment(
    world, client_for, draft, district2
):
    district = world.users["district"]
    services.subsidy_bank_update(application=draft, bank=_staff_bank(), user=district)
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    services.subsidy_review(application=draft, user=world.users["town_x"], action="approve")
    with pytest.raises(PermissionDenied, match="收款信息"):
        services.subsidy_review(application=draft, user=district, action="approve")
    assert _status(draft) == SubsidyStatus.DISTRICT_REVIEW
    services.subsidy_review(application=draft, user=district2, action="approve")
    assert _status(draft) == SubsidyStatus.APPROVED

    # The payment list: refused to the one who changed the account, with the reason on the page…
    with pytest.raises(ValidationError, match="收款信息都由您修改过"):
        services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=district)
    page = client_for(district).get(reverse("subsidy-payment-lists")).content.decode()
    assert "按规定不能由您列入拨付名单" in page
    response = client_for(district).post(reverse("subsidy-payment-lists"),
                                         {"programme": Programme.STARTUP, "year": YEAR})
    assert response.status_code == 200 and "收款信息都由您修改过" in response.content.decode()
    assert SubsidyApplication.objects.get(pk=draft.pk).payment_list_id is None
    # …and done by another district reviewer.
    listed = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=district2)
    assert list(listed.items.values_list("pk", flat=True)) == [draft.pk]


def test_a_payment_list_leaves_out_only_what_its_maker_changed(world, policy, district2, approve):
    district = world.users["district"]
    mine = startup_filed(world, evidence=False)
    services.subsidy_bank_update(application=mine, bank=_staff_bank(), user=district)
    services.evidence_add(application=mine, kind="licence", filename="a.pdf", content=PDF_BYTES,
                          user=world.users["seeker_a"])
    services.subsidy_submit(application=mine, user=world.users["seeker_a"])
    services.subsidy_review(application=mine, user=world.users["town_x"], action="approve")
    services.subsidy_review(application=mine, user=district2, action="approve")
    other = approve(startup_filed(world, seeker=world.seeker_b, user=world.users["seeker_b"], tier="D"))
    listed = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=district)
    assert list(listed.items.values_list("pk", flat=True)) == [other.pk]
    assert listed.total == other.amount
    assert services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=district2).items.get().pk == mine.pk


def test_staff_filing_on_a_seekers_behalf_counts_as_setting_the_payment_details(world, policy, town_x2):
    """Typing the account in when filing for the seeker is the strongest form of changing it."""
    town_x = world.users["town_x"]
    application = startup_filed(world, user=town_x)  # filed, file uploaded and submitted by staff
    with pytest.raises(PermissionDenied, match="收款信息"):
        services.subsidy_review(application=application, user=town_x, action="approve")
    services.subsidy_review(application=application, user=town_x2, action="approve")
    assert _status(application) == SubsidyStatus.DISTRICT_REVIEW
    notes = list(Notification.objects.filter(user=world.users["seeker_a"]).order_by("id"))
    filed = notes[0]
    assert "代您填写了这份申请" in filed.body and "银行账号：填写为“尾号 0001”" in filed.body
    assert SEEKER_ACCOUNT not in filed.body
    assert any("由工作人员鼓楼街道残联 · town_x于" in n.body and "代您提交" in n.body for n in notes)


def test_sending_back_stays_possible_and_the_bar_outlives_resubmission(world, draft, town_x2):
    town_x = world.users["town_x"]
    services.subsidy_bank_update(application=draft, bank=_staff_bank(), user=town_x)
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    services.subsidy_review(application=draft, user=town_x, action="reject", comment="请核对银行账号")
    assert _status(draft) == SubsidyStatus.REJECTED
    # The seeker puts their own account back and resubmits: the record of the staff change remains.
    services.subsidy_bank_update(application=draft, bank={**BANK, "bank_account_name": "张甲"},
                                 user=world.users["seeker_a"])
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    with pytest.raises(PermissionDenied, match="收款信息"):
        services.subsidy_review(application=draft, user=town_x, action="approve")
    services.subsidy_review(application=draft, user=town_x2, action="approve")
    assert _status(draft) == SubsidyStatus.DISTRICT_REVIEW


# ---- what the applicant is told, and what is recorded ---------------------------------------------


def test_applicant_is_told_of_a_staff_change_with_masked_details_who_and_when(
    world, draft, django_capture_on_commit_callbacks
):
    seeker_user = world.users["seeker_a"]
    seeker_user.email = "zhangjia@example.com"
    seeker_user.save()
    town_x = world.users["town_x"]
    town_x.account.display_name = "王芳"
    town_x.account.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.subsidy_bank_update(application=draft, bank=_staff_bank(), user=town_x)
    note = Notification.objects.filter(user=seeker_user).order_by("-id").first()
    assert note.subject == f"您的{YEAR}年度一次性创业补贴申请已被工作人员修改"
    body = note.body
    change = _changes().get(application=draft, changed_by=town_x)
    when = change.changed_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).strftime("%Y年%m月%d日 %H:%M")
    assert body.startswith(f"鼓楼街道残联 · 王芳于{when}修改了")
    assert "银行账号：由“尾号 0001”改为“尾号 8888”" in body
    assert "开户银行：由“中国工商银行宁波海曙支行”改为“中国建设银行宁波分行”" in body
    assert SEEKER_ACCOUNT not in body and STAFF_ACCOUNT not in body
    assert "开户名称" not in body  # unchanged fields are not listed
    # The same text goes by e-mail, once, after the commit.
    sent = [m for m in mail.outbox if m.subject == note.subject]
    assert len(sent) == 1 and sent[0].to == ["zhangjia@example.com"] and sent[0].body == body
    assert STAFF_ACCOUNT not in sent[0].body
    # The durable record: who, when, what (masked), kept in the application's history too.
    assert change.fields == ["bank_name", "bank_account"] and not change.by_applicant
    assert change.before["bank_account"] == "尾号 0001" and change.after["bank_account"] == "尾号 8888"
    assert change.changed_by_label == "鼓楼街道残联 · 王芳"
    assert ModelLogEntry.objects.filter(action="shuguang.payment_details_change", object_id=str(draft.pk)).exists()


def test_every_staff_change_is_told_not_only_payment_details(world, draft, django_capture_on_commit_callbacks):
    from datetime import date

    from domain import identity

    town_x = world.users["town_x"]
    before = Notification.objects.filter(user=world.users["seeker_a"]).count()
    services.startup_application_update(
        application=draft, business_name="小甲文具店", credit_code=identity.make_credit_code("91330203MA2AB1C2D"),
        registered_on=date(2025, 3, 1), tier="C", evidence="带动就业2人", bank={**BANK, "bank_account_name": "张甲"},
        user=town_x,
    )
    services.evidence_add(application=draft, kind="premises", filename="租赁合同.pdf", content=PDF_BYTES, user=town_x)
    notes = list(Notification.objects.filter(user=world.users["seeker_a"]).order_by("id"))[before:]
    assert len(notes) == 2
    assert "经营主体名称：由“小甲网店”改为“小甲文具店”" in notes[0].body and "银行" not in notes[0].body
    assert "上传了证明材料“租赁合同.pdf”（经营场所证明）" in notes[1].body
    # No payment detail changed, so no bar.
    assert not _changes().filter(changed_by=town_x).exists()
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    services.subsidy_review(application=draft, user=town_x, action="approve")
    assert _status(draft) == SubsidyStatus.DISTRICT_REVIEW


def test_applicants_own_changes_block_nobody_and_are_not_reported_to_them(world, client_for, draft):
    seeker_user = world.users["seeker_a"]
    before = Notification.objects.filter(user=seeker_user).count()
    client = client_for(seeker_user)
    assert client.post(reverse("subsidy-bank-update", args=[draft.pk]),
                       {**BANK, "bank_account_name": "张甲", "bank_account": "6222020000004321"}).status_code == 302
    own = _changes().filter(application=draft).order_by("id")
    assert [c.by_applicant for c in own] == [True, True]  # filed, then changed: both by the applicant
    assert Notification.objects.filter(user=seeker_user).count() == before  # nothing about their own edits
    services.subsidy_submit(application=draft, user=seeker_user)
    assert Notification.objects.filter(user=seeker_user).count() == before + 1  # the status change only
    html = client_for(world.users["town_x"]).get(reverse("subsidy-detail", args=[draft.pk])).content.decode()
    assert 'value="approve"' in html and REFUSAL not in html
    assert "收款信息修改记录" in html and "尾号 4321" in html
    services.subsidy_review(application=draft, user=world.users["town_x"], action="approve")
    services.subsidy_review(application=draft, user=world.users["district"], action="approve")
    assert _status(draft) == SubsidyStatus.APPROVED
    listed = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=world.users["district"])
    assert listed.items.get().pk == draft.pk


# ---- the same rule for employers' own applications ------------------------------------------------


def test_staff_change_of_an_employers_payee_details_bars_them_and_tells_the_employer(
    world, client_for, policy, approved_declaration, town_x2
):
    """The portal lets staff edit only start-up applications (``access._subsidy_change``); should
    any path let staff change an employer's payee details, the service applies the same rule."""
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    employer_user = world.users["employer_a"]
    application = services.si_application_start(employer=world.employer_a, year=YEAR, user=employer_user)
    services.subsidy_bank_update(application=application, bank=BANK, user=employer_user)
    services.si_line_save(application=application, roster_entry_id=roster_entry_id(application, "职工1"), name="职工1", months=[1, 2],
                          contribution=Decimal("800"), user=employer_user)
    town_x = world.users["town_x"]
    # Through the portal the town may not touch it at all…
    assert client_for(town_x).post(reverse("subsidy-bank-update", args=[application.pk]),
                                   _staff_bank()).status_code == 403
    assert not _changes().filter(changed_by=town_x).exists()
    # …and if it did (any other path to the service), the same rule holds.
    services.subsidy_bank_update(application=application, bank=_staff_bank(), user=town_x)
    note = Notification.objects.filter(user=employer_user, subject__contains="已被工作人员修改").get()
    assert "尾号 8888" in note.body and STAFF_ACCOUNT not in note.body
    si_proof_add(application, employer_user)
    services.subsidy_submit(application=application, user=employer_user)
    with pytest.raises(PermissionDenied, match="收款信息"):
        services.subsidy_review(application=application, user=town_x, action="approve")
    services.subsidy_review(application=application, user=town_x2, action="approve")
    assert _status(application) == SubsidyStatus.DISTRICT_REVIEW


def test_the_admin_edit_form_cannot_change_payment_details(world, client_for, draft):
    """The admin shows the payee fields read-only, so the only ways to change them are the services above."""
    district = client_for(world.users["district"])
    url = reverse("wagtailsnippets_subsidies_subsidyapplication:edit", args=[draft.pk])
    district.post(url, {"bank_account": STAFF_ACCOUNT, "bank_name": "别的银行", "bank_account_name": "王五",
                        "reviewer_comment": "看过"})
    application = SubsidyApplication.objects.get(pk=draft.pk)
    latest = application.get_latest_revision_as_object()
    for obj in (application, latest):
        assert obj.bank_account == SEEKER_ACCOUNT and obj.bank_account_name == "张甲"
    assert not _changes().filter(changed_by=world.users["district"]).exists()


def test_reverting_to_an_old_revision_in_the_admin_cannot_change_payment_details(world, client_for, draft):
    """An older revision holds older payee details; reverting to it in the admin (and publishing)
    must not bring them back: the admin never writes payment details."""
    old_revision = draft.revisions.order_by("id").first()
    services.subsidy_bank_update(application=draft, bank={**BANK, "bank_account_name": "张甲",
                                                          "bank_account": "6222020000004321"},
                                 user=world.users["seeker_a"])
    # Reverting is for superusers only (review.admin_views); staff get 403 before any of this.
    root = get_user_model().objects.create_superuser("root", "root@example.com", "x-very-long-password-1")
    url = reverse("wagtailsnippets_subsidies_subsidyapplication:revisions_revert", args=[draft.pk, old_revision.pk])
    assert client_for(world.users["district"]).get(url).status_code == 403
    district = client_for(root)
    assert district.get(url).status_code == 200
    for action in ({}, {"action-publish": "1"}):
        district.post(url, {"reviewer_comment": "", **action})
        application = SubsidyApplication.objects.get(pk=draft.pk)
        assert application.bank_account == "6222020000004321", action
        assert application.get_latest_revision_as_object().bank_account == "6222020000004321", action
    assert not _changes().filter(changed_by=world.users["district"]).exists()
