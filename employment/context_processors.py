"""Template context: the signed-in user's role, for navigation."""

from .access import account_of, role_of


def roles(request):
    user = getattr(request, "user", None)
    return {"current_role": role_of(user) if user else None, "current_account": account_of(user) if user else None}
