"""Full identity numbers on request, and the log of who saw them (个人敏感信息访问).

Staff of the federation (town reviewers for their own town's seekers, district reviewers for all)
may reveal a seeker's full resident ID and certificate number after stating why; every reveal is a
``PersonalDataAccess`` row. Only district reviewers read the log. Employers, providers and seekers
never reach the full values here (a seeker's own numbers are not shown back either: they typed them).
Mounted at ``privacy/`` by one ``include`` line in config/urls.py.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from . import access, privacy, selectors
from .access import role_required
from .forms import PlainErrorsMixin
from .models import JobSeeker, Role
from .query import query_text

LOG_PAGE_SIZE = 50


class RevealForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="查看事由", min_length=4, max_length=200,
        help_text="请写明为什么需要查看完整证件号码，例如“核对残疾人证办理补贴”。将记入访问日志。",
        error_messages={"required": "请填写查看事由。", "min_length": "查看事由至少 4 个字。"},
    )


@role_required(Role.TOWN, Role.DISTRICT)
def identity_reveal(request, pk: int):
    seeker = access.get_visible(request.user, JobSeeker.objects.select_related("town"), pk=pk)
    form = RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        revealed = privacy.identity_reveal_record(user=request.user, seeker=seeker, reason=form.cleaned_data["reason"])
    response = render(request, "privacy/identity_reveal.html", {"seeker": seeker, "form": form, "revealed": revealed})
    response["Cache-Control"] = "no-store, private"
    return response


@role_required(Role.DISTRICT)
def access_log(request):
    username = query_text(request, "user", max_length=150)
    page = Paginator(selectors.access_log(username=username), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/access_log.html", {"page": page, "username": username})


urlpatterns = [
    path("access-log/", access_log, name="privacy-access-log"),
    path("seekers/<id:pk>/identity/", identity_reveal, name="privacy-identity-reveal"),
]
