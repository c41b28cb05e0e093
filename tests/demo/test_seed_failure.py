"""A seed that fails part-way leaves no files behind: the transaction takes back the rows, and the
command removes the files written since it started (the demo's evidence PDFs, say), but not those that
were there before."""

from __future__ import annotations

from pathlib import Path

import environ
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from demo.management.commands import seed_demo
from employment.storage import PrivateFileStorage


@pytest.mark.django_db
def test_a_failed_seed_removes_the_files_it_wrote(settings, tmp_path, monkeypatch):
    # As django-environ gives them in the real settings (env.path): environ.Path, which is unhashable.
    settings.PRIVATE_MEDIA_ROOT = environ.Path(str(tmp_path / "private"))
    settings.MEDIA_ROOT = environ.Path(str(tmp_path / "media"))
    kept = Path(settings.PRIVATE_MEDIA_ROOT) / "evidence" / "earlier.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"%PDF-1.4 earlier")
    written = []

    def writes_then_fails():
        storage = PrivateFileStorage()
        written.append(Path(storage.path(storage.save("evidence/2026/demo.pdf", ContentFile(b"%PDF-1.4 new")))))
        raise RuntimeError("演示数据写到一半出错")

    monkeypatch.setattr(seed_demo, "homepage_ensure", writes_then_fails)
    with pytest.raises(RuntimeError):
        call_command("seed_demo")
    assert written and not written[0].exists()
    assert kept.read_bytes() == b"%PDF-1.4 earlier"
