"""Notifications to the employer about its declaration (站内通知 and the channels each person chose,
through ``employment.notify``): received for review, returned with the reviewer's comment, approved
(``declaration.received`` / ``.returned`` / ``.approved``, from the review's status changes), a
duplicate-certificate conflict found (``declaration.conflict``), and every change staff make to it in
the Wagtail admin (``declaration.changed_by_staff``: what changed, who and when). Each employer
account of the declaring employer is told."""

from __future__ import annotations

from django.urls import reverse

from employment.formats import cn_date, cn_datetime, cn_money
from employment.models import Account, Notification, Role
from employment.notify import notify
from review.models import ReviewStatus

from .models import Declaration


def employer_users(declaration: Declaration) -> list:
    accounts = Account.objects.filter(role=Role.EMPLOYER, employer_id=declaration.employer_id).select_related("user")
    return [a.user for a in accounts]


def _title(declaration: Declaration) -> str:
    return f"贵单位的{declaration.year}年度按比例就业年审申报"


def _url(declaration: Declaration) -> str:
    return reverse("employer-declaration-detail", args=[declaration.pk])


def staff_changed(declaration: Declaration, *, actor: str, at, changes: list[str]) -> list[Notification]:
    """Tell the employer that staff changed its declaration: who, when and each change."""
    title = _title(declaration)
    when = cn_datetime(at)
    body = "\n".join([
        f"{actor}于{when}修改了{title}：", *(f"· {change}" for change in changes),
        f"如果这些修改不是贵单位提出或同意的，请尽快联系{declaration.employer.town.name}残联或区残联核实。",
    ])
    return notify(users=employer_users(declaration), event="declaration.changed_by_staff",
                  subject=f"{title}已被工作人员修改", body=body, target=declaration, url=_url(declaration))


def _withdrawn_lines(withdrawal) -> list[str]:
    """What the reopening notification says about the letter (and notice) the approval had issued."""
    issued = cn_date(withdrawal.issued)
    if not withdrawal.notice_issued:
        return [f"区残联{issued}出具的审核认定书（{withdrawal.letter_no}）已撤回，以重新审核后出具的审核认定书为准。"]
    return [
        f"区残联{issued}出具的审核认定书和同号缴款通知书（{withdrawal.letter_no}，本次应缴 "
        f"{cn_money(withdrawal.amount_due)} 元）已撤回，暂停执行：请不要按这份缴款通知书缴纳保障金。",
        "贵单位更正并重新提交，经镇街初审和区残联终审通过后，区残联将重新出具审核认定书（沿用原编号）"
        "和缴款通知书，应缴金额和缴款期限以重新出具的文书为准。",
        "如果贵单位已经按这份缴款通知书缴纳了保障金，请保留缴款凭证，区残联会与贵单位联系处理。",
    ]


def status_changed(declaration: Declaration, *, reopened: bool = False) -> list[Notification]:
    """Tell the employer where its declaration now stands (sent on each status change of the review and
    on submission): received, returned with the reviewer's comment, reopened by the district after
    approval (and what became of the letter and payment notice already issued), or approved."""
    from .letter_services import open_withdrawal

    title = _title(declaration)
    status = declaration.status
    if status == ReviewStatus.TOWN_REVIEW:
        event, subject = "declaration.received", f"{title}已受理，等待{declaration.employer.town.name}残联初审"
        body = (f"{title}已于{cn_datetime(declaration.submitted_at)}提交，"
                "正在审核。审核结果会再通知您；审核期间不能修改申报。")
    elif status == ReviewStatus.REJECTED and reopened:
        event = "declaration.returned"
        comment = (declaration.reviewer_comment or "").strip()
        withdrawal = open_withdrawal(declaration)
        subject = f"{title}已由区残联重新打开并退回更正" + ("，原审核认定书已撤回" if withdrawal else "")
        body = "\n".join([
            f"{title}原已审核通过，区残联决定重新审核，已退回贵单位更正。",
            f"退回意见：{comment or '（未填写）'}",
            *(_withdrawn_lines(withdrawal) if withdrawal else []),
            "请按退回意见修改后重新提交。",
        ])
    elif status == ReviewStatus.REJECTED:
        event, subject = "declaration.returned", f"{title}被退回，请修改后重新提交"
        comment = (declaration.reviewer_comment or "").strip()
        body = f"{title}被审核人员退回。\n审核意见：{comment or '（未填写）'}\n请按审核意见修改后重新提交。"
    elif status == ReviewStatus.APPROVED:
        event, subject = "declaration.approved", f"{title}已审核通过"
        body = f"{title}已经区残联审核通过。可以在申报页面查看核定结果和审核认定书（{declaration.letter_no}）。"
        if declaration.letter_withdrawals.exists():
            body += "这份审核认定书是重新审核后出具的，替代此前撤回的同号认定书。"
    else:  # town approved: the district reviews next; the employer has nothing to do
        return []
    return notify(users=employer_users(declaration), event=event, subject=subject, body=body,
                  target=declaration, url=_url(declaration))


def conflicts_found(declaration: Declaration, conflicts) -> list[Notification]:
    """Tell each employer involved that someone on its roster is also counted by another declaration of
    the year (the other employer is not named: the review staff decide which months count where)."""
    told: list[Notification] = []
    by_declaration: dict[int, tuple[Declaration, list[str]]] = {}
    for conflict in conflicts:
        for entry in (conflict.entry_a, conflict.entry_b):
            mine = by_declaration.setdefault(entry.declaration_id, (entry.declaration, []))
            mine[1].append(f"· {entry.name}（残疾人证号 {entry.cert_masked}），重复月份：{'、'.join(map(str, conflict.months))}月")
    for target, lines in by_declaration.values():
        title = _title(target)
        body = "\n".join([
            f"{title}名单中的以下人员，也被其他单位在同一年度申报了同一月份：", *dict.fromkeys(lines),
            "同一个人同一个月只能计入一个单位。残联审核人员会核定每个月计入哪个单位；"
            "如有劳动合同、社保缴纳记录等证明，请联系所属镇街残联。",
        ])
        told += notify(users=employer_users(target), event="declaration.conflict",
                       subject=f"{title}发现重复申报的人员", body=body, target=target, url=_url(target))
    return told
