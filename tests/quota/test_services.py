"""Declaration services: pre-fill, rejection and resubmission, duplicates across employers,
dispatched workers, reviewers' month adjustments, and revisions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from employment import services as core_services
from quota import conflict_services, services
from quota.models import ConflictStatus, Declaration, DeclarationConflict, DeclarationStatus, MonthsAdjustment

from .conftest import YEAR, cert, roster_row


def _approve_all(declaration, world):
    services.declaration_review(declaration=declaration, user=world.users["town_x" if declaration.employer == world.employer_a else "town_y"], action="approve")
    services.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    return Declaration.objects.get(pk=declaration.pk)


def test_reject_returns_to_employer_with_comment_and_resubmit_restarts(world, start_declaration):
    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=user)
    with pytest.raises(ValidationError):
        services.declaration_review(declaration=d, user=world.users["town_x"], action="reject", comment="")
    services.declaration_review(declaration=d, user=world.users["town_x"], action="reject", comment="工资总额有误")
    d = Declaration.objects.get(pk=d.pk)
    assert d.status == DeclarationStatus.REJECTED and d.reviewer_comment == "工资总额有误"
    assert d.editable_by_employer
    services.declaration_update_basics(
        declaration=d, monthly_headcounts=[100] * 12, wage_bill=Decimal("9000000"), user=user
    )
    services.declaration_submit(declaration=d, user=user, response="已更正工资总额")
    d = Declaration.objects.get(pk=d.pk)
    assert d.status == DeclarationStatus.TOWN_REVIEW and d.employer_response == "已更正工资总额"
    d = _approve_all(d, world)
    assert d.status == DeclarationStatus.APPROVED
    # Every save left a revision; the rejected filing is still there to look at.
    wage_bills = {r.as_object().wage_bill for r in d.revisions.all()}
    assert Decimal("10000000") in wage_bills and Decimal("9000000") in wage_bills


def test_submitted_declaration_cannot_be_edited(world, start_declaration):
    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=user)
    with pytest.raises(ValidationError):
        services.declaration_update_basics(declaration=d, monthly_headcounts=[1] * 12, wage_bill=Decimal(1), user=user)


def test_same_certificate_at_two_employers_is_flagged_and_blocks_approval(world, start_declaration):
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1, 在岗月份="1-8")])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1, 在岗月份="6-12")])
    services.declaration_submit(declaration=a, user=world.users["employer_a"])
    services.declaration_submit(declaration=b, user=world.users["employer_b"])
    conflict = DeclarationConflict.objects.get()
    assert conflict.months == [6, 7, 8] and conflict.status == ConflictStatus.OPEN
    assert a.open_conflicts().exists() and b.open_conflicts().exists()
    with pytest.raises(PermissionDenied):
        services.declaration_review(declaration=a, user=world.users["town_x"], action="approve")
    conflict_services.conflict_resolve(
        conflict=conflict, months_a=list(range(1, 9)) if conflict.entry_a.declaration_id == a.pk else [9, 10, 11, 12],
        months_b=[9, 10, 11, 12] if conflict.entry_a.declaration_id == a.pk else list(range(1, 9)),
        decision="6-8月计入甲公司（社保由甲公司缴纳）", user=world.users["district"],
    )
    assert MonthsAdjustment.objects.filter(conflict=conflict).count() == 2
    a = _approve_all(Declaration.objects.get(pk=a.pk), world)
    assert a.status == DeclarationStatus.APPROVED
    assert a.counted == Decimal("8") / 12 or str(a.counted).startswith("0.666")
    b = Declaration.objects.get(pk=b.pk)
    assert str(b.counted).startswith("0.333")


def test_overlap_that_does_not_share_months_is_no_conflict(world, start_declaration):
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1, 在岗月份="1-5")])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1, 在岗月份="6-12")])
    services.declaration_submit(declaration=a, user=world.users["employer_a"])
    services.declaration_submit(declaration=b, user=world.users["employer_b"])
    assert not DeclarationConflict.objects.exists()


def test_dispatched_worker_counted_once(world, start_declaration):
    agency_row = roster_row(1, 劳务派遣="派出", 派遣另一方单位="乙公司", 计入本单位="否")
    host_row = roster_row(1, 劳务派遣="派入", 派遣另一方单位="甲公司", 计入本单位="是")
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[agency_row])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[host_row])
    services.declaration_submit(declaration=a, user=world.users["employer_a"])
    services.declaration_submit(declaration=b, user=world.users["employer_b"])
    assert not DeclarationConflict.objects.exists()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.counted == 0 and b.counted == 1


def test_dispatched_worker_claimed_by_both_is_a_conflict(world, start_declaration):
    a = start_declaration(world.employer_a, world.users["employer_a"],
                          rows=[roster_row(1, 劳务派遣="派出", 派遣另一方单位="乙公司")])
    b = start_declaration(world.employer_b, world.users["employer_b"],
                          rows=[roster_row(1, 劳务派遣="派入", 派遣另一方单位="甲公司")])
    services.declaration_submit(declaration=a, user=world.users["employer_a"])
    services.declaration_submit(declaration=b, user=world.users["employer_b"])
    assert DeclarationConflict.objects.filter(status=ConflictStatus.OPEN).count() == 1


def test_reviewer_adjusts_months_with_reason_and_result_follows(world, start_declaration):
    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=user)
    entry = d.roster.get()
    with pytest.raises(ValidationError):
        conflict_services.entry_months_adjust(entry=entry, months=[1, 2, 3], reason=" ", user=world.users["town_x"])
    conflict_services.entry_months_adjust(entry=entry, months=[1, 2, 3], reason="4月起离职", user=world.users["town_x"])
    d.refresh_from_db()
    assert d.counted == Decimal("0.25")
    adjustment = MonthsAdjustment.objects.get()
    assert adjustment.months_before == list(range(1, 13)) and adjustment.months_after == [1, 2, 3]
    # The adjusted revision is the one that gets published on approval.
    d = _approve_all(d, world)
    assert d.roster.get().months_override == [1, 2, 3]


def test_start_prefills_from_last_approved_roster_and_platform_placements(world, start_declaration):
    user = world.users["employer_a"]
    # Last year's declaration, approved.
    from quota.policy_seed import policy_years_seed

    policy_years_seed()
    last = services.declaration_start(employer=world.employer_a, year=YEAR - 1, user=user)
    services.declaration_update_basics(declaration=last, monthly_headcounts=[50] * 12,
                                       wage_bill=Decimal("5000000"), user=user)
    from .conftest import roster_csv
    services.declaration_roster_import(declaration=last, content=roster_csv([roster_row(7)]), filename="x.csv", user=user)
    services.declaration_submit(declaration=last, user=user)
    _approve_all(last, world)
    core_services.placement_record(
        seeker=world.seeker_b, employer=world.employer_a, contract_start=date(YEAR, 10, 1),
        monthly_wage=Decimal("3000"), social_insurance_start=date(YEAR, 10, 1),
    )
    d = services.declaration_start(employer=world.employer_a, year=YEAR, user=user)
    entries = {e.source: e for e in d.roster.all()}
    assert set(entries) == {"上年名册", "平台就业记录"}
    assert services.entry_cert_no(entries["上年名册"]) == cert(7)
    assert entries["平台就业记录"].months_employed == [10, 11, 12]
    assert entries["平台就业记录"].name == "李乙"
    assert d.monthly_headcounts == [50] * 12


def test_failed_upload_saves_nothing(world, start_declaration):
    from .conftest import roster_csv

    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[roster_row(1)])
    before = d.revisions.count()
    bad = [roster_row(2), roster_row(3, **{"月工资（元）": "abc"})]
    with pytest.raises(services.RosterImportError) as info:
        services.declaration_roster_import(declaration=d, content=roster_csv(bad), filename="r.csv", user=user)
    assert [(e.row, e.column) for e in info.value.errors] == [(3, "月工资（元）")]
    assert [e.name for e in d.roster.all()] == ["职工1"]
    assert d.revisions.count() == before


def test_certificate_numbers_are_not_stored_in_clear(world, start_declaration):
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    entry = d.roster.get()
    assert cert(1) not in entry.cert_token and cert(1) not in str(d.revisions.first().content)
    assert cert(1) not in str(Declaration.objects.get(pk=d.pk).result)


@pytest.mark.parametrize(("comment", "said"), [
    ("请补充劳动关系证明。", "审核意见：“请补充劳动关系证明。”请按意见修改后重新提交。"),
    ("请补充劳动关系证明", "审核意见：“请补充劳动关系证明”。请按意见修改后重新提交。"),
])
def test_the_employers_todo_quotes_a_return_comment_without_a_double_full_stop(world, start_declaration, comment, said):
    """Walked in Chromium: the work queue read 审核意见：“…证明。”。 — two full stops round the quote."""
    from django.utils import timezone

    from quota.selectors import employer_declaration_todos

    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="reject", comment=comment)
    todos = employer_declaration_todos(world.users["employer_a"], today=timezone.localdate())
    assert [t for t in todos if t.declaration_pk == declaration.pk][0].asked == said
