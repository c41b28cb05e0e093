"""The demo's evidence documents (demo/subsidies.py): one-page PDFs that say they are demo material —
in Chinese when WeasyPrint can draw them, in plain Latin letters on a machine without Pango, so that
``make demo`` needs nothing the PDF letters alone require."""

from __future__ import annotations

from demo import subsidies
from employment.evidence import sniff
from tests.quota.test_letters import pdf_text, pdf_tools  # noqa: F401 - fixture


def _fresh(title: str, business: str) -> bytes:
    subsidies._evidence_pdf.cache_clear()
    try:
        return subsidies._evidence_pdf(title, business)
    finally:
        subsidies._evidence_pdf.cache_clear()


def test_the_evidence_says_what_it_is_in_chinese(pdf_tools, tmp_path):  # noqa: F811
    text = pdf_text(_fresh("个体工商户营业执照", "巧手竹编工作室"), tmp_path)
    assert "个体工商户营业执照" in text and "巧手竹编工作室" in text and "不是真实证件" in text


def test_without_pango_the_evidence_is_a_plain_pdf(pdf_tools, tmp_path, monkeypatch):  # noqa: F811
    def no_pango(html):
        raise OSError("cannot load library 'libpango-1.0-0'")  # what WeasyPrint raises without Pango

    monkeypatch.setattr(subsidies, "html_to_pdf", no_pango)
    pdf = _fresh("个体工商户营业执照", "巧手竹编工作室")
    assert sniff(pdf) is not None  # an evidence upload accepts it
    assert "Shuguangdemomaterial-notarealdocument" in pdf_text(pdf, tmp_path)
