"""URLs of the review side and the public 公示 page (included at "" in config/urls.py)."""

from django.urls import path

from . import evidence_views, letter_views, nonfiler_views, publicity_views, register_views, views

urlpatterns = [
    path("publicity/", publicity_views.publicity, name="declaration-publicity-latest"),
    path("publicity/<year:year>/", publicity_views.publicity, name="declaration-publicity"),
    # 公示 managed by the district: batches, entries, objections
    path("review/publicity/", publicity_views.batch_list, name="publicity-batch-list"),
    path("review/publicity/new/", publicity_views.batch_create, name="publicity-batch-create"),
    path("review/publicity/<id:pk>/", publicity_views.batch_detail, name="publicity-batch-detail"),
    path("review/publicity/<id:pk>/publish/", publicity_views.batch_publish, name="publicity-batch-publish"),
    path("review/publicity/<id:pk>/discard/", publicity_views.batch_discard, name="publicity-batch-discard"),
    path("review/publicity/entries/<id:pk>/withdraw/", publicity_views.entry_withdraw,
         name="publicity-entry-withdraw"),
    path("review/publicity/entries/<id:pk>/republish/", publicity_views.entry_republish,
         name="publicity-entry-republish"),
    path("review/publicity/objections/", publicity_views.objection_list, name="publicity-objection-list"),
    path("review/publicity/objections/new/", publicity_views.objection_create, name="publicity-objection-create"),
    path("review/publicity/objections/<id:pk>/", publicity_views.objection_detail, name="publicity-objection-detail"),
    path("review/publicity/objections/<id:pk>/reopen/", publicity_views.objection_reopen,
         name="publicity-objection-reopen"),
    path("review/declarations/", views.review_list, name="review-declaration-list"),
    path("review/declarations/<id:pk>/", views.review_detail, name="review-declaration-detail"),
    path("review/declarations/<id:pk>/revisions/", views.review_revisions, name="review-declaration-revisions"),
    path(
        "review/declarations/<id:pk>/entries/<id:entry_id>/adjust/", views.entry_adjust, name="review-entry-adjust"
    ),
    path("review/declarations/<id:pk>/accept-late/", nonfiler_views.declaration_accept_late,
         name="review-declaration-accept-late"),
    path("review/non-filers/", nonfiler_views.non_filer_list, name="review-non-filers"),
    path("review/non-filers/remind/", nonfiler_views.non_filer_remind, name="review-non-filers-remind"),
    # The employer register (用人单位名录)
    path("staff/employers/", register_views.register_list, name="employer-register-list"),
    path("staff/employers/new/", register_views.register_create, name="employer-register-create"),
    path("staff/employers/export.xlsx", register_views.register_export, name="employer-register-export"),
    path("staff/employers/import/", register_views.register_import, name="employer-register-import"),
    path("staff/employers/import/confirm/", register_views.register_import_confirm,
         name="employer-register-import-confirm"),
    path("staff/employers/import/template.<str:fmt>", register_views.register_import_template,
         name="employer-register-import-template"),
    path("staff/employers/<id:pk>/", register_views.register_detail, name="employer-register-detail"),
    path("review/conflicts/<id:pk>/", views.conflict_resolve, name="review-conflict-resolve"),
    path("review/exports/<year:year>/<str:kind>.xlsx", views.export, name="review-export"),
    # The documents a district sends (审核认定书, 缴款通知书) and the zips of a year's letters.
    path("declarations/<id:pk>/letter/", letter_views.declaration_letter, name="declaration-letter"),
    path("declarations/<id:pk>/letter.pdf", letter_views.declaration_letter_pdf, name="declaration-letter-pdf"),
    path("declarations/<id:pk>/payment-notice/", letter_views.declaration_payment_notice,
         name="declaration-payment-notice"),
    path("declarations/<id:pk>/payment-notice.pdf", letter_views.declaration_payment_notice_pdf,
         name="declaration-payment-notice-pdf"),
    # A letter withdrawn when the district reopened the declaration (kept, marked 已撤回).
    path("declarations/<id:pk>/withdrawn-letters/<id:withdrawal_id>/letter/", letter_views.withdrawn_letter,
         name="declaration-withdrawn-letter"),
    path("declarations/<id:pk>/withdrawn-letters/<id:withdrawal_id>/letter.pdf", letter_views.withdrawn_letter_pdf,
         name="declaration-withdrawn-letter-pdf"),
    path("declarations/<id:pk>/withdrawn-letters/<id:withdrawal_id>/payment-notice/", letter_views.withdrawn_notice,
         name="declaration-withdrawn-notice"),
    path("declarations/<id:pk>/withdrawn-letters/<id:withdrawal_id>/payment-notice.pdf",
         letter_views.withdrawn_notice_pdf, name="declaration-withdrawn-notice-pdf"),
    path("review/letters/", letter_views.letter_archive_list, name="review-letter-archives"),
    path("review/letters/<id:pk>/", letter_views.letter_archive_detail, name="review-letter-archive"),
    path("review/letters/<id:pk>/download/", letter_views.letter_archive_download,
         name="review-letter-archive-download"),
    path("declarations/<id:pk>/revisions/<id:revision_id>/", views.declaration_revision, name="declaration-revision"),
    path("declarations/<id:pk>/evidence/<id:evidence_id>/", evidence_views.declaration_evidence_download,
         name="declaration-evidence-download"),
]
