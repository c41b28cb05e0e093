"""Counting requests per client address (or per phone number) in fixed windows, in the default cache.

Addresses come from ``employment.signin.throttle.client_address`` — the one place that says which
address a request comes from (``TRUSTED_PROXY_HEADER`` behind a reverse proxy) — so sign-up limits and
login throttling count the same address.
Counters live in the cache — Redis in production, so every gunicorn worker shares them.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def client_address(request) -> str:
    from .signin.throttle import client_address as login_client_address

    return login_client_address(request) or ""


def _key(scope: str, ident: str) -> str:
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]
    return f"rate:{scope}:{digest}"


def count(scope: str, ident: str) -> int:
    return cache.get(_key(scope, ident)) or 0


def exceeded(scope: str, ident: str, *, limit: int) -> bool:
    """Whether ``limit`` events were already counted for ``ident`` in the current window."""
    return count(scope, ident) >= limit


def take(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one event; ``False`` (and the event should be refused) once ``limit`` is passed."""
    key = _key(scope, ident)
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        value = 1
    return value <= limit
