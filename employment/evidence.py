"""Checks on an uploaded supporting document (证明材料), before it is stored: name, size, and the type
read from its first bytes (magic numbers), not from its extension. Plain Python, no Django: the
services that keep evidence — a start-up or social-insurance subsidy application's (``subsidies``), a
quota declaration's and its roster rows' (``quota.evidence``) — call ``evidence_check`` and store the
file (``employment.storage.private_file_save``) only if it passes. The size limit is the setting
``EVIDENCE_MAX_BYTES``.

Only PDF, JPEG and PNG are accepted. A file whose extension says one accepted type and whose content
is another accepted type (a PNG saved as ``.jpg``, common with phone apps) is accepted and recorded
with the type of its content; anything else — a renamed program, an Office document, a HEIC photo —
is refused with a message that names the file, says what it is, and what to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass

ORIGINAL_NAME_MAX = 200


@dataclass(frozen=True)
class EvidenceType:
    content_type: str
    suffix: str  # the extension the stored file gets
    label: str


PDF = EvidenceType("application/pdf", ".pdf", "PDF 文件")
JPEG = EvidenceType("image/jpeg", ".jpg", "JPG 图片")
PNG = EvidenceType("image/png", ".png", "PNG 图片")
ACCEPTED_SUFFIXES = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

# Signatures of the accepted types, then of types people often pick by mistake (named in the message).
_ACCEPTED_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_KNOWN_OTHERS = (
    (b"MZ", "Windows 程序（.exe 等）"),
    (b"\x7fELF", "程序文件"),
    (b"PK\x03\x04", "压缩包或 Word/Excel 文档"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word/Excel 文档"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
)


class EvidenceRefused(Exception):
    """The file is not accepted; the message is Chinese, names the file and says what to do."""


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot > 0 else ""


def sniff(content: bytes) -> EvidenceType | None:
    """The accepted type the content really is, or None."""
    for magic, kind in _ACCEPTED_MAGIC:
        if content.startswith(magic):
            return kind
    return None


def _describe_other(content: bytes) -> str:
    for magic, label in _KNOWN_OTHERS:
        if content.startswith(magic):
            return label
    if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "HEIC 照片（苹果手机默认格式）"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "WebP 图片"
    head = content[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<svg")):
        return "网页或 XML/SVG 文件"
    return "无法识别的文件"


def original_name_clean(filename: str) -> str:
    """The file name as the applicant knows it: no folders, no control characters, at most 200 chars
    (keeping the extension). A straight double quote becomes the full-width ＂: it would end the
    quoted name in a download's Content-Disposition, where a lax client could read what follows it
    (``"; filename*=…x.html``) as another name."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).replace('"', "＂").strip() or "未命名文件"
    if len(name) > ORIGINAL_NAME_MAX:
        suffix = _suffix(name)[:10]
        name = name[: ORIGINAL_NAME_MAX - len(suffix)] + suffix
    return name


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def evidence_check(content: bytes, filename: str, *, max_bytes: int) -> EvidenceType:
    """The file's real type if it may be stored as evidence; ``EvidenceRefused`` otherwise."""
    name = original_name_clean(filename)
    suffix = _suffix(name)
    if suffix not in ACCEPTED_SUFFIXES:
        shown = f"“{suffix}”" if suffix else "没有扩展名"
        raise EvidenceRefused(
            f"文件“{name}”的格式（{shown}）不能作为证明材料。只接受 PDF、JPG、PNG 文件："
            "请把材料扫描成 PDF，或拍照保存为 JPG/PNG 后重新上传。"
        )
    if not content:
        raise EvidenceRefused(f"文件“{name}”是空文件（0 字节），可能没有保存完整。请重新扫描或拍照后上传。")
    if len(content) > max_bytes:
        raise EvidenceRefused(
            f"文件“{name}”有 {_megabytes(len(content))} MB，超过了每个文件 {_megabytes(max_bytes)} MB 的上限。"
            "请降低照片分辨率或压缩后重新上传；多页 PDF 可以拆成几个文件分别上传。"
        )
    real = sniff(content)
    if real is None:
        raise EvidenceRefused(
            f"文件“{name}”的扩展名是 {suffix}，但内容不是 PDF、JPG 或 PNG，看起来是{_describe_other(content)}，"
            "可能是改了扩展名的其他文件或已经损坏。请上传材料的扫描件（PDF）或照片（JPG、PNG）。"
        )
    return real
