"""Text messages (短信): one small backend abstraction, chosen by the ``SMS_BACKEND`` setting.

- ``console`` (development and ``make demo``): the message is written to the server's console, like
  Django's console e-mail backend — read sign-up codes there.
- ``record`` (the demo's default, worker tests): each message is kept as a ``TextMessageRecord`` row
  (visible to another process, e.g. a test that watches a Celery worker) and written to the console.
- ``locmem`` (tests): messages are appended to ``employment.sms.outbox``.
- ``http`` (production): each message is POSTed as JSON ``{"phone": ..., "message": ...}`` to
  ``SMS_GATEWAY_URL`` with ``Authorization: Bearer <SMS_GATEWAY_TOKEN>``; any answer other than 2xx
  (or no answer within ``SMS_GATEWAY_TIMEOUT`` seconds) raises ``SmsError``.
A dotted path to another class works too: the production interface is ``SmsBackend`` below — a class
built with no arguments (it reads its own settings) whose ``send(to, text)`` delivers one message to an
11-digit mainland mobile number or raises ``SmsError``; it is called from a Celery task, which records
the attempt and retries, so it must not retry by itself. Notifications (``employment.notify``) and
sign-up codes (``employment.signup``) both send through ``send`` here.

Also here: ``normalize_mobile``, which says whether a number can receive a text at all.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


class SmsError(Exception):
    """The gateway did not accept a message (a fault of the gateway or its configuration)."""


def normalize_mobile(value: object) -> str:
    """An 11-digit mainland mobile number; spaces, hyphens and a +86 / 86 prefix are dropped.

    Raises ``ValueError`` with a Chinese message when the value is not a mainland mobile number.
    """
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits:
        raise ValueError("请填写手机号码。")
    if not digits.isdigit():
        raise ValueError("手机号码只能包含数字。")
    if len(digits) != 11:
        raise ValueError(f"手机号码应为 11 位，现在是 {len(digits)} 位。")
    if not MOBILE_RE.match(digits):
        raise ValueError("这不是有效的手机号码，请检查后重新输入（以 13–19 开头的 11 位号码）。")
    return digits


def mask_mobile(number: str) -> str:
    """``13912345678`` → ``139****5678`` (shown back to the person who typed it)."""
    return f"{number[:3]}****{number[-4:]}" if len(number) == 11 else ""


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class SmsBackend(Protocol):
    """What ``SMS_BACKEND`` names: ``send`` delivers one message or raises ``SmsError``."""

    def send(self, to: str, text: str) -> None: ...


# The locmem backend's outbox; tests read and clear it.
outbox: list[SmsMessage] = []


class ConsoleBackend:
    """Writes each message to the console (``make demo``: the sign-up code appears in the server log)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, to: str, text: str) -> None:
        self.stream.write(f"----- 短信 SMS -----\n收信号码: {to}\n{text}\n--------------------\n")
        self.stream.flush()


class LocmemBackend:
    """Keeps messages in ``outbox`` (tests)."""

    def send(self, to: str, text: str) -> None:
        outbox.append(SmsMessage(to=to, text=text))


class RecordBackend:
    """Keeps each message as a ``TextMessageRecord`` row and echoes it to the console (``make demo``)."""

    def send(self, to: str, text: str) -> None:
        from .models import TextMessageRecord

        TextMessageRecord.objects.create(to=to, text=text)
        ConsoleBackend().send(to, text)


class HttpBackend:
    """POSTs each message as JSON to the government SMS gateway."""

    def __init__(self):
        self.url = getattr(settings, "SMS_GATEWAY_URL", "")
        self.token = getattr(settings, "SMS_GATEWAY_TOKEN", "")
        self.timeout = getattr(settings, "SMS_GATEWAY_TIMEOUT", 10)
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_BACKEND=http needs SMS_GATEWAY_URL (an http:// or https:// URL)")

    def send(self, to: str, text: str) -> None:
        body = json.dumps({"phone": to, "message": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered {status}")


BACKENDS = {"console": ConsoleBackend, "locmem": LocmemBackend, "record": RecordBackend, "http": HttpBackend}


def get_backend():
    name = getattr(settings, "SMS_BACKEND", "console")
    backend = BACKENDS.get(name) or import_string(name)
    return backend()


def send(*, to: str, text: str) -> None:
    """Send one text message through the configured backend (``SmsError`` when the gateway refuses)."""
    get_backend().send(to, text)


@checks.register(checks.Tags.security, deploy=True)
def check_sms_backend(app_configs, **kwargs):
    """In production a sign-up code must reach a phone, not the server log."""
    name = getattr(settings, "SMS_BACKEND", "console")
    if name in ("console", "locmem", "record"):
        return [
            checks.Warning(
                f"SMS_BACKEND is {name!r}: sign-up codes and notifications are written to the server log, "
                "kept in memory or recorded in the database, not sent to phones.",
                hint="Set SMS_BACKEND=http with SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN.",
                id="employment.W001",
            )
        ]
    if name == "http" and not getattr(settings, "SMS_GATEWAY_URL", ""):
        return [checks.Error("SMS_BACKEND is 'http' but SMS_GATEWAY_URL is empty.", id="employment.E001")]
    return []
