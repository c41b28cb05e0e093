"""The batch interchange format: reading (CSV UTF-8/GBK, XLSX), row errors, results, the command."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from django.core.management import call_command

from matching.batch import (
    CONFIDENT_LABEL,
    JOB_COLUMNS,
    RESULT_COLUMNS,
    SEEKER_COLUMNS,
    UNCONFIDENT_LABEL,
    BatchFileError,
    match_all,
    read_jobs,
    read_seekers,
)

GOOD_SEEKER = ["S1", "言语", "2", "江厦街道", "高中", "打字;电脑操作", "做过网店售后", "网店客服", "8", "", "电话沟通;verbal"]
GOOD_JOBS = [
    ["J1", "电商平台在线客服专员", "用文字回复买家咨询，处理退换货", "会打字", "望春街道", "8", "是", "flexible_hours", "", "3000", "4500"],
    ["J2", "电话客服", "接听客户电话", "普通话标准", "江厦街道", "8", "否", "", "phone;verbal", "3500", "5000"],
]


def write_csv(path, columns, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def test_reads_chinese_names_and_labels(tmp_path):
    seekers, errors = read_seekers(write_csv(tmp_path / "s.csv", SEEKER_COLUMNS, [GOOD_SEEKER]))
    assert errors == []
    (s,) = seekers
    assert s.disability_category == "speech" and s.disability_level == 2
    assert s.education == "senior"
    assert s.limitations == {"phone", "verbal"}
    assert s.skills == ("打字", "电脑操作")
    assert s.max_hours_per_day == 8


def test_gbk_csv(tmp_path):
    path = write_csv(tmp_path / "jobs.csv", JOB_COLUMNS, GOOD_JOBS, encoding="gbk")
    jobs, errors = read_jobs(path)
    assert errors == []
    assert jobs[0].title == "电商平台在线客服专员" and jobs[0].remote is True
    assert jobs[1].remote is False and jobs[1].demands == {"phone", "verbal"}


def test_xlsx(tmp_path):
    path = tmp_path / "seekers.xlsx"
    pd.DataFrame([GOOD_SEEKER], columns=list(SEEKER_COLUMNS)).to_excel(path, index=False)
    seekers, errors = read_seekers(path)
    assert errors == [] and seekers[0].id == "S1" and seekers[0].town == "江厦街道"


def test_bad_rows_are_reported_with_row_numbers_and_skipped(tmp_path):
    rows = [
        GOOD_SEEKER,
        ["S2", "视力", "2", "江厦街道", "", "", "", "按摩", "8", "", "不能爬高"],  # unknown limitation
        ["S3", "外星", "7", "上海", "博士后", "", "", "", "二十", "wheelchair", ""],
        ["S1", "", "", "", "", "", "", "文员", "", "", ""],  # duplicate id
        ["S4", "肢体", "", "高桥", "", "", "", "文员", "6", "无障碍卫生间", ""],
    ]
    seekers, errors = read_seekers(write_csv(tmp_path / "s.csv", SEEKER_COLUMNS, rows))
    assert [s.id for s in seekers] == ["S1", "S4"]
    assert seekers[1].town == "高桥镇" and seekers[1].needs == {"accessible_toilet"}
    by_row: dict[int, list] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(e)
    assert set(by_row) == {3, 4, 5}
    assert by_row[3][0].column == "limitations" and "不能爬高" in by_row[3][0].message
    assert {e.column for e in by_row[4]} == {
        "disability_category", "disability_level", "town", "education", "max_hours_per_day", "needs",
    }
    assert "重复" in by_row[5][0].message
    assert str(by_row[3][0]).startswith("s.csv 第3行「limitations」列：")


def test_unknown_job_code_and_bad_salary_are_row_errors(tmp_path):
    rows = [
        GOOD_JOBS[0],
        ["J3", "保洁", "", "", "白云街道", "4", "也许", "elevator", "", "3000", "2000"],
        ["J4", "", "", "", "", "", "", "", "久站;飞行", "", ""],
    ]
    jobs, errors = read_jobs(write_csv(tmp_path / "j.csv", JOB_COLUMNS, rows))
    assert [j.id for j in jobs] == ["J1"]
    assert {(e.row, e.column) for e in errors} == {
        (3, "remote"), (3, "accessibility"), (3, "salary_max"), (4, "title"), (4, "demands"),
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("s.csv", "seeker_id,town\nS1,江厦街道\n", "缺少列"),
        ("s.pdf", "x", "不支持的文件类型"),
        ("s.xlsx", "not a zip", "无法读取文件"),
    ],
)
def test_unusable_files_raise(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BatchFileError, match=message):
        read_seekers(path)


def test_match_all_never_returns_a_blocked_job(tmp_path):
    seekers, _ = read_seekers(write_csv(tmp_path / "s.csv", SEEKER_COLUMNS, [GOOD_SEEKER]))
    jobs, _ = read_jobs(write_csv(tmp_path / "j.csv", JOB_COLUMNS, GOOD_JOBS))
    rows, without = match_all(seekers, jobs, encoder=None, top_k=5)
    assert [(r.seeker_id, r.rank, r.job_id) for r in rows] == [("S1", 1, "J1")]
    assert without == []


def test_match_batch_command_end_to_end(tmp_path, capsys):
    seekers = write_csv(
        tmp_path / "s.csv", SEEKER_COLUMNS,
        [GOOD_SEEKER, ["S9", "", "", "", "", "", "", "", "", "读心术", ""], ["S0", *[""] * 10]],
        encoding="gbk",
    )
    jobs = tmp_path / "j.xlsx"
    pd.DataFrame(GOOD_JOBS, columns=list(JOB_COLUMNS)).to_excel(jobs, index=False)
    out = tmp_path / "r.csv"
    call_command("match_batch", seekers=str(seekers), jobs=str(jobs), top=10, out=str(out), encoder="none")
    err = capsys.readouterr().err
    assert "第3行「needs」列" in err and "读心术" in err
    assert "求职者 S0" in err  # the empty profile gets no confident match
    with out.open(encoding="utf-8-sig") as fh:
        result = list(csv.DictReader(fh))
    # Issue 16: every seeker's top jobs in rank order with a confidence column, the empty profile's too
    # (before, only confident matches were written: [("S1", "1", "J1")], which --confident-only keeps).
    assert tuple(result[0]) == RESULT_COLUMNS
    assert [(r["seeker_id"], r["rank"]) for r in result] == [("S1", "1"), ("S0", "1"), ("S0", "2")]
    assert result[0]["job_id"] == "J1" and "可远程工作" in result[0]["reasons"]
    assert {r["confidence"] for r in result if r["seeker_id"] == "S0"} == {UNCONFIDENT_LABEL}
    assert not any("把握不足" in r["reasons"] for r in result)  # the column says it, not the reasons

    call_command("match_batch", seekers=str(seekers), jobs=str(jobs), top=10, out=str(out), encoder="none",
                 confident_only=True)
    with out.open(encoding="utf-8-sig") as fh:
        confident = list(csv.DictReader(fh))
    assert [(r["seeker_id"], r["rank"], r["job_id"]) for r in confident] == [
        (r["seeker_id"], r["rank"], r["job_id"]) for r in result if r["confidence"] == CONFIDENT_LABEL
    ]


def test_top_n_lists_n_jobs_in_rank_order_and_marks_the_unconfident(tmp_path):
    seeker = ["S1", "言语", "2", "江厦街道", "高中", "打字", "", "网店客服", "8", "", ""]
    jobs_rows = [
        [f"J{n}", title, "用文字回复咨询", "", "江厦街道", "8", "否", "", "", "", ""]
        for n, title in enumerate(["网店客服", "网店文字客服", "保洁员", "仓库理货员", "面点师"], start=1)
    ]
    seekers, _ = read_seekers(write_csv(tmp_path / "s.csv", SEEKER_COLUMNS, [seeker]))
    jobs, _ = read_jobs(write_csv(tmp_path / "j.csv", JOB_COLUMNS, jobs_rows))
    rows, _ = match_all(seekers, jobs, encoder=None, top_k=4)
    assert [r.rank for r in rows] == [1, 2, 3, 4]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert {r.confidence for r in rows} == {CONFIDENT_LABEL, UNCONFIDENT_LABEL}  # nothing dropped
    confident, _ = match_all(seekers, jobs, encoder=None, top_k=4, confident_only=True)
    assert [r.job_id for r in confident] == [r.job_id for r in rows if r.confidence == CONFIDENT_LABEL]
    assert [r.rank for r in confident] == list(range(1, len(confident) + 1))


def test_match_batch_command_exits_2_on_unusable_file(tmp_path, capsys):
    bad = tmp_path / "s.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    jobs = write_csv(tmp_path / "j.csv", JOB_COLUMNS, GOOD_JOBS)
    with pytest.raises(SystemExit) as exc:
        call_command("match_batch", seekers=str(bad), jobs=str(jobs), out=str(tmp_path / "r.csv"), encoder="none")
    assert exc.value.code == 2
    assert "缺少列" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_results_neutralise_formulas_from_the_input_files(tmp_path, suffix):
    """A job-fair file is outside data: an id or text a spreadsheet would run as a formula is written
    with a leading apostrophe in the results, as in every other export."""
    from matching.batch import ResultRow, write_results

    out = tmp_path / f"results{suffix}"
    write_results([ResultRow("=HYPERLINK(\"http://x\",\"S1\")", 1, "+J1", 0.9, CONFIDENT_LABEL, "@SUM(A1)")], out)
    if suffix == ".csv":
        with open(out, encoding="utf-8-sig", newline="") as fh:
            row = list(csv.reader(fh))[1]
    else:
        row = [str(v) for v in pd.read_excel(out, dtype=str).iloc[0].tolist()]
    assert row[0] == "'=HYPERLINK(\"http://x\",\"S1\")" and row[2] == "'+J1" and row[5] == "'@SUM(A1)"
    assert row[1] == "1" and row[3] == "0.900"
