"""Registers 登录锁定 (login lockouts) in the Wagtail admin; imported by ``employment.wagtail_hooks``."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.district_may_manage_lockouts(request.user)


@hooks.register("register_admin_urls")
def lockout_urls():
    return [
        path("login-lockouts/", admin_views.lockout_list, name="login-lockouts"),
        path("login-lockouts/unlock/", admin_views.lockout_unlock, name="login-lockout-unlock"),
    ]


@hooks.register("register_admin_menu_item")
def lockout_menu_item():
    return LockoutMenuItem("登录锁定", reverse("login-lockouts"), icon_name="lock", order=9000)
