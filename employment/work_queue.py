"""The work queue (我的待办): the page every role lands on after signing in, listing what needs the
user — each line a count (or, for an employer's declaration, a status) with a link to a list filtered
to exactly those items.

The page is the core's, but most of what it counts lives in later apps (declarations in ``quota``,
subsidy applications in ``subsidies``, follow-ups in ``casework``, families in ``households``, courses
and enrolments in ``cms``, matches in ``matching``, the employer's part in ``employer_portal``). The
core imports none of them: each app registers a ``QueuePart`` from its ``AppConfig.ready``, whose
``items`` callable counts through the app's own selectors, scoped by ``employment.access`` — so a town
reviewer only ever counts their own town's items. Parts are shown in the order of ``order``.

"New since the last visit" counts from ``visit_since``: the time the user last opened the queue in an
earlier session (``QueueVisit``), kept in the session so it stays put while the user works through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from . import services
from .access import role_of


@dataclass(frozen=True)
class QueueItem:
    """One line of a queue: ``count`` items (a link to the filtered list), or — ``count`` None — a
    status line (``status``) saying what is asked of the user (``note``); ``action`` says a status line
    asks something of the user now (it then counts as one thing to do)."""

    label: str
    url: str
    count: int | None = None
    status: str = ""
    note: str = ""
    action: bool = False

    @property
    def is_empty(self) -> bool:
        return self.count == 0


@dataclass(frozen=True)
class QueuePart:
    key: str
    roles: frozenset[str]
    heading: str
    items: Callable[[object], list[QueueItem]]  # (request) -> the part's lines for request.user
    order: int = 100


PARTS: dict[str, QueuePart] = {}


def part_register(part: QueuePart) -> None:
    """Add a part (again under the same key replaces it: registering is idempotent)."""
    PARTS[part.key] = part


def parts_for_role(role: str | None) -> list[QueuePart]:
    return sorted((p for p in PARTS.values() if role in p.roles), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class QueueSection:
    heading: str
    items: list[QueueItem]

    @property
    def total(self) -> int:
        return sum(i.count if i.count is not None else int(i.action) for i in self.items)


def queue_sections(request) -> list[QueueSection]:
    """The user's queue: each registered part for their role with its lines, parts without lines left out."""
    sections = []
    for part in parts_for_role(role_of(request.user)):
        items = list(part.items(request))
        if items:
            sections.append(QueueSection(part.heading, items))
    return sections


def queue_total(sections: Iterable[QueueSection]) -> int:
    return sum(s.total for s in sections)


SINCE_SESSION_KEY = "work_queue_since"


def visit_since(request) -> datetime | None:
    """Where "new since the last visit" starts for this user in this session: the time they last
    opened the work queue before this session (None: never — everything is new). The first call in a
    session records the visit; later calls in the same session give the same time."""
    if SINCE_SESSION_KEY not in request.session:
        previous = services.queue_visit_record(user=request.user)
        request.session[SINCE_SESSION_KEY] = previous.isoformat() if previous else ""
    raw = request.session[SINCE_SESSION_KEY]
    return datetime.fromisoformat(raw) if raw else None


def visit_open(request) -> datetime | None:
    """The queue page is opened: record now as the user's last visit (the next session's "since")
    and return this session's "since", which stays as it was."""
    if SINCE_SESSION_KEY in request.session:
        services.queue_visit_record(user=request.user)
    return visit_since(request)
