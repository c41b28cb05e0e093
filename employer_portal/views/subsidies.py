"""The employer's own subsidy applications: the over-quota reward from an approved declaration, and
starting a year's social-insurance subsidy. The application pages themselves (lines, bank details,
submit) are shared with seekers and live in ``subsidies.views``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from employment import access
from employment.access import role_required
from employment.forms import form_add_validation_error
from employment.models import Role
from quota.models import Declaration
from subsidies import selectors, services
from subsidies.forms import BankForm, SIStartForm, bank_details


@role_required(Role.EMPLOYER)
def reward_apply(request, declaration_pk: int):
    declaration = access.get_changeable(request.user, Declaration.objects.select_related("employer"), pk=declaration_pk)
    reward = None
    try:
        reward = services.reward_compute(declaration)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    # The bank details of the employer's last approved reward or social-insurance application, if any:
    # the name and bank filled in, the saved account number kept unless a new one is typed (it is
    # never shown in full).
    source = selectors.employer_last_approved_bank(declaration.employer)
    if source is not None:
        form = BankForm(request.POST or None, keep_account=source.bank_account_masked,
                        initial={"bank_account_name": source.bank_account_name, "bank_name": source.bank_name})
    else:
        form = BankForm(request.POST or None, initial={"bank_account_name": declaration.employer.name})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.reward_application_create(
                declaration=declaration, bank=bank_details(form, source), user=request.user
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, "超比例奖励申请已提交，等待镇街初审。")
            return redirect("subsidy-detail", pk=application.pk)
    return render(request, "subsidies/reward_apply.html",
                  {"declaration": declaration, "reward": reward, "form": form, "bank_source": source})


@role_required(Role.EMPLOYER)
@require_POST
def si_start(request):
    account = access.account_of(request.user)
    years = selectors.si_years_open(request.user)
    form = SIStartForm(request.POST, years=years)
    if not form.is_valid():
        messages.error(request, "请选择可以申请的年度。")
        return redirect("subsidy-home")
    try:
        application = services.si_application_start(
            employer=account.employer, year=form.cleaned_data["year"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("subsidy-home")
    source = getattr(application, "bank_copied_from", None)
    if source is not None:
        messages.info(request, f"收款信息已按本单位{source.year}年度审核通过的{source.get_programme_display()}申请填好，"
                               "请核对；如有变化，请在下方“银行账户”中修改。")
    return redirect("subsidy-detail", pk=application.pk)
