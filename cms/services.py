"""Writes of the CMS app: the site skeleton, provider subtrees with their page permissions, the course
moderation workflow (district approves), and enrolment, attendance and completion."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from employment.formats import cn_date
from employment.models import Account, JobSeeker, Role, TrainingProvider

from .models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    HomePage,
    TrainingCoursePage,
    TrainingIndexPage,
    TrainingProviderPage,
)

HOME_TITLE = "曙光 · 海曙区残疾人就业服务平台"
COURSE_WORKFLOW_NAME = "培训课程审核"
COURSE_TASK_NAME = "区残联审核培训课程"
PROVIDER_PAGE_PERMISSIONS = ("add_page", "change_page")  # never publish: courses go through moderation
DISTRICT_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


@transaction.atomic
def homepage_ensure() -> HomePage:
    """The site's HomePage as the default site root (created if a flush or a fresh DB lacks it)."""
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE,
                slug="home",
                intro="帮助残疾朋友找到合适的工作，帮助用人单位按比例安排残疾人就业。",
            )
        )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "曙光"}
    )
    return home


def page_publish(page: Page, *, user=None) -> Page:
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    return page


def child_page_ensure(parent: Page, model, *, slug: str, **fields) -> Page:
    """The live child of ``parent`` with ``slug`` (created and published if missing)."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = parent.add_child(instance=model(slug=slug, **fields))
    return page_publish(page)


def _page_permissions(codenames) -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames))


def _grant(group: Group, page: Page, codenames) -> None:
    for permission in _page_permissions(codenames):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def district_group() -> Group:
    from employment.roles import GROUP_NAMES

    return Group.objects.get_or_create(name=GROUP_NAMES[Role.DISTRICT])[0]


@transaction.atomic
def district_content_permissions_ensure() -> None:
    """District staff (区残联) edit and publish everything on the public site."""
    home = homepage_ensure()
    _grant(district_group(), home, DISTRICT_PAGE_PERMISSIONS)


@transaction.atomic
def course_workflow_ensure(index: TrainingIndexPage) -> Workflow:
    """Courses below the training index go through one task: district approval.

    The workflow is the one bound to the training index (found by that binding, not by its name, which
    staff may edit in the admin), and its task the workflow's group-approval step; both are made, with
    the names below, only where missing."""
    bound = WorkflowPage.objects.filter(page=index).select_related("workflow").first()
    workflow = bound.workflow if bound is not None else Workflow.objects.create(name=COURSE_WORKFLOW_NAME, active=True)
    step = workflow.workflow_tasks.order_by("sort_order").select_related("task").first()
    task = GroupApprovalTask.objects.filter(pk=step.task_id).first() if step is not None else None
    if task is None:
        task = GroupApprovalTask.objects.create(name=COURSE_TASK_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(district_group())
    if bound is None:
        WorkflowPage.objects.create(page=index, workflow=workflow)
    return workflow


@transaction.atomic
def training_index_ensure() -> TrainingIndexPage:
    home = homepage_ensure()
    index = child_page_ensure(
        home,
        TrainingIndexPage,
        slug="training",
        title="职业技能培训",
        intro="区残联认定的培训机构为持证残疾人开设的职业技能培训课程。报名免费或有补贴，场地和教学方式无障碍。",
    )
    district_content_permissions_ensure()
    course_workflow_ensure(index)
    return index


def provider_group_name(provider: TrainingProvider) -> str:
    return f"培训机构：{provider.name}"


@transaction.atomic
def provider_access_ensure(provider: TrainingProvider) -> Group:
    """The provider's own group: its users, with add/edit (not publish) rights on its subtree only."""
    group, _ = Group.objects.get_or_create(name=provider_group_name(provider))
    users = [a.user for a in Account.objects.filter(role=Role.PROVIDER, provider=provider).select_related("user")]
    if users:
        group.user_set.add(*users)
    page = TrainingProviderPage.objects.filter(provider=provider).first()
    if page is not None:
        _grant(group, page, PROVIDER_PAGE_PERMISSIONS)
    return group


@transaction.atomic
def provider_page_ensure(provider: TrainingProvider, *, intro: str = "") -> TrainingProviderPage:
    """The provider's own page (the root of its subtree), live, with its group's permissions."""
    page = TrainingProviderPage.objects.filter(provider=provider).first()
    if page is None:
        index = training_index_ensure()
        page = index.add_child(
            instance=TrainingProviderPage(
                title=provider.name, slug=f"provider-{provider.pk}", provider=provider, intro=intro
            )
        )
        page = page_publish(page)
    provider_access_ensure(provider)
    return page


# ---- enrolment ------------------------------------------------------------------------------------


@transaction.atomic
def enrolment_create(*, course: TrainingCoursePage, seeker: JobSeeker, today: date | None = None) -> Enrolment:
    """Enrol ``seeker``: a place while seats last, else the waiting list. Errors are in Chinese."""
    today = today or timezone.localdate()
    # Lock the course row so two simultaneous enrolments cannot both take the last seat.
    course = TrainingCoursePage.objects.select_for_update().get(pk=course.pk)
    if not course.live:
        raise ValidationError("该课程尚未发布，不能报名。")
    if not course.enrolment_open(today):
        raise ValidationError(
            f"报名时间为 {cn_date(course.enrolment_opens)} 至 {cn_date(course.enrolment_closes)}，现在不能报名。"
        )
    active = course.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
    if active.filter(seeker=seeker).exists():
        raise ValidationError("您已经报名了这门课程。")
    taken = active.filter(status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED]).count()
    status = EnrolmentStatus.ENROLLED if taken < course.seats else EnrolmentStatus.WAITLISTED
    return Enrolment.objects.create(course=course, seeker=seeker, status=status)


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment) -> Enrolment | None:
    """Cancel; a freed place goes to the first on the waiting list, who is returned (or None)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.COMPLETED:
        raise ValidationError("已结业的报名不能取消。")
    if enrolment.status == EnrolmentStatus.CANCELLED:
        return None
    had_place = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    if not had_place:
        return None
    promoted = (
        Enrolment.objects.select_for_update()
        .filter(course=enrolment.course_id, status=EnrolmentStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if promoted is not None:
        promoted.status = EnrolmentStatus.ENROLLED
        promoted.save(update_fields=["status"])
    return promoted


@transaction.atomic
def attendance_record(*, enrolment: Enrolment, session_date: date, present: bool, user=None) -> Attendance:
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
        raise ValidationError("只有已报名的学员可以记录考勤。")
    record, _ = Attendance.objects.update_or_create(
        enrolment=enrolment, session_date=session_date, defaults={"present": present, "recorded_by": user}
    )
    return record


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, completed_on: date | None = None) -> Enrolment:
    """Mark the seeker as having completed the course (结业)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError("只有已报名（非候补、未取消）的学员可以结业。")
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = completed_on or timezone.localdate()
    enrolment.save(update_fields=["status", "completed_on"])
    return enrolment
