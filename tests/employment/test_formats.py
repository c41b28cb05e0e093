"""Dates, Content-Disposition and the XLSX MIME type defined once (issue 17): employment.formats and
its template filters, with hand-written expectations; no page, export or view writes its own."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.template import Context, Template

from employment import formats
from tests.source_tree import project_files

ROOT = Path(__file__).resolve().parents[2]
# 2026-03-04 23:05:09 UTC is 2026-03-05 07:05:09 in Ningbo: every format shows the local day.
MOMENT = datetime(2026, 3, 4, 23, 5, 9, tzinfo=UTC)


def test_python_formats():
    assert formats.cn_date(date(2026, 3, 5)) == "2026年3月5日"
    assert formats.cn_date(MOMENT) == "2026年3月5日"
    assert formats.cn_datetime(MOMENT) == "2026年3月5日 07:05"
    assert formats.stamp(MOMENT) == "2026-03-05 07:05"
    assert formats.stamp(MOMENT, seconds=True) == "2026-03-05 07:05:09"
    assert formats.iso_date(date(2026, 3, 5)) == "2026-03-05"
    assert formats.message_datetime(MOMENT) == "2026年03月05日 07:05"
    assert formats.cn_date(None) == "" and formats.stamp("") == ""


def test_template_filters_without_load():
    template = Template(
        "{{ d|cn_date }}|{{ m|cn_datetime }}|{{ m|cn_datetime_seconds }}|"
        "{{ missing|cn_date }}|{{ missing|cn_date|default:'未认定' }}|{{ text|cn_date }}"
    )
    out = template.render(Context({"d": date(2026, 3, 5), "m": MOMENT, "text": "不是日期"}))
    assert out == "2026年3月5日|2026年3月5日 07:05|2026年3月5日 07:05:09||未认定|"


def test_an_empty_table_value_says_none():
    """``or_none``: an empty cell of a stacked table shows a dash under its label (and "无" to a screen
    reader) instead of a label with nothing under it; a real value, 0 included, and its escaping stay."""
    mark = '<span aria-hidden="true">—</span><span class="visually-hidden">无</span>'
    template = Template('{{ a|or_none }}|{{ b|or_none }}|{{ c|or_none }}|{{ ""|or_none }}|{{ d|or_none }}|{{ e|or_none }}')
    out = template.render(Context({"a": None, "b": "  ", "c": 0, "d": "<b>", "e": "某单位"}))
    assert out == f"{mark}|{mark}|0|{mark}|&lt;b&gt;|某单位"


def test_filters_equal_the_date_filter_they_replace():
    for name, fmt in [("cn_date", "Y年n月j日"), ("cn_datetime", "Y年n月j日 H:i"),
                      ("cn_datetime_seconds", "Y年n月j日 H:i:s")]:
        ours = Template("{{ m|" + name + " }}").render(Context({"m": MOMENT}))
        django = Template('{{ m|date:"' + fmt + '" }}').render(Context({"m": MOMENT}))
        assert ours == django, name


@pytest.mark.parametrize("machine", ["stamp", "stamp_seconds", "iso_date"])
def test_machine_formats_have_no_template_filter(machine):
    """Issue 18: one date format on every page — 2026-03-05 is for spreadsheets, not pages."""
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template("{{ m|" + machine + " }}")


def test_file_response_names_the_download():
    ascii_name = formats.file_response(b"x", "levy-2025.xlsx")
    assert ascii_name["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ascii_name["Content-Disposition"] == 'attachment; filename="levy-2025.xlsx"'
    chinese = formats.file_response("a,b\n", "残疾职工名册模板.csv", formats.CSV_MIME)
    assert chinese["Content-Type"] == "text/csv; charset=utf-8"
    assert chinese["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('残疾职工名册模板.csv')}"


def _sources(*suffixes: str):
    for rel, path in project_files(*suffixes):
        if not rel.startswith((".venv/", "tests/", "var/")):
            yield rel, path.read_text(encoding="utf-8")


def test_no_template_writes_its_own_date_format():
    """No page writes a date its own way: no ``|date``/``|time`` filter, only the cn_* ones."""
    offenders = [rel for rel, text in _sources(".html", ".txt")
                 if re.search(r"\|\s*(date|time|naturalday|naturaltime|stamp|stamp_seconds|iso_date)\b", text)]
    assert offenders == []


# Python that writes a date for people writes it through employment.formats (cn_date, cn_datetime,
# or stamp / iso_date where a machine format is meant). Caught: Chinese date formats written by hand;
# any f-string that formats a date itself ({x:%Y-%m-%d…}, whatever the expression — model __str__
# lines included: they name the row in the Wagtail admin and its history); strftime with a dashed
# date; and .isoformat() inside a Chinese line. Allowed: format strings passed to form widgets and
# parsers (format="%Y-%m-%dT%H:%M", input_formats=[...]), which are machine formats, not f-strings.
PYTHON_DATE_FORMAT = re.compile(
    r"%Y年|dateformat\.format\(|Y年n月|%-m月|\.month\}月"
    r"|\{[^{}\n]+:%Y-%m-%d[^{}\n]*\}"
    r"|\.strftime\(\s*f?[\"'][^\"'\n]*%Y-%m-%d"
    r"|[\u4e00-\u9fff][^\"\n]*\{[^{}\n]*\.isoformat\(\)\}"
    r"|\{[^{}\n]*\.isoformat\(\)\}[^\"\n]*[\u4e00-\u9fff]"
)
PYTHON_DATE_ALLOWED = {
    "employment/formats.py",
    "quota/notifications.py",  # MESSAGE_DATETIME-style lines kept identical to messages already sent
    "dashboard/indicators.py",  # pure figures without Django: writes DATE (2026年3月5日) itself
}


@pytest.mark.parametrize("line", [
    'f"{timezone.localtime():%Y-%m-%d %H:%M} {person_label(user)}：{text}"',
    'f"{self.changed_by_label} {self.changed_at:%Y-%m-%d %H:%M} 修改收款信息"',
    'f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"',
    'f"{self.user} @ {self.created_at:%Y-%m-%d}"',
    'f"截止 {deadline:%Y-%m-%d}"',
    'reason=f"拨付日期 {paid_on.isoformat()}，凭证号 {voucher_no}"',
    'when = at.strftime("%Y-%m-%d %H:%M")',
    'f"{x:%Y年%m月%d日}"',
    'f"{on.year}年{on.month}月{on.day}日"',
])
def test_the_date_guard_catches_hand_written_dates(line):
    assert PYTHON_DATE_FORMAT.search(line)


@pytest.mark.parametrize("line", [
    'input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],',
    'widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),',
    'first17 = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"',
    '"today": timezone.localdate().isoformat(),',
    'f"拨付日期 {cn_date(paid_on)}，凭证号 {voucher_no}"',
])
def test_the_date_guard_lets_machine_formats_be(line):
    assert not PYTHON_DATE_FORMAT.search(line)


def test_no_python_message_writes_its_own_date_format():
    offenders = [rel for rel, text in _sources(".py")
                 if rel not in PYTHON_DATE_ALLOWED and not rel.startswith(("bench/", "demo/"))
                 and "/migrations/" not in rel and PYTHON_DATE_FORMAT.search(text)]
    assert offenders == []


def test_record_labels_show_the_local_moment_the_house_way():
    """Labels of dated records (admin, history) use the house format and the local time, not UTC."""
    from employment.models import EmployerChange, PersonalDataAccess
    from subsidies.models import PaymentDetailsChange

    change = PaymentDetailsChange(changed_by_label="鼓楼街道残联 · 王芳", changed_at=MOMENT)
    assert str(change) == "鼓楼街道残联 · 王芳 2026年3月5日 07:05 修改收款信息"
    register = EmployerChange(action=EmployerChange.Action.choices[0][0], at=MOMENT)
    assert str(register).endswith(" 2026年3月5日 07:05")
    access = PersonalDataAccess(field="身份证号", action="view", at=MOMENT)
    assert str(access).endswith("查看 身份证号 @ 2026年3月5日 07:05")


def test_no_view_writes_its_own_content_disposition_or_xlsx_type():
    offenders = [
        rel for rel, text in _sources(".py")
        if rel != "employment/formats.py"
        and ('["Content-Disposition"]' in text or "spreadsheetml" in text or "text/csv; charset" in text)
    ]
    assert offenders == []


def test_template_response_serves_the_named_format_or_a_404():
    from django.http import Http404

    xlsx = formats.template_response("xlsx", stem="家庭台账模板", xlsx=lambda: b"PK", csv=lambda: "a,b\n")
    assert xlsx["Content-Type"] == formats.XLSX_MIME and xlsx.content == b"PK"
    assert quote("家庭台账模板.xlsx") in xlsx["Content-Disposition"]
    csv = formats.template_response("csv", stem="家庭台账模板", xlsx=lambda: b"PK", csv=lambda: "a,b\n")
    assert csv["Content-Type"] == formats.CSV_MIME and csv.content == b"a,b\n"
    with pytest.raises(Http404):
        formats.template_response("pdf", stem="家庭台账模板", xlsx=lambda: b"PK", csv=lambda: "a,b\n")


def test_a_fields_errors_read_as_sentences_and_the_summary_counts_each():
    """A password refused for three reasons: the field reads three sentences (not "。；"), and the error
    summary says 3 处问题, as it lists three lines (it said 1, the fields with an error)."""
    from django import forms as django_forms

    from employment.templatetags.formats import error_count, sentences

    assert sentences(["密码太短，至少要有 10 个字符。", "密码太常见", ""]) == "密码太短，至少要有 10 个字符。密码太常见。"

    class Form(django_forms.Form):
        a = django_forms.CharField()
        b = django_forms.CharField()

    form = Form({"a": "x", "b": ""})
    form.is_valid()
    form.add_error("a", ["太短。", "太常见。"])
    form.add_error(None, "两次不一样。")
    assert error_count(form) == 4  # a: two, b: required, and the form's own


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("18562.5"), "18,562.50"), ("2000", "2,000.00"), (2000, "2,000.00"), (Decimal("11475000.00"), "11,475,000.00"),
    (Decimal("0"), "0.00"), ("0.005", "0.01"), (None, ""), ("", ""), ("无", "无"),
])
def test_cn_money_writes_yuan_one_way(value, text):
    """Walk A, item 11: one way to write yuan on pages and letters — thousands grouped, two decimals."""
    assert formats.cn_money(value) == text
    assert Template("{{ v|cn_money }}").render(Context({"v": value})) == text
