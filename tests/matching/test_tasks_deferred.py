"""Bulk imports defer per-row index updates and rebuild once."""

import pytest
from django.db import transaction

from employment import services
from employment.models import VocationalAssessment
from matching import index
from matching.tasks import index_updates_deferred

pytestmark = pytest.mark.django_db(transaction=True)


def test_deferred_block_skips_row_tasks_and_rebuild_catches_up(world):
    with index_updates_deferred(), transaction.atomic():
        assessment = services.assessment_record(seeker=world.seeker_a, skills="电脑打字", desired_jobs="网店客服")
    assessment.refresh_from_db()
    assert assessment.embedding is None  # no task ran

    report = index.rebuild()
    assert report.seekers_indexed == 1
    assert VocationalAssessment.objects.get(pk=assessment.pk).embedding is not None


def test_outside_the_block_rows_are_indexed_on_commit(world):
    with transaction.atomic():
        assessment = services.assessment_record(seeker=world.seeker_b, skills="手语", desired_jobs="数据标注")
    assert VocationalAssessment.objects.get(pk=assessment.pk).embedding is not None
