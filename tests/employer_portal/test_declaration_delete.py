"""An employer deletes its own draft declaration (issue 14, item 7) — after confirming, never one that
was submitted, never another employer's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quota import services
from quota.models import Declaration, RosterEntry
from tests.quota.conftest import roster_row

pytestmark = pytest.mark.django_db


def test_employer_deletes_its_draft_after_confirming(world, start_declaration, client_for):
    draft = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    client = client_for(world.users["employer_a"])
    listing = client.get(reverse("employer-declaration-list")).content.decode()
    url = reverse("employer-declaration-delete", args=[draft.pk])
    assert url in listing
    page = client.get(url)
    assert page.status_code == 200 and "确定删除这份草稿" in page.content.decode()
    assert Declaration.objects.filter(pk=draft.pk).exists()  # a GET deletes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("employer-declaration-list")
    assert not Declaration.objects.filter(pk=draft.pk).exists()
    assert not RosterEntry.objects.filter(declaration_id=draft.pk).exists()
    # The year can be started again.
    again = services.declaration_start(employer=world.employer_a, year=draft.year, user=world.users["employer_a"])
    assert again.pk != draft.pk


@pytest.mark.parametrize("then", ["submitted", "returned"])
def test_a_submitted_declaration_is_never_deleted(world, start_declaration, client_for, then):
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(2)])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    if then == "returned":
        services.declaration_review(declaration=declaration, user=world.users["town_x"], action="reject",
                                    comment="人数有误")
        declaration.refresh_from_db()
        assert declaration.editable_by_employer
    client = client_for(world.users["employer_a"])
    url = reverse("employer-declaration-delete", args=[declaration.pk])
    assert url not in client.get(reverse("employer-declaration-list")).content.decode()
    page = client.get(url).content.decode()
    assert "不能删除" in page and "确定删除这份草稿" not in page
    client.post(url)
    assert Declaration.objects.filter(pk=declaration.pk).exists()
    with pytest.raises(Exception, match="不能删除"):
        services.declaration_draft_delete(declaration=declaration, user=world.users["employer_a"])


def test_another_employer_gets_404(world, start_declaration, client_for):
    draft = start_declaration(world.employer_a, world.users["employer_a"])
    url = reverse("employer-declaration-delete", args=[draft.pk])
    for role in ("employer_b", "town_x"):
        client = client_for(world.users[role])
        assert client.post(url).status_code in (403, 404)
    assert Declaration.objects.filter(pk=draft.pk).exists()
