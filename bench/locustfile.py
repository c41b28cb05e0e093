"""Locust scenario (used by bench/load_test.py): seekers browse their matched jobs, employers work on
and submit their quota declarations. Accounts are created by load_test.py's seeding step."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "Load-test-password-2026")
SEEKERS = int(os.environ.get("LOAD_SEEKER_ACCOUNTS", "100"))
EMPLOYERS = int(os.environ.get("LOAD_EMPLOYER_ACCOUNTS", "20"))
# Think time between pages (seconds): a person reads a page before opening the next.
WAIT = (float(os.environ.get("LOAD_WAIT_MIN", "2")), float(os.environ.get("LOAD_WAIT_MAX", "6")))
_seeker_ids = itertools.count()
_employer_ids = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _login(user: HttpUser, username: str) -> None:
    page = user.client.get("/accounts/login/", name="login page")
    token = CSRF.search(page.text).group(1)
    with user.client.post("/accounts/login/", {"username": username, "password": PASSWORD,
                                               "csrfmiddlewaretoken": token},
                          name="login", allow_redirects=False, catch_response=True) as response:
        if response.status_code != 302:
            response.failure(f"login as {username} failed: {response.status_code}")


SESSIONS_FILE = Path(__file__).resolve().parent.parent / "var" / "load" / "sessions.json"
SESSIONS = json.loads(SESSIONS_FILE.read_text()) if SESSIONS_FILE.exists() else {}


def _sign_in(user: HttpUser, username: str) -> None:
    """Use the session load_test.py prepared; every 10th user logs in through the form instead."""
    key = SESSIONS.get(username)
    if key and random.random() > 0.1:
        user.client.cookies.set("sessionid", key, domain="127.0.0.1")
        user.client.get("/portal/", name="/portal/")  # also sets the CSRF cookie
    else:
        _login(user, username)


def _csrf(user: HttpUser) -> str:
    return user.client.cookies.get("csrftoken", "")


class SeekerUser(HttpUser):
    """A job seeker browsing matched jobs (the page with the p95 goal) and opening some."""

    fixed_count = int(os.environ.get("LOAD_SEEKERS", "100"))
    wait_time = between(*WAIT)

    def on_start(self):
        _sign_in(self, f"load-seeker-{next(_seeker_ids) % SEEKERS}")
        self.job_ids: list[str] = []

    @task(6)
    def matched_jobs(self):
        response = self.client.get("/seeker/jobs/", name="/seeker/jobs/ (matched)")
        self.job_ids = re.findall(r'href="/jobs/(\d+)/"', response.text) or self.job_ids

    @task(2)
    def job_detail(self):
        if self.job_ids:
            self.client.get(f"/jobs/{random.choice(self.job_ids)}/", name="/jobs/<id>/")

    @task(1)
    def job_list(self):
        self.client.get("/jobs/", name="/jobs/")


class EmployerUser(HttpUser):
    """An employer filling in headcounts, previewing the levy and submitting the declaration."""

    fixed_count = int(os.environ.get("LOAD_EMPLOYERS", "20"))
    wait_time = between(*WAIT)

    def on_start(self):
        n = next(_employer_ids) % EMPLOYERS
        _sign_in(self, f"load-employer-{n}")
        page = self.client.get("/employer/declarations/", name="/employer/declarations/")
        found = re.search(r'href="/employer/declarations/(\d+)/"', page.text)
        self.declaration = found.group(1) if found else None
        self.submitted = False

    def _basics(self, action: str) -> dict:
        data = {f"m{i}": str(random.randint(80, 120)) for i in range(1, 13)}
        data.update(wage_bill=str(random.randint(5, 20) * 1_000_000), levy_already_paid="",
                    csrfmiddlewaretoken=_csrf(self))
        data[action] = "1"
        return data

    @task(3)
    def detail(self):
        if self.declaration:
            self.client.get(f"/employer/declarations/{self.declaration}/", name="/employer/declarations/<id>/")

    @task(2)
    def save_and_preview(self):
        if self.declaration and not self.submitted:
            url = f"/employer/declarations/{self.declaration}/"
            self.client.post(url, self._basics("save"), name="declaration save", headers={"Referer": self.host + url})
            self.client.post(url, self._basics("preview"), name="declaration preview",
                             headers={"Referer": self.host + url})

    @task(1)
    def submit(self):
        if not self.declaration or self.submitted:
            return
        url = f"/employer/declarations/{self.declaration}/submit/"
        self.client.get(url, name="declaration submit page")
        with self.client.post(url, {"response": "", "csrfmiddlewaretoken": _csrf(self)}, name="declaration submit",
                              headers={"Referer": self.host + url}, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code == 302:
                self.submitted = True
            elif response.status_code != 200:
                response.failure(f"submit: {response.status_code}")
