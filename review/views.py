"""区残联代为镇街初审 / 改派: the district takes the town step of a declaration or subsidy application
itself, or reassigns it to a district colleague, with a reason that is recorded and shown in the
item's history (``review.services.town_step_take``). One page for every reviewed model, found by its
``review_slug``. The object is fetched through ``employment.access`` first (404 for what the user may
not see, e.g. another town's item for a town reviewer), then the role is checked (403)."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from employment import access
from employment.forms import form_add_validation_error
from employment.models import Role

from . import services
from .forms import TownStepForm
from .models import ReviewedSnippet, TownReviewTask, town_step_delegation
from .selectors import actor_label, current_task


def _reviewed_model(slug: str) -> type[ReviewedSnippet]:
    for model in apps.get_models():
        if issubclass(model, ReviewedSnippet) and model.review_slug and model.review_slug == slug:
            return model
    raise Http404("未找到")


@login_required
def town_step_handover(request, reviewed: str, pk: int):
    obj = access.get_visible(request.user, _reviewed_model(reviewed), pk=pk)
    if access.role_of(request.user) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以代为镇街初审或改派。")
    back = reverse(obj.review_detail_url_name, args=[obj.pk])
    _, task = current_task(obj)
    if not isinstance(task, TownReviewTask):
        messages.error(request, f"这份{obj.review_noun}现在不在镇街初审环节，不需要代办。")
        return redirect(back)
    suggestion = TownReviewTask.district_takeover(obj)
    form = TownStepForm(request.POST or None, assignees=services.town_step_assignees(request.user),
                        initial={"reason": "no_reviewer" if suggestion else None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.town_step_take(obj=obj, user=request.user, reason=data["reason"], detail=data["detail"],
                                          assignee=data["assignee"])
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            if row.assignee_id == request.user.pk:
                messages.success(request, "您已接手镇街初审，现在可以审核。审核意见前会注明代办原因。")
                return redirect(f"{back}#review")
            messages.success(request, f"已把镇街初审改派给{actor_label(row.assignee)}。")
            return redirect(back)
    current = town_step_delegation(obj)
    return render(request, "review/town_step.html", {
        "obj": obj, "form": form, "back": back, "suggestion": suggestion,
        "current": current, "current_label": actor_label(current.assignee) if current else "",
    })
