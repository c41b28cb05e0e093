"""What seekers and employers are told about applications, interviews, hires and assessments (through
``employment.notify``; called by ``employment.services`` inside their transactions, so nothing is sent
if the write rolls back). Each function builds the Chinese text of one event and names its recipients.
"""

from __future__ import annotations

from django.urls import reverse

from .formats import message_datetime
from .models import Account, Application, Placement, Role, VocationalAssessment
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
    return lines


def invited(application: Application) -> None:
    job = application.job
    employer = job.employer.name
    lines = [f"{employer}邀请您参加「{job.title}」的面试。", *_arrangements(application)]
    if application.message:
        lines.append(f"单位留言：{application.message}")
    lines.append("请在“我的申请”中接受或婉拒这个邀请；需要手语翻译、无障碍通道等安排的，可以联系单位或所属镇街残联。")
    notify(users=_seeker_users(application), event="application.invited",
           subject=f"{employer}邀请您面试「{job.title}」", body="\n".join(lines), target=application,
           url=reverse("seeker-application-reply", args=[application.pk]))


def interview_changed(application: Application, *, first: bool) -> None:
    job = application.job
    heading = "面试安排" if first else "面试时间或地点有变化"
    lines = [f"{job.employer.name}{'安排了' if first else '更改了'}「{job.title}」的面试：", *_arrangements(application)]
    lines.append("如果不能按时参加，请尽快联系用人单位。")
    notify(users=_seeker_users(application), event="application.interview_changed",
           subject=f"「{job.title}」的{heading}", body="\n".join(lines), target=application,
           url=reverse("seeker-applications"))


def declined(application: Application) -> None:
    job = application.job
    lines = [f"{job.employer.name}决定这次不录用您应聘的「{job.title}」。"]
    if application.interview_outcome:
        lines.append(f"单位说明：{application.interview_outcome}")
    lines.append("感谢您的申请。您可以在“为我推荐的岗位”中继续找工作，也可以联系所属镇街残联帮您推荐。")
    notify(users=_seeker_users(application), event="application.declined",
           subject=f"「{job.title}」的申请未通过", body="\n".join(lines), target=application,
           url=reverse("seeker-applications"))


def hired(placement: Placement) -> None:
    user = placement.seeker.user
    what = f"「{placement.job.title}」" if placement.job_id else "岗位"
    body = (f"{placement.employer.name}决定录用您到{what}工作，合同开始日期："
            f"{placement.contract_start.year}年{placement.contract_start.month}月{placement.contract_start.day}日。\n"
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


def replied(application: Application, *, accept: bool) -> None:
    job = application.job
    answer = "接受" if accept else "婉拒"
    body = f"{application.seeker.name}{answer}了「{job.title}」的面试邀请。"
    body += "请确认面试时间和地点并记录在申请页面，求职者会收到通知。" if accept else "这个申请已撤回。"
    notify(users=_employer_users(job.employer_id), event="application.replied",
           subject=f"{application.seeker.name}{answer}了「{job.title}」的面试邀请", body=body,
           target=application, url=reverse("employer-application", args=[application.pk]))


def assessment_updated(assessment: VocationalAssessment) -> None:
    user = assessment.seeker.user
    body = (f"{assessment.seeker.town.name}残联工作人员为您记录了新的职业评估"
            f"（{message_datetime(assessment.assessed_at)}）。为您推荐的岗位会按新的评估更新。\n"
            "请打开“职业评估”核对；有不对的地方，可以自己修改或联系所属镇街残联。")
    notify(users=[user] if user is not None else [], event="assessment.updated",
           subject="您的职业评估已更新", body=body, url=reverse("seeker-assessment"))
