"""Checks on an uploaded spreadsheet before it is parsed: size, and .xlsx zip bombs. Plain Python.

The upload middleware (``employment.security``) runs them on every web upload; the readers
(``quota.roster_import``, ``matching.batch``) run them too, so a file reaching a
reader another way (a command, a test, a future view) is held to the same limits.
"""

from __future__ import annotations

import io
import zipfile

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
XLSX_MAX_UNCOMPRESSED = 50 * 1024 * 1024  # a 5 MB roster unpacks to well under this
XLSX_MAX_RATIO = 100  # per member, for members above 1 MB uncompressed
XLSX_MAX_MEMBERS = 2000
SPREADSHEET_ZIP_SUFFIXES = (".xlsx", ".xlsm")


class UploadRefused(Exception):
    """An upload refused before parsing; the message is Chinese and meant for the user."""


def upload_check(content: bytes, filename: str, *, max_bytes: int = UPLOAD_MAX_BYTES) -> None:
    """Refuse a file that is too large or an .xlsx that would unpack to far more than it weighs."""
    if len(content) > max_bytes:
        raise UploadRefused(f"文件太大（{len(content) / 1024 / 1024:.1f} MB），上限为 {max_bytes // 1024 // 1024} MB。"
                            "请删去多余的工作表或分批上传。")
    if not filename.lower().endswith(SPREADSHEET_ZIP_SUFFIXES):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip at all: the reader reports "cannot read this Excel file"
    # Declared sizes bound what zipfile will ever inflate (it stops at file_size), so checking
    # them is enough to stop a bomb before openpyxl opens it.
    total = sum(m.file_size for m in members)
    too_dense = any(m.file_size > 1024 * 1024 and m.file_size > XLSX_MAX_RATIO * max(m.compress_size, 1)
                    for m in members)
    if len(members) > XLSX_MAX_MEMBERS or total > XLSX_MAX_UNCOMPRESSED or too_dense:
        raise UploadRefused("这个 Excel 文件解压后异常巨大，可能已损坏或含有恶意内容，已拒绝读取。"
                            "请用模板重新填写并另存为 .xlsx 后上传。")
