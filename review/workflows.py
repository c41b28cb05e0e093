"""The review workflows and tasks: created by data migrations (``quota`` and ``subsidies`` 0003) and
found by a stable key — the reviewed model's content type, which Wagtail itself binds to a workflow
(``WorkflowContentType``) — never by their Chinese names, which staff may edit in the admin.

There is one ``TownReviewTask`` and one ``DistrictReviewTask``; every reviewed model's workflow runs
those two steps in that order. ``review_workflow_ensure`` is written against an app registry so that
the data migrations (historical models) and the running code (``django.apps.apps``) share it: the
code only needs it when a database lost its rows after the migrations ran (a test flush).
"""

from __future__ import annotations

TOWN_TASK_NAME = "镇街初审"
DISTRICT_TASK_NAME = "区残联终审"


def _content_type(apps, app_label: str, model: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _task(apps, model: str, name: str):
    """The one task of class ``review.<model>`` (the oldest, should staff have added another)."""
    Task = apps.get_model("review", model)
    task = Task.objects.order_by("pk").first()
    if task is None:
        task = Task.objects.create(name=name, active=True, content_type=_content_type(apps, "review", model.lower()))
    return task


def review_workflow_ensure(apps, model_label: str, *, name: str):
    """The workflow bound to ``model_label`` ("app_label.Model"), created with the town → district steps
    if the model has none yet (idempotent). Returns the workflow."""
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    app_label, model = model_label.split(".")
    content_type = _content_type(apps, app_label, model.lower())
    bound = WorkflowContentType.objects.filter(content_type=content_type).select_related("workflow").first()
    if bound is not None:
        return bound.workflow
    workflow = Workflow.objects.create(name=name, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=_task(apps, "TownReviewTask", TOWN_TASK_NAME), sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=_task(apps, "DistrictReviewTask", DISTRICT_TASK_NAME),
                                sort_order=1)
    WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
    return workflow


def workflow_of(obj):
    """The review workflow of ``obj``'s model (its base content type, as Wagtail binds it); a model
    without one gets it, named ``review_workflow_name``."""
    from django.apps import apps

    model = obj.get_base_content_type().model_class()
    return review_workflow_ensure(apps, model._meta.label, name=model.review_workflow_name)
