"""A declaration's own events in its timeline (``review.timeline``): month adjustments, duplicate claims
found and settled, a late filing accepted. Registered from ``QuotaConfig.ready``.

All of them are addressed to the employer (they change what counts on its roster, or say why), worded
on least knowledge: a conflict's decision text and the reason of an adjustment made by settling it
are shown only to a viewer who may see the other declaration (``selectors.conflict_views``)."""

from __future__ import annotations

from employment.table_import import format_months
from review.timeline import TimelineEvent, part_register

from . import selectors
from .models import Declaration
from .publicity_models import REOPEN_ACTION_MARK, PublicityLog


def _months(months) -> str:
    return format_months(months or []) or "无"


def declaration_events(declaration: Declaration, viewer) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    conflicts = selectors.conflict_views(declaration, viewer) if viewer is not None else []
    full = {c.pk for c in conflicts if c.other is not None}
    for a in declaration.adjustments.select_related("entry", "by__account"):
        reason = a.reason
        if a.conflict_id is not None and a.conflict_id not in full:
            reason = selectors.CONFLICT_DECISION_HIDDEN
        events.append(TimelineEvent(
            a.at, "months_adjusted", "调整计算月份", a.by,
            f"{a.entry.name}（{a.entry.cert_masked}）：{_months(a.months_before)} → {_months(a.months_after)}；"
            f"原因：{reason}",
        ))
    views = {c.pk: c for c in conflicts}
    for conflict in selectors.conflicts_of(declaration).select_related("resolved_by__account"):
        own = conflict.entry_a if conflict.entry_a.declaration_id == declaration.pk else conflict.entry_b
        who = f"{own.name}（{own.cert_masked}）"
        events.append(TimelineEvent(conflict.created_at, "conflict_found", "发现重复申报", None,
                                    f"{who}在{format_months(conflict.months)}也被其他单位申报"))
        if conflict.resolved_at is not None:
            view = views.get(conflict.pk)
            text = f"{who}：{view.outcome if view else '已核定'}"
            if view is not None and view.decision:
                text += f"；处理意见：{view.decision}"
            events.append(TimelineEvent(conflict.resolved_at, "conflict_resolved", "重复申报已处理",
                                        conflict.resolved_by, text))
    # Reopened after a founded objection to its 公示: returned to the employer with the district's reason.
    for log in (PublicityLog.objects.filter(entry__declaration=declaration, objection__isnull=False,
                                            action__contains=REOPEN_ACTION_MARK).select_related("by__account")):
        events.append(TimelineEvent(log.at, "reopened", "公示异议成立，重新打开申报，退回单位更正", log.by,
                                    log.action.split(REOPEN_ACTION_MARK, 1)[1]))
    if declaration.late_accepted_at is not None:
        events.append(TimelineEvent(declaration.late_accepted_at, "late_accepted", "同意受理补报",
                                    declaration.late_accepted_by, declaration.late_acceptance_note))
    return events


def register() -> None:
    part_register(Declaration, declaration_events)
