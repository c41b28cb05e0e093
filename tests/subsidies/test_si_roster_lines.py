"""No retyping of what the platform knows (issue 15, item 9): a social-insurance line is a person
chosen from the employer's approved roster of the year (name and masked number); the typed name must
be that row's; a row that is not on that roster (a tampered POST: another employer's, a draft's,
another year's) is refused; the line's encrypted number is the roster row's. An upload is matched by
certificate hash and name, with row-numbered errors."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from employment import crypto
from quota import services as quota_services
from quota.models import RosterEntry
from subsidies import services

from .conftest import BANK, YEAR, cert, roster_entry_id, roster_row
from .test_services import contrib_row, contributions_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def si_a(world, policy, approved_declaration):
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1), roster_row(2)])
    application = services.si_application_start(employer=world.employer_a, year=YEAR, user=world.users["employer_a"])
    services.subsidy_bank_update(application=application, bank=BANK, user=world.users["employer_a"])
    return application


@pytest.fixture
def roster_b(world, approved_declaration):
    """Employer B's approved roster of the same year (a person employer A must not be able to claim)."""
    approved_declaration(world.employer_b, world.users["employer_b"], [roster_row(7)])
    return RosterEntry.objects.get(declaration__employer=world.employer_b, name="职工7")


def _save(application, user, entry_id, name="职工1", months=(1, 2, 3)):
    return services.si_line_save(application=application, roster_entry_id=entry_id, name=name, months=list(months),
                                 contribution=Decimal("800"), user=user)


def test_a_line_is_the_chosen_roster_row_with_its_encrypted_number(world, si_a):
    entry = RosterEntry.objects.get(pk=roster_entry_id(si_a, "职工1"))
    line = _save(si_a, world.users["employer_a"], entry.pk, name=" 职 工1 ")  # spaces typed are ignored
    assert (line.name, line.cert_hash, line.cert_masked) == (entry.name, entry.cert_hash, entry.cert_masked)
    assert crypto.decrypt(line.cert_token) == cert(1)
    assert [e.name for e in services.si_roster_entries(si_a)] == ["职工1", "职工2"]


def test_a_name_that_is_not_the_chosen_rows_is_refused(world, si_a):
    with pytest.raises(ValidationError) as exc:
        _save(si_a, world.users["employer_a"], roster_entry_id(si_a, "职工1"), name="职工2")
    assert "姓名与所选职工" in exc.value.message_dict["name"][0]
    assert not si_a.si_lines.exists()


def test_rows_not_on_the_approved_roster_are_refused(world, si_a, roster_b):
    user = world.users["employer_a"]
    # Another employer's row, a row that does not exist.
    for entry_id in (roster_b.pk, 999_999, None):
        with pytest.raises(ValidationError) as exc:
            _save(si_a, user, entry_id, name="职工7")
        assert "不在本单位2025年度审核通过的残疾职工名册中" in exc.value.message_dict["roster_entry"][0]
    # A row of the employer's own declaration of another year (a draft, never approved).
    draft = quota_services.declaration_start(employer=world.employer_a, year=YEAR - 1, user=user)
    other = RosterEntry.objects.create(declaration=draft, name="职工1", cert_token="x", cert_hash="y" * 64,
                                       cert_masked="4***", grade=3, employment_form="contract",
                                       monthly_wage=Decimal("4000"))
    with pytest.raises(ValidationError, match="名册"):
        _save(si_a, user, other.pk)
    assert not si_a.si_lines.exists()


def test_an_upload_is_matched_by_number_and_name_with_row_numbered_errors(world, si_a):
    content = contributions_csv([contrib_row(1), contrib_row(2, name="王某"), contrib_row(9)])
    with pytest.raises(services.ContributionImportError) as exc:
        services.si_lines_import(application=si_a, content=content, filename="c.csv", user=world.users["employer_a"])
    texts = [str(e) for e in exc.value.errors]
    assert any(t.startswith("第3行“姓名”") and "不一致" in t for t in texts), texts
    assert any(t.startswith("第4行“证件号码”") and "名册" in t for t in texts), texts
    assert not si_a.si_lines.exists()
    lines = services.si_lines_import(application=si_a, content=contributions_csv([contrib_row(1), contrib_row(2)]),
                                     filename="c.csv", user=world.users["employer_a"])
    assert sorted(line.name for line in lines) == ["职工1", "职工2"]
    entry = RosterEntry.objects.get(pk=roster_entry_id(si_a, "职工1"))
    assert si_a.si_lines.get(name="职工1").cert_token == entry.cert_token  # the roster row's own token


# ---- pages -------------------------------------------------------------------------------------


def test_the_form_offers_the_own_approved_roster_masked(world, client_for, si_a, roster_b):
    html = client_for(world.users["employer_a"]).get(reverse("subsidy-detail", args=[si_a.pk])).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', html)
    entry = RosterEntry.objects.get(pk=roster_entry_id(si_a, "职工1"))
    assert (str(entry.pk), f"职工1（{entry.cert_masked}）") in options
    assert str(roster_b.pk) not in {value for value, _ in options} and "职工7" not in html
    assert cert(1) not in html  # masked numbers only
    assert 'name="cert_no"' not in html  # nothing to retype


def test_the_page_adds_a_chosen_row_and_refuses_a_tampered_one(world, client_for, si_a, roster_b):
    client = client_for(world.users["employer_a"])
    url = reverse("subsidy-si-line-add", args=[si_a.pk])
    form = {"name": "职工7", "months": "1-12", "contribution": "800"}
    refused = client.post(url, {**form, "roster_entry": roster_b.pk})
    assert refused.status_code == 400
    assert "所选职工不在本单位2025年度审核通过的残疾职工名册中" in refused.content.decode()
    wrong_name = client.post(url, {**form, "roster_entry": roster_entry_id(si_a, "职工1")})
    assert wrong_name.status_code == 400 and "姓名与所选职工" in wrong_name.content.decode()
    assert client.post(url, {**form, "roster_entry": ""}).status_code == 400
    assert not si_a.si_lines.exists()
    done = client.post(url, {**form, "name": "职工1", "roster_entry": roster_entry_id(si_a, "职工1")})
    assert done.status_code == 302
    assert si_a.si_lines.get().name == "职工1"


def test_other_employers_and_towns_cannot_add_lines(world, client_for, si_a):
    url = reverse("subsidy-si-line-add", args=[si_a.pk])
    form = {"name": "职工1", "months": "1-12", "contribution": "800", "roster_entry": roster_entry_id(si_a, "职工1")}
    assert client_for(world.users["employer_b"]).post(url, form).status_code == 404
    assert client_for(world.users["town_y"]).post(url, form).status_code == 404
    assert client_for(world.users["town_x"]).post(url, form).status_code == 403  # sees it, may not edit
    assert not si_a.si_lines.exists()


def test_the_page_writes_the_granted_months_as_the_roster_does(world, client_for, si_a):
    """Walked in Chromium: the line showed 补贴月份 “1,2,3,4,5,6,7,8,9,10,11,12” where every other page
    writes 1-12."""
    _save(si_a, world.users["employer_a"], roster_entry_id(si_a, "职工1"), months=(1, 2, 3, 4, 5, 6, 9))
    page = client_for(world.users["employer_a"]).get(reverse("subsidy-detail", args=[si_a.pk])).content.decode()
    assert '<td data-label="补贴月份">1-6,9</td>' in page
