"""Services of rewards and subsidies against the database: amounts from the year's parameters, the
roster and months limits, one start-up subsidy per person, the town → district review with
reject-with-comment, revisions, notifications sent once, and payment lists."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from domain import identity
from employment.models import Notification
from employment.table_export import DATE_FORMAT, HEADER_ROW, read_sheet
from quota.models import PolicyYear
from subsidies import exports, notifications, services
from subsidies.models import Programme, SubsidyApplication, SubsidyStatus
from subsidies.si_upload import HEADERS
from subsidies.tasks import notification_email_send

from .conftest import BANK, YEAR, cert, roster_entry_id, roster_row, si_proof_add, startup_filed

CREDIT = identity.make_credit_code("91330203MA2AB1C2D")


def contributions_csv(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows, columns=HEADERS).to_csv(index=False).encode("utf-8-sig")


def contrib_row(n: int, amount: str = "800", months=range(1, 13), name: str | None = None) -> dict:
    row = dict.fromkeys(HEADERS, "")
    row.update({"姓名": name or f"职工{n}", "证件号码": cert(n)})
    for m in months:
        row[f"{m}月"] = amount
    return row


def _reward_rows():
    # Four grade-3 employees at 100 staff: required 1.5, counted 4 → surplus 2.5 → 2 whole persons.
    return [roster_row(n) for n in range(1, 5)]


# ---- over-quota reward ---------------------------------------------------------------------------


def test_reward_amount_is_whole_surplus_persons_times_the_years_amount(world, policy, approved_declaration, approve):
    declaration = approved_declaration(world.employer_a, world.users["employer_a"], _reward_rows())
    application = services.reward_application_create(declaration=declaration, bank=BANK, user=world.users["employer_a"])
    assert application.status == SubsidyStatus.TOWN_REVIEW
    assert application.calculation["persons"] == 2
    assert application.amount == 2 * policy.reward_per_person
    with pytest.raises(ValidationError, match="已经申请过"):
        services.reward_application_create(declaration=declaration, bank=BANK, user=world.users["employer_a"])


def test_reward_follows_the_edited_parameter(world, policy, approved_declaration):
    PolicyYear.objects.filter(pk=policy.pk).update(reward_per_person=Decimal("1234.50"))
    declaration = approved_declaration(world.employer_a, world.users["employer_a"], _reward_rows())
    application = services.reward_application_create(declaration=declaration, bank=BANK, user=world.users["employer_a"])
    assert application.amount == Decimal("2469.00")


def test_reward_needs_bank_details(world, policy, approved_declaration):
    declaration = approved_declaration(world.employer_a, world.users["employer_a"], _reward_rows())
    with pytest.raises(ValidationError) as exc:
        services.reward_application_create(declaration=declaration, bank={**BANK, "bank_account": "12ab"},
                                           user=world.users["employer_a"])
    assert "bank_account" in exc.value.message_dict
    assert not SubsidyApplication.objects.exists()


def test_reward_refused_for_a_declaration_that_met_the_quota_only(world, policy, approved_declaration):
    declaration = approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1), roster_row(2)])
    with pytest.raises(ValidationError, match="超比例"):
        services.reward_application_create(declaration=declaration, bank=BANK, user=world.users["employer_a"])


# ---- social-insurance subsidy --------------------------------------------------------------------


def _si(world, employer_key="employer_a", year=YEAR):
    employer = world.employer_a if employer_key == "employer_a" else world.employer_b
    application = services.si_application_start(employer=employer, year=year, user=world.users[employer_key])
    services.subsidy_bank_update(application=application, bank=BANK, user=world.users[employer_key])
    si_proof_add(application, world.users[employer_key])  # needed to submit
    return application


def test_si_requires_an_approved_declaration(world, policy):
    with pytest.raises(ValidationError, match="年审尚未审核通过"):
        services.si_application_start(employer=world.employer_a, year=YEAR, user=world.users["employer_a"])


def test_si_upload_refuses_people_not_on_the_roster_naming_row_and_column(world, policy, approved_declaration):
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    application = _si(world)
    services.si_line_save(application=application, roster_entry_id=roster_entry_id(application, "职工1"), name="职工1", months=[1], contribution=Decimal("100"),
                          user=world.users["employer_a"])
    content = contributions_csv([contrib_row(1), contrib_row(9), contrib_row(1, amount="abc", name="重复")])
    with pytest.raises(services.ContributionImportError) as exc:
        services.si_lines_import(application=application, content=content, filename="c.csv",
                                 user=world.users["employer_a"])
    texts = [str(e) for e in exc.value.errors]
    assert any(t.startswith("第3行“证件号码”") and "名册" in t for t in texts), texts
    assert any(t.startswith("第4行“1月”") for t in texts), texts
    # Nothing half-saved: the earlier line is still the only one.
    assert [line.name for line in application.si_lines.all()] == ["职工1"]
    assert application.si_lines.get().granted_months == [1]


def test_si_monthly_cap_from_the_years_parameters(world, policy, approved_declaration):
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1), roster_row(2)])
    application = _si(world)
    cap = policy.si_subsidy_monthly_cap
    high = (cap / policy.si_subsidy_share) + Decimal("100")  # subsidy above the cap
    low = (cap / policy.si_subsidy_share) - Decimal("100")  # just under the cap
    services.si_lines_import(
        application=application,
        content=contributions_csv([contrib_row(1, amount=str(high)), contrib_row(2, amount=str(low))]),
        filename="c.csv", user=world.users["employer_a"],
    )
    first, second = application.si_lines.order_by("name")
    assert Decimal(first.granted["1"]) == cap
    assert Decimal(second.granted["1"]) == (low * policy.si_subsidy_share).quantize(Decimal("0.01"))
    application.refresh_from_db()
    assert application.amount == 12 * cap + 12 * Decimal(second.granted["1"])


def test_si_months_limit_counts_months_at_another_employer_in_earlier_years(
    world, policy, approved_declaration, approve
):
    PolicyYear.objects.filter(year__in=[YEAR - 1, YEAR]).update(si_subsidy_max_months=15)
    # 2024 at employer A: 12 months subsidised and approved.
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)], year=YEAR - 1)
    earlier = _si(world, "employer_a", YEAR - 1)
    services.si_lines_import(application=earlier, content=contributions_csv([contrib_row(1)]), filename="c.csv",
                             user=world.users["employer_a"])
    services.subsidy_submit(application=earlier, user=world.users["employer_a"])
    approve(earlier)
    # 2025 at employer B: only 3 months left of the 15.
    approved_declaration(world.employer_b, world.users["employer_b"], [roster_row(1)])
    later = _si(world, "employer_b")
    services.si_lines_import(application=later, content=contributions_csv([contrib_row(1)]), filename="c.csv",
                             user=world.users["employer_b"])
    line = later.si_lines.get()
    assert line.granted_months == [1, 2, 3]
    assert set(line.refused) == {str(m) for m in range(4, 13)}
    assert all("累计最长" in reason for reason in line.refused.values())


def test_si_months_already_subsidised_by_another_employer_are_refused(world, policy, approved_declaration):
    # The same person at two employers in one year, months 1-6 at A and 7-12 at B (no roster conflict).
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1, **{"在岗月份": "1-6"})])
    approved_declaration(world.employer_b, world.users["employer_b"], [roster_row(1, **{"在岗月份": "7-12"})])
    first = _si(world)
    services.si_lines_import(application=first, content=contributions_csv([contrib_row(1, months=range(1, 7))]),
                             filename="c.csv", user=world.users["employer_a"])
    services.subsidy_submit(application=first, user=world.users["employer_a"])
    second = _si(world, "employer_b")
    services.si_lines_import(application=second, content=contributions_csv([contrib_row(1, months=range(5, 13))]),
                             filename="c.csv", user=world.users["employer_b"])
    line = second.si_lines.get()
    assert line.granted_months == list(range(7, 13))
    assert set(line.refused) == {"5", "6"}
    assert "已享受过社保补贴" in line.refused["5"]


# ---- start-up subsidy ----------------------------------------------------------------------------


def _startup(world, seeker=None, user=None, tier="C", code=CREDIT):
    return startup_filed(world, seeker=seeker, user=user, tier=tier, code=code)


def test_startup_amount_by_tier_and_second_application_refused(world, policy):
    application = _startup(world)
    assert application.amount == Decimal(policy.startup_subsidy_tiers["C"])
    assert application.town == world.town_x
    with pytest.raises(ValidationError, match="只能享受一次"):
        _startup(world, tier="A")
    assert SubsidyApplication.objects.filter(programme=Programme.STARTUP).count() == 1


def test_startup_validates_credit_code_and_tier(world, policy):
    with pytest.raises(ValidationError) as exc:
        _startup(world, code=CREDIT[:-1] + ("0" if CREDIT[-1] != "0" else "1"), tier="Z")
    assert "business_credit_code" in exc.value.message_dict and "tier" in exc.value.message_dict
    assert not SubsidyApplication.objects.exists()


def test_staff_may_apply_on_a_seekers_behalf(world, policy):
    application = _startup(world, seeker=world.seeker_b, user=world.users["town_y"])
    assert application.seeker == world.seeker_b and application.created_by == world.users["town_y"]


# ---- review --------------------------------------------------------------------------------------


def test_review_town_then_district_with_reject_and_resubmit(world, policy):
    application = _startup(world)
    with pytest.raises(PermissionDenied):
        services.subsidy_review(application=application, user=world.users["town_y"], action="approve")
    with pytest.raises(PermissionDenied):
        services.subsidy_review(application=application, user=world.users["seeker_a"], action="approve")
    with pytest.raises(ValidationError):
        services.subsidy_review(application=application, user=world.users["town_x"], action="reject", comment=" ")
    services.subsidy_review(application=application, user=world.users["town_x"], action="reject", comment="请补充租赁合同")
    application.refresh_from_db()
    assert application.status == SubsidyStatus.REJECTED
    assert application.reviewer_comment == "请补充租赁合同"
    services.startup_application_update(
        application=application, business_name="小甲网店", credit_code=CREDIT, registered_on=date(2025, 3, 1),
        tier="B", evidence="带动就业2人，租赁合同已上传", bank={**BANK, "bank_account_name": "张甲"},
        user=world.users["seeker_a"],
    )
    services.subsidy_submit(application=application, user=world.users["seeker_a"])
    services.subsidy_review(application=application, user=world.users["town_x"], action="approve")
    application.refresh_from_db()
    assert application.status == SubsidyStatus.DISTRICT_REVIEW
    services.subsidy_review(application=application, user=world.users["district"], action="approve", comment="同意")
    application.refresh_from_db()
    assert application.status == SubsidyStatus.APPROVED and application.approved_at is not None
    assert application.amount == Decimal(PolicyYear.objects.get(year=YEAR).startup_subsidy_tiers["B"])
    # Every revision kept; every decision logged.
    assert application.revisions.count() >= 3
    from review.selectors import decisions_of

    outcomes = [(d.task.name, d.status) for d in decisions_of(application) if d.status != "cancelled"]
    assert ("镇街初审", "rejected") in outcomes and ("区残联终审", "approved") in outcomes


def test_submitted_application_cannot_be_edited(world, policy):
    application = _startup(world)
    with pytest.raises(ValidationError, match="已提交审核"):
        services.subsidy_bank_update(application=application, bank=BANK, user=world.users["seeker_a"])


# ---- notifications -------------------------------------------------------------------------------


def test_each_status_change_notifies_in_app_and_by_email_once(world, policy, django_capture_on_commit_callbacks):
    world.users["seeker_a"].email = "zhangjia@example.com"
    world.users["seeker_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        application = _startup(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.subsidy_review(application=application, user=world.users["town_x"], action="reject", comment="缺材料")
    notes = list(Notification.objects.filter(user=world.users["seeker_a"]).order_by("id"))
    assert len(notes) == 2 and "缺材料" in notes[1].body
    # (Wagtail's own moderation e-mail to the submitter is not ours; count our subjects.)
    ours = [m for m in mail.outbox if m.subject.startswith("您的")]
    assert [m.subject for m in ours] == [n.subject for n in notes]
    assert ours[0].to == ["zhangjia@example.com"]
    # (The town's reviewers are told too — review.queued — and have no e-mail address: the applicant's.)
    assert all(n.emailed_at is not None for n in Notification.objects.filter(user=world.users["seeker_a"]))
    # A duplicated or retried task sends nothing more.
    before = len(mail.outbox)
    notification_email_send.delay(notes[0].pk)
    notification_email_send.apply(args=[notes[1].pk])
    assert notifications.notification_email_deliver(notification_id=notes[0].pk) is False
    assert len(mail.outbox) == before


def test_emails_are_not_sent_if_the_transaction_rolls_back(world, policy, django_capture_on_commit_callbacks):
    world.users["seeker_a"].email = "zhangjia@example.com"
    world.users["seeker_a"].save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _startup(world)
    assert callbacks and len(mail.outbox) == 0  # queued on commit, not before


# ---- payment lists -------------------------------------------------------------------------------


def test_payment_list_takes_each_approved_item_once_with_town_totals(world, policy, approve):
    a = approve(_startup(world))
    b = approve(_startup(world, seeker=world.seeker_b, user=world.users["seeker_b"], tier="D"))
    first = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=world.users["district"])
    assert set(first.items.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert first.total == a.amount + b.amount
    with pytest.raises(ValidationError, match="没有尚未列入"):
        services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=world.users["district"])
    content = exports.payment_list_xlsx(first, exported_by="区残联（district）")
    items, towns = read_sheet(content, "拨付明细"), read_sheet(content, "分镇街合计", total=True)
    assert sorted(items["申请人"]) == ["张甲", "李乙"]
    by_town = dict(zip(towns["镇街"], towns["金额合计（元）"], strict=True))
    assert Decimal(str(by_town["鼓楼街道"])) == a.amount and Decimal(str(by_town["石碶街道"])) == b.amount
    assert Decimal(str(by_town["合计"])) == a.amount + b.amount


def test_payment_list_neutralises_formulas(world, policy, approve):
    application = approve(_startup(world))
    SubsidyApplication.objects.filter(pk=application.pk).update(bank_name="=HYPERLINK(\"x\")")
    payment_list = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=world.users["district"])
    items = read_sheet(exports.payment_list_xlsx(payment_list, exported_by="区残联（district）"), "拨付明细")
    assert items["开户银行"][0].startswith("'=")


def test_payment_list_dates_approvals_in_local_time(world, policy, approve):
    """An approval at 07:30 in Beijing (23:30 UTC the day before) is dated that Beijing day."""
    application = approve(_startup(world))
    SubsidyApplication.objects.filter(pk=application.pk).update(
        approved_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC))
    payment_list = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=world.users["district"])
    content = exports.payment_list_xlsx(payment_list, exported_by="区残联（district）")
    items = read_sheet(content, "拨付明细")
    assert [d.date() for d in items["审核通过日期"]] == [date(2026, 3, 5)]
    # A real date cell shown the Chinese way (2026年3月5日), not the text "2026-03-05" (walk A, item 12).
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content))["拨付明细"]
    header = [c.value for c in ws[HEADER_ROW]]
    cell = ws.cell(row=HEADER_ROW + 1, column=header.index("审核通过日期") + 1)
    assert cell.is_date and cell.number_format == DATE_FORMAT


# ---- wiring --------------------------------------------------------------------------------------


def test_policy_seed_fills_the_subsidy_parameters_from_the_data_file(policy):
    from subsidies.rules import load_subsidy_params

    expected = load_subsidy_params()[YEAR]
    assert services.subsidy_params(policy) == expected


def test_a_fresh_worker_process_registers_the_notification_and_recompute_tasks():
    # A new process, as a worker starts: only what the Celery configuration imports is registered.
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.test'); django.setup();"
        "from config.celery import app; app.loader.import_default_modules(); print(sorted(app.tasks))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert "subsidies.notification_email_send" in out
    assert "declarations.recompute_year" in out


def test_migration_fills_subsidy_parameters_of_years_seeded_before_it(policy):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("employment.migrations.0003_subsidies")

    class MovedApps:  # the migration names PolicyYear by the app it had then (issue 17 moved it to quota)
        @staticmethod
        def get_model(app_label, model_name):
            return apps.get_model("quota" if (app_label, model_name) == ("employment", "PolicyYear") else app_label,
                                  model_name)

    PolicyYear.objects.filter(year=YEAR).update(
        si_subsidy_share=0, si_subsidy_monthly_cap=0, si_subsidy_max_months=0, startup_subsidy_tiers={}
    )
    PolicyYear.objects.filter(year=YEAR - 1).update(si_subsidy_share=Decimal("0.3"), si_subsidy_max_months=24)
    migration.fill_subsidy_parameters(MovedApps, None)
    from subsidies.rules import load_subsidy_params

    assert services.subsidy_params(PolicyYear.objects.get(year=YEAR)) == load_subsidy_params()[YEAR]
    edited = PolicyYear.objects.get(year=YEAR - 1)  # staff's values are kept
    assert edited.si_subsidy_share == Decimal("0.3") and edited.si_subsidy_max_months == 24
