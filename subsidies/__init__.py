"""Rewards and subsidies (奖励和补贴): the over-quota reward (超比例奖励), the employer social-insurance
subsidy (社保补贴) and the one-time start-up subsidy (一次性创业补贴) — applications, their review (the
``review`` app), notifications to the applicant, payment lists.

``rules`` holds the money rules as pure functions (no Django); ``services`` (a package) writes,
``selectors`` reads, ``views``/``forms``/``urls`` are the applicants' and reviewers' pages (employers
start their own applications in ``employer_portal``), ``si_upload`` checks uploads (evidence
files: ``employment.evidence``), ``notifications`` and ``tasks`` tell the applicant, ``exports`` writes payment lists.
"""
