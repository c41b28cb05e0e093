"""Reuse the declaration fixtures (seeded policy years, a started declaration) and the subsidies' private
media folder (autouse: a temporary one in every test here); the admin's URL names of the reviewed
snippets, and a declaration and a start-up application filed for review."""

import pytest

from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401
from tests.subsidies.conftest import private_media  # noqa: F401

# The Wagtail admin's URL namespaces of the reviewed snippets.
ADMIN_VIEWS = {"declaration": "wagtailsnippets_quota_declaration",
               "subsidy": "wagtailsnippets_subsidies_subsidyapplication"}


@pytest.fixture
def filed(world, start_declaration):  # noqa: F811
    """Declaration A (three roster rows) and seeker A's start-up application, both in town X's step."""
    from quota import services as quota
    from quota.models import Declaration
    from subsidies.models import SubsidyApplication
    from tests.subsidies.conftest import startup_filed

    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1), roster_row(2), roster_row(3)])
    declaration = quota.declaration_submit(declaration=declaration, user=employer)
    subsidy = startup_filed(world)
    return {"declaration": Declaration.objects.get(pk=declaration.pk),
            "subsidy": SubsidyApplication.objects.get(pk=subsidy.pk)}
