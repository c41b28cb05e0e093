"""Celery tasks of the dashboard: build a queued report. Takes the job's id only; safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task

from .models import ReportJob, ReportStatus

logger = logging.getLogger(__name__)


@shared_task(name="dashboard.report_build")
def report_build(job_id: int) -> None:
    from .services import report_job_build

    try:
        report_job_build(job_id=job_id)
    except ReportJob.DoesNotExist:
        logger.warning("report job %s no longer exists", job_id)
    except Exception:
        logger.exception("report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(status=ReportStatus.FAILED, error="报表生成失败，请稍后重试。")
        raise
