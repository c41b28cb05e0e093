"""Staff cannot change an applicant's filing in the Wagtail admin behind the applicant's back (security
review after issue 13): reverting a declaration or a subsidy application to an earlier revision is
for superusers only (the admin gate and the view), nothing but the review actions is accepted while
a review is in progress (for everyone), the edit form writes only the reviewer's comment, and the
applicant is told of every change staff make there. Driven through the real admin URLs."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from employment.models import Notification
from quota import services as quota
from quota.models import Declaration
from review.models import ReviewStatus
from tests.quota.conftest import roster_row
from tests.review.conftest import ADMIN_VIEWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "x-very-long-password-1")


def _state(obj):
    """What must not move: the stored row's data and status, its latest revision, its roster."""
    fresh = type(obj).objects.get(pk=obj.pk)
    rows = list(fresh.roster.values_list("pk", "name")) if isinstance(fresh, Declaration) else []
    data = ((fresh.monthly_headcounts, str(fresh.wage_bill)) if isinstance(fresh, Declaration)
            else (fresh.bank_account, fresh.bank_account_name, fresh.business_name, str(fresh.amount)))
    return fresh.status, fresh.reviewer_comment, data, rows, fresh.latest_revision_id


def _url(kind, view, *args):
    return reverse(f"{ADMIN_VIEWS[kind]}:{view}", args=args)


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
@pytest.mark.parametrize("role", ["town_x", "district"])
def test_staff_cannot_revert_a_filing_under_review(world, filed, client, kind, role):
    obj = filed[kind]
    first = obj.revisions.order_by("id").first()
    before = _state(obj)
    client.force_login(world.users[role])
    url = _url(kind, "revisions_revert", obj.pk, first.pk)
    assert client.get(url).status_code == 403
    response = client.post(url, {"reviewer_comment": "恢复旧版本"})
    assert response.status_code == 403
    assert _state(obj) == before
    assert type(obj).objects.get(pk=obj.pk).status == ReviewStatus.TOWN_REVIEW


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_the_revert_view_itself_refuses_staff_without_the_gate(world, filed, client, settings, kind):
    """Second line of defence: with the admin gate taken out, the view still refuses."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "employment.admin_access.AdminAccessMiddleware"]
    obj = filed[kind]
    before = _state(obj)
    client.force_login(world.users["town_x"])
    url = _url(kind, "revisions_revert", obj.pk, obj.revisions.order_by("id").first().pk)
    assert client.post(url, {"reviewer_comment": "恢复旧版本"}).status_code == 403
    assert _state(obj) == before


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_not_even_a_superuser_reverts_a_filing_under_review(world, filed, client, superuser, kind):
    obj = filed[kind]
    before = _state(obj)
    client.force_login(superuser)
    url = _url(kind, "revisions_revert", obj.pk, obj.revisions.order_by("id").first().pk)
    response = client.post(url, {"reviewer_comment": "恢复旧版本"}, follow=True)
    assert _state(obj) == before
    assert "正在审核中" in response.content.decode()


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
@pytest.mark.parametrize("who", ["town_x", "district", "superuser"])
def test_no_admin_save_while_the_review_is_in_progress(world, filed, client, superuser, kind, who):
    """A plain save (or autosave) of the edit form is refused for everyone during the review, whatever
    is posted; nothing is written and no revision is made."""
    obj = filed[kind]
    before = _state(obj)
    client.force_login(superuser if who == "superuser" else world.users[who])
    posted = {"reviewer_comment": "改一下", "wage_bill": "1", "monthly_headcounts": "[1]", "bank_account": "6222",
              "bank_account_name": "王五", "amount": "99999", "status": "approved"}
    url = _url(kind, "edit", obj.pk)
    response = client.post(url, posted, follow=True)
    assert _state(obj) == before
    assert "正在审核中" in response.content.decode()
    autosave = client.post(url, posted, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 400 and autosave.json()["error_code"] == "in_review"
    assert _state(obj) == before
    for action in ("action-cancel-workflow", "action-restart-workflow", "action-submit"):
        client.post(url, {**posted, action: "1"})
        assert _state(obj) == before, action
        assert type(obj).objects.get(pk=obj.pk).current_workflow_state is not None, action


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_the_edit_page_says_what_can_be_done_during_the_review(world, filed, client, kind):
    client.force_login(world.users["town_x"])
    page = client.get(_url(kind, "edit", filed[kind].pk))
    assert page.status_code == 200 and "这里只能审核通过或退回修改" in page.content.decode()
    assert page.context["autosave_enabled"] is False  # autosaves would only ever be refused


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_the_review_action_in_the_admin_writes_only_the_decision(world, filed, client, kind):
    obj = filed[kind]
    status, comment, data, rows, revision = _state(obj)
    client.force_login(world.users["town_x"])
    response = client.post(_url(kind, "edit", obj.pk), {
        "reviewer_comment": "顺便改一下", "wage_bill": "1", "action-workflow-action": "1",
        "workflow-action-name": "approve", "workflow-action-extra-data": '{"comment": "同意"}',
    })
    assert response.status_code == 302
    after = _state(obj)
    assert after[0] == ReviewStatus.DISTRICT_REVIEW
    assert after[2:] == (data, rows, revision)


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_outside_review_the_edit_form_writes_only_the_comment_and_tells_the_applicant(world, filed, client, kind):
    """Sent back: the district's edit form writes the comment onto the stored row — other posted
    fields are ignored and nothing (the status included) is taken from the stale revision — and the
    applicant hears of it."""
    obj = filed[kind]
    town = world.users["town_x"]
    if kind == "declaration":
        quota.declaration_review(declaration=obj, user=town, action="reject", comment="名单有误")
    else:
        from subsidies import services

        services.subsidy_review(application=obj, user=town, action="reject", comment="材料不全")
    status, _, data, rows, _ = _state(obj)
    assert status == ReviewStatus.REJECTED
    notified = Notification.objects.count()
    client.force_login(world.users["district"])
    response = client.post(_url(kind, "edit", obj.pk), {
        "reviewer_comment": "请补充营业执照", "wage_bill": "1", "monthly_headcounts": "[1]", "bank_account": "6222",
        "bank_account_name": "王五", "amount": "99999", "status": "approved",
    })
    assert response.status_code == 302
    after = _state(obj)
    assert after[:4] == (ReviewStatus.REJECTED, "请补充营业执照", data, rows)
    new = Notification.objects.filter(pk__gt=0).order_by("-id")[: Notification.objects.count() - notified]
    assert new, "the applicant must be told"
    applicant = world.users["employer_a" if kind == "declaration" else "seeker_a"]
    told = [n for n in new if n.user == applicant]
    assert told and "审核意见" in told[0].body and "区残联" in told[0].body


def test_a_superuser_revert_outside_review_is_told_to_the_applicant(world, filed, client, superuser):
    """Sent back, a superuser may still revert (to repair data); the employer is told what changed."""
    declaration = filed["declaration"]
    quota.declaration_review(declaration=declaration, user=world.users["town_x"], action="reject", comment="名单有误")
    first = declaration.revisions.order_by("id").first()  # started: no roster yet
    client.force_login(superuser)
    url = _url("declaration", "revisions_revert", declaration.pk, first.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reviewer_comment": "名单有误"}).status_code == 302
    told = Notification.objects.filter(user=world.users["employer_a"], subject__contains="被工作人员修改").first()
    assert told is not None and "系统管理员" in told.body and "已修改" in told.body


# ---- deleting (security test after the sign-in fixes: the district bulk-deleted filings) ----------

MODEL_PATHS = {"declaration": "quota/declaration", "subsidy": "subsidies/subsidyapplication"}


def _bulk_delete_url(kind, obj):
    return f"/admin/bulk/{MODEL_PATHS[kind]}/delete/?id={obj.pk}"


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
@pytest.mark.parametrize("role", ["town_x", "district"])
def test_staff_cannot_bulk_delete_a_filing(world, filed, client, kind, role):
    obj = filed[kind]
    client.force_login(world.users[role])
    url = _bulk_delete_url(kind, obj)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 404)
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_not_even_a_superuser_deletes_a_submitted_filing(filed, client, superuser, kind):
    obj = filed[kind]
    before = _state(obj)
    client.force_login(superuser)
    for url in (_bulk_delete_url(kind, obj), _url(kind, "delete", obj.pk)):
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert "不能删除已经提交过审核的材料" in response.content.decode()
        assert _state(obj) == before


def test_a_superuser_may_delete_a_declaration_never_submitted(world, start_declaration, client, superuser):
    draft = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    client.force_login(superuser)
    response = client.post(_url("declaration", "delete", draft.pk))
    assert response.status_code == 302
    assert not Declaration.objects.filter(pk=draft.pk).exists()


def test_the_admin_editor_shows_the_headcounts_in_words_and_says_saved(world, filed, client):
    """The reviewer reads the twelve monthly headcounts as months and people, not the stored list, and a
    saved comment is reported in Chinese quotation marks as saved (only the comment is ever written)."""
    declaration = filed["declaration"]
    quota.declaration_review(declaration=declaration, user=world.users["town_x"], action="reject", comment="名单有误")
    client.force_login(world.users["district"])
    page = client.get(_url("declaration", "edit", declaration.pk)).content.decode()
    counts = declaration.monthly_headcounts
    assert f"1月 {counts[0]} 人；2月 {counts[1]} 人" in page and f"12月 {counts[11]} 人" in page
    assert str(counts) not in page
    response = client.post(_url("declaration", "edit", declaration.pk), {"reviewer_comment": "请补充营业执照"},
                           follow=True)
    assert f"年审申报“{declaration}”已保存。" in response.content.decode()
