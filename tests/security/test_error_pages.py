"""Error pages are Chinese, on the site's layout, whatever the browser's language (handler400/403/404/500
and the CSRF failure view in ``employment.error_views``)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _client(world, role=None, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **ENGLISH, **kwargs)
    if role:
        client.force_login(world.users[role])
    return client


def _assert_chinese_page(response, status: int, *phrases: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="zh-Hans"' in html
    for phrase in phrases:
        assert phrase in html
    for english in ("Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification failed"):
        assert english not in html
    return html


def test_a_page_outside_the_users_scope_is_a_chinese_404_with_ways_back(world):
    response = _client(world, "seeker_a").get(reverse("seeker-detail", args=[999_999]))
    _assert_chinese_page(response, 404, "未找到页面", "返回首页", "返回我的工作台")


def test_a_refusal_says_why_in_chinese(world):
    response = _client(world, "seeker_a").get(reverse("staff-seeker-list"))
    _assert_chinese_page(response, 403, "无权访问", "您的账号不能使用此功能")


def test_a_refusal_with_a_technical_reason_does_not_show_it():
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from employment.error_views import permission_denied

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("Permission check failed for model X"))
    html = response.content.decode()
    assert response.status_code == 403 and "您的账号不能打开这个页面" in html and "model X" not in html


def test_a_stale_form_is_a_chinese_csrf_page(world):
    client = _client(world, enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    _assert_chinese_page(response, 403, "页面已过期，请重新提交", "没有保存")


def test_a_bad_host_is_a_chinese_400(world):
    response = _client(world, HTTP_HOST="attacker.example").get("/jobs/")
    _assert_chinese_page(response, 400, "请求无法处理")


def test_a_server_error_is_a_chinese_500_without_the_request_context():
    from employment.error_views import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "系统出错了" in html and '<html lang="zh-Hans"' in html
