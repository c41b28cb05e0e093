"""The family register (零就业残疾人家庭台账) kept by the towns: families, their members registered on the
platform, whether someone in a family is employed, and the xlsx/csv import of a whole register.

``models`` holds the family, ``rules`` the pure "someone employed on a day" rules, ``selectors``
reads, ``services`` writes, ``importer`` reads an upload into plain rows, ``views`` and ``forms``
are the staff pages, ``seeker_page`` shows a seeker's family on the staff seeker page.
"""
