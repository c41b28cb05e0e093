"""Registers 登录锁定 (login lockouts) and 重置两步验证 (second-factor reset) in the Wagtail admin;
imported by ``employment.wagtail_hooks``. Both menu entries are shown to district staff only."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class DistrictMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.district_may_manage_lockouts(request.user)


@hooks.register("register_admin_urls")
def lockout_urls():
    return [
        path("login-lockouts/", admin_views.lockout_list, name="login-lockouts"),
        path("login-lockouts/unlock/", admin_views.lockout_unlock, name="login-lockout-unlock"),
        path("second-factor/", admin_views.second_factor_staff, name="second-factor-staff"),
        path("second-factor/<int:user_id>/reset/", admin_views.second_factor_reset, name="second-factor-reset"),
    ]


@hooks.register("register_admin_menu_item")
def lockout_menu_item():
    return DistrictMenuItem("登录锁定", reverse("login-lockouts"), icon_name="lock", order=9000)


@hooks.register("register_admin_menu_item")
def second_factor_menu_item():
    return DistrictMenuItem("重置两步验证", reverse("second-factor-staff"), icon_name="key", order=9001)

