"""Quota compliance (按比例就业年审): the annual declaration with its roster, duplicate claims and
reviewers' month adjustments, the policy parameters of each year, the public 公示 list, the result
letter (审核认定书), exports and the recompute task.

``engine`` is the policy engine — plain Python and exact arithmetic, no Django — with the hiring
what-if; ``bridge`` feeds it stored declarations. ``services`` writes, ``selectors`` reads, ``views``
are the reviewers' and public pages (employers file in ``employer_portal``), ``roster_import`` reads
uploaded rosters, ``exports`` writes spreadsheets, ``policy_seed`` seeds the years from
data/policy_params.json. The review itself is the ``review`` app's.
"""
