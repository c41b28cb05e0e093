"""The family register (零就业残疾人家庭台账) kept by the towns: families, their members registered on the
platform, whether someone in a family is employed, and the xlsx/csv import of a whole register.

``selectors`` reads (and holds the "someone employed on a day" rule), ``services`` writes,
``importer`` reads an upload into plain rows, ``views`` and ``forms`` are the staff pages.
"""
