"""CSV exports of the Wagtail admin's listings and reports, with formula-like cells neutralised.

Wagtail's reports (站点历史, 工作流, 工作流任务, 老化页面, 锁定页面, 页面类型) and listings offer CSV
and XLSX downloads (``SpreadsheetExportMixin``). Its XLSX writer stores a cell that looks like a
formula as text, but its CSV writer writes values as they are: a page title a training provider typed
as ``=HYPERLINK("http://…", "点此查看")`` became a live formula in the district's spreadsheet program.
Every CSV row those views write now goes through ``employment.table_export.neutralise`` (a leading
apostrophe before = + - @, tab and CR), as the platform's own exports do.

The mixin's ``write_csv_row`` is wrapped, not copied: it is handed a writer that neutralises each value
Wagtail has prepared, so Wagtail's own preprocessing (labels, dates, lists) stays Wagtail's. Installed
once, from ``EmploymentConfig.ready``; ``tests/security/test_admin_exports.py`` checks a real report.
"""

from __future__ import annotations

from .table_export import neutralise


class _NeutralisingWriter:
    """A ``csv.DictWriter`` stand-in that neutralises each value before the real writer sees it."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row: dict):
        return self.writer.writerow({key: neutralise(value) for key, value in row.items()})


def csv_exports_neutralised() -> None:
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.write_csv_row
    if getattr(original, "neutralises_formulas", False):
        return

    def write_csv_row(self, writer, row_dict):
        return original(self, _NeutralisingWriter(writer), row_dict)

    write_csv_row.neutralises_formulas = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
