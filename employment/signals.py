"""Signal handlers of the employment app (kept thin: they queue work, services do it)."""

from __future__ import annotations

import importlib

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import task_approved, task_rejected, workflow_approved

from .models import Declaration, PolicyYear, SubsidyApplication

# Whichever interface a reviewer used (the review pages or the Wagtail admin), a reviewed object's
# own status follows its workflow: each reviewable model names the services module whose
# on_task_approved / on_task_rejected / on_workflow_approved keep it in step.
REVIEW_SERVICES = {
    Declaration: "employment.declarations.services",
    SubsidyApplication: "employment.subsidies.services",
}


def _review_services(obj):
    path = REVIEW_SERVICES.get(type(obj))
    return importlib.import_module(path) if path else None


@receiver(task_approved, dispatch_uid="review_task_approved")
def review_task_approved(sender, instance, user=None, **kwargs) -> None:
    if services := _review_services(instance.workflow_state.content_object):
        services.on_task_approved(instance, user)


@receiver(task_rejected, dispatch_uid="review_task_rejected")
def review_task_rejected(sender, instance, user=None, **kwargs) -> None:
    if services := _review_services(instance.workflow_state.content_object):
        services.on_task_rejected(instance, user)


@receiver(workflow_approved, dispatch_uid="review_workflow_approved")
def review_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    if services := _review_services(instance.content_object):
        services.on_workflow_approved(instance, user)


@receiver(post_save, sender=PolicyYear, dispatch_uid="policy_year_recompute")
def policy_year_saved(sender, instance: PolicyYear, raw: bool = False, **kwargs) -> None:
    """A year's parameters changed: its open declarations are recomputed once the change commits."""
    if raw:  # fixtures and restores carry their own computed results
        return
    from .declarations.tasks import declarations_recompute

    year = instance.year
    transaction.on_commit(lambda: declarations_recompute.delay(year))
