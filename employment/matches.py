"""Matching as the core's pages see it, through one port the matching app fills.

The matching app builds on the core (it reads the core's seekers and jobs), so the core may not import
it (the import-linter contract in pyproject.toml). The core's pages and services still need three
things from it: the seeker's page of matched jobs, the reasons a job page shows a seeker (why it
suits them, or why the hard rules keep it from them), and the index update after a seeker's assessment or a job is
saved. ``MatchingConfig.ready`` registers a ``MatchProvider`` with them; the core calls the functions
below. Without a provider (the matching app not installed) the index update is a no-op and the pages
fail loudly rather than show unmatched jobs as matches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction


@dataclass(frozen=True)
class MatchProvider:
    # (seeker, *, filters: dict from JobFilterForm.filters(), page: raw page number)
    #   -> (a page of JobMatch, whether it is personalised, the notice to show)
    jobs_for_seeker: Callable[..., tuple]
    # (assessment, job) -> an object with ``allowed`` (the hard rules allow the pair), ``reasons`` (why
    #   the job suits the seeker, the same the job list gives) and ``why_not`` (the rules it breaks, in plain words)
    pair_reasons: Callable[[object, object], object]
    # (kind "assessment" | "job", pk) -> queue the index update; called once the transaction commits
    index_update: Callable[[str, int], None]


_provider: MatchProvider | None = None


def provider_register(provider: MatchProvider) -> None:
    global _provider
    _provider = provider


def _get() -> MatchProvider:
    if _provider is None:
        raise ImproperlyConfigured("No matching provider is registered: is the matching app installed?")
    return _provider


def jobs_for_seeker(seeker, *, filters: dict, page: str | None) -> tuple:
    """A page of matched jobs for the seeker, whether it is personalised, and the notice."""
    return _get().jobs_for_seeker(seeker, filters=filters, page=page)


def pair_reasons(assessment, job):
    """Why the job suits the seeker (``.reasons``) or which rules keep it from them (``.why_not``)."""
    return _get().pair_reasons(assessment, job)


def index_update_on_commit(kind: str, pk: int) -> None:
    """Queue the matching index update for a saved row once the transaction commits."""
    if _provider is not None:
        provider = _provider
        transaction.on_commit(lambda: provider.index_update(kind, pk))
