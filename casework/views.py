"""Staff casework views; every object comes through ``employment.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from employment import access
from employment.models import JobSeeker, Role
from employment.views import role_required

from . import services
from .forms import CoachNoteForm, FollowUpForm
from .models import FollowUp
from .selectors import DUE_SOON_DAYS, follow_ups_due

STAFF = (Role.TOWN, Role.DISTRICT)


@role_required(*STAFF)
def follow_ups_due_list(request):
    page = Paginator(follow_ups_due(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/follow_ups_due.html",
        {"page": page, "today": timezone.localdate(), "within_days": DUE_SOON_DAYS},
    )


@role_required(*STAFF)
def follow_up_record_view(request, pk: int):
    follow_up = access.get_changeable(
        request.user, FollowUp.objects.select_related("placement__seeker", "placement__employer"), pk=pk
    )
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(follow_up=follow_up, done_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "回访已记录。")
            return redirect("casework-follow-ups-due")
    return render(request, "casework/follow_up_record.html", {"follow_up": follow_up, "form": form})


@require_POST
@role_required(*STAFF)
def coach_note_add_view(request, pk: int):
    seeker = access.get_changeable(request.user, JobSeeker, pk=pk)
    form = CoachNoteForm(request.POST)
    if form.is_valid():
        services.coach_note_add(seeker=seeker, body=form.cleaned_data["body"], author=request.user)
        messages.success(request, "辅导记录已保存。")
    else:
        messages.error(request, "请填写记录内容。")
    return redirect("seeker-detail", pk=seeker.pk)
