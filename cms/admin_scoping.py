"""What a user may see of the page tree in the Wagtail admin's page chooser: the training providers'
subtrees are private to each provider (``employment.admin_scoping`` knows pages only by Wagtail's
page permissions)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.models import Page

from employment import access
from employment.admin_scoping import pages_explorable
from employment.models import Role

from .models import TrainingProviderPage


def pages_choosable(user) -> QuerySet:
    """Pages the user may see in the page chooser: explorable pages and, besides them, live pages
    outside other training providers' subtrees — a provider never sees another provider's draft
    courses or the draft titles of its pages. Town reviewers (no page permissions) see none."""
    if (getattr(user, "is_superuser", False) and getattr(user, "is_active", False)) \
            or access.role_of(user) == Role.DISTRICT:
        return Page.objects.all()
    if access.role_of(user) != Role.PROVIDER:
        return Page.objects.none()
    explorable = pages_explorable(user)
    outside = Q(live=True)
    for path in TrainingProviderPage.objects.exclude(pk__in=explorable.values("pk")).values_list("path", flat=True):
        outside &= ~Q(path__startswith=path)
    return Page.objects.filter(Q(pk__in=explorable.values("pk")) | outside)
