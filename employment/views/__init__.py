"""The core's pages by audience: ``seeker``, ``staff``, ``public`` and ``portal`` (every signed-in user:
the entry and notifications); ``shared`` holds what seeker and staff pages share. Employers' pages are
in ``employer_portal``; sign-up and claims in ``employment.signup_views``; the personal-data pages in
``employment.privacy_views``."""
