"""Re-use the declaration fixtures (seeded policy years, a started declaration)."""

from tests.employment.declarations.conftest import policy, start_declaration  # noqa: F401
