"""What a job post must satisfy before it is saved or published (岗位发布检查), and what it is warned of.

The core checks what it can judge alone: at least one opening and a real description (not a
placeholder, not the title again, a sentence long). Checks that need a later app's data register
here from its ``AppConfig.ready`` — the core imports none of them: ``quota`` adds the year's minimum
wage (``quota/job_checks.py``), since the minimum wage is a per-year policy parameter (``PolicyYear``).

Every problem is a Chinese message keyed by the form field it is about, naming the field and saying
what to do; ``employment.services.job_post_save`` and ``job_publish`` refuse a post with problems.
Warnings (``job_warnings``) do not stop the post: they are shown to the employer after saving.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .models import JobPost

# A check: (the job, the day it is judged on) -> {form field: Chinese message}; {} when it passes.
JobCheck = Callable[[JobPost, date], dict[str, str]]

CHECKS: dict[str, JobCheck] = {}

DESCRIPTION_MIN_CHARS = 8  # letters, digits and Chinese characters, punctuation and spaces not counted
PLACEHOLDERS = frozenset({
    "无", "暂无", "没有", "略", "详见", "见附件", "同上", "面议", "详谈", "待定", "电话联系", "电话咨询", "不限", "招聘",
    "招人", "急招", "如题", "见标题", "test", "测试",
})


def check_register(key: str, check: JobCheck) -> None:
    """Add a check (registering the same key again replaces it: idempotent)."""
    CHECKS[key] = check


def _content(text: str) -> str:
    return re.sub(r"[\W_]+", "", text or "").lower()


def openings_problem(job: JobPost) -> dict[str, str]:
    if job.openings is None or job.openings < 1:
        return {"openings": "招聘人数至少为 1 人：请填写这个岗位要招几个人。"}
    return {}


def description_problem(job: JobPost) -> dict[str, str]:
    """工作内容 must say what the work is: not a placeholder, not the title again, a sentence long."""
    content = _content(job.description)
    if not content:
        return {}  # empty: the form's own "请填写工作内容。"
    example = "例如“在网店后台用文字回复顾客咨询，处理订单和售后”"
    if content in PLACEHOLDERS:
        return {"description": f"工作内容不能只写“{job.description.strip()}”：请用一两句话写清每天具体做什么，{example}。"}
    if content == _content(job.title):
        return {"description": f"工作内容不能只重复岗位名称：请用一两句话写清每天具体做什么，{example}。"}
    if len(content) < DESCRIPTION_MIN_CHARS:
        return {"description": f"工作内容太短（至少 {DESCRIPTION_MIN_CHARS} 个字）：请写清每天具体做什么，{example}。"}
    if len(set(content)) < 4:
        return {"description": f"工作内容看起来不是真实的说明：请写清每天具体做什么，{example}。"}
    return {}


def job_problems(job: JobPost, *, today: date) -> dict[str, list[str]]:
    """Every problem of the post, by form field (empty: it may be saved and published)."""
    problems: dict[str, list[str]] = {}
    found = [openings_problem(job), description_problem(job)]
    found += [check(job, today) for _key, check in sorted(CHECKS.items())]
    for result in found:
        for field, message in result.items():
            problems.setdefault(field, []).append(message)
    return problems


NO_ACCESSIBILITY = (
    "这个岗位没有勾选任何无障碍支持。需要支持的求职者（例如需要电梯、读屏软件、弹性工作时间）"
    "不会被推荐这个岗位。如果岗位其实能提供，请修改岗位并在“本岗位提供的无障碍支持”中勾选。"
)


def job_warnings(job: JobPost) -> list[str]:
    """What the employer should know but may leave as it is."""
    return [NO_ACCESSIBILITY] if not job.accessibility else []
