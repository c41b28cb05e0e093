"""公示 managed by the district, through its services: batch numbering, status by dates, publishing,
objections (employer online, staff for a caller, refused after the period), reopening the
declaration through the one review, republishing with the new figures, withdrawing."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from employment.models import Notification
from quota import publicity_selectors, publicity_services, services
from quota.models import (
    BatchStatus,
    DeclarationStatus,
    EntryStatus,
    ObjectionChannel,
    ObjectionStatus,
    PublicityBatch,
    PublicityLog,
)

from .conftest import CONTACT, YEAR, approve, make_batch, roster_row


@pytest.fixture
def approved(world, start_declaration):
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=world.users["employer_a"])
    return approve(world, d)


def test_document_numbers_count_up_and_skip_taken_ones(world, approved):
    assert publicity_services.document_no_next(YEAR) == f"海残联公示〔{YEAR}〕1号"
    make_batch(world, [approved], publish=False)
    assert publicity_services.document_no_next(YEAR) == f"海残联公示〔{YEAR}〕2号"
    assert publicity_services.document_no_next(YEAR + 1) == f"海残联公示〔{YEAR + 1}〕1号"


def test_a_document_number_is_used_once_and_a_declaration_is_in_one_batch(world, approved, start_declaration):
    make_batch(world, [approved], publish=False, document_no="海残联公示〔2025〕7号")
    other = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    services.declaration_submit(declaration=other, user=world.users["employer_b"])
    other = approve(world, other)
    with pytest.raises(ValidationError, match="已经用过"):
        make_batch(world, [other], publish=False, document_no="海残联公示〔2025〕7号")
    with pytest.raises(ValidationError, match="已经在其他公示批次"):
        make_batch(world, [approved], publish=False)
    assert list(publicity_services.eligible_declarations(YEAR)) == [other]


def test_only_the_district_makes_batches_and_not_of_unapproved_declarations(world, start_declaration, approved):
    draft = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    with pytest.raises(PermissionDenied):
        publicity_services.batch_create(user=world.users["town_x"], year=YEAR, declaration_ids=[approved.pk],
                                        document_no="x", start_date=date(2026, 1, 1), end_date=date(2026, 1, 7),
                                        **CONTACT)
    with pytest.raises(ValidationError):
        make_batch(world, [draft], publish=False)
    with pytest.raises(ValidationError, match="不能早于"):
        make_batch(world, [approved], start=date(2026, 5, 8), end=date(2026, 5, 1), publish=False)


def test_status_follows_the_dates_after_publishing(world, approved):
    today = timezone.localdate()
    batch = make_batch(world, [approved], start=today + timedelta(days=3), end=today + timedelta(days=9),
                       publish=False)
    assert batch.status_on(today) == BatchStatus.DRAFT
    assert publicity_selectors.public_batches(year=YEAR, today=today + timedelta(days=5)) == []
    publicity_services.batch_publish(batch=batch, user=world.users["district"])
    batch.refresh_from_db()
    assert batch.status_on(today) == BatchStatus.SCHEDULED
    assert batch.status_on(today + timedelta(days=3)) == BatchStatus.PUBLISHED
    assert batch.status_on(today + timedelta(days=9)) == BatchStatus.PUBLISHED
    assert batch.status_on(today + timedelta(days=10)) == BatchStatus.CLOSED
    # Scheduled: not public before its start, public from it on (and after its end).
    assert publicity_selectors.public_batches(year=YEAR, today=today) == []
    assert publicity_selectors.public_batches(year=YEAR, today=today + timedelta(days=3)) == [batch]
    assert publicity_selectors.public_batches(year=YEAR, today=today + timedelta(days=30)) == [batch]
    with pytest.raises(ValidationError, match="已经发布"):
        publicity_services.batch_publish(batch=batch, user=world.users["district"])
    assert PublicityLog.objects.filter(batch=batch).count() == 2


def test_figures_are_a_snapshot_without_personal_data(world, approved):
    batch = make_batch(world, [approved])
    figures = batch.entries.get().figures
    assert figures["employer"] == "甲公司" and figures["outcome"] == approved.get_outcome_display()
    assert "职工1" not in str(figures) and approved.roster.get().cert_masked not in str(figures)


def test_employer_objects_online_staff_are_told_and_after_the_period_it_is_refused(world, approved):
    today = timezone.localdate()
    batch = make_batch(world, [approved])
    entry = batch.entries.get()
    objection = publicity_services.objection_register(entry=entry, user=world.users["employer_a"],
                                                      text="安排人数少算了一人。")
    assert objection.channel == ObjectionChannel.ONLINE and objection.status == ObjectionStatus.PENDING
    told = set(Notification.objects.filter(event="publicity.objection").values_list("user__username", flat=True))
    assert told == {"district", "town_x"}  # not town Y, not the employer itself
    assert publicity_selectors.objections_pending(world.users["district"]).count() == 1
    assert publicity_selectors.objections_pending(world.users["town_y"]).count() == 0
    with pytest.raises(ValidationError, match="公示期已于"):
        publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="再提一次",
                                              today=batch.end_date + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        publicity_services.objection_register(entry=entry, user=world.users["employer_b"], text="别人的")
    with pytest.raises(ValidationError):
        publicity_services.objection_register(entry=entry, user=world.users["town_x"], text="来电", today=today)
    with pytest.raises(ValidationError, match="手机号码应为 11 位"):
        publicity_services.objection_register(entry=entry, user=world.users["town_x"], text="来电反映",
                                              caller_name="赵先生", caller_phone="1380000")
    by_staff = publicity_services.objection_register(entry=entry, user=world.users["town_x"], text="来电反映",
                                                     caller_name="赵先生", caller_phone="138 0000 0000")
    assert by_staff.channel == ObjectionChannel.STAFF and by_staff.caller_name == "赵先生"
    assert by_staff.caller_phone == "13800000000"


def test_reopen_correct_reapprove_republish(world, approved):
    batch = make_batch(world, [approved])
    entry = batch.entries.get()
    objection = publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="少算一人")
    with pytest.raises(PermissionDenied):
        publicity_services.objection_reopen(objection=objection, user=world.users["town_x"], comment="x")
    with pytest.raises(ValidationError):
        publicity_services.objection_reopen(objection=objection, user=world.users["district"], comment=" ")
    publicity_services.objection_reopen(objection=objection, user=world.users["district"], comment="请补充职工2")
    entry.refresh_from_db()
    approved.refresh_from_db()
    assert entry.status == EntryStatus.CORRECTING and approved.status == DeclarationStatus.REJECTED
    assert approved.reviewer_comment == "请补充职工2"
    assert Notification.objects.filter(event="declaration.returned", user=world.users["employer_a"]).exists()
    with pytest.raises(ValidationError, match="还没有重新审核通过"):
        publicity_services.entry_republish(entry=entry, user=world.users["district"], note="更正")
    old_counted = entry.figures["counted"]
    # The employer corrects it and resubmits; the whole review runs again.
    services.roster_entry_save(declaration=approved, row=_row(2), user=world.users["employer_a"])
    services.declaration_submit(declaration=approved, user=world.users["employer_a"])
    approve(world, approved)
    assert publicity_selectors.entries_to_republish(world.users["district"]).get() == entry
    publicity_services.entry_republish(entry=entry, user=world.users["district"], note="补充职工2，安排人数更正")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CORRECTED and entry.note == "补充职工2，安排人数更正"
    assert entry.figures["counted"] != old_counted
    assert "更正前" in PublicityLog.objects.filter(entry=entry).first().action
    publicity_services.objection_handle(objection=objection, user=world.users["district"], note="已更正",
                                        status=ObjectionStatus.DONE)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DONE and objection.resolved_by == world.users["district"]
    assert "重新打开申报" in objection.handling_notes


def test_handling_notes_are_dated_the_house_way(world, approved):
    """Each handling note starts with the moment in the house format (2026年3月5日 14:05), as pages
    write dates, not a machine stamp."""
    from employment.formats import cn_date

    entry = make_batch(world, [approved]).entries.get()
    objection = publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="少算一人")
    publicity_services.objection_handle(objection=objection, user=world.users["district"], note="已联系单位",
                                        status=ObjectionStatus.HANDLING)
    objection.refresh_from_db()
    assert objection.handling_notes.startswith(cn_date(timezone.localtime()))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", objection.handling_notes)


def _row(n):
    from quota.roster_import import read_roster
    from tests.quota.conftest import roster_csv

    rows, errors = read_roster(roster_csv([roster_row(n)]), "r.csv")
    assert not errors
    return rows[0]


def test_withdraw_needs_a_reason_and_stops_objections(world, approved):
    batch = make_batch(world, [approved])
    entry = batch.entries.get()
    with pytest.raises(ValidationError):
        publicity_services.entry_withdraw(entry=entry, user=world.users["district"], reason="")
    publicity_services.entry_withdraw(entry=entry, user=world.users["district"], reason="单位已注销")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN and entry.note == "单位已注销"
    with pytest.raises(ValidationError, match="已经撤回"):
        publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="x")


def test_a_draft_can_be_discarded_a_published_batch_cannot(world, approved):
    batch = make_batch(world, [approved], publish=False)
    publicity_services.batch_discard(batch=batch, user=world.users["district"])
    assert not PublicityBatch.objects.exists()
    batch = make_batch(world, [approved])
    with pytest.raises(ValidationError):
        publicity_services.batch_discard(batch=batch, user=world.users["district"])


def test_review_reopen_is_the_districts_and_only_for_approved_objects(world, start_declaration, approved):
    from review.services import review_reopen

    draft = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    with pytest.raises(ValidationError, match="不是审核通过"):
        review_reopen(obj=draft, user=world.users["district"], comment="更正")
    with pytest.raises(PermissionDenied):
        review_reopen(obj=approved, user=world.users["town_x"], comment="更正")
    reopened = review_reopen(obj=approved, user=world.users["district"], comment="请更正")
    assert reopened.status == DeclarationStatus.REJECTED and reopened.editable_by_employer


def test_the_employer_is_told_when_its_online_objection_is_settled_a_callers_is_not(world, approved):
    batch = make_batch(world, [approved])
    entry = batch.entries.get()
    online = publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="少算一人。")
    by_phone = publicity_services.objection_register(entry=entry, user=world.users["town_x"], text="来电反映",
                                                     caller_name="赵先生", caller_phone="13800000000")
    answered = Notification.objects.filter(event="publicity.objection_answered")
    publicity_services.objection_handle(objection=online, user=world.users["district"], note="正在核实名册",
                                        status=ObjectionStatus.HANDLING)
    assert not answered.exists()  # not settled yet
    publicity_services.objection_handle(objection=by_phone, user=world.users["district"], note="已电话答复",
                                        status=ObjectionStatus.DONE)
    assert not answered.exists()  # the caller is answered by phone
    publicity_services.objection_handle(objection=online, user=world.users["district"], note="经核实，名册无误，维持原结果。",
                                        status=ObjectionStatus.DONE)
    told = answered.get()
    assert told.user == world.users["employer_a"]
    assert batch.document_no in told.subject and "维持原结果" in told.body
    assert told.url == f"/employer/publicity/{entry.pk}/objection/"


def test_a_reopening_is_in_the_declarations_timeline(world, approved):
    """Walked in Chromium: a declaration reopened after an objection went from 区残联终审通过 straight to
    修改后重新提交 in its 审核记录 — the return and its reason were missing from the history."""
    from review.timeline import timeline_for

    entry = make_batch(world, [approved]).entries.get()
    objection = publicity_services.objection_register(entry=entry, user=world.users["employer_a"], text="少算一人")
    publicity_services.objection_reopen(objection=objection, user=world.users["district"], comment="请补充职工2")
    approved.refresh_from_db()
    for viewer in ("district", "employer_a"):
        events = timeline_for(approved, world.users[viewer])
        assert events[-1].kind == "reopened", viewer
        assert events[-1].text == "请补充职工2" and events[-1].actor == world.users["district"]


def test_money_on_the_publicity_and_review_pages_is_written_one_way(world, approved, client_for):
    """Walk A, item 11: the 公示 figures and the review page wrote "25000.00 元" and the wage bill
    "10000000.00" while the letters wrote "25,000.00": every page now writes yuan as the letters do."""
    from django.urls import reverse

    assert publicity_services.figures_of(approved)["amount"] == "25,000.00 元"
    html = client_for(world.users["district"]).get(reverse("review-declaration-detail", args=[approved.pk])).content.decode()
    assert "<dd>10,000,000.00</dd>" in html and "25,000.00" in html and "25000.00" not in html
