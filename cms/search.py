"""Chinese word segmentation for Wagtail's database search backend.

The database backend splits text on spaces and punctuation, so an unsegmented Chinese sentence is
one giant token and "竹编" would never match "竹编工艺品". Pages therefore index a jieba-segmented
copy of their text (``segmented_text``), and queries are segmented the same way before searching.

Ranking is done here too, in plain Python (``rank_pages``): the title is only indexed unsegmented, so
to the database "竹编" in a title is just another word of ``segmented_text``, and its relevance (bm25
on SQLite, ts_rank on PostgreSQL) prefers a short text that repeats the word over a page named after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol, TypeVar

from django.utils.html import strip_tags

# Domain words jieba's general dictionary splits or does not know.
DOMAIN_WORDS = [
    "竹编", "草编", "电商", "直播带货", "按比例安排残疾人就业", "残疾人就业保障金", "超比例奖励",
    "非遗", "非遗传承", "文创", "孵化", "创业孵化", "技能大师工作室", "盲人按摩", "手语", "无障碍", "残联",
    "辅助性就业", "公示", "培训机构", "电商添翼", "文创添彩", "年审", "年审公示",
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


class RankablePage(Protocol):
    pk: int
    title: str
    first_published_at: datetime | None


P = TypeVar("P", bound=RankablePage)


def title_hits(title: str, terms: Sequence[str]) -> int:
    """How many of ``terms`` occur in ``title`` (as written: 竹编 is in 章水竹编工坊 whatever jieba says)."""
    folded = title.casefold()
    return sum(1 for term in terms if term.casefold() in folded)


def rank_pages(pages: Iterable[P], terms: Sequence[str], *, matched: Mapping[int, int]) -> list[P]:
    """``pages`` in the order users expect, the same on every database backend.

    Pages with more of ``terms`` in their title first (so any title match before the pages that only
    mention the query in their summary or body); then more terms matched anywhere (``matched``: page
    pk → number of terms the search found in it); then the most recently published; then the newest pk.
    """

    def key(page: P) -> tuple[int, int, float, int]:
        published = page.first_published_at.timestamp() if page.first_published_at else float("-inf")
        return (-title_hits(page.title, terms), -matched.get(page.pk, 0), -published, -page.pk)

    return sorted(pages, key=key)


@dataclass(frozen=True)
class SearchResult:
    """One line of the site search: a page, a published job or a section of the site that is not a page.

    ``kind`` says what it is (培训课程, 招聘岗位, 栏目 …) and ``owner`` whose it is (the provider teaching
    a course, the employer offering a job), both shown to the reader; ``matched`` is how many of the
    query's terms were found in it, ``key`` a tie-breaker that keeps the order stable."""

    title: str
    url: str
    kind: str
    owner: str = ""
    excerpt: str = ""
    matched: int = 0
    published: datetime | None = None
    key: tuple = ()


def rank_results(results: Iterable[SearchResult], terms: Sequence[str]) -> list[SearchResult]:
    """``results`` in the order of ``rank_pages``: more terms in the title, more terms matched, newer, key."""

    def order(result: SearchResult) -> tuple:
        published = result.published.timestamp() if result.published else float("-inf")
        return (-title_hits(result.title, terms), -result.matched, -published, result.key)

    return sorted(results, key=order)


def section_matches(title: str, keywords: str, terms: Sequence[str]) -> int:
    """How many of ``terms`` a section of the site (a title and the words people use for it) answers to."""
    text = f"{title} {keywords}".casefold()
    return sum(1 for term in terms if term.casefold() in text)
