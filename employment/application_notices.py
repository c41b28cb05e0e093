"""What seekers and employers are told about applications, interviews, hires and assessments (through
``employment.notify``; called by ``employment.services`` inside their transactions, so nothing is sent
if the write rolls back). Each function builds the Chinese text of one event and names its recipients.
"""

from __future__ import annotations

from django.urls import reverse

from .formats import cn_date, message_datetime
from .job_list_names import jobs_label
from .models import Account, Application, Placement, Role, SeekerReply, VocationalAssessment
from .notify import notify


def _seeker_users(application: Application) -> list:
    user = application.seeker.user
    return [user] if user is not None else []


def _employer_users(employer_id: int) -> list:
    accounts = Account.objects.filter(role=Role.EMPLOYER, employer_id=employer_id).select_related("user")
    return [a.user for a in accounts]


def _arrangements(application: Application) -> list[str]:
    lines = []
    if application.interview_at:
        lines.append(f"面试时间：{message_datetime(application.interview_at)}")
    if application.interview_place:
        lines.append(f"面试地点：{application.interview_place}")
    if application.interview_format:
        lines.append(f"面试方式：{application.get_interview_format_display()}")
    return lines


def invited(application: Application) -> None:
    job = application.job
    employer = job.employer.name
    lines = [f"{employer}邀请您参加「{job.title}」的面试。", *_arrangements(application)]
    # An invitation to an application the seeker sent carries its own words (``invite_message``,
    # not stored); the application's ``message`` is then the seeker's, not the employer's.
    invite_message = getattr(application, "invite_message", None)
    if invite_message is None and application.invited_by_employer:
        invite_message = application.message
    if invite_message:
        lines.append(f"单位留言：{invite_message}")
    lines.append("请在“我的申请”中接受、婉拒这个邀请，或请求更改面试时间或方式；"
                 "需要手语翻译、无障碍通道等安排的，可以在答复时留言，也可以联系所属镇街残联。")
    notify(users=_seeker_users(application), event="application.invited",
           subject=f"{employer}邀请您面试「{job.title}」", body="\n".join(lines), target=application,
           url=reverse("seeker-application-reply", args=[application.pk]))


def interview_changed(application: Application, *, first: bool) -> None:
    job = application.job
    heading = "面试安排" if first else "面试时间、地点或方式有变化"
    lines = [f"{job.employer.name}{'安排了' if first else '更改了'}「{job.title}」的面试：", *_arrangements(application)]
    if application.status == "invited" and application.seeker_reply == SeekerReply.NONE:
        lines.append("请在“我的申请”中答复：接受，或请求更改时间或方式。")
    else:
        lines.append("如果不能按时参加，请尽快联系用人单位。")
    notify(users=_seeker_users(application), event="application.interview_changed",
           subject=f"「{job.title}」的{heading}", body="\n".join(lines), target=application,
           url=reverse("seeker-applications"))


def declined(application: Application) -> None:
    job = application.job
    lines = [f"{job.employer.name}决定这次不录用您应聘的「{job.title}」。"]
    if application.interview_outcome:
        lines.append(f"单位说明：{application.interview_outcome}")
    jobs = jobs_label(application.seeker.personalised_matching)
    lines.append(f"感谢您的申请。您可以在“{jobs}”中继续找工作，也可以联系所属镇街残联帮您推荐。")
    notify(users=_seeker_users(application), event="application.declined",
           subject=f"「{job.title}」的申请未通过", body="\n".join(lines), target=application,
           url=reverse("seeker-applications"))


def hired(placement: Placement) -> None:
    user = placement.seeker.user
    what = f"「{placement.job.title}」" if placement.job_id else "岗位"
    body = (f"{placement.employer.name}决定录用您到{what}工作，合同开始日期："
            f"{cn_date(placement.contract_start)}。\n"
            "所属镇街残联会在 1、3、6、12 个月时回访，工作中遇到困难可以随时联系他们。")
    notify(users=[user] if user is not None else [], event="application.hired",
           subject=f"{placement.employer.name}决定录用您", body=body, target=placement.application,
           url=reverse("seeker-applications"))


def received(application: Application) -> None:
    job = application.job
    lines = [f"{application.seeker.name}申请了本单位的岗位「{job.title}」。"]
    if application.message:
        lines.append(f"求职者留言：{application.message}")
    lines.append("请查看申请，邀请面试或答复求职者。")
    notify(users=_employer_users(job.employer_id), event="application.received",
           subject=f"收到新的求职申请：{application.seeker.name}申请「{job.title}」", body="\n".join(lines),
           target=application, url=reverse("employer-application", args=[application.pk]))


def replied(application: Application) -> None:
    """The seeker's answer to an invitation (accepted, declined, or another time or format asked for)."""
    job, name = application.job, application.seeker.name
    reply = application.seeker_reply
    if reply == SeekerReply.RESCHEDULE:
        subject = f"{name}请求更改「{job.title}」的面试时间或方式"
        lines = [f"{name}愿意参加「{job.title}」的面试，但请求更改时间或方式。"]
        if application.seeker_requested_format:
            lines.append(f"希望的面试方式：{application.get_seeker_requested_format_display()}")
    else:
        answer = "接受" if reply == SeekerReply.ACCEPTED else "婉拒"
        subject = f"{name}{answer}了「{job.title}」的面试邀请"
        lines = [f"{name}{answer}了「{job.title}」的面试邀请。"]
    if application.seeker_reply_message:
        lines.append(f"求职者留言：{application.seeker_reply_message}")
    if reply == SeekerReply.RESCHEDULE:
        lines.append("请在申请页面填写新的面试时间、地点或方式，求职者会收到通知并再次答复。")
    elif reply == SeekerReply.ACCEPTED:
        lines.append("请确认面试时间和地点并记录在申请页面，求职者会收到通知。")
    else:
        lines.append("这个申请已撤回。")
    notify(users=_employer_users(job.employer_id), event="application.replied", subject=subject,
           body="\n".join(lines), target=application, url=reverse("employer-application", args=[application.pk]))


def _town_staff(town_id: int) -> list:
    """The town's active reviewers; the district's when the town has none."""
    accounts = Account.objects.filter(role=Role.TOWN, town_id=town_id, user__is_active=True)
    if not accounts.exists():
        accounts = Account.objects.filter(role=Role.DISTRICT, user__is_active=True)
    return [a.user for a in accounts.select_related("user")]


def placement_ended(placement: Placement, *, reason: str = "") -> None:
    """The employer recorded that a person it hired left: the seeker's town follows up (回访、再就业)."""
    seeker, ended = placement.seeker, placement.ended_on
    lines = [f"{placement.employer.name}记录：{seeker.name}已于{cn_date(ended)}离职。"]
    if reason:
        lines.append(f"离职原因：{reason}")
    lines.append("请联系求职者了解情况，需要时帮助他重新找工作。")
    notify(users=_town_staff(seeker.town_id), event="placement.ended", subject=f"{seeker.name}已离职",
           body="\n".join(lines), target=seeker)


def assessment_updated(assessment: VocationalAssessment) -> None:
    user = assessment.seeker.user
    body = (f"{assessment.seeker.town.name}残联工作人员为您记录了新的职业评估"
            f"（{message_datetime(assessment.assessed_at)}）。为您推荐的岗位会按新的评估更新。\n"
            "请打开“职业评估”核对；有不对的地方，可以自己修改或联系所属镇街残联。")
    notify(users=[user] if user is not None else [], event="assessment.updated",
           subject="您的职业评估已更新", body=body, url=reverse("seeker-assessment"))
