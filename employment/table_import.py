"""Reading uploaded tables (xlsx, or CSV in UTF-8 or GBK) with Chinese headers into plain rows, with
errors that name row, column and reason — shared by the roster upload (``quota.roster_import``), the
social-insurance list (``subsidies.si_upload``) and the family register (``households.importer``).
Nothing here touches the database.

``read_table_rows`` is the one place that bounds what an upload can cost:

- at most ``settings.IMPORT_MAX_ROWS`` non-blank data rows (5,000) and ``MAX_COLUMNS`` (100) columns
  in any row. The width of every row is checked before the row is built — CSV by counting the
  delimiters of each record as pandas would split it, xlsx by a streaming XML pass over the sheet
  that counts each row's cells — so one line of millions of commas, or a sheet with a cell in its
  last column, is refused naming the row, in bounded memory. The rows are counted while the file is
  read — CSV in chunks, xlsx by a streaming pass of openpyxl (ignoring the sheet's declared
  dimensions) before pandas reads exactly up to the last row with data — so a file over the limit
  is refused with a Chinese message before any row is validated, without ever holding it whole;
- the errors of one upload are a ``RowErrors``: every error is counted, the first ``ERRORS_SHOWN``
  (100, by row) are kept to show ("还有 N 处错误未列出" for the rest). The services add their own
  errors (people not on the roster, unknown towns) to the same collection.

Cell helpers: ``cell_text``, ``parse_date``, ``parse_money``, ``parse_months`` / ``format_months`` (month lists such as
"1-3,7").
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pandas as pd

from .filecheck import UploadRefused, upload_check


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1, or below an export's title lines)
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行“{self.column}”：{self.reason}"


class TableFileError(Exception):
    """The upload as a whole cannot be read (wrong type, encoding, headers, too many rows)."""


# ---- limits of one uploaded table ---------------------------------------------------------------

DEFAULT_MAX_ROWS = 5000  # settings.IMPORT_MAX_ROWS overrides it
ERRORS_SHOWN = 100
MAX_COLUMNS = 100  # the templates have at most 14; room for columns users add for themselves
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


def _too_many_rows(max_rows: int, advice: str) -> TableFileError:
    return TableFileError(f"文件中的数据超过 {max_rows:,} 行，超出了每个文件的上限，没有导入任何内容。{advice}")


def _too_many_columns(row: int) -> TableFileError:
    return TableFileError(f"第{row}行的列数超过 {MAX_COLUMNS} 列：文件的列太多，不像是按模板填写的表格，没有导入任何内容。"
                          "请下载模板，按模板的表头填写后再上传。")


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


def parse_date(text: str) -> date:
    text = text.strip().split(" ")[0].replace("/", "-").replace(".", "-")
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar date, no time
    except ValueError as exc:
        raise ValueError("日期格式应为 2025-01-01") from exc


# Amount columns (a roster line's monthly wage, a month's contribution) hold 10 digits with 2 decimals.
MAX_MONTHLY_AMOUNT = Decimal("100000000")


def parse_money(text: str) -> Decimal:
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


def _nonblank(frame: pd.DataFrame) -> pd.Series:
    """Which rows have any cell with more than spaces in it."""
    if frame.empty:
        return pd.Series(False, index=frame.index)
    return frame.fillna("").astype(str).apply(lambda column: column.str.strip().ne("")).any(axis=1)


def _csv_first_wide_record(text: str, limit: int = MAX_COLUMNS) -> int | None:
    """The number of the first record (the header is 1; a blank line counts, as in a spreadsheet)
    with more than ``limit`` fields, or None — without building any row.

    Fields are split as pandas' parser splits them (delimiter ``,``, ``"`` opens a quoted field only
    at the start of a field, ``""`` inside one is a quote, a quoted field may span lines), jumping
    from delimiter to delimiter: each record costs at most ``limit`` steps, however long its line."""
    record = 1
    fields = 1
    quoted = False  # inside a quoted field (which may continue on the next line)
    for line in io.StringIO(text, newline=None):
        line = line.removesuffix("\n")
        pos, end = 0, len(line)
        if not quoted and '"' not in line:  # the common case: every comma is a delimiter
            if fields + line.count(",") > limit:
                return record
            record, fields = record + 1, 1
            continue
        at_field_start = not quoted  # a line outside a quoted field starts a record
        while pos <= end:
            if quoted:
                close = line.find('"', pos)
                if close == -1:
                    break  # the field goes on past this line
                if line.startswith('"', close + 1):
                    pos = close + 2  # an escaped quote
                    continue
                quoted, pos, at_field_start = False, close + 1, False
                continue
            if at_field_start and line.startswith('"', pos):
                quoted, pos = True, pos + 1
                continue
            comma = line.find(",", pos)
            if comma == -1:
                break
            fields += 1
            if fields > limit:
                return record
            pos, at_field_start = comma + 1, True
        if not quoted:
            record, fields = record + 1, 1
    return None


def _read_csv_bounded(text: str, max_rows: int, advice: str) -> pd.DataFrame:
    """The CSV's non-blank rows (index = position after the header, as pandas counts), read in
    chunks: a record wider than ``MAX_COLUMNS`` is refused before anything is parsed, and more than
    ``max_rows`` non-blank rows as soon as the chunk that passes the limit is read."""
    wide = _csv_first_wide_record(text)
    if wide is not None:
        raise _too_many_columns(wide)
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
        raise TableFileError("无法读取这个 CSV 文件，请检查格式是否与模板一致。") from exc
    if not parts:
        raise TableFileError("无法读取这个 CSV 文件，请检查格式是否与模板一致。")
    return pd.concat(parts) if len(parts) > 1 else parts[0]


_CELL_COLUMN = re.compile(r"[A-Za-z]+")


def _column_number(reference: str) -> int:
    """'C7' → 3; a reference without letters, or beyond three of them, counts as too far right."""
    letters = _CELL_COLUMN.match(reference)
    if letters is None or len(letters.group()) > 3:
        return MAX_COLUMNS + 1
    number = 0
    for letter in letters.group().upper():
        number = number * 26 + ord(letter) - 64
    return number


def _xlsx_first_wide_row(source) -> int | None:
    """The number of the first row of a worksheet's XML with a cell beyond column ``MAX_COLUMNS`` (or
    more than that many cells), or None. A streaming parse that keeps at most one row's cells, so a row
    of millions of cells is refused after ``MAX_COLUMNS`` of them — openpyxl would build it whole, and
    pandas pads every row to its last cell."""
    from xml.etree.ElementTree import iterparse

    depth = 0
    root = sheet_data = None
    row_number = cells = column = 0
    # The same parser openpyxl reads the sheet with (no defusedxml here); expat ≥ 2.4.1 refuses entity
    # expansion bombs and ElementTree never fetches external entities.
    for event, element in iterparse(source, events=("start", "end")):  # noqa: S314
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            depth += 1
            if depth == 1:
                root = element
            elif tag == "sheetData":
                sheet_data = element
            elif tag == "row":
                reference = element.get("r")
                row_number = int(reference) if reference and reference.isdigit() else row_number + 1
                cells = column = 0
            continue
        depth -= 1
        if tag == "c":
            reference = element.get("r")
            column = _column_number(reference) if reference else column + 1
            cells += 1
            if cells > MAX_COLUMNS or column > MAX_COLUMNS:
                return row_number
            element.clear()
        elif tag == "row" and sheet_data is not None:
            sheet_data.clear()  # the row is done: keep no cells
        if depth == 1 and root is not None:
            root.clear()  # a finished part of the sheet (its columns, its merged cells …)
    return None


# An export of the platform carries title lines above its header (``employment.table_export``): an
# upload's header is the first of its first rows that holds every required header.
HEADER_SEARCH_ROWS = 10


def _xlsx_last_row(content: bytes, max_rows: int, advice: str, headers: list[str] = ()) -> tuple[int, int]:
    """Streaming passes over the first worksheet (the one pandas reads): refuse a row wider than
    ``MAX_COLUMNS`` or too many non-blank rows, and return the number of the last row with data (0
    for an empty sheet) and of the header row (the first of the first rows holding all ``headers``,
    else row 1)."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            return 0
        sheet = workbook.worksheets[0]
        # openpyxl has no public way to the sheet's XML; ``_get_source`` is what its own reader uses.
        with sheet._get_source() as source:
            wide = _xlsx_first_wide_row(source)
        if wide is not None:
            raise _too_many_columns(wide)
        # The declared dimensions (A1:XFD1048576 costs nothing to write) would pad every row to the
        # declared width and add empty rows down to the declared end; pandas ignores them too.
        sheet.reset_dimensions()
        count = last = 0
        header, searching = 1, bool(headers)
        wanted = {h.strip() for h in headers}
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if searching and number <= HEADER_SEARCH_ROWS:
                if wanted <= {str(v).strip() for v in row if v is not None}:
                    header, count, searching = number, 0, False  # title lines above it are not data rows
            if any(value is not None and str(value).strip() for value in row):
                last = number
                count += number > header
                if count > max_rows:
                    raise _too_many_rows(max_rows, advice)
        return last, header
    finally:
        workbook.close()


def _read_frame(content: bytes, filename: str, *, max_rows: int, advice: str,
                headers: list[str] = ()) -> tuple[pd.DataFrame, int]:
    """The upload's rows below its header, and the header's row number."""
    try:
        upload_check(content, filename)
    except UploadRefused as exc:
        raise TableFileError(str(exc)) from exc
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        try:
            last, header = _xlsx_last_row(content, max_rows, advice, headers)
            # Only up to the last row with data: a sheet formatted far down has no rows to hold.
            frame = pd.read_excel(io.BytesIO(content), dtype=str, keep_default_na=False, engine="openpyxl",
                                  skiprows=header - 1, nrows=max(last - header, 0) if last else None)
        except TableFileError:
            raise
        except Exception as exc:  # openpyxl raises many types for a damaged or disguised file
            raise TableFileError("无法读取这个 Excel 文件，请用模板另存为 .xlsx 后再上传。") from exc
        return frame[_nonblank(frame)], header
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gbk"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            return _read_csv_bounded(text, max_rows, advice), 1
        raise TableFileError("CSV 文件的编码无法识别，请保存为 UTF-8 或 GBK 编码。")
    raise TableFileError("只支持 .xlsx 或 .csv 文件。")


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
    {header: text} and the spreadsheet row number), blank lines skipped (and, in an xlsx, title lines
    above the header row, as the platform's own exports have), a repeated key reported
    under ``key_column``. The key defaults to the certificate number (``parsed.cert_no``, its
    first 20 characters); other tables pass ``key`` (a parsed row → its key) and their column.

    A file with more than ``settings.IMPORT_MAX_ROWS`` non-blank rows is a ``TableFileError`` (its
    message ends with ``too_many_rows_advice``) before any row is parsed. Returns (rows, errors),
    errors a ``RowErrors`` (the first 100 kept, all counted); callers save nothing if it is non-empty."""
    frame, header = _read_frame(content, filename, max_rows=import_max_rows(), advice=too_many_rows_advice,
                                headers=required_headers)
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [h for h in required_headers if h not in frame.columns]
    if missing:
        raise TableFileError(f"缺少表头：{'、'.join(missing)}。请下载模板，按模板的表头填写。")
    rows: list = []
    errors = RowErrors()
    seen: dict[str, int] = {}
    for index, record in zip(frame.index, frame.to_dict(orient="records"), strict=True):
        row_no = int(index) + header + 1
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
        raise TableFileError(empty_message)
    return rows, errors
