"""The upload form of one supporting document (证明材料), one file per upload: its kind, a note and the
file, with the same labels and messages wherever evidence is taken (a start-up or social-insurance
subsidy application in ``subsidies``, a declaration and its roster rows in ``employer_portal``). The
content is checked after the form by ``employment.evidence.evidence_check``."""

from __future__ import annotations

from django import forms

from .evidence import ACCEPT_ATTRIBUTE
from .forms import PlainErrorsMixin
from .storage import evidence_max_bytes


class EvidenceUploadForm(PlainErrorsMixin, forms.Form):
    """Subclasses set ``KINDS`` (the choices of 材料类型) and ``NOTE_EXAMPLE`` (shown in the note's hint);
    ``file_help`` says the limits, to which a subclass may add its own."""

    KINDS: list[tuple[str, str]] = []
    NOTE_EXAMPLE = ""

    kind = forms.ChoiceField(
        label="材料类型", choices=(), widget=forms.RadioSelect,
        error_messages={"required": "请选择材料类型。", "invalid_choice": "请选择列出的材料类型。"},
    )
    note = forms.CharField(
        label="说明", required=False, max_length=100,
        error_messages={"max_length": "说明最多 100 个字。"},
    )
    file = forms.FileField(
        label="选择文件", widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": "请选择要上传的文件。",
            "empty": "所选文件是空文件（0 字节），可能没有保存完整。请重新扫描或拍照后上传。",
            "invalid": "没有收到文件，请重新选择后上传。",
            "missing": "没有收到文件，请重新选择后上传。",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = self.KINDS
        self.fields["note"].help_text = f"选填，例如“{self.NOTE_EXAMPLE}”。"
        self.fields["file"].help_text = self.file_help()

    @staticmethod
    def file_help(extra: str = "") -> str:
        limit = evidence_max_bytes() / 1024 / 1024
        return f"只接受 PDF、JPG、PNG 文件，每个不超过 {limit:g} MB{extra}。一次上传一个文件；照片请拍清四角和文字。"
