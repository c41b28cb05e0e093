"""Wagtail's moderation e-mails (workflow submitted, approved, rejected) go out in Chinese: the
project overrides the templates under ``templates/wagtailadmin/notifications/`` (subject, text and
HTML). Driven by a real submission and review, read from Django's locmem outbox."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string

from quota import services as quota
from tests.quota.conftest import roster_row

pytestmark = pytest.mark.django_db

ENGLISH = ("has been", "Hello", "submitted", "approved", "rejected", "workflow", "notification", "You can",
           "moderation", "Edit your")


def _english(text: str) -> list[str]:
    without_urls = re.sub(r"https?://\S+", "", text)
    return [word for word in ENGLISH if word.lower() in without_urls.lower()]


def _mails_to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def declaration(world, start_declaration):
    employer = world.users["employer_a"]
    employer.email = "hr@jia.example.com"
    employer.save(update_fields=["email"])
    get_user_model().objects.create_superuser("root", "root@example.com", "x-very-long-password-1")
    return start_declaration(world.employer_a, employer, rows=[roster_row(1)])


def test_a_workflow_submission_sends_chinese_mail(world, declaration):
    mail.outbox.clear()
    quota.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    sent = _mails_to("root@example.com")
    assert sent, [m.subject for m in mail.outbox]
    message = sent[0]
    assert "已提交审核" in message.subject and "甲公司 2025年度申报" in message.subject
    assert "已由" in message.body and "提交审核" in message.body and "您好" in message.body
    assert not _english(message.subject) and not _english(message.body), (message.subject, message.body)


def test_rejection_and_approval_mails_to_the_requester_are_chinese(world, declaration):
    """Wagtail tells the requester of a workflow of its outcome. Applicants have these e-mails switched
    off (the platform's own notifications tell them); staff requesters — a provider's course page, a
    filing staff submitted on someone's behalf — get them. Switched on here for the employer."""
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=world.users["employer_a"]).update(approved_notifications=True,
                                                                      rejected_notifications=True)
    quota.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    mail.outbox.clear()
    quota.declaration_review(declaration=declaration, user=world.users["town_x"], action="reject",
                             comment="第3行证号有误")
    rejected = _mails_to("hr@jia.example.com")
    assert rejected and "被退回修改" in rejected[0].subject
    assert "审核意见：第3行证号有误" in rejected[0].body
    assert not _english(rejected[0].subject) and not _english(rejected[0].body), rejected[0].body

    quota.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    quota.declaration_review(declaration=declaration, user=world.users["town_x"], action="approve")
    mail.outbox.clear()
    quota.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    approved = _mails_to("hr@jia.example.com")
    assert approved and "已审核通过" in approved[0].subject
    assert not _english(approved[0].subject) and not _english(approved[0].body), approved[0].body


def test_the_html_alternatives_are_chinese_too(world, declaration):
    quota.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    state = declaration.current_workflow_state
    html = render_to_string("wagtailadmin/notifications/workflow_state_submitted.html", {
        "user": world.users["district"], "workflow": state.workflow, "object": declaration,
        "model_name": declaration._meta.verbose_name, "requested_by": world.users["employer_a"],
    })
    assert 'lang="zh-Hans"' in html and "已由" in html and not _english(html)


def test_every_overridden_template_compiles_and_is_chinese():
    from pathlib import Path

    from django.conf import settings
    from django.template.loader import get_template

    folder = Path(settings.BASE_DIR) / "templates" / "wagtailadmin" / "notifications"
    names = sorted(p.name for p in folder.iterdir())
    assert {"workflow_state_submitted_subject.txt", "workflow_state_submitted.txt", "task_state_submitted.txt",
            "base.txt", "base.html"} <= set(names)
    for name in names:
        source = get_template(f"wagtailadmin/notifications/{name}").template.source
        assert not _english(re.sub(r"{%.*?%}|{{.*?}}", "", source)), name
