"""The SMS backends (console, locmem, http against a real local HTTP server), mobile-number checks, the
send-once task, and the deployment check that production does not print codes to the log."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from employment import sms


@pytest.fixture
def gateway():
    """A local HTTP server standing in for the government SMS gateway; records what it receives."""
    received: list[dict] = []
    state = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
            self.send_response(state["status"])
            self.end_headers()
            self.wfile.write(b'{"ok": true}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms/send", received, state
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86 138-1234-5678", "13812345678"),
     ("8613812345678", "13812345678"), ("１３８１２３４５６７８", "13812345678")],
)
def test_mobile_numbers_are_normalised(typed, expected):
    assert sms.normalize_mobile(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "请填写手机号码"), ("1381234567", "应为 11 位"), ("12812345678", "不是有效的手机号码"),
     ("0574-87654321", "应为 11 位"), ("138abc45678", "只能包含数字")],
)
def test_invalid_mobile_numbers_are_refused_in_chinese(typed, message):
    with pytest.raises(ValueError, match=message):
        sms.normalize_mobile(typed)


def test_console_backend_prints_the_message():
    stream = io.StringIO()
    sms.ConsoleBackend(stream=stream).send("13812345678", "验证码 123456")
    assert "13812345678" in stream.getvalue() and "验证码 123456" in stream.getvalue()


def test_locmem_backend_keeps_an_outbox(settings):
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    sms.send(to="13812345678", text="你好")
    assert sms.outbox == [sms.SmsMessage(to="13812345678", text="你好")]
    sms.outbox.clear()


def test_http_backend_posts_json_with_the_token(settings, gateway):
    url, received, _state = gateway
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = url
    settings.SMS_GATEWAY_TOKEN = "secret-token"
    sms.send(to="13812345678", text="【海曙区残联】验证码 123456")
    assert len(received) == 1
    request = received[0]
    assert request["path"] == "/sms/send"
    assert request["json"] == {"phone": "13812345678", "message": "【海曙区残联】验证码 123456"}
    assert request["headers"]["Authorization"] == "Bearer secret-token"
    assert request["headers"]["Content-Type"].startswith("application/json")


def test_http_backend_raises_when_the_gateway_refuses(settings, gateway):
    url, _received, state = gateway
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = url
    state["status"] = 503
    with pytest.raises(sms.SmsError, match="503"):
        sms.send(to="13812345678", text="x")
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/"  # nothing listens on the discard port
    settings.SMS_GATEWAY_TIMEOUT = 1
    with pytest.raises(sms.SmsError):
        sms.send(to="13812345678", text="x")


def test_http_backend_needs_a_url(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "file:///etc/passwd"
    with pytest.raises(ImproperlyConfigured):
        sms.send(to="13812345678", text="x")


@pytest.mark.django_db
def test_the_task_sends_once_and_a_second_run_sends_nothing(settings, gateway, world, django_capture_on_commit_callbacks):
    from django.test import Client

    from employment.models import PendingSignup
    from employment.tasks import signup_sms_send
    from tests.employment.signup_helpers import TYPED_PHONE, new_resident_id, signup_data, start

    url, received, _state = gateway
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = url
    start(Client(), django_capture_on_commit_callbacks, signup_data(new_resident_id(), "43", town=world.town_x))
    assert [r["json"]["phone"] for r in received] == [TYPED_PHONE]
    pending = PendingSignup.objects.get()
    assert pending.sms_to == "" and pending.sms_text == ""
    assert signup_sms_send.apply(args=[pending.pk]).get() is False
    assert len(received) == 1


def test_deploy_check_warns_about_a_backend_that_does_not_reach_phones(settings):
    settings.SMS_BACKEND = "console"
    assert [m.id for m in sms.check_sms_backend(None)] == ["employment.W001"]
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = ""
    assert [m.id for m in sms.check_sms_backend(None)] == ["employment.E001"]
    settings.SMS_GATEWAY_URL = "https://sms.example.org/send"
    assert sms.check_sms_backend(None) == []
