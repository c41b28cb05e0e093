"""Helpers of the sign-up and claim tests: step-1 form data, the texted code, records staff registered."""

from __future__ import annotations

import itertools
import re
from datetime import date

from django.urls import reverse

from domain import identity
from employment import services, sms
from employment.security import FORM_TOKEN_FIELD

PASSWORD = "Long-enough-pass-9"
TYPED_PHONE = "13900001111"
RECORD_PHONE = "13700002222"
_seq = itertools.count(500)


def new_resident_id() -> str:
    n = next(_seq)
    return identity.make_resident_id(region="330203", birth=date(1985, 1 + n % 12, 1 + n % 28), seq=n)


def signup_data(rid: str, suffix: str, *, town, username: str = "newperson", phone: str = TYPED_PHONE) -> dict:
    return {
        "name": "赵丁",
        "resident_id": rid,
        "cert_no": rid + suffix,
        "town": town.pk,
        "phone": phone,
        "username": username,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def staff_record(*, town, phone: str = RECORD_PHONE, user=None, by=None, category: int = 4, grade: int = 3):
    """A seeker town staff registered (verified), with a phone on record and, by default, no account."""
    rid = new_resident_id()
    return services.seeker_register(
        name="钱戊", resident_id=rid, cert_no=identity.make_disability_cert(rid, category, grade), town=town,
        phone=phone, user=user, created_by=by,
    )


def start(client, capture, data: dict):
    """Post step 1 and run the on-commit work (the text message) as a real commit would."""
    with capture(execute=True):
        return client.post(reverse("seeker-signup"), data)


def texted_code(to: str) -> str:
    """The code of the last text message sent to ``to`` (fails when none was sent)."""
    texts = [m.text for m in sms.outbox if m.to == to]
    assert texts, f"no text message to {to}"
    return re.search(r"验证码 (\d{6})", texts[-1]).group(1)


def without_tokens(html: str) -> str:
    """The page without its CSRF and form tokens (different on every response)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(rf'name="{FORM_TOKEN_FIELD}" value="[^"]+"', f'name="{FORM_TOKEN_FIELD}" value=""', html)


def issue_activation_code(user, seeker, *, replace: bool = False) -> tuple[str, str]:
    """(code, page): generate an activation code through the staff page and read it off the page,
    which shows it once (a second look has none)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = reverse("seeker-activation-code", args=[seeker.pk])
    response = client.post(url, {"replace": "1"} if replace else {})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    code = re.search(r'class="activation-code"[^>]*>([A-Z0-9-]+)<', html).group(1)
    assert not re.search(r'class="activation-code"', client.get(url).content.decode())  # shown once
    return code, html
