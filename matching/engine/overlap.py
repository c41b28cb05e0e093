"""What two texts share (文本重合): the wish a job title answers and the skills a job text uses.

Both the score (``scoring``) and the explanation (``explain``) ask these functions, so a skill is
named in a reason exactly when it counts in the score. What is named is the part of the seeker's
words the job text shares (``shared_runs``: "电脑打字每分钟 70 字" → "电脑打字"), never the whole
free-text fragment nor a piece of one of the seeker's words (whole jieba words: "网店后台", not "店后台"),
and each term once whatever its case.

A shared word is not a used skill when the vocabularies say otherwise: a term that names a demand
(电话沟通 → ``phone``) counts only for a job with that demand, a term that names an accommodation
(手语 → 手语支持) only for a job whose title names it (a 手语翻译, not a café whose manager signs), and
a term the job text only mentions negated (无需接打电话) never counts.
"""

from __future__ import annotations

import jieba

from domain.vocab import ACCESSIBILITY, DEMANDS

from .lexical import tokenize
from .profiles import JobProfile, SeekerProfile

# A desire or skill counts as met (and is named in the explanation) from this overlap.
DESIRE_MET = 0.45
SKILL_MET = 0.5
# A shared run shorter than this (one character) says nothing.
TERM_MIN_CHARS = 2
# Words that, just before a term, say the job does NOT involve it (无需接打电话, 不用开车).
NEGATIONS = ("无需", "无须", "不需", "不用", "不必", "不要求", "没有", "不接", "免")
NEGATION_WINDOW = 4


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text.lower() if not c.isspace()]
    if len(chars) == 1:
        return set(chars)
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def text_overlap(phrase: str, text: str) -> float:
    """Share of ``phrase``'s character bigrams that occur in ``text`` (1.0 when it is contained)."""
    phrase = phrase.strip().lower()
    if not phrase:
        return 0.0
    if phrase in text.lower():
        return 1.0
    grams = _bigrams(phrase)
    return len(grams & _bigrams(text)) / len(grams) if grams else 0.0


def shared_runs(phrase: str, text: str) -> list[str]:
    """The parts of ``phrase`` that ``text`` shares, as written in ``phrase``, in order, each at least
    two characters: runs of characters covered by a character bigram (spaces ignored) found in ``text``."""
    flat_text = "".join(c for c in text.lower() if not c.isspace())
    positions = [i for i, c in enumerate(phrase) if not c.isspace()]
    covered: set[int] = set()
    for a, b in zip(positions, positions[1:], strict=False):
        if (phrase[a] + phrase[b]).lower() in flat_text:
            covered.update((a, b))
    spans: list[tuple[int, int]] = []
    first: int | None = None  # index into ``positions`` where the current run began
    for k, i in enumerate([*positions, -1]):
        if i in covered:
            if first is None:
                first = k
            continue
        if first is not None:
            spans.append((positions[first], positions[k - 1] + 1))
            first = None
    runs: list[str] = []
    for start, end in spans:
        run = _whole_words(phrase, start, end)
        if len(run) >= TERM_MIN_CHARS and run not in runs:
            runs.append(run)
    return runs


def _whole_words(phrase: str, start: int, end: int) -> str:
    """``phrase[start:end]`` widened to the jieba words it cuts into (抖店后台 shares 店后台 with 网店后台:
    the seeker wrote 网店后台), then without a one-character word at either edge when two or more
    characters remain (淘宝|店|后台 → 后台, not 店后台): the seeker's words, never a piece of one."""
    words = [(s, e) for _, s, e in jieba.tokenize(phrase) if s < end and e > start]
    if not words:
        return phrase[start:end].strip()
    while len(words) > 1 and words[0][1] - words[0][0] == 1:
        words = words[1:]
    while len(words) > 1 and words[-1][1] - words[-1][0] == 1:
        words = words[:-1]
    return phrase[words[0][0]:words[-1][1]].strip()


def _named_codes(term: str, vocab: dict[str, str]) -> set[str]:
    low = term.lower()
    return {code for code, label in vocab.items() if low in label.lower()}


def _negated_everywhere(term: str, text: str) -> bool:
    low_text, low = text.lower(), term.lower()
    found, start = False, 0
    while (i := low_text.find(low, start)) >= 0:
        found = True
        if not any(n in low_text[max(0, i - NEGATION_WINDOW):i] for n in NEGATIONS):
            return False
        start = i + 1
    return found


def term_used(term: str, job: JobProfile, text: str) -> bool:
    """Whether a term the seeker's skill shares with the job text is something the job uses."""
    if _negated_everywhere(term, text):
        return False
    demands = _named_codes(term, DEMANDS)
    if demands:
        return bool(demands & frozenset(job.demands))
    if _named_codes(term, ACCESSIBILITY):
        return term.lower() in job.title.lower()
    return True


def job_full_text(job: JobProfile) -> str:
    return " ".join([job.title, job.description, job.requirements])


def used_skills(seeker: SeekerProfile, job: JobProfile) -> list[tuple[str, list[str]]]:
    """(skill, the terms of it the job uses) for each of the seeker's skills the job uses, in order.

    A skill is used when half its jieba tokens or character bigrams occur in the job text and at least
    one shared term passes ``term_used``.
    """
    text = job_full_text(job)
    job_tokens = set(tokenize(text))
    used = []
    for skill in seeker.skills:
        tokens = set(tokenize(skill))
        overlap = len(tokens & job_tokens) / len(tokens) if tokens else 0.0
        if max(overlap, text_overlap(skill, text)) < SKILL_MET:
            continue
        terms = [t for t in shared_runs(skill, text) if term_used(t, job, text)]
        if terms:
            used.append((skill, terms))
    return used


def skill_terms(seeker: SeekerProfile, job: JobProfile) -> list[str]:
    """The terms of the seeker's skills the job uses, each once (case-insensitively), in order."""
    seen: dict[str, str] = {}
    for _, terms in used_skills(seeker, job):
        for term in terms:
            seen.setdefault(term.casefold(), term)
    return list(seen.values())


def answered_wish(seeker: SeekerProfile, job: JobProfile) -> tuple[float | None, str | None]:
    """How well the job title answers the seeker's best-answered wish by their shared words alone,
    and that wish (``None`` with no wishes recorded)."""
    if not seeker.desired_jobs:
        return None, None
    best, best_wish = 0.0, None
    for wish in seeker.desired_jobs:
        value = text_overlap(wish, job.title)
        if value > best:
            best, best_wish = value, wish
    return best, best_wish
