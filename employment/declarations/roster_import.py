"""Roster upload (残疾职工名册导入): reads xlsx or CSV (UTF-8 or GBK) with Chinese headers into plain
rows, reporting bad rows with their row number, column and reason. Nothing here touches the
database; ``services.declaration_roster_import`` saves the rows only if the whole file is clean.

``read_table_rows`` is also the reader of the social-insurance list (``subsidies.si_upload``) and the
family register (``households.importer``), and the one place that bounds what an upload can cost:

- at most ``settings.IMPORT_MAX_ROWS`` non-blank data rows (5,000) and ``MAX_COLUMNS`` columns per
  file. The rows are counted while the file is read — CSV in chunks, xlsx by a streaming pass of
  openpyxl before pandas reads exactly up to the last row with data — so a file over the limit is
  refused with a Chinese message before any row is validated, without ever holding it whole;
- the errors of one upload are a ``RowErrors``: every error is counted, the first ``ERRORS_SHOWN``
  (100, by row) are kept to show ("还有 N 处错误未列出" for the rest). The services add their own
  errors (people not on the roster, unknown towns) to the same collection.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial

import pandas as pd

from employment import identity
from employment.filecheck import UploadRefused, upload_check

# Column header → key. The template uses exactly these headers, in this order.
COLUMNS: list[tuple[str, str, str]] = [
    ("姓名", "name", "必填"),
    ("证件类型", "cert_kind", "残疾人证 或 残疾军人证，留空为残疾人证"),
    ("证件号码", "cert_no", "第二代残疾人证号（20位）或残疾军人证号"),
    ("残疾等级", "grade", "残疾军人证必填（1-8级）；残疾人证可留空，按证号识别"),
    ("用工形式", "employment_form", "在编 / 劳动合同 / 服务协议"),
    ("合同开始日期", "contract_start", "例如 2025-01-01；在编人员可留空"),
    ("合同结束日期", "contract_end", "无固定期限留空"),
    ("月工资（元）", "monthly_wage", "例如 3200"),
    ("在岗月份", "months_employed", "例如 1-12 或 10,11,12"),
    ("社保足额缴纳月份", "months_insured", "例如 1-12"),
    ("劳务派遣", "dispatch_role", "留空 / 派出（本单位为派遣单位） / 派入（本单位为用工单位）"),
    ("派遣另一方单位", "dispatch_party", "劳务派遣时必填"),
    ("计入本单位", "counted_here", "是 / 否，留空为是；劳务派遣人员只能在一方计算"),
]
HEADERS = [c[0] for c in COLUMNS]
REQUIRED_HEADERS = ["姓名", "证件号码", "用工形式", "月工资（元）", "在岗月份", "社保足额缴纳月份"]

CERT_KINDS = {"": "disability", "残疾人证": "disability", "残疾军人证": "veteran"}
FORMS = {"在编": "establishment", "劳动合同": "contract", "服务协议": "service"}
DISPATCH = {"": "", "无": "", "否": "", "派出": "agency", "派入": "host"}
YES_NO = {"": True, "是": True, "否": False}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行“{self.column}”：{self.reason}"


@dataclass
class RosterRow:
    """One clean roster line, normalised; the certificate number is the normalised full number."""

    name: str
    cert_kind: str
    cert_no: str
    category: str
    grade: int
    employment_form: str
    contract_start: date | None
    contract_end: date | None
    monthly_wage: Decimal
    months_employed: list[int]
    months_insured: list[int]
    dispatch_role: str = ""
    dispatch_party: str = ""
    counted_here: bool = True
    row: int = 0
    extra: dict = field(default_factory=dict)


class RosterFileError(Exception):
    """The upload as a whole cannot be read (wrong type, encoding, headers, too many rows)."""


# ---- limits of one uploaded table ---------------------------------------------------------------

DEFAULT_MAX_ROWS = 5000  # settings.IMPORT_MAX_ROWS overrides it
ERRORS_SHOWN = 100
MAX_COLUMNS = 200  # the templates have at most 14; room for columns users add for themselves
CSV_CHUNK_ROWS = 2000


def import_max_rows() -> int:
    """Non-blank data rows one uploaded table may have (``settings.IMPORT_MAX_ROWS``)."""
    from django.conf import settings

    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _error_row(error: RowError) -> int:
    return error.row


class RowErrors(list):
    """The row errors of one upload: the first ``limit`` of them by row number are kept (in row order,
    a row's own errors in the order found), and ``total`` counts all of them.

    A list, so templates and tests iterate and compare it as before; ``total`` and ``hidden`` say how
    many there are and how many are not listed. However many errors a hostile file produces, memory
    and the page stay bounded.
    """

    def __init__(self, errors=(), *, limit: int = ERRORS_SHOWN):
        super().__init__()
        self.limit = limit
        self.total = 0
        self.extend(errors)

    def append(self, error: RowError) -> None:
        self.total += 1
        if len(self) >= self.limit and error.row >= self[-1].row:
            return
        bisect.insort_right(self, error, key=_error_row)
        if len(self) > self.limit:
            list.pop(self)

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)

    def __iadd__(self, errors):
        self.extend(errors)
        return self

    @property
    def hidden(self) -> int:
        """Errors counted but not listed."""
        return self.total - len(self)


def row_errors(errors) -> RowErrors:
    """``errors`` as a ``RowErrors`` (the services build some error lists by hand)."""
    return errors if isinstance(errors, RowErrors) else RowErrors(errors)


def _too_many_rows(max_rows: int, advice: str) -> RosterFileError:
    return RosterFileError(f"文件中的数据超过 {max_rows:,} 行，超出了每个文件的上限，没有导入任何内容。{advice}")


TOO_MANY_COLUMNS = f"文件的列数超过 {MAX_COLUMNS} 列，不像是按模板填写的表格，没有导入任何内容。请下载模板，按模板的表头填写后再上传。"


def parse_months(text: str) -> list[int]:
    """'1-12', '10,11,12', '1-3、7' → sorted month numbers; ValueError with a Chinese reason."""
    text = text.strip().replace("，", ",").replace("、", ",").replace("－", "-").replace("—", "-").replace("~", "-")
    if not text:
        raise ValueError("不能为空")
    months: set[int] = set()
    for part in text.split(","):
        part = part.strip().removesuffix("月")
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,2})(?:月)?\s*-\s*(\d{1,2})", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if not (1 <= lo <= hi <= 12):
                raise ValueError(f"月份范围“{part}”不正确，应在1到12之间且前小后大")
            months.update(range(lo, hi + 1))
        elif part.isdigit() and 1 <= int(part) <= 12:
            months.add(int(part))
        else:
            raise ValueError(f"“{part}”不是1到12之间的月份")
    return sorted(months)


def format_months(months: list[int]) -> str:
    """[1..12] → '1-12'; [1,2,3,7] → '1-3,7'."""
    out, run = [], []
    for m in sorted(set(months)):
        if run and m == run[-1] + 1:
            run.append(m)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [m]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ",".join(out)


def _parse_date(text: str) -> date:
    text = text.strip().split(" ")[0].replace("/", "-").replace(".", "-")
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar date, no time
    except ValueError as exc:
        raise ValueError("日期格式应为 2025-01-01") from exc


# RosterEntry.monthly_wage holds 10 digits with 2 decimals.
MAX_MONTHLY_AMOUNT = Decimal("100000000")


def _parse_money(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError("应为金额数字，例如 3200") from exc
    if not value.is_finite():
        raise ValueError("应为金额数字，例如 3200")
    if value < 0:
        raise ValueError("金额不能为负数")
    if value >= MAX_MONTHLY_AMOUNT:
        # Beyond the column's 10 digits: a typo (an extra zero, a pasted account number), not a wage.
        raise ValueError(f"金额过大（应小于 {MAX_MONTHLY_AMOUNT:,} 元），请检查是否多输了数字")
    return value.quantize(Decimal("0.01"))


def cell_text(values: dict[str, str], header: str) -> str:
    """One cell of a row given as {header: value}, as stripped text ("" when missing or empty)."""
    value = values.get(header, "")
    return "" if value is None else str(value).strip()


def parse_row(values: dict[str, str], row: int) -> tuple[RosterRow | None, list[RowError]]:
    """Validate one row given as {header: text}; returns the clean row or its errors (all of them)."""
    errors: list[RowError] = []

    def err(column: str, reason: str) -> None:
        errors.append(RowError(row, column, reason))

    get = partial(cell_text, values)

    name = get("姓名")
    if not name:
        err("姓名", "不能为空")
    elif len(name) > 40:
        err("姓名", "不能超过40个字")

    kind_text = get("证件类型")
    cert_kind = CERT_KINDS.get(kind_text)
    if cert_kind is None:
        err("证件类型", "应为“残疾人证”或“残疾军人证”")

    cert_text = get("证件号码").upper().replace(" ", "")
    category, grade, cert_no = "", None, ""
    grade_text = get("残疾等级").removesuffix("级")
    if not cert_text:
        err("证件号码", "不能为空")
    elif cert_kind == "disability":
        try:
            cert = identity.parse_disability_cert(cert_text)
        except identity.IdentityError as exc:
            err("证件号码", str(exc))
        else:
            cert_no, category, grade = cert.number, str(cert.category), int(cert.grade)
            if grade_text and grade_text != str(grade):
                err("残疾等级", f"与证号中的等级（{grade}级）不一致")
    elif cert_kind == "veteran":
        if not re.fullmatch(r"[0-9A-Z\-]{6,30}", cert_text):
            err("证件号码", "残疾军人证号应为6到30位数字或字母")
        else:
            cert_no = cert_text
        if not grade_text:
            err("残疾等级", "残疾军人证必须填写等级（1-8级）")
        elif not (grade_text.isdigit() and 1 <= int(grade_text) <= 8):
            err("残疾等级", "残疾军人证等级应为1到8")
        else:
            grade = int(grade_text)

    form = FORMS.get(get("用工形式"))
    if form is None:
        err("用工形式", "应为“在编”“劳动合同”或“服务协议”")

    start = end = None
    if get("合同开始日期"):
        try:
            start = _parse_date(get("合同开始日期"))
        except ValueError as exc:
            err("合同开始日期", str(exc))
    elif form in ("contract", "service"):
        err("合同开始日期", "劳动合同或服务协议必须填写开始日期")
    if get("合同结束日期"):
        try:
            end = _parse_date(get("合同结束日期"))
        except ValueError as exc:
            err("合同结束日期", str(exc))
    if start and end and end < start:
        err("合同结束日期", "不能早于合同开始日期")

    wage = None
    if not get("月工资（元）"):
        err("月工资（元）", "不能为空")
    else:
        try:
            wage = _parse_money(get("月工资（元）"))
        except ValueError as exc:
            err("月工资（元）", str(exc))

    months_employed: list[int] = []
    months_insured: list[int] = []
    for header, target in (("在岗月份", months_employed), ("社保足额缴纳月份", months_insured)):
        try:
            target.extend(parse_months(get(header)))
        except ValueError as exc:
            err(header, str(exc))

    dispatch = DISPATCH.get(get("劳务派遣"))
    if dispatch is None:
        err("劳务派遣", "应留空，或填“派出”“派入”")
    party = get("派遣另一方单位")
    if dispatch and not party:
        err("派遣另一方单位", "劳务派遣人员必须填写另一方单位名称")
    counted = YES_NO.get(get("计入本单位"))
    if counted is None:
        err("计入本单位", "应为“是”或“否”")

    if errors:
        return None, errors
    return (
        RosterRow(
            name=name,
            cert_kind=cert_kind,
            cert_no=cert_no,
            category=category,
            grade=grade,
            employment_form=form,
            contract_start=start,
            contract_end=end,
            monthly_wage=wage,
            months_employed=months_employed,
            months_insured=months_insured,
            dispatch_role=dispatch or "",
            dispatch_party=party if dispatch else "",
            counted_here=counted,
            row=row,
        ),
        [],
    )


def _nonblank(frame: pd.DataFrame) -> pd.Series:
    """Which rows have any cell with more than spaces in it."""
    if frame.empty:
        return pd.Series(False, index=frame.index)
    return frame.fillna("").astype(str).apply(lambda column: column.str.strip().ne("")).any(axis=1)


def _read_csv_bounded(text: str, max_rows: int, advice: str) -> pd.DataFrame:
    """The CSV's non-blank rows (index = position after the header, as pandas counts), read in
    chunks: more than ``max_rows`` of them is refused as soon as the chunk that passes the limit is read."""
    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as exc:  # e.g. a "header" of one enormous field
        raise RosterFileError("无法读取这个 CSV 文件，请检查格式是否与模板一致。") from exc
    if len(header) > MAX_COLUMNS:
        raise RosterFileError(TOO_MANY_COLUMNS)
    parts: list[pd.DataFrame] = []
    count = 0
    try:
        for chunk in pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, chunksize=CSV_CHUNK_ROWS):
            kept = chunk[_nonblank(chunk)]
            count += len(kept)
            if count > max_rows:
                raise _too_many_rows(max_rows, advice)
            parts.append(kept)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RosterFileError("无法读取这个 CSV 文件，请检查格式是否与模板一致。") from exc
    if not parts:
        raise RosterFileError("无法读取这个 CSV 文件，请检查格式是否与模板一致。")
    return pd.concat(parts) if len(parts) > 1 else parts[0]


def _xlsx_last_row(content: bytes, max_rows: int, advice: str) -> int:
    """A streaming pass over the first worksheet (the one pandas reads): refuse too many columns or
    non-blank rows, and return the number of the last row with data (0 for an empty sheet)."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            return 0
        count = last = 0
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            if number == 1 and len(row) > MAX_COLUMNS:
                raise RosterFileError(TOO_MANY_COLUMNS)
            if any(value is not None and str(value).strip() for value in row):
                last = number
                count += number > 1
                if count > max_rows:
                    raise _too_many_rows(max_rows, advice)
        return last
    finally:
        workbook.close()


def _read_frame(content: bytes, filename: str, *, max_rows: int, advice: str) -> pd.DataFrame:
    try:
        upload_check(content, filename)
    except UploadRefused as exc:
        raise RosterFileError(str(exc)) from exc
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        try:
            last = _xlsx_last_row(content, max_rows, advice)
            # Only up to the last row with data: a sheet formatted far down has no rows to hold.
            frame = pd.read_excel(io.BytesIO(content), dtype=str, keep_default_na=False, engine="openpyxl",
                                  nrows=max(last - 1, 0) if last else None)
        except RosterFileError:
            raise
        except Exception as exc:  # openpyxl raises many types for a damaged or disguised file
            raise RosterFileError("无法读取这个 Excel 文件，请用模板另存为 .xlsx 后再上传。") from exc
        return frame[_nonblank(frame)]
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gbk"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            return _read_csv_bounded(text, max_rows, advice)
        raise RosterFileError("CSV 文件的编码无法识别，请保存为 UTF-8 或 GBK 编码。")
    raise RosterFileError("只支持 .xlsx 或 .csv 文件。")


def _cert_key(parsed) -> str:
    """Rosters and contribution lists: one row per certificate (its 20-character number)."""
    return parsed.cert_no[:20]


DEFAULT_ADVICE = "请删去多余的行后重新上传；确有这么多人的，请与区残联联系。"


def read_table_rows(
    content: bytes,
    filename: str,
    *,
    required_headers: list[str],
    parse: Callable[[dict[str, str], int], tuple[object | None, list[RowError]]],
    empty_message: str,
    key: Callable[[object], str] = _cert_key,
    key_column: str = "证件号码",
    too_many_rows_advice: str = DEFAULT_ADVICE,
) -> tuple[list, RowErrors]:
    """Read an uploaded table with one row per key: every row parsed with ``parse`` (given
    {header: text} and the spreadsheet row number), blank lines skipped, a repeated key reported
    under ``key_column``. The key defaults to the certificate number (``parsed.cert_no``, its
    first 20 characters); other tables pass ``key`` (a parsed row → its key) and their column.

    A file with more than ``settings.IMPORT_MAX_ROWS`` non-blank rows is a ``RosterFileError`` (its
    message ends with ``too_many_rows_advice``) before any row is parsed. Returns (rows, errors),
    errors a ``RowErrors`` (the first 100 kept, all counted); callers save nothing if it is non-empty."""
    frame = _read_frame(content, filename, max_rows=import_max_rows(), advice=too_many_rows_advice)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [h for h in required_headers if h not in frame.columns]
    if missing:
        raise RosterFileError(f"缺少表头：{'、'.join(missing)}。请下载模板，按模板的表头填写。")
    rows: list = []
    errors = RowErrors()
    seen: dict[str, int] = {}
    for index, record in zip(frame.index, frame.to_dict(orient="records"), strict=True):
        row_no = int(index) + 2
        values = {k: ("" if v is None else str(v)) for k, v in record.items()}
        if not any(v.strip() for v in values.values()):
            continue  # blank line
        parsed, row_errors = parse(values, row_no)
        errors.extend(row_errors)
        if parsed is not None:
            row_key = key(parsed)
            if row_key in seen:
                errors.append(RowError(row_no, key_column, f"与第{seen[row_key]}行重复"))
            else:
                seen[row_key] = row_no
                rows.append(parsed)
    if not rows and not errors:
        raise RosterFileError(empty_message)
    return rows, errors


def read_roster(content: bytes, filename: str) -> tuple[list[RosterRow], RowErrors]:
    """Read a whole roster upload. Returns (rows, errors); callers must save nothing if errors is non-empty."""
    return read_table_rows(
        content, filename, required_headers=REQUIRED_HEADERS, parse=parse_row, empty_message="文件中没有名册数据。"
    )


def template_xlsx() -> bytes:
    """The downloadable template: Chinese headers, one explanation row users delete before filling."""
    buffer = io.BytesIO()
    frame = pd.DataFrame([{h: hint for h, _, hint in COLUMNS}], columns=HEADERS)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.iloc[0:0].to_excel(writer, index=False, sheet_name="名册")
        pd.DataFrame({"列名": HEADERS, "填写说明": [c[2] for c in COLUMNS]}).to_excel(
            writer, index=False, sheet_name="填写说明"
        )
    return buffer.getvalue()


def template_csv() -> bytes:
    """The same headers as CSV, UTF-8 with BOM so Excel opens it with Chinese intact."""
    return ("\ufeff" + ",".join(HEADERS) + "\r\n").encode("utf-8")
