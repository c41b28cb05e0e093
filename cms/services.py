"""Writes of the CMS app: the site skeleton, provider subtrees with their page permissions, the course
moderation workflow (district approves), and enrolment, attendance and completion.

Training outcomes feed each provider's public figures (the report cards), so they cannot be gamed:
attendance only on a date within the course and not in the future; completion (结业) only once the
course has started and the learner attended the course's minimum share of its recorded sessions
(``TrainingCoursePage.min_attendance_pct``); anything else only by the district, with a reason, each
correction kept as a ``CompletionCorrection``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from employment.access import role_of
from employment.formats import cn_date
from employment.models import Account, JobSeeker, Role, TrainingProvider

from .models import (
    Attendance,
    CompletionCorrection,
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
# The page tree's root and the root collection, which Wagtail names "Root" (cms migration 0008 renames them).
ROOT_PAGE_TITLE = "全部站点"
ROOT_COLLECTION_NAME = "全部集合"
DISTRICT_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# The district's own collection of images and documents (cms migration 0009 makes it on every site):
# rights on the root collection would reach every collection below it, a training provider's too.
DISTRICT_COLLECTION_NAME = "区残联网站资料"
DISTRICT_FILE_PERMISSIONS = ("add_image", "change_image", "delete_image", "choose_image",
                             "add_document", "change_document", "delete_document", "choose_document")


def collection_root_ensure() -> Collection:
    """The root collection every image and document belongs to (created if a flush took it)."""
    return Collection.get_first_root_node() or Collection.add_root(name=ROOT_COLLECTION_NAME)


@transaction.atomic
def homepage_ensure() -> HomePage:
    """The site's HomePage as the default site root, and the root collection every image and document
    belongs to (created if a flush or a fresh DB lacks them)."""
    collection_root_ensure()
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title=ROOT_PAGE_TITLE, slug="root")
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
    """District staff (区残联) edit and publish everything on the public site, and keep its images and
    documents in their own collection (as cms migration 0009 sets up; again here after a flush)."""
    home = homepage_ensure()
    group = district_group()
    _grant(group, home, DISTRICT_PAGE_PERMISSIONS)
    root = collection_root_ensure()
    collection = root.get_children().filter(name=DISTRICT_COLLECTION_NAME).first() or root.add_child(
        name=DISTRICT_COLLECTION_NAME)
    for permission in Permission.objects.filter(
            content_type__app_label__in=("wagtailimages", "wagtaildocs"), codename__in=DISTRICT_FILE_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


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


def _attendance_date_check(course: TrainingCoursePage, session_date: date, today: date) -> None:
    if not course.start_date <= session_date <= course.end_date:
        raise ValidationError(
            f"上课日期 {cn_date(session_date)} 不在课程时间内（{cn_date(course.start_date)} 至 "
            f"{cn_date(course.end_date)}），不能记录考勤。"
        )
    if session_date > today:
        raise ValidationError(f"上课日期 {cn_date(session_date)} 还没到，不能提前记录考勤。")


@transaction.atomic
def attendance_record(
    *, enrolment: Enrolment, session_date: date, present: bool, user=None, today: date | None = None
) -> Attendance:
    """Record whether the learner attended the session of ``session_date`` (once a day, correctable)."""
    _attendance_date_check(enrolment.course, session_date, today or timezone.localdate())
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
        raise ValidationError("只有已报名的学员可以记录考勤。")
    record, _ = Attendance.objects.update_or_create(
        enrolment=enrolment, session_date=session_date, defaults={"present": present, "recorded_by": user}
    )
    return record


@transaction.atomic
def attendance_record_session(
    *, course: TrainingCoursePage, enrolments, session_date: date, present_ids: set[int], user,
    today: date | None = None,
) -> int:
    """Record one session for every learner holding a place (all or none); returns how many."""
    _attendance_date_check(course, session_date, today or timezone.localdate())
    placed = [e for e in enrolments if e.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)]
    if not placed:
        raise ValidationError("没有已报名的学员，不能记录考勤。")
    for enrolment in placed:
        attendance_record(enrolment=enrolment, session_date=session_date, present=enrolment.pk in present_ids,
                          user=user, today=today)
    return len(placed)


@dataclass(frozen=True)
class CompletionFacts:
    """What completion is judged on: the learner's attendance against the course's recorded sessions."""

    attended: int
    sessions: int  # sessions recorded for the course (any learner): an unrecorded day counts as absent
    minimum_pct: int
    problems: tuple[str, ...]

    @property
    def rate_pct(self) -> int | None:
        return None if not self.sessions else (self.attended * 100) // self.sessions

    @property
    def allowed(self) -> bool:
        return not self.problems


def completion_facts(*, enrolment: Enrolment, today: date | None = None) -> CompletionFacts:
    """Whether ``enrolment`` may be marked completed now, and why not (Chinese, one line a rule)."""
    today = today or timezone.localdate()
    course = enrolment.course
    sessions = (Attendance.objects.filter(enrolment__course=course)
                .values("session_date").distinct().count())
    attended = enrolment.attendance.filter(present=True).count()
    minimum = course.min_attendance_pct
    problems = []
    if enrolment.status != EnrolmentStatus.ENROLLED:
        problems.append("只有已报名（非候补、未取消、未结业）的学员可以记录结业。")
    if today < course.start_date:
        problems.append(f"课程 {cn_date(course.start_date)} 才开课，开课后才能记录结业。")
    if not sessions:
        problems.append("本课程还没有记录过考勤，请先记录考勤。")
    elif attended * 100 < minimum * sessions:
        problems.append(
            f"出勤 {attended} 次，占本课程已记录的 {sessions} 次课的 {(attended * 100) // sessions}%，"
            f"低于本课程结业要求的 {minimum}%。"
        )
    return CompletionFacts(attended=attended, sessions=sessions, minimum_pct=minimum, problems=tuple(problems))


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, today: date | None = None) -> Enrolment:
    """Mark the learner as having completed the course (结业) today, if the rules allow it."""
    today = today or timezone.localdate()
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    facts = completion_facts(enrolment=enrolment, today=today)
    if not facts.allowed:
        raise ValidationError(list(facts.problems))
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = today
    enrolment.save(update_fields=["status", "completed_on"])
    return enrolment


CORRECTION_REASON_MIN = 5


@transaction.atomic
def completion_correct(
    *, enrolment: Enrolment, action: str, reason: str, by_user, completed_on: date | None = None,
    today: date | None = None,
) -> CompletionCorrection:
    """The district corrects a completion: records it (on ``completed_on``, without the attendance
    rule — e.g. a learner who joined from the waiting list late) or takes it back; the reason is
    required and the correction kept."""
    if role_of(by_user) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以更正结业。")
    today = today or timezone.localdate()
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if len(reason) < CORRECTION_REASON_MIN:
        errors["reason"] = f"请写明更正原因（至少 {CORRECTION_REASON_MIN} 个字），它会记入更正记录。"
    if action == CompletionCorrection.Action.COMPLETE:
        if enrolment.status != EnrolmentStatus.ENROLLED:
            errors["action"] = "只有已报名、还没有结业的学员可以更正为结业。"
        if completed_on is None:
            errors["completed_on"] = "请填写结业日期。"
        elif not enrolment.course.start_date <= completed_on <= today:
            errors["completed_on"] = (f"结业日期应在开课日期（{cn_date(enrolment.course.start_date)}）"
                                      f"和今天之间。")
    elif action == CompletionCorrection.Action.REVOKE:
        if enrolment.status != EnrolmentStatus.COMPLETED:
            errors["action"] = "这位学员还没有结业，没有可撤销的结业。"
        completed_on = None
    else:
        errors["action"] = "请选择更正方式：记录结业或撤销结业。"
    if errors:
        raise ValidationError(errors)
    if action == CompletionCorrection.Action.COMPLETE:
        enrolment.status, enrolment.completed_on = EnrolmentStatus.COMPLETED, completed_on
    else:
        enrolment.status, enrolment.completed_on = EnrolmentStatus.ENROLLED, None
    enrolment.save(update_fields=["status", "completed_on"])
    return CompletionCorrection.objects.create(
        enrolment=enrolment, action=action, completed_on=completed_on, reason=reason, by=by_user,
    )
