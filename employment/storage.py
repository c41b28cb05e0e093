"""Private files: personal documents kept under ``settings.PRIVATE_MEDIA_ROOT``, which has no URL.

Start-up subsidy evidence (``subsidies.SubsidyEvidence``), declaration evidence
(``quota.DeclarationEvidence``) and dashboard report workbooks (``dashboard.ReportJob``) are stored
here, encrypted (``private_storage``), and read only through views that check access. The helpers at
the end are the one way evidence files are written and removed (sent: ``employment.formats``). Old migrations name ``employment.storage.PrivateFileStorage`` (the class
moved here from the subsidy models in issue 17).
"""

from __future__ import annotations

import io
import logging
import os
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.deconstruct import deconstructible

from . import crypto

logger = logging.getLogger(__name__)


@deconstructible
class PrivateFileStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT``, which has no URL: they are read only through a view
    that checks access. The location is read from settings on every use, so tests can point it at a
    temporary directory; a location inside MEDIA_ROOT or STATIC_ROOT (both served) is refused.

    ``PrivateFileStorage(encrypted=True)`` also encrypts every file it writes under
    ``FIELD_ENCRYPTION_KEYS`` (``employment.crypto`` chunked format) and decrypts on ``open``, so a
    copy of the directory reveals nothing without the keys; ``size()`` and ``path()`` are those of the
    encrypted file. A file written before encryption was switched on is still read as it is until
    ``manage.py rotate_field_keys`` (or the migration that switched it on) encrypts it.
    ``PrivateFileStorage()`` stores files as they are.
    """

    def __init__(self, encrypted: bool = False):
        super().__init__(file_permissions_mode=0o640, directory_permissions_mode=0o750)
        self.encrypted = encrypted

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        location = os.path.realpath(self.base_location)
        for served in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
            served = os.path.realpath(str(served)) if served else ""
            if served and (location == served or location.startswith(served + os.sep)):
                raise ImproperlyConfigured(f"PRIVATE_MEDIA_ROOT ({location}) must not be inside a served directory ({served}).")
        return location

    def url(self, name):
        raise ValueError("Private files have no URL; link to the download view instead.")

    def _save(self, name, content):
        if self.encrypted:
            content = _EncryptingContent(content)
        return super()._save(name, content)

    def _open(self, name, mode="rb"):
        if not self.encrypted:
            return super()._open(name, mode)
        if any(flag in mode for flag in "wax+"):
            raise ValueError("Encrypted private files are written with save() only.")
        handle = open(self.path(name), "rb")  # noqa: SIM115 - closed by the returned File
        if not crypto.is_encrypted_file(handle.read(len(crypto.FILE_MAGIC))):
            handle.seek(0)  # stored before encryption was switched on; rotate_field_keys encrypts it
            return File(handle, name=name)
        handle.seek(0)
        return File(io.BufferedReader(crypto.DecryptingReader(handle)), name=name)

    def encrypt_in_place(self, name: str) -> str:
        """Bring one stored file under the newest key (plain → encrypted, encrypted → re-encrypted)."""
        return crypto.file_encrypt_in_place(self.path(name))


class _EncryptingContent(File):
    """What ``FileSystemStorage._save`` writes: the encrypted chunks of ``content``, produced as it
    reads them."""

    def __init__(self, content):
        super().__init__(None, name=getattr(content, "name", None))
        self._content = content

    def chunks(self, chunk_size=None):
        if hasattr(self._content, "seek"):
            self._content.seek(0)
        return crypto.encrypt_stream(self._content.chunks())


private_storage = PrivateFileStorage(encrypted=True)




# ---- supporting documents (证明材料): one way to store, remove and send them ----------------------


def evidence_max_bytes() -> int:
    """The size limit of one evidence file: ``EVIDENCE_MAX_BYTES``, never above what the upload guard
    lets through (``UPLOAD_MAX_BYTES``), so the page's message and the guard agree."""
    return min(settings.EVIDENCE_MAX_BYTES, settings.UPLOAD_MAX_BYTES)


def private_file_save(content: bytes, *, folder: str, suffix: str) -> str:
    """Write ``content`` encrypted under a random name in ``folder``; the stored name. Nothing
    personal is in the path. Callers write their row after this and ``private_storage.delete`` the
    name again if the row cannot be written."""
    return private_storage.save(f"{folder}/{uuid.uuid4().hex}{suffix}", ContentFile(content))


def private_file_remove_on_commit(name: str) -> None:
    """Remove a stored file once the deletion of its row commits (a rolled-back delete keeps the file
    its row still points at). For ``post_delete`` receivers of the models that hold evidence."""
    if not name:
        return

    def remove() -> None:
        try:
            private_storage.delete(name)
        except OSError:
            logger.exception("Could not remove private file %s", name)

    transaction.on_commit(remove)

