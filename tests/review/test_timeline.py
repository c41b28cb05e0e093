"""The timeline of a declaration or subsidy application (issue 15, item 1): every event in time order
— submitted, the town's opinion, returned and resubmitted, the district's handover of the town step,
month adjustments, duplicate claims, the district's decision — each with who (organisation · name),
comment and time, and whether the applicant may see it. Shown before the decision form to reviewers,
and the applicant's part to the applicant."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employment.models import Role
from quota import conflict_services
from quota import services as quota
from quota.models import Declaration
from review import services as review
from review.timeline import sees_internal, timeline, timeline_for
from tests.factories import make_user
from tests.quota.conftest import roster_csv, roster_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def history(world, start_declaration):
    """A declaration submitted, returned by the town, changed and resubmitted, its town step reassigned
    to a district colleague (internal), approved by the town, one person's months adjusted, approved."""
    employer, town, district = world.users["employer_a"], world.users["town_x"], world.users["district"]
    colleague = make_user(Role.DISTRICT, username="district_colleague", display_name="李四")
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1), roster_row(2)])
    quota.declaration_submit(declaration=declaration, user=employer)
    quota.declaration_review(declaration=declaration, user=town, action="reject", comment="请补充第3名职工")
    declaration = Declaration.objects.get(pk=declaration.pk)
    quota.declaration_roster_import(declaration=declaration, user=employer, filename="r.csv",
                                    content=roster_csv([roster_row(1), roster_row(2), roster_row(3)]))
    quota.declaration_submit(declaration=declaration, user=employer)
    declaration = Declaration.objects.get(pk=declaration.pk)
    review.town_step_take(obj=declaration, user=district, reason="absent", detail="王芳休产假到3月底",
                          assignee=colleague)
    quota.declaration_review(declaration=declaration, user=town, action="approve", comment="名册与社保记录一致")
    declaration = Declaration.objects.get(pk=declaration.pk)
    entry = declaration.roster.get(name="职工1")
    conflict_services.entry_months_adjust(entry=entry, months=list(range(1, 7)), reason="7月起离职", user=district)
    quota.declaration_review(declaration=declaration, user=district, action="approve", comment="同意")
    return Declaration.objects.get(pk=declaration.pk)


def test_the_timeline_merges_every_event_in_time_order(world, history):
    events = timeline(history, viewer=world.users["district"])
    kinds = [e.kind for e in events]
    assert kinds == ["submitted", "rejected", "resubmitted", "town_step_reassigned", "town_approved",
                     "months_adjusted", "approved"]
    assert [e.at for e in events] == sorted(e.at for e in events)
    rejected = events[1]
    assert (rejected.step, rejected.text, rejected.actor) == ("镇街初审", "请补充第3名职工", world.users["town_x"])
    assert rejected.actor_label == "鼓楼街道残联 · " + world.users["town_x"].account.display_name
    adjusted = events[5]
    assert adjusted.text.startswith("职工1（") and "→" in adjusted.text and adjusted.actor == world.users["district"]
    assert "原因：7月起离职" in adjusted.text
    assert events[-1].what == "区残联终审通过" and events[-1].text == "同意"


def test_the_applicant_sees_only_what_is_addressed_to_it(world, history):
    everything = timeline(history, viewer=world.users["district"])
    internal = [e for e in everything if not e.employer_visible]
    assert [e.kind for e in internal] == ["town_step_reassigned"]
    assert "王芳休产假" in internal[0].text
    own = timeline_for(history, world.users["employer_a"])
    assert [e.kind for e in own] == [e.kind for e in everything if e.employer_visible]
    assert all(e.employer_visible for e in own)
    assert timeline_for(history, world.users["town_x"]) == everything
    assert sees_internal(world.users["town_x"]) and not sees_internal(world.users["employer_a"])


def test_events_at_the_same_instant_keep_submission_before_decision(world, history):
    from wagtail.models import TaskState

    first_state = history.workflow_states.order_by("created_at").first()
    TaskState.objects.filter(workflow_state=first_state).update(finished_at=first_state.created_at)
    kinds = [e.kind for e in timeline(history, viewer=world.users["district"])]
    assert kinds[:2] == ["submitted", "rejected"]


def test_a_resolved_conflict_shows_its_decision_only_to_who_sees_both_sides(world, start_declaration):
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1)])
    quota.declaration_submit(declaration=a, user=world.users["employer_a"])
    quota.declaration_submit(declaration=b, user=world.users["employer_b"])
    conflict = conflict_services.conflicts_detect(declaration=b)[0]
    conflict_services.conflict_resolve(conflict=conflict, months_a=list(range(1, 7)), months_b=list(range(7, 13)),
                           decision="乙公司社保记录自7月起", user=world.users["district"])
    district = [e for e in timeline(a, viewer=world.users["district"]) if e.kind == "conflict_resolved"]
    assert len(district) == 1 and "处理意见：乙公司社保记录自7月起" in district[0].text
    own = timeline_for(a, world.users["employer_a"])
    assert {"conflict_found", "conflict_resolved", "months_adjusted"} <= {e.kind for e in own}
    assert not any("乙公司" in e.text for e in own)
    assert any("区残联处理重复申报后核定" in e.text for e in own if e.kind == "months_adjusted")


def test_the_district_decision_page_shows_the_timeline_before_the_form(world, client_for, start_declaration):
    employer, town = world.users["employer_a"], world.users["town_x"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    review.town_step_take(obj=declaration, user=world.users["district"], reason="other", detail="内部协调",
                          assignee=make_user(Role.DISTRICT, username="d2", display_name="李四"))
    quota.declaration_review(declaration=declaration, user=town, action="approve", comment="初审意见：属实")
    page = client_for(world.users["district"]).get(reverse("review-declaration-detail", args=[declaration.pk]))
    html = page.content.decode()
    assert html.index('id="review-history"') < html.index('name="action" value="approve"')
    assert "初审意见：属实" in html and "镇街初审改派给区残联 · 李四" in html and "内部记录" in html


def test_the_employer_page_leaves_out_internal_events_and_other_employers_get_404(world, client_for, history):
    url = reverse("employer-declaration-detail", args=[history.pk])
    html = client_for(world.users["employer_a"]).get(url).content.decode()
    assert 'id="review-history"' in html
    assert "请补充第3名职工" in html and "修改后重新提交" in html and "7月起离职" in html
    assert "改派" not in html and "王芳休产假" not in html and "内部记录" not in html
    assert client_for(world.users["employer_b"]).get(url).status_code == 404


def test_the_subsidy_page_shows_the_applicant_its_part(world, client_for, policy):
    from subsidies import services as subsidies
    from tests.subsidies.conftest import startup_filed

    application = startup_filed(world)
    review.town_step_take(obj=application, user=world.users["district"], reason="absent", detail="出差",
                          assignee=make_user(Role.DISTRICT, username="d2", display_name="李四"))
    subsidies.subsidy_review(application=application, user=world.users["town_x"], action="reject",
                             comment="请补充营业执照")
    url = reverse("subsidy-detail", args=[application.pk])
    own = client_for(world.users["seeker_a"]).get(url).content.decode()
    assert "请补充营业执照" in own and "提交审核" in own and "改派" not in own
    staff = client_for(world.users["district"]).get(url).content.decode()
    assert "镇街初审改派给区残联 · 李四" in staff
    assert client_for(world.users["seeker_b"]).get(url).status_code == 404


def test_the_employers_note_shows_on_the_submission_it_came_with(world, start_declaration):
    """Walked in Chromium: the note an employer writes when resubmitting (情况说明) was shown nowhere in
    the timeline; it belongs to that resubmission, and is not repeated on a later one that kept it."""
    employer, town = world.users["employer_a"], world.users["town_x"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    quota.declaration_review(declaration=declaration, user=town, action="reject", comment="请补充残疾证")
    quota.declaration_submit(declaration=Declaration.objects.get(pk=declaration.pk), user=employer,
                             response="已补充职工1的残疾证")
    quota.declaration_review(declaration=Declaration.objects.get(pk=declaration.pk), user=town,
                             action="reject", comment="工资总额有误")
    quota.declaration_submit(declaration=Declaration.objects.get(pk=declaration.pk), user=employer)
    events = [e for e in timeline_for(Declaration.objects.get(pk=declaration.pk), employer)
              if e.kind in ("submitted", "resubmitted")]
    assert [(e.kind, e.text) for e in events] == [("submitted", ""), ("resubmitted", "已补充职工1的残疾证"),
                                                 ("resubmitted", "")]


def test_a_past_return_comment_is_not_shown_as_the_current_opinion(world, start_declaration, client):
    """Walked in Chromium: after a return and a resubmission approved by the town with its own comment,
    the district's decision page (and the employer's page) still headed the old return reason as 审核意见;
    the opinions are in the timeline, the heading shows a comment only when returned or approved."""
    employer, town = world.users["employer_a"], world.users["town_x"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    quota.declaration_review(declaration=declaration, user=town, action="reject", comment="请补充残疾证旧意见")
    quota.declaration_submit(declaration=Declaration.objects.get(pk=declaration.pk), user=employer)
    quota.declaration_review(declaration=Declaration.objects.get(pk=declaration.pk), user=town,
                             action="approve", comment="已核对原件同意")
    client.force_login(world.users["district"])
    html = client.get(reverse("review-declaration-detail", args=[declaration.pk])).content.decode()
    facts = html.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "请补充残疾证旧意见" not in facts and "审核意见" not in facts
    assert "已核对原件同意" in html  # the town's opinion, in the timeline
    client.force_login(employer)
    html = client.get(reverse("employer-declaration-detail", args=[declaration.pk])).content.decode()
    assert "审核意见：请补充残疾证旧意见" not in html
    quota.declaration_review(declaration=Declaration.objects.get(pk=declaration.pk), user=world.users["district"],
                             action="approve", comment="终审同意")
    html = client.get(reverse("employer-declaration-detail", args=[declaration.pk])).content.decode()
    assert "审核意见：终审同意" in html
