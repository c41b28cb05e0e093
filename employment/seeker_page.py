"""The staff page of one seeker (``seekers/<id>/``) is the core's, but later apps show their part of
it: the family register its family, casework the placements, follow-ups and coach notes. Each app
registers a ``SeekerPagePart`` from its ``AppConfig.ready``; the page renders the parts for staff in
the order the apps are installed, each template with the context its part returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SeekerPagePart:
    place: Literal["facts", "sections"]  # a fact in the seeker's list of facts, or a section below
    template: str
    context: Callable[[object, object], dict]  # (request, seeker) -> variables for the template


PARTS: list[SeekerPagePart] = []


def part_register(part: SeekerPagePart) -> None:
    if part not in PARTS:
        PARTS.append(part)


def parts_context(request, seeker) -> dict:
    """The variables of every registered part, and the templates to include at each place."""
    context: dict = {"staff_facts": [], "staff_sections": []}
    for part in PARTS:
        context.update(part.context(request, seeker))
        context[f"staff_{part.place}"].append(part.template)
    return context
