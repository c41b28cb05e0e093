"""The batch interchange format (批量匹配文件): reading seekers/jobs, matching, writing results.

Files are CSV (UTF-8, with or without BOM, or GBK/GB18030) or XLSX, with the columns of
docs/matching.md, "Batch interchange format". A bad row is reported with its spreadsheet row number (the header is
row 1) and a Chinese reason, and skipped; the other rows are matched. A file that cannot be used at
all (unreadable, wrong type, missing columns) raises :class:`BatchFileError`.
Unknown codes in needs/limitations/accessibility/demands are row errors: silently dropping a
limitation could show an unsafe job. No Django here; the ``match_batch`` command is a thin shell.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from domain.vocab import ACCESSIBILITY, DEMANDS, DISABILITY_CATEGORIES, EDUCATION, parse_codes
from employment.filecheck import UploadRefused, upload_check
from employment.table_export import neutralise
from matching.engine.matcher import JobCorpus, rank_jobs_for_seeker
from matching.engine.profiles import Encoder, JobProfile, SeekerProfile, job_text, seeker_text
from matching.engine.scoring import Match
from matching.engine.towns import normalise_town

SEEKER_COLUMNS = (
    "seeker_id", "disability_category", "disability_level", "town", "education", "skills", "experience",
    "desired_jobs", "max_hours_per_day", "needs", "limitations",
)
JOB_COLUMNS = (
    "job_id", "title", "description", "requirements", "town", "hours_per_day", "remote", "accessibility",
    "demands", "salary_min", "salary_max",
)
RESULT_COLUMNS = ("seeker_id", "rank", "job_id", "score", "confidence", "reasons")
# The confidence column (把握): a match is confident when its score and relevance reach the calibrated
# thresholds (``scoring.CONFIDENT``, ``scoring.RELEVANCE_MIN``; bench/match_quality.py calibrates them).
CONFIDENT_LABEL = "把握较大"
UNCONFIDENT_LABEL = "仅供参考"

YES = frozenset({"yes", "y", "true", "1", "是", "可", "可以", "远程"})
NO = frozenset({"no", "n", "false", "0", "否", "不", "不可以", ""})
EDUCATION_ALIASES = {
    "高中": "senior", "中专": "senior", "职高": "senior", "技校": "senior", "特校": "special",
    "特殊教育": "special", "专科": "college", "大学": "bachelor", "硕士": "master", "博士": "master",
    "研究生": "master", "文盲": "none",
}
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_LIST_SPLIT = re.compile(r"[;；、,，/\n]+")


class BatchFileError(Exception):
    """A file that cannot be used at all; the message is Chinese and meant for the user."""


@dataclass(frozen=True)
class RowError:
    file: str
    row: int  # spreadsheet row number, header = 1
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"「{self.column}」列" if self.column else "")
        return f"{self.file} {where}：{self.message}"


@dataclass(frozen=True)
class ResultRow:
    seeker_id: str
    rank: int
    job_id: str
    score: float
    confidence: str  # CONFIDENT_LABEL or UNCONFIDENT_LABEL
    reasons: str


BATCH_MAX_BYTES = 100 * 1024 * 1024


def read_table(path: str | Path, columns: Sequence[str]) -> pd.DataFrame:
    """All cells as stripped strings; raises :class:`BatchFileError` when the file is unusable."""
    p = Path(path)
    if not p.is_file():
        raise BatchFileError(f"找不到文件：{p}")
    suffix = p.suffix.lower()
    try:
        # Job-fair files may be larger than a web upload, but an .xlsx zip bomb is refused all the same.
        upload_check(p.read_bytes(), p.name, max_bytes=BATCH_MAX_BYTES)
    except UploadRefused as exc:
        raise BatchFileError(f"{p.name}：{exc}") from exc
    try:
        if suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(p, dtype=str, keep_default_na=False, engine="openpyxl")
        elif suffix in {".csv", ".txt"}:
            frame = _read_csv(p)
        else:
            raise BatchFileError(f"不支持的文件类型「{p.suffix}」：请使用 CSV（UTF-8 或 GBK 编码）或 XLSX 文件：{p.name}")
    except BatchFileError:
        raise
    except Exception as exc:  # pandas/openpyxl raise many types for a damaged file
        raise BatchFileError(f"无法读取文件 {p.name}：文件已损坏或格式不正确（{type(exc).__name__}）") from exc
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BatchFileError(f"文件 {p.name} 缺少列：{'、'.join(missing)}（需要的列：{','.join(columns)}）")
    return frame.fillna("").map(lambda v: str(v).strip())


def _read_csv(p: Path) -> pd.DataFrame:
    raw = p.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        from io import StringIO

        return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True)
    raise BatchFileError(f"无法识别文件 {p.name} 的编码：请另存为 UTF-8 或 GBK 编码的 CSV")


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.strip() for item in _LIST_SPLIT.split(value) if item.strip()))


def _number(value: str, column: str, low: float, high: float, errors: list[tuple[str, str]]) -> float | None:
    if not value:
        return None
    try:
        number = float(value.removesuffix("小时"))
    except ValueError:
        errors.append((column, f"「{value}」不是数字"))
        return None
    if not low < number <= high:
        errors.append((column, f"「{value}」超出范围（应大于{low:g}且不超过{high:g}）"))
        return None
    return number


def _money(value: str, column: str, errors: list[tuple[str, str]]) -> Decimal | None:
    if not value:
        return None
    try:
        amount = Decimal(value.replace(",", "").removesuffix("元"))
    except InvalidOperation:
        errors.append((column, f"「{value}」不是金额"))
        return None
    if not amount.is_finite() or amount < 0:
        errors.append((column, f"「{value}」不是有效金额"))
        return None
    return amount


def _codes(value: str, vocab: dict[str, str], column: str, what: str, errors: list[tuple[str, str]]) -> frozenset[str]:
    known, unknown = parse_codes(value, vocab)
    if unknown:
        errors.append((column, f"无法识别的{what}「{'、'.join(unknown)}」（可用：{'、'.join(vocab.values())}）"))
    return frozenset(known)


def _town(value: str, errors: list[tuple[str, str]]) -> str | None:
    if not value:
        return None
    town = normalise_town(value)
    if town is None:
        errors.append(("town", f"「{value}」不是海曙区的街道或乡镇"))
    return town


def _category(value: str, errors: list[tuple[str, str]]) -> str | None:
    if not value:
        return None
    v = value.lower().removesuffix("残疾")
    by_label = {label: code for code, label in DISABILITY_CATEGORIES.items()}
    code = v if v in DISABILITY_CATEGORIES else by_label.get(v)
    if code is None:
        errors.append(("disability_category", f"「{value}」不是残疾类别（视力/听力/言语/肢体/智力/精神/多重）"))
    return code


def _level(value: str, errors: list[tuple[str, str]]) -> int | None:
    if not value:
        return None
    v = value.removesuffix("级")
    level = CHINESE_DIGITS.get(v) or (int(v) if v.isdigit() else None)
    if level not in {1, 2, 3, 4}:
        errors.append(("disability_level", f"「{value}」不是残疾等级（1–4级）"))
        return None
    return level


def _education(value: str, errors: list[tuple[str, str]]) -> str | None:
    if not value:
        return None
    by_label = {label: code for code, label in EDUCATION.items()}
    code = value if value in EDUCATION else by_label.get(value) or EDUCATION_ALIASES.get(value)
    if code is None:
        errors.append(("education", f"「{value}」不是可识别的学历"))
    return code


def _duplicate_or_missing_id(row_id: str, seen: set[str], column: str, errors: list[tuple[str, str]]) -> None:
    if not row_id:
        errors.append((column, "编号不能为空"))
    elif row_id in seen:
        errors.append((column, f"编号「{row_id}」重复"))


def parse_seekers(frame: pd.DataFrame, file: str = "seekers") -> tuple[list[SeekerProfile], list[RowError]]:
    seekers: list[SeekerProfile] = []
    row_errors: list[RowError] = []
    seen: set[str] = set()
    for n, row in enumerate(frame.to_dict("records")):
        errors: list[tuple[str, str]] = []
        sid = row["seeker_id"]
        _duplicate_or_missing_id(sid, seen, "seeker_id", errors)
        profile = SeekerProfile(
            id=sid,
            disability_category=_category(row["disability_category"], errors),
            disability_level=_level(row["disability_level"], errors),
            town=_town(row["town"], errors),
            education=_education(row["education"], errors),
            skills=_split_list(row["skills"]),
            experience=row["experience"],
            desired_jobs=_split_list(row["desired_jobs"]),
            max_hours_per_day=_number(row["max_hours_per_day"], "max_hours_per_day", 0, 24, errors),
            needs=_codes(row["needs"], ACCESSIBILITY, "needs", "无障碍需求", errors),
            limitations=_codes(row["limitations"], DEMANDS, "limitations", "限制", errors),
        )
        if errors:
            row_errors.extend(RowError(file, n + 2, col, msg) for col, msg in errors)
            continue
        seen.add(sid)
        seekers.append(profile)
    return seekers, row_errors


def _remote(value: str, errors: list[tuple[str, str]]) -> bool:
    v = value.lower()
    if v in YES:
        return True
    if v not in NO:
        errors.append(("remote", f"「{value}」应为 是/否（yes/no）"))
    return False


def parse_jobs(frame: pd.DataFrame, file: str = "jobs") -> tuple[list[JobProfile], list[RowError]]:
    jobs: list[JobProfile] = []
    row_errors: list[RowError] = []
    seen: set[str] = set()
    for n, row in enumerate(frame.to_dict("records")):
        errors: list[tuple[str, str]] = []
        jid = row["job_id"]
        _duplicate_or_missing_id(jid, seen, "job_id", errors)
        if not row["title"]:
            errors.append(("title", "岗位名称不能为空"))
        salary_min = _money(row["salary_min"], "salary_min", errors)
        salary_max = _money(row["salary_max"], "salary_max", errors)
        if salary_min is not None and salary_max is not None and salary_min > salary_max:
            errors.append(("salary_max", "最高薪资低于最低薪资"))
        job = JobProfile(
            id=jid,
            title=row["title"],
            description=row["description"],
            requirements=row["requirements"],
            town=_town(row["town"], errors),
            hours_per_day=_number(row["hours_per_day"], "hours_per_day", 0, 24, errors),
            remote=_remote(row["remote"], errors),
            accessibility=_codes(row["accessibility"], ACCESSIBILITY, "accessibility", "无障碍条件", errors),
            demands=_codes(row["demands"], DEMANDS, "demands", "岗位要求", errors),
            salary_min=salary_min,
            salary_max=salary_max,
        )
        if errors:
            row_errors.extend(RowError(file, n + 2, col, msg) for col, msg in errors)
            continue
        seen.add(jid)
        jobs.append(job)
    return jobs, row_errors


def read_seekers(path: str | Path) -> tuple[list[SeekerProfile], list[RowError]]:
    return parse_seekers(read_table(path, SEEKER_COLUMNS), Path(path).name)


def read_jobs(path: str | Path) -> tuple[list[JobProfile], list[RowError]]:
    return parse_jobs(read_table(path, JOB_COLUMNS), Path(path).name)


def match_all(
    seekers: Sequence[SeekerProfile],
    jobs: Sequence[JobProfile],
    *,
    encoder: Encoder | None,
    top_k: int = 10,
    confident_only: bool = False,
) -> tuple[list[ResultRow], list[str]]:
    """The ``top_k`` best allowed jobs per seeker in rank order, each with its confidence, and the ids
    of seekers with no confident match. ``confident_only`` keeps only the confident ones (ranked
    among themselves), as the command did before issue 16.

    Without an encoder the matching is lexical + rules only.
    """
    job_vectors = encoder.encode([job_text(j) for j in jobs]) if encoder is not None and jobs else None
    corpus = JobCorpus.build(jobs, job_vectors)
    seeker_vectors = encoder.encode([seeker_text(s) for s in seekers]) if encoder is not None and seekers else None
    rows: list[ResultRow] = []
    without: list[str] = []
    for n, seeker in enumerate(seekers):
        vector = seeker_vectors[n] if seeker_vectors is not None else None
        matches: list[Match] = rank_jobs_for_seeker(
            seeker, corpus, top_k, seeker_vector=vector, encoder=encoder
        ).matches
        kept = [m for m in matches if m.confident or not confident_only]
        if not any(m.confident for m in matches):
            without.append(seeker.id)
        for rank, m in enumerate(kept, start=1):
            confidence = CONFIDENT_LABEL if m.confident else UNCONFIDENT_LABEL
            rows.append(ResultRow(seeker.id, rank, m.job_id, round(m.score, 3), confidence, m.explanation))
    return rows, without


def write_results(rows: Sequence[ResultRow], path: str | Path) -> None:
    """CSV (UTF-8 with BOM, so Excel opens it) or XLSX, by the file's extension. The ids and reasons
    come from the input files: a cell a spreadsheet would read as a formula is neutralised as in every
    export (``employment.table_export.neutralise``)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    records = [[neutralise(r.seeker_id), r.rank, neutralise(r.job_id), f"{r.score:.3f}", r.confidence,
                neutralise(r.reasons)] for r in rows]
    if p.suffix.lower() == ".xlsx":
        pd.DataFrame(records, columns=list(RESULT_COLUMNS)).to_excel(p, index=False, engine="openpyxl")
        return
    with p.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(RESULT_COLUMNS)
        writer.writerows(records)


__all__ = [
    "CONFIDENT_LABEL",
    "JOB_COLUMNS",
    "RESULT_COLUMNS",
    "SEEKER_COLUMNS",
    "UNCONFIDENT_LABEL",
    "BatchFileError",
    "ResultRow",
    "RowError",
    "match_all",
    "parse_jobs",
    "parse_seekers",
    "read_jobs",
    "read_seekers",
    "write_results",
]
