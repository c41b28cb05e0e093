"""Role groups (求职者, 用人单位, 培训机构, 镇街残联, 区残联) and the permissions each carries.

Object-level rules live in ``employment.access``; the groups carry only model-level permissions that
Wagtail's admin needs (admin access, snippets, pages).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from .models import Role

GROUP_NAMES: dict[str, str] = {
    Role.SEEKER: "求职者",
    Role.EMPLOYER: "用人单位",
    Role.PROVIDER: "培训机构",
    Role.TOWN: "镇街残联",
    Role.DISTRICT: "区残联",
}

# Roles that use the Wagtail admin (reviews, content, courses).
ADMIN_ROLES = {Role.PROVIDER, Role.TOWN, Role.DISTRICT}


def role_groups_ensure() -> dict[str, Group]:
    """Create the role groups if missing and give admin roles access to the Wagtail admin."""
    return {role: role_group_ensure(role) for role in GROUP_NAMES}


def role_group_ensure(role: str) -> Group:
    """The group of one role, created if missing; an admin role's group can reach the Wagtail admin.
    Creating an account asks for its own role's group only (two or three queries, not twenty)."""
    group = Group.objects.get_or_create(name=GROUP_NAMES[role])[0]
    if role in ADMIN_ROLES:
        access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
        if access_admin is not None:
            group.permissions.add(access_admin)
    return group
