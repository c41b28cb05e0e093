"""Demo data for ``make demo``, the tests and the load test: the Haishu demo organisations, people,
accounts and public pages, built from the files under ``data/demo/``.

Not part of the production package: only the dev and test settings install this app, and
pyproject.toml leaves it out of the wheel, so a production deployment has no ``seed_demo`` command
and no demo passwords.
"""
