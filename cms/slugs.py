"""Page slugs in pinyin: a Chinese title gives a readable ASCII address (竹编技艺培训班 →
zhubian-jiyi-peixunban) instead of a percent-encoded one (%E7%AB%B9%E7%BC%96…).

Words come from the same jieba segmentation as site search (``cms.search``), so the hyphens fall
between words; each word is spelled in toneless pinyin by Wagtail's own transliteration
(``wagtail.coreutils.string_to_ascii``, anyascii underneath — no extra dependency).
"""

from __future__ import annotations

from django.utils.text import slugify
from wagtail.coreutils import string_to_ascii

from .search import _jieba

# Long enough for a title's first words, short enough to read aloud or type from a printed notice.
SLUG_MAX = 60


def pinyin_slug(text: str) -> str:
    """An ASCII slug of ``text``: pinyin for Chinese words, Latin letters and digits kept, "" if nothing is left."""
    parts: list[str] = []
    for word in _jieba().cut(text or ""):
        part = slugify(string_to_ascii(word))
        if part:
            parts.append(part)
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug or (parts[0][:SLUG_MAX] if parts else "")


def is_ascii_slug(slug: str) -> bool:
    return bool(slug) and slug.isascii()
