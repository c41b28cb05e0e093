"""Build ``premove.json.xz``: a seeded database as it was BEFORE quota, subsidies, households and review
left the ``employment`` app (issue 17), for ``test_app_moves.py``.

Run it with the PRE-MOVE code, i.e. commit b0ea1be (the last commit whose models all live in
``employment``), never with the current tree::

    git worktree add --detach /tmp/premove b0ea1be
    ln -s "$PWD/.venv" /tmp/premove/.venv
    cd /tmp/premove
    DATABASE_URL=sqlite:////tmp/premove.sqlite3 DJANGO_SETTINGS_MODULE=config.settings.test \\
      MATCHING_ENCODER_DIR=<your var/models/use-multilingual-v3> MATCHING_INDEX_DIR=/tmp/premove-index \\
      PYTHONPATH=/tmp/premove .venv/bin/python <this tree>/tests/migrations/premove_fixture_make.py \\
      <this tree>/tests/migrations/premove.json.xz
    git worktree remove --force /tmp/premove

It migrates an empty SQLite database, runs ``seed_demo`` and then, through the services of that time,
files what the move must carry along: declarations in town review, approved (with log entries and
task states of both steps) and sent back, a resolved duplicate claim with its month adjustments; a social-insurance application in review and an approved
start-up application filed by town staff (payment-details change, notifications that point at the
application), a claim notification pointing nowhere, group permissions on the moved models and a
lock. Every table except ``django_migrations``, sessions and Wagtail's search index is then written
as JSON (``{"tables": {name: {"columns": [...], "rows": [...]}}}``, bytes as ``{"$b64": ...}``) and
compressed with xz. Embeddings are cleared (they are rebuilt from the rows) to keep the file small.
The encryption keys are the development keys of ``config.settings.test``, so the tests can read the
encrypted columns.
"""

from __future__ import annotations

import base64
import json
import lzma
import sys
from datetime import date
from decimal import Decimal


def build() -> None:
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    from domain import identity
    from employment.declarations import services as declarations
    from employment.declarations.policy_seed import policy_years_seed
    from employment.models import Account, Employer, JobSeeker, Role
    from employment.services import user_create_with_role
    from employment.subsidies import services as subsidies

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    policy_years_seed()
    year = 2025

    def user_of(role, **binding):
        return Account.objects.filter(role=role, **binding).select_related("user").first().user

    district = user_of(Role.DISTRICT)
    employers = list(Employer.objects.order_by("pk")[:4])

    def cert(n: int) -> str:
        rid = identity.make_resident_id(region="330203", birth=date(1980, 5, 1 + n), seq=500 + n)
        return identity.make_disability_cert(rid, 4, 3)

    def roster_csv(numbers) -> bytes:
        lines = ["姓名,证件类型,证件号码,用工形式,合同开始日期,合同结束日期,月工资（元）,在岗月份,社保足额缴纳月份"]
        lines += [f"职工{n},残疾人证,{cert(n)},劳动合同,2024-01-01,,4000,1-12,1-12" for n in numbers]
        return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")

    filed = []
    for employer, numbers in zip(employers, ((1, 2, 3), (4, 5), (6,), (4, 7, 8, 9, 10)), strict=True):
        user = Account.objects.filter(employer=employer).first()
        user = user.user if user else None
        if user is None:
            user = user_create_with_role(username=f"premove_{employer.pk}", password="premove-Pass-2025",
                                         role=Role.EMPLOYER, employer=employer, display_name=employer.name)
        declaration = declarations.declaration_start(employer=employer, year=year, user=user)
        declarations.declaration_update_basics(declaration=declaration, monthly_headcounts=[60] * 12,
                                               wage_bill=Decimal("6000000"), user=user)
        declarations.declaration_roster_import(declaration=declaration, content=roster_csv(numbers),
                                               filename="roster.csv", user=user)
        declarations.declaration_submit(declaration=declaration, user=user)
        filed.append((declaration, user))

    def town_reviewer(declaration):
        town = declaration.employer.town
        found = Account.objects.filter(role=Role.TOWN, town=town).select_related("user").first()
        return found.user if found else user_create_with_role(
            username=f"premove_town_{town.pk}", password="premove-Pass-2025", role=Role.TOWN, town=town)

    in_review = filed[0][0]  # stays in town review
    # Person 4 is on two rosters: the district splits the year (a resolved conflict, two adjustments).
    from employment.models import DeclarationConflict

    conflict = DeclarationConflict.objects.get()
    declarations.conflict_resolve(conflict=conflict, months_a=[1, 2, 3, 4, 5, 6], months_b=[7, 8, 9, 10, 11, 12],
                                  decision="上半年计入第一家，下半年计入第二家", user=district)
    approved, approved_user = filed[1]
    declarations.declaration_review(declaration=approved, user=town_reviewer(approved), action="approve",
                                    comment="材料齐全")
    declarations.declaration_review(declaration=approved, user=district, action="approve")
    sent_back = filed[2][0]
    declarations.declaration_review(declaration=sent_back, user=town_reviewer(sent_back), action="reject",
                                    comment="请补充第3行的合同")
    district_step = filed[3][0]
    declarations.declaration_review(declaration=district_step, user=town_reviewer(district_step),
                                    action="approve")
    from django.utils import timezone

    type(in_review).objects.filter(pk=in_review.pk).update(  # a reviewer has it open in the admin
        locked=True, locked_by=town_reviewer(in_review), locked_at=timezone.now())

    # A social-insurance application in town review (lines, bank account, revisions, notifications).
    si = subsidies.si_application_start(employer=approved.employer, year=year, user=approved_user)
    subsidies.si_line_save(application=si, name="职工4", cert_no=cert(4), months=[1, 2, 3],
                           contribution=Decimal("800"), user=approved_user)
    subsidies.subsidy_bank_update(application=si, bank={"bank_account_name": approved.employer.name,
                                                        "bank_name": "中国工商银行宁波海曙支行",
                                                        "bank_account": "6222020000000002"}, user=approved_user)
    subsidies.subsidy_submit(application=si, user=approved_user)

    # A start-up application filed by town staff on a seeker's behalf, approved by two other reviewers.
    seeker = JobSeeker.objects.filter(user__isnull=False).order_by("pk").first()
    staff = Account.objects.filter(role=Role.TOWN, town=seeker.town).select_related("user").first()
    staff = staff.user if staff else user_create_with_role(
        username="premove_town_staff", password="premove-Pass-2025", role=Role.TOWN, town=seeker.town)
    startup = subsidies.startup_application_create(
        seeker=seeker, year=year, business_name="演示网店", credit_code=identity.make_credit_code("91330203MA2AB1C9X"[:17]),
        registered_on=date(2025, 3, 1), tier="D", evidence="营业执照", user=staff,
        bank={"bank_account_name": seeker.name, "bank_name": "宁波银行", "bank_account": "6214830000000003"},
    )
    from employment.models import SubsidyEvidence

    SubsidyEvidence.objects.create(application=startup, kind="licence", file="subsidy-evidence/premove.pdf",
                                   original_name="营业执照.pdf", size=10, content_type="application/pdf",
                                   uploaded_by=staff)
    subsidies.subsidy_submit(application=startup, user=staff)
    from employment.services import user_create_with_role

    other_town = user_create_with_role(username="premove_town2", password="premove-Pass-2025", role=Role.TOWN,
                                       town=seeker.town, display_name="第二位镇街审核员")
    subsidies.subsidy_review(application=startup, user=other_town, action="approve")
    subsidies.subsidy_review(application=startup, user=district, action="approve")

    # A claim notification (no application) and group permissions on moved models.
    from employment.models import Notification

    Notification.objects.create(user=staff, subject="认领通知", body="有人认领了求职者记录。")
    group = Group.objects.get_or_create(name="区残联")[0]
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="employment",
        codename__in=["change_declaration", "view_subsidyapplication", "view_household", "change_policyyear"]))


SKIPPED_PREFIXES = ("django_migrations", "django_session", "sqlite_", "wagtailsearch_")
CLEARED = {("employment_jobpost", "embedding"), ("employment_vocationalassessment", "embedding")}


def dump(path: str) -> None:
    """The stored values as SQLite holds them (a plain connection: no Django converters)."""
    import sqlite3

    from django.db import connection

    connection.close()
    raw = sqlite3.connect(str(connection.settings_dict["NAME"]))
    tables = {}
    with raw:
        cursor = raw.cursor()
        names = [r[0] for r in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in sorted(names):
            if name.startswith(SKIPPED_PREFIXES):
                continue
            cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608 - table names from the schema
            columns = [c[0] for c in cursor.description]
            rows = []
            for row in cursor.fetchall():
                out = []
                for column, value in zip(columns, row, strict=True):
                    if (name, column) in CLEARED:
                        value = None
                    if isinstance(value, bytes):
                        value = {"$b64": base64.b64encode(bytes(value)).decode()}
                    out.append(value)
                rows.append(out)
            tables[name] = {"columns": columns, "rows": rows}
    data = json.dumps({"made_with": "b0ea1be", "tables": tables}, ensure_ascii=False, sort_keys=True)
    with lzma.open(path, "wt", encoding="utf-8", preset=9) as handle:
        handle.write(data)


if __name__ == "__main__":
    import django

    django.setup()
    build()
    dump(sys.argv[1])
    print("written", sys.argv[1])  # noqa: T201
