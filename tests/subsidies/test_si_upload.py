"""The contributions reader on its own (no database): row and column of every bad cell."""

from __future__ import annotations

import pandas as pd
import pytest

from employment.table_import import TableFileError
from subsidies.si_upload import HEADERS, read_contributions
from tests.quota.conftest import cert


def _csv(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows, columns=HEADERS).to_csv(index=False).encode("gbk")


def _row(n: int, **months) -> dict:
    row = dict.fromkeys(HEADERS, "")
    row.update({"姓名": f"职工{n}", "证件号码": cert(n)})
    row.update(months)
    return row


@pytest.mark.parametrize("bad", ["1e999", "9" * 40, "-5", "abc"])
def test_bad_amounts_are_row_errors(bad):
    rows, errors = read_contributions(_csv([_row(1, **{"1月": "800"}), _row(2, **{"3月": bad})]), "c.csv")
    assert [r.name for r in rows] == ["职工1"]
    assert [(e.row, e.column) for e in errors] == [(3, "3月")]


def test_bad_certificate_duplicate_and_empty_months():
    content = _csv([
        _row(1, **{"1月": "800"}), _row(1, **{"2月": "800"}), {**_row(3, **{"1月": "800"}), "证件号码": "123"},
        _row(4),
    ])
    rows, errors = read_contributions(content, "c.csv")
    assert {(e.row, e.column) for e in errors} == {(3, "证件号码"), (4, "证件号码"), (5, "1月")}
    assert len(rows) == 1 and rows[0].contributions == {1: 800}


def test_missing_headers_refuse_the_file():
    with pytest.raises(TableFileError, match="缺少表头"):
        read_contributions("名字,号码\n张三,1\n".encode(), "c.csv")
