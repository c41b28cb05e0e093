"""The one review module: the workflows and tasks are made by data migrations and found by the reviewed
model's content type (never by their Chinese names), both kinds of object share the two tasks, the
tasks ask the object what blocks approval, and no reviewed model imports a service."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Task, Workflow, WorkflowContentType

from quota import services as quota
from quota.models import Declaration, DeclarationStatus
from review.models import DistrictReviewTask, ReviewedSnippet, TownReviewTask
from review.selectors import current_task
from subsidies.models import SubsidyApplication
from tests.quota.conftest import roster_row

pytestmark = pytest.mark.django_db


def _workflow_of(model):
    return WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(model)).workflow


def test_migrations_made_one_workflow_per_reviewed_model_sharing_the_two_tasks(db):
    declarations, applications = _workflow_of(Declaration), _workflow_of(SubsidyApplication)
    assert declarations != applications
    for workflow in (declarations, applications):
        steps = [t.specific for t in workflow.tasks.order_by("workflow_tasks__sort_order")]
        assert [type(t) for t in steps] == [TownReviewTask, DistrictReviewTask]
    assert TownReviewTask.objects.count() == DistrictReviewTask.objects.count() == 1


def test_renamed_workflow_and_tasks_are_still_the_ones_used(world, start_declaration):
    Workflow.objects.filter(pk=_workflow_of(Declaration).pk).update(name="年审（已改名）")
    Task.objects.filter(pk=TownReviewTask.objects.get().pk).update(name="镇街审核（已改名）")
    workflows, tasks = Workflow.objects.count(), Task.objects.count()
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    assert (Workflow.objects.count(), Task.objects.count()) == (workflows, tasks)
    state = declaration.current_workflow_state
    assert state.workflow.name == "年审（已改名）"
    assert current_task(declaration)[1].name == "镇街审核（已改名）"


def test_a_database_that_lost_its_workflows_gets_them_again(world, start_declaration):
    WorkflowContentType.objects.all().delete()
    Workflow.objects.exclude(name="区残联审核发布").delete()  # the public pages' workflow (cms 0004) stays
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    assert _workflow_of(Declaration).name == Declaration.review_workflow_name
    assert isinstance(current_task(declaration)[1], TownReviewTask)


def test_the_task_asks_the_declaration_what_blocks_approval(world, start_declaration):
    from django.core.exceptions import PermissionDenied

    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1)])
    quota.declaration_submit(declaration=a, user=world.users["employer_a"])
    quota.declaration_submit(declaration=b, user=world.users["employer_b"])
    assert a.approval_blockers(world.users["town_x"]) == [
        "这份申报存在未处理的重复申报冲突，处理后才能审核通过。"]
    task_state, task = current_task(a)
    assert task.approval_refusal(a, world.users["town_x"]) is None  # nobody is barred: approve stays offered
    assert "approve" in {name for name, _, _ in task.get_actions(a, world.users["town_x"])}
    with pytest.raises(PermissionDenied, match="重复申报冲突"):
        task.on_action(task_state, world.users["town_x"], "approve")
    a.refresh_from_db()
    assert a.status == DeclarationStatus.TOWN_REVIEW


def test_reviewed_models_share_the_base_and_import_no_service():
    assert issubclass(Declaration, ReviewedSnippet) and issubclass(SubsidyApplication, ReviewedSnippet)
    for path in ("review/models.py", "quota/models.py", "subsidies/models.py", "households/models.py"):
        tree = ast.parse((Path(settings.BASE_DIR) / path).read_text(encoding="utf-8"))
        modules = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not {m for m in modules if "services" in m.split(".")}, path
