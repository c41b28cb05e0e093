"""What the seeker and staff pages share: the assessment form page (a seeker's own, or staff on a
seeker's behalf) and the page size of lists."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .. import services
from ..forms import AssessmentForm
from ..models import JobSeeker

PAGE_SIZE = 20


def assessment_view(request, seeker: JobSeeker, *, template: str, done_url: str):
    initial = AssessmentForm.initial_from(seeker.current_assessment)
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(seeker=seeker, assessed_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "职业评估已保存。")
            return redirect(done_url)
    return render(request, template, {"form": form, "seeker": seeker})
