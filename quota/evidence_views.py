"""The download of a declaration's supporting document (申报证明材料), shared by the employer and the
reviewers: the declaration is fetched through ``employment.access`` (the employer its own, a town
reviewer its town's employers', the district all; anyone else 404), the file is looked up within it,
and every download is logged (``quota.evidence.evidence_download_record``) before it is sent.
The employer's upload and delete pages are in ``employer_portal``; reviewers see the files on the
review page (``declarations/_evidence_*.html``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required

from employment import access
from employment.formats import private_file_response

from . import evidence
from .models import Declaration, DeclarationEvidence


@login_required
def declaration_evidence_download(request, pk: int, evidence_id: int):
    declaration = access.get_visible(request.user, Declaration, pk=pk)
    item = access.get_visible(
        request.user, DeclarationEvidence.objects.filter(declaration=declaration).select_related("declaration", "entry"),
        pk=evidence_id,
    )
    response = private_file_response(item.file.name, filename=item.original_name, content_type=item.content_type)
    evidence.evidence_download_record(evidence=item, user=request.user)
    return response
