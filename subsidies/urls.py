"""URLs of rewards and subsidies (included at "" in config/urls.py). The employer starts its own
applications in ``employer_portal.urls``."""

from django.urls import path

from . import payment_views, views

urlpatterns = [
    path("subsidies/", views.subsidy_home, name="subsidy-home"),
    path("subsidies/social-insurance/template.xlsx", views.si_template, name="subsidy-si-template"),
    path("subsidies/startup/apply/", views.startup_apply, name="subsidy-startup-apply"),
    path("subsidies/<id:pk>/", views.application_detail, name="subsidy-detail"),
    path("subsidies/<id:pk>/startup/edit/", views.startup_edit, name="subsidy-startup-edit"),
    path("subsidies/<id:pk>/evidence/", views.application_evidence, name="subsidy-evidence"),
    path("subsidies/<id:pk>/evidence/<id:evidence_id>/delete/", views.application_evidence_delete,
         name="subsidy-evidence-delete"),
    path("subsidies/<id:pk>/evidence/<id:evidence_id>/download/", views.application_evidence_download,
         name="subsidy-evidence-download"),
    path("subsidies/<id:pk>/lines/add/", views.si_line_add, name="subsidy-si-line-add"),
    path("subsidies/<id:pk>/lines/<id:line_id>/delete/", views.si_line_delete, name="subsidy-si-line-delete"),
    path("subsidies/<id:pk>/lines/upload/", views.si_upload_view, name="subsidy-si-upload"),
    path("subsidies/<id:pk>/bank/", views.bank_update, name="subsidy-bank-update"),
    path("subsidies/<id:pk>/submit/", views.submit, name="subsidy-submit"),
    path("review/subsidies/", views.review_list, name="subsidy-review-list"),
    path("review/payment-lists/", payment_views.payment_lists, name="subsidy-payment-lists"),
    path("review/payment-lists/<id:pk>/", payment_views.payment_list_detail, name="subsidy-payment-list-detail"),
    path("review/payment-lists/<id:pk>/approve/", payment_views.payment_list_approve,
         name="subsidy-payment-list-approve"),
    path("review/payment-lists/<id:pk>/paid/", payment_views.payment_list_paid, name="subsidy-payment-list-paid"),
    path("review/payment-lists/<id:pk>/step-back/", payment_views.payment_list_step_back,
         name="subsidy-payment-list-step-back"),
    path("review/payment-lists/<id:pk>/export.xlsx", payment_views.payment_list_export,
         name="subsidy-payment-list-export"),
    path("review/payment-lists/<id:pk>/bank-transfer.xlsx", payment_views.payment_list_bank_file,
         name="subsidy-payment-list-bank-file"),
]
