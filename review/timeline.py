"""The timeline of a reviewed object (declaration or subsidy application): every event of its review in
time order — submitted, resubmitted after a return, each step's decision (who, organisation, comment,
when), the district taking or reassigning a town step — plus the events its own app keeps (a
declaration's month adjustments, duplicate claims found and settled, a late filing accepted), which
that app registers here (``part_register``) so this module imports no later app.

Pure data assembly (no rendering). Each event says whether the applicant may see it
(``employer_visible``): what is addressed to the applicant — a submission, a decision and its
comment, a return reason, a change of the months that count, the district taking the town step and
why — is; what is the reviewers' own routing — a town step reassigned to a named district colleague
and the reason given for it — is not. Pages call ``timeline_for(obj, user)``: reviewers get every
event, the applicant only those addressed to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from employment import access
from employment.account_selectors import person_label
from employment.models import Role

# Events of one kind, app by app: fn(obj, viewer) -> list[TimelineEvent]. ``viewer`` lets a part
# word an event on the principle of least knowledge (e.g. a conflict's decision text).
_PARTS: dict[type, list[Callable]] = {}

STAFF_ROLES = (Role.TOWN, Role.DISTRICT)


@dataclass(frozen=True)
class TimelineEvent:
    """One event of an item's history."""

    at: datetime
    kind: str  # submitted, resubmitted, approved, rejected, … (stable, for code and tests)
    what: str  # what happened, in Chinese
    actor: object = None  # the user who acted; None: the system
    text: str = ""  # the comment, reason or change, in Chinese
    step: str = ""  # the review step it belongs to, if any (镇街初审 / 区残联终审)
    employer_visible: bool = True  # addressed to the applicant (False: reviewers' internal note)

    @property
    def actor_label(self) -> str:
        """“鼓楼街道残联 · 王芳”, or 系统 (``employment.account_selectors.person_label``)."""
        return person_label(self.actor)


def part_register(model: type, fn: Callable) -> None:
    """Add an app's own events of ``model`` (called from its ``AppConfig.ready``; idempotent)."""
    parts = _PARTS.setdefault(model, [])
    if fn not in parts:
        parts.append(fn)


def _submission_notes(obj, states) -> dict[int, str]:
    """Workflow state id → the applicant's note in the revision that submission was filed as (the first
    step's ``TaskState.revision``, as ``review.selectors.submitted_revisions``)."""
    from wagtail.models import TaskState

    field = getattr(obj, "review_submission_note_field", "")
    if not field or not states:
        return {}
    notes: dict[int, str] = {}
    for ts in (TaskState.objects.filter(workflow_state__in=[s.pk for s in states]).select_related("revision")
               .order_by("started_at", "id")):
        if ts.workflow_state_id not in notes and ts.revision is not None:
            notes[ts.workflow_state_id] = str((ts.revision.content or {}).get(field) or "").strip()
    return notes


def _review_events(obj) -> list[TimelineEvent]:
    from wagtail.models import TaskState

    from .models import TownReviewTask, TownStepDelegation, TownStepHandover

    events: list[TimelineEvent] = []
    states = list(obj.workflow_states.select_related("requested_by__account").order_by("created_at", "id"))
    notes = _submission_notes(obj, states)
    previous_note = ""
    for index, state in enumerate(states):
        # The applicant's explanation, on the submission it came with (kept on the object until changed:
        # shown again only when it changed).
        note = notes.get(state.pk, "")
        text = note if note != previous_note else ""
        previous_note = note or previous_note
        if index == 0:
            events.append(TimelineEvent(state.created_at, "submitted", "提交审核", state.requested_by, text))
        else:
            events.append(TimelineEvent(state.created_at, "resubmitted", "修改后重新提交", state.requested_by, text))
    task_states = (TaskState.objects.filter(workflow_state__in=[s.pk for s in states])
                   .exclude(status__in=(TaskState.STATUS_IN_PROGRESS, TaskState.STATUS_CANCELLED))
                   .select_related("task", "finished_by__account").order_by("finished_at", "id"))
    town_tasks = set(TownReviewTask.objects.values_list("pk", flat=True))
    for ts in task_states:
        town = ts.task_id in town_tasks
        if ts.status == TaskState.STATUS_APPROVED:
            kind, what = ("town_approved", "镇街初审通过") if town else ("approved", "区残联终审通过")
        elif ts.status == TaskState.STATUS_REJECTED:
            kind, what = "rejected", "退回修改"
        else:
            kind, what = "skipped", "已跳过"
        events.append(TimelineEvent(ts.finished_at or ts.started_at, kind, what, ts.finished_by,
                                    ts.comment or "", ts.task.name))
    for row in (TownStepDelegation.objects.filter(workflow_state__in=[s.pk for s in states])
                .select_related("by__account__town", "assignee__account__town").order_by("at", "id")):
        if row.kind == TownStepHandover.TAKEN:
            # Told to the applicant: who took its town step and why (issue 14).
            events.append(TimelineEvent(row.at, "town_step_taken", "区残联代为镇街初审", row.by,
                                        f"原因：{row.reason}", "镇街初审"))
        else:
            events.append(TimelineEvent(row.at, "town_step_reassigned",
                                        f"镇街初审改派给{person_label(row.assignee)}", row.by,
                                        f"原因：{row.reason}", "镇街初审", employer_visible=False))
    return events


def timeline(obj, *, viewer=None) -> list[TimelineEvent]:
    """Every event of ``obj``, oldest first, each flagged whether the applicant may see it. ``viewer``
    (the user the page is for) words the app's parts on least knowledge; the caller has fetched
    ``obj`` through ``employment.access``."""
    events = _review_events(obj)
    for model, parts in _PARTS.items():
        if isinstance(obj, model):
            for part in parts:
                events.extend(part(obj, viewer))
    # Stable: events at the same instant keep the order above (the submission before its decisions).
    return sorted(events, key=lambda e: e.at)


def sees_internal(user) -> bool:
    """Reviewers (town, district) see the internal events; applicants do not."""
    return access.role_of(user) in STAFF_ROLES


def timeline_for(obj, user) -> list[TimelineEvent]:
    """The timeline as ``user`` may see it: all of it for reviewers, the applicant's part otherwise."""
    events = timeline(obj, viewer=user)
    return events if sees_internal(user) else [e for e in events if e.employer_visible]


def timeline_context(obj, user) -> dict:
    """What ``review/includes/timeline.html`` expects, for a page's context."""
    return {"timeline": timeline_for(obj, user), "timeline_internal": sees_internal(user)}
