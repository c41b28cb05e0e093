"""Encryption at rest and keyed look-up hashes for personal data, and the one registry of where
encrypted values live.

Values are encrypted with Fernet (AES-128-CBC + HMAC). ``FIELD_ENCRYPTION_KEYS`` lists keys newest
first: the first encrypts, every key decrypts. A key is rotated by prepending a new one, running
``manage.py rotate_field_keys`` (which re-encrypts everything listed in the registry below under the
newest key), then dropping the old key — see docs/operations.md, "Rotating the encryption key".
Look-ups and duplicate detection use an HMAC-SHA256 of the normalised value under ``FIELD_HASH_KEY``,
so a database dump reveals neither the number nor a hash that can be brute-forced without the key.

Files (start-up subsidy evidence) are encrypted in chunks, so a file is never held in memory whole:
``FILE_MAGIC`` then records of a 4-byte big-endian length and a Fernet token whose plaintext is an
8-byte chunk index, a 1-byte "last chunk" flag and the data. The index and the flag are inside the
authenticated plaintext, so records cannot be reordered or dropped, nor the file cut short, without
decryption failing.

The registry (``ENCRYPTED_COLUMNS``, ``ENCRYPTED_REVISION_PATHS``, ``ENCRYPTED_FILES``) is declared
by model and field path — here for the core, by each app in its ``AppConfig.ready`` through
``register_encrypted`` — so rotation never guesses by key name: a masked number kept under a key such
as ``cert_no`` in a declaration's result is not a token and is left alone.
``tests/security/test_key_rotation.py`` scans a seeded database for every Fernet token and fails if
one sits where the registry does not say.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token starts with these characters (version byte 0x80 and a timestamp below 2**36).
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - a format marker, not a secret

# ---- where encrypted values live ------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptedColumn:
    """A model field whose column holds a Fernet token (an ``EncryptedTextField`` or a plain TextField
    written with ``encrypt``)."""

    model: str  # "app_label.ModelName"
    field: str


@dataclass(frozen=True)
class EncryptedRevisionPath:
    """Where a token sits inside the Wagtail revision content of ``model``: keys from the root; ``*``
    stands for every item of a list (child rows of a ParentalKey are kept as a list)."""

    model: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class EncryptedFileField:
    """A FileField whose files are stored encrypted (``PrivateFileStorage(encrypted=True)``)."""

    model: str
    field: str


# The core's own places; every other app registers its places from its ``AppConfig.ready``
# (``register_encrypted``), so the lists are complete once Django has started.
ENCRYPTED_COLUMNS: list[EncryptedColumn] = [
    EncryptedColumn("employment.JobSeeker", "resident_id"),
    EncryptedColumn("employment.JobSeeker", "cert_no"),
    # Pending sign-ups live 15 minutes, but a rotation may run while one waits for its code.
    EncryptedColumn("employment.PendingSignup", "resident_id"),
    EncryptedColumn("employment.PendingSignup", "cert_no"),
    EncryptedColumn("employment.PendingSignup", "phone"),
    EncryptedColumn("employment.PendingSignup", "sms_to"),
    EncryptedColumn("employment.PendingSignup", "sms_text"),
    # Staff authenticator secrets: whoever holds one can compute that person's sign-in codes.
    EncryptedColumn("employment.AuthenticatorDevice", "key"),
]
ENCRYPTED_REVISION_PATHS: list[EncryptedRevisionPath] = []
ENCRYPTED_FILES: list[EncryptedFileField] = []


def register_encrypted(
    *,
    columns: Iterable[EncryptedColumn] = (),
    revision_paths: Iterable[EncryptedRevisionPath] = (),
    files: Iterable[EncryptedFileField] = (),
) -> None:
    """Add an app's encrypted places to the registry (called from its ``AppConfig.ready``; idempotent)."""
    for target, items in ((ENCRYPTED_COLUMNS, columns), (ENCRYPTED_REVISION_PATHS, revision_paths),
                          (ENCRYPTED_FILES, files)):
        target.extend(item for item in items if item not in target)


def revision_values(content, path: tuple[str, ...], *, where: tuple = ()) -> Iterator[tuple[tuple, dict, str]]:
    """Every (location, container, key) of ``path`` inside a revision's content whose value is a
    non-empty string. Locations missing from an older revision are simply absent."""
    if not path:
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(content, list):
            for index, item in enumerate(content):
                yield from revision_values(item, rest, where=(*where, index))
        return
    if not isinstance(content, dict) or head not in content:
        return
    if rest:
        yield from revision_values(content[head], rest, where=(*where, head))
    elif isinstance(content[head], str) and content[head]:
        yield (*where, head), content, head


# ---- values ------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def _newest() -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEYS[0]
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt(value: str) -> str:
    return _current().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a key was dropped before rotation finished: an operator error
        raise ImproperlyConfigured("Cannot decrypt a personal-data field with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key (``InvalidToken`` if no configured key opens it)."""
    return _current().rotate(token.encode()).decode()


def is_token(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def under_newest_key(token: str) -> bool:
    """Whether the newest key alone opens the token (after rotation every token must)."""
    try:
        _newest().decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def lookup_hash(value: str) -> str:
    """Keyed hash of a normalised identity number, for unique constraints and duplicate checks."""
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty")
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; Python code sees the plain value.

    Serialised copies (a Wagtail revision, ``dumpdata``) hold the token too: ``value_to_string``
    encrypts and ``to_python`` decrypts a token, so restoring or publishing a revision gives back the
    plain value instead of encrypting the token a second time.
    """

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def to_python(self, value):
        value = super().to_python(value)
        return decrypt(value) if is_token(value) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj)) or ""


# ---- files ---------------------------------------------------------------------------------------

FILE_MAGIC = b"SGFERNET1\n"
FILE_CHUNK = 256 * 1024
_HEADER = struct.Struct(">QB")  # chunk index, last-chunk flag
_LENGTH = struct.Struct(">I")


class EncryptedFileError(Exception):
    """An encrypted file is damaged (cut short, records out of order) or opens with no configured key."""


def is_encrypted_file(head: bytes) -> bool:
    return head.startswith(FILE_MAGIC)


def _rechunk(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield buffer[:size]
            buffer = buffer[size:]
    if buffer:
        yield buffer


def _record(fernet: Fernet | MultiFernet, index: int, last: bool, data: bytes) -> bytes:
    token = fernet.encrypt(_HEADER.pack(index, last) + data)
    return _LENGTH.pack(len(token)) + token


def encrypt_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The encrypted form of a file given as byte chunks, as byte chunks (one record each)."""
    fernet = _current()
    yield FILE_MAGIC
    index, pending = 0, None
    for chunk in _rechunk(chunks, FILE_CHUNK):
        if pending is not None:
            yield _record(fernet, index, False, pending)
            index += 1
        pending = chunk
    yield _record(fernet, index, True, pending or b"")


def _records(read: Callable[[int], bytes]) -> Iterator[bytes]:
    """The raw tokens of an encrypted file whose magic has already been read."""
    while True:
        length = read(_LENGTH.size)
        if not length:
            return
        if len(length) != _LENGTH.size:
            raise EncryptedFileError("truncated record length")
        (size,) = _LENGTH.unpack(length)
        token = read(size)
        if len(token) != size:
            raise EncryptedFileError("truncated record")
        yield token


def _payloads(read: Callable[[int], bytes], fernet: Fernet | MultiFernet) -> Iterator[tuple[bool, bytes]]:
    """(last, data) of every record, checking order and completeness."""
    if read(len(FILE_MAGIC)) != FILE_MAGIC:
        raise EncryptedFileError("not an encrypted file")
    expected, finished = 0, False
    for token in _records(read):
        if finished:
            raise EncryptedFileError("data after the last chunk")
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as exc:
            raise EncryptedFileError("a chunk opens with no configured key") from exc
        index, last = _HEADER.unpack(plain[: _HEADER.size])
        if index != expected:
            raise EncryptedFileError("chunks out of order")
        expected += 1
        finished = bool(last)
        yield finished, plain[_HEADER.size:]
    if not finished:
        raise EncryptedFileError("file cut short")


def decrypt_stream(read: Callable[[int], bytes]) -> Iterator[bytes]:
    """The plain content of an encrypted file, chunk by chunk (``read`` is the file's ``read``)."""
    for _, data in _payloads(read, _current()):
        yield data


def file_under_newest_key(path: str) -> bool:
    """Whether the newest key alone opens every chunk of the encrypted file at ``path``."""
    with open(path, "rb") as handle:
        try:
            for _ in _payloads(handle.read, _newest()):
                pass
        except EncryptedFileError:
            return False
    return True


def _replace(path: str, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to a temporary file beside ``path`` and swap it in: a crash leaves either the
    old file or the new one, never half of each."""
    directory = os.path.dirname(path)
    stat = os.stat(path)
    fd, temp = tempfile.mkstemp(dir=directory, prefix=".rotate-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.st_mode & 0o777)
        if (stat.st_uid, stat.st_gid) != (os.getuid(), os.getgid()):
            try:  # run as root: the web server must still own (and read) the file
                os.chown(temp, stat.st_uid, stat.st_gid)
            except PermissionError:
                pass
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.remove(temp)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _read_chunks(handle, size: int = FILE_CHUNK) -> Iterator[bytes]:
    return iter(lambda: handle.read(size), b"")


def file_encrypt_in_place(path: str) -> str:
    """Bring the file at ``path`` under the newest key: a plain file (stored before encryption) is
    encrypted, an encrypted one re-encrypted. Returns "encrypted" or "rotated"; harmless to repeat."""
    with open(path, "rb") as handle:
        plain = not is_encrypted_file(handle.read(len(FILE_MAGIC)))
        handle.seek(0)
        if plain:
            _replace(path, encrypt_stream(_read_chunks(handle)))
            return "encrypted"
        fernet, newest = _current(), _newest()
        records = (
            _record(newest, index, last, data) for index, (last, data) in enumerate(_payloads(handle.read, fernet))
        )
        _replace(path, _prefixed(FILE_MAGIC, records))
    return "rotated"


def file_decrypt_in_place(path: str) -> None:
    """The reverse of ``file_encrypt_in_place`` for a plain file (used only to reverse the migration)."""
    with open(path, "rb") as handle:
        if not is_encrypted_file(handle.read(len(FILE_MAGIC))):
            return
        handle.seek(0)
        _replace(path, decrypt_stream(handle.read))


def _prefixed(first: bytes, rest: Iterable[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


class DecryptingReader(io.RawIOBase):
    """A read-only binary stream of an encrypted file's plain content, decrypted one chunk at a time
    (so a download streams without holding the file in memory). Damage raises ``EncryptedFileError``."""

    def __init__(self, handle):
        super().__init__()
        self._handle = handle
        self._chunks = decrypt_stream(handle.read)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

    def close(self) -> None:
        if not self.closed:
            self._handle.close()
        super().close()
