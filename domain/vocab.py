"""The shared vocabularies of matching (docs/matching.md, "Vocabularies"), defined once.

Job posts and seeker assessments use the same codes: a workplace's ``accessibility`` is
compared with a seeker's ``needs``, a job's ``demands`` with a seeker's ``limitations``.
Django models take their choices from here; the engine and the batch format validate against it.
"""

from __future__ import annotations

# Accessibility a workplace offers / needs a seeker has (无障碍设施与支持).
ACCESSIBILITY: dict[str, str] = {
    "step_free": "无障碍通道/电梯",
    "accessible_toilet": "无障碍卫生间",
    "sign_language": "手语支持",
    "screen_reader": "读屏软件/辅助技术",
    "flexible_hours": "弹性工作时间",
    "job_coach": "就业辅导员",
    "quiet_env": "安静环境",
    "transport": "班车/交通补贴",
    "dorm": "提供住宿",
}

# Plain-language help shown beside each need in the assessment form.
ACCESSIBILITY_HELP: dict[str, str] = {
    "step_free": "我需要没有台阶的通道或电梯，例如使用轮椅或拐杖。",
    "accessible_toilet": "我需要有扶手、空间够大的无障碍卫生间。",
    "sign_language": "我用手语交流，需要有人会手语或提供手语翻译。",
    "screen_reader": "我看不清屏幕，需要读屏软件或放大软件等辅助工具。",
    "flexible_hours": "我需要可以调整上下班时间，例如要去医院或康复。",
    "job_coach": "我需要有就业辅导员带我熟悉工作。",
    "quiet_env": "我需要安静、不吵闹的工作环境。",
    "transport": "我需要单位提供班车或交通补贴。",
    "dorm": "我需要单位提供住宿。",
}

# Accommodations that only matter at a physical workplace: moot for a remote job.
ON_SITE_ONLY: frozenset[str] = frozenset({"step_free", "accessible_toilet", "transport"})

# Essential functional demands of a job / limitations of a seeker (岗位要求与个人限制).
DEMANDS: dict[str, str] = {
    "stand_long": "久站",
    "walk_much": "大量走动",
    "lift_heavy": "搬重物",
    "climb": "攀爬/登高",
    "fine_motor": "精细手部操作",
    "drive": "驾驶",
    "read_print": "阅读纸质或屏幕文字（无辅助技术）",
    "phone": "电话沟通",
    "verbal": "大量口头沟通",
    "hearing_signals": "依赖听觉（警报、呼叫、音准）",
    "complex_decisions": "复杂判断",
    "night_shift": "夜班",
    "high_pressure": "高强度压力",
}

DEMANDS_HELP: dict[str, str] = {
    "stand_long": "不能连续站立很长时间（例如超过 2 小时）。",
    "walk_much": "不能长时间或长距离走动。",
    "lift_heavy": "不能搬运较重的物品（例如超过 10 公斤）。",
    "climb": "不能爬梯子、登高作业。",
    "fine_motor": "手部精细动作有困难，例如穿针、焊接、小零件组装。",
    "drive": "不能驾驶车辆。",
    "read_print": "没有辅助工具时，不能阅读纸上或屏幕上的文字。",
    "phone": "不能用电话沟通。",
    "verbal": "不能大量用说话的方式与人沟通。",
    "hearing_signals": "听不到或分辨不了警报声、呼叫声、音调。",
    "complex_decisions": "很难做复杂的判断或同时处理很多事情。",
    "night_shift": "不能上夜班。",
    "high_pressure": "不适合压力很大、节奏很快的工作。",
}

# Disability categories of the second-generation certificate (digit 19 of the number).
DISABILITY_CATEGORIES: dict[str, str] = {
    "vision": "视力",
    "hearing": "听力",
    "speech": "言语",
    "physical": "肢体",
    "intellectual": "智力",
    "mental": "精神",
    "multiple": "多重",
}
CATEGORY_BY_DIGIT: dict[str, str] = {
    "1": "vision",
    "2": "hearing",
    "3": "speech",
    "4": "physical",
    "5": "intellectual",
    "6": "mental",
    "7": "multiple",
}

EDUCATION: dict[str, str] = {
    "none": "未上学",
    "primary": "小学",
    "junior": "初中",
    "senior": "高中/中专/职高",
    "special": "特殊教育学校",
    "college": "大专",
    "bachelor": "本科",
    "master": "研究生及以上",
}


def choices(vocab: dict[str, str]) -> list[tuple[str, str]]:
    """Django-style choices from a vocabulary, in its defined order."""
    return list(vocab.items())


def parse_codes(value: str | None, vocab: dict[str, str]) -> tuple[list[str], list[str]]:
    """Split a ``;``-separated list of codes or Chinese labels into known codes and unknown items.

    Full-width separators and stray spaces are tolerated; an empty value is an empty list.
    """
    if value is None:
        return [], []
    text = str(value).replace("；", ";").replace(",", ";").replace("，", ";").replace("、", ";")
    by_label = {label: code for code, label in vocab.items()}
    known: list[str] = []
    unknown: list[str] = []
    for raw in text.split(";"):
        item = raw.strip()
        if not item:
            continue
        code = item if item in vocab else by_label.get(item)
        if code is None:
            unknown.append(item)
        elif code not in known:
            known.append(code)
    return known, unknown
