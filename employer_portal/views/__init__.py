"""Employer-facing pages by subject: ``jobs`` (the employer home, jobs, candidates, hiring),
``declarations`` (the annual quota declaration) and ``subsidies`` (the reward and the social-insurance
subsidy); the employer's sign-in and notifications are the core's."""
