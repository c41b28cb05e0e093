"""Template context: the signed-in user's role, for navigation, how many of their notifications are
unread (the header's "站内通知（N 条未读）"), and — for town and district staff — how many sign-ups in
their scope wait for certificate verification (the "待核验 N" link); for a seeker, the name of their job
list, which follows their personalised-matching setting (为我推荐的岗位, or 岗位列表 when it is off)."""

from django.utils.functional import SimpleLazyObject

from . import access
from .access import account_of, role_of
from .job_list_names import jobs_label
from .models import Role


def _pending_verification(user) -> int:
    from .selectors import caseload

    return caseload(user, verified="no").count()


def seeker_jobs_label(user) -> str:
    """The seeker's job list as the navigation names it: it recommends only with personalisation on."""
    from .models import JobSeeker

    personalised = (
        access.scoped(user, JobSeeker).filter(user_id=user.pk).values_list("personalised_matching", flat=True).first()
    )
    return jobs_label(personalised)


def roles(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user else None
    context = {"current_role": role, "current_account": account_of(user) if user else None}
    if user is not None and user.is_authenticated:
        from .notify import unread_count

        # Counted only when a page shows the header (every portal page).
        context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
    if role == Role.SEEKER:
        # Read only when a page shows the seeker navigation.
        context["seeker_jobs_label"] = SimpleLazyObject(lambda: seeker_jobs_label(user))
    if role in (Role.TOWN, Role.DISTRICT):
        # Counted only when a page shows the staff navigation.
        context["pending_verification"] = SimpleLazyObject(lambda: _pending_verification(user))
    return context
