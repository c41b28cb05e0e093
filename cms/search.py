"""Chinese word segmentation for Wagtail's database search backend.

The database backend splits text on spaces and punctuation, so an unsegmented Chinese sentence is
one giant token and "竹编" would never match "竹编工艺品". Pages therefore index a jieba-segmented
copy of their text (``segmented_text``), and queries are segmented the same way before searching.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import strip_tags

# Domain words jieba's general dictionary splits or does not know.
DOMAIN_WORDS = [
    "竹编", "草编", "电商", "直播带货", "按比例安排残疾人就业", "残疾人就业保障金", "超比例奖励",
    "非遗", "非遗传承", "文创", "孵化", "创业孵化", "技能大师工作室", "盲人按摩", "手语", "无障碍", "残联",
    "辅助性就业", "公示", "培训机构", "电商添翼", "文创添彩",
]
_PUNCT = re.compile(r"[\s\u3000-\u303f\uff00-\uffef,.;:!?()\[\]{}\"'<>/\\|*&^%$#@~`+=_-]+")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=200000)
    return jieba


def segment(text: str) -> str:
    """Space-separated search terms of ``text`` (fine-grained, so both 按比例就业 and 就业 match)."""
    if not text:
        return ""
    text = strip_tags(text)
    words = [w.strip() for w in _jieba().cut_for_search(text)]
    return " ".join(w for w in words if w and not _PUNCT.fullmatch(w))


def query_terms(query: str) -> list[str]:
    """The distinct terms of a user's query, in order (precise mode: 电商培训 → 电商, 培训; 按比例就业 → 比例, 就业)."""
    seen: list[str] = []
    for chunk in _PUNCT.split(query or ""):
        for word in _jieba().cut(chunk):
            word = word.strip()
            if word and not _PUNCT.fullmatch(word) and word not in seen:
                seen.append(word)
    # Single characters (按, 的, 和) match almost everything; keep them only if nothing else is left.
    longer = [w for w in seen if len(w) > 1]
    return longer or seen
