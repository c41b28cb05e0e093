"""One definition of "filed" (已申报): a declaration submitted at least once. A draft never submitted is
not filed — not in the per-town summary export, not on the dashboard, and its employer stays on the
non-filer list. (Before: the export counted such a draft as filed while the dashboard said 0.)"""

from __future__ import annotations

import pytest

from dashboard import selectors as dashboard_selectors
from employment.table_export import read_sheet
from quota import selectors, services
from quota.models import Declaration, DeclarationStatus

from .conftest import YEAR, roster_row


@pytest.fixture
def draft_and_filed(world, start_declaration):
    """鼓楼街道 (town x): 甲公司 has only a draft; 石碶街道 (town y): 乙公司 submitted."""
    draft = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    filed = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    services.declaration_submit(declaration=filed, user=world.users["employer_b"])
    return draft, filed


def test_the_queryset_says_what_filed_is(draft_and_filed):
    draft, filed = draft_and_filed
    assert list(Declaration.objects.filed()) == [Declaration.objects.get(pk=filed.pk)]
    assert list(Declaration.objects.not_filed()) == [Declaration.objects.get(pk=draft.pk)]
    # Returned for changes is still filed: it was submitted.
    Declaration.objects.filter(pk=filed.pk).update(status=DeclarationStatus.REJECTED)
    assert Declaration.objects.filed().filter(pk=filed.pk).exists()
    assert Declaration.objects.get(pk=filed.pk).is_filed and not Declaration.objects.get(pk=draft.pk).is_filed


def _town_summary(client) -> dict[str, int]:
    response = client.get(f"/review/exports/{YEAR}/towns.xlsx")
    assert response.status_code == 200
    frame = read_sheet(b"".join(response.streaming_content) if response.streaming else response.content, dtype=object)
    return dict(zip(frame["镇街"], frame["申报单位数"], strict=True))


def test_export_dashboard_and_non_filer_list_agree(world, client_for, draft_and_filed):
    district = world.users["district"]
    summary = _town_summary(client_for(district))
    assert summary.get("鼓楼街道", 0) == 0  # the draft is not filed (the old export said 1)
    assert summary["石碶街道"] == 1

    scope = dashboard_selectors.dashboard_scope(district, year=YEAR, town_id=None)
    table = dashboard_selectors.dashboard_data(district, scope)["quota"]
    filed = {row["town"]: row["filed"] for row in table["rows"]}
    assert filed["鼓楼街道"] == 0 and filed["石碶街道"] == 1

    non_filers = set(selectors.non_filers(district, year=YEAR).values_list("name", flat=True))
    assert "甲公司" in non_filers and "乙公司" not in non_filers
