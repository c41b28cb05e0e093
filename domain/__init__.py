"""The neutral domain: plain Python, no Django, no app of this project.

What more than one part of the platform means by the same word lives here once: the matching
vocabularies (``vocab``: accessibility, demands, disability categories, education, with their
Chinese labels and help) and the Chinese identity numbers (``identity``: resident ID, disability
certificate, unified social credit code, masking). The Django models and forms take their choices
from here, and both pure engines (``matching.engine``, ``quota.engine``) may import it; this package
imports neither. The rule is enforced by import-linter (``[tool.importlinter]`` in pyproject.toml).
"""
