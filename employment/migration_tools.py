"""Helpers for data migrations that move models between apps (issue 17: quota, subsidies, households
and review left ``employment``). Migrations import this module by its path, so it stays here and
keeps its functions' meaning; it uses only the historical models it is given.

A model that changes app keeps its ``django_content_type`` row: the row's ``app_label`` is changed in
place, so its id — and with it every generic reference (Wagtail revisions, workflow states and
content types, task subclasses, log entries, the reference index, permissions and group permissions,
editing sessions, notifications) — follows without touching those rows.
"""

from __future__ import annotations


def _merge(apps, keep, drop) -> None:
    """Point every reference to the content type ``drop`` at ``keep`` and delete ``drop``. Needed only
    when both rows exist — e.g. a test database whose content types were created for the new app before
    its migrations were unapplied and applied again; permissions ``keep`` already has are dropped."""
    Permission = apps.get_model("auth", "Permission")
    held = set(Permission.objects.filter(content_type=keep).values_list("codename", flat=True))
    Permission.objects.filter(content_type=drop, codename__in=held).delete()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (field.many_to_one and field.concrete and field.related_model is not None
                    and field.related_model._meta.label == "contenttypes.ContentType"):
                model._base_manager.filter(**{field.name: drop}).update(**{field.name: keep})
    drop.delete()


def content_types_move(apps, *, models: list[str], from_label: str, to_label: str) -> None:
    """Give the content types of ``models`` (lower-case model names) the app label ``to_label``, in
    place (same ids). A model without a content type yet (a new database) is skipped."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        moving = ContentType.objects.filter(app_label=from_label, model=model).first()
        if moving is None:
            continue
        existing = ContentType.objects.filter(app_label=to_label, model=model).first()
        if existing is not None:
            _merge(apps, keep=moving, drop=existing)
        moving.app_label = to_label
        moving.save(update_fields=["app_label"])
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()


def content_types_mover(models: list[str], *, from_label: str, to_label: str):
    """A ``RunPython`` pair (forwards, backwards) that moves ``models``' content types between apps."""

    def forwards(apps, schema_editor):
        content_types_move(apps, models=models, from_label=from_label, to_label=to_label)

    def backwards(apps, schema_editor):
        content_types_move(apps, models=models, from_label=to_label, to_label=from_label)

    return forwards, backwards
