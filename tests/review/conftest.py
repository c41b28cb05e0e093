"""Reuse the declaration fixtures (seeded policy years, a started declaration)."""

from tests.quota.conftest import policy, start_declaration  # noqa: F401
