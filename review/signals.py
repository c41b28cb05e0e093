"""Whichever interface a reviewer used (the review pages or the Wagtail admin), a reviewed object's
own status follows its workflow (``review.services``; kept thin here)."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import task_approved, task_rejected, workflow_approved

from . import services


@receiver(task_approved, dispatch_uid="review_task_approved")
def review_task_approved(sender, instance, user=None, **kwargs) -> None:
    services.on_task_approved(instance, user)


@receiver(task_rejected, dispatch_uid="review_task_rejected")
def review_task_rejected(sender, instance, user=None, **kwargs) -> None:
    services.on_task_rejected(instance, user)


@receiver(workflow_approved, dispatch_uid="review_workflow_approved")
def review_workflow_approved(sender, instance, user=None, **kwargs) -> None:
    services.on_workflow_approved(instance, user)
