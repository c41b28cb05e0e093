"""URLs of rewards and subsidies (included at "" in config/urls.py). The employer starts its own
applications in ``employer_portal.urls``."""

from django.urls import path

from . import views

urlpatterns = [
    path("subsidies/", views.subsidy_home, name="subsidy-home"),
    path("subsidies/social-insurance/template.xlsx", views.si_template, name="subsidy-si-template"),
    path("subsidies/startup/apply/", views.startup_apply, name="subsidy-startup-apply"),
    path("subsidies/<int:pk>/", views.application_detail, name="subsidy-detail"),
    path("subsidies/<int:pk>/startup/edit/", views.startup_edit, name="subsidy-startup-edit"),
    path("subsidies/<int:pk>/evidence/", views.startup_evidence, name="subsidy-evidence"),
    path("subsidies/<int:pk>/evidence/<int:evidence_id>/delete/", views.startup_evidence_delete,
         name="subsidy-evidence-delete"),
    path("subsidies/<int:pk>/evidence/<int:evidence_id>/download/", views.startup_evidence_download,
         name="subsidy-evidence-download"),
    path("subsidies/<int:pk>/lines/add/", views.si_line_add, name="subsidy-si-line-add"),
    path("subsidies/<int:pk>/lines/<int:line_id>/delete/", views.si_line_delete, name="subsidy-si-line-delete"),
    path("subsidies/<int:pk>/lines/upload/", views.si_upload_view, name="subsidy-si-upload"),
    path("subsidies/<int:pk>/bank/", views.bank_update, name="subsidy-bank-update"),
    path("subsidies/<int:pk>/submit/", views.submit, name="subsidy-submit"),
    path("review/subsidies/", views.review_list, name="subsidy-review-list"),
    path("review/payment-lists/", views.payment_lists, name="subsidy-payment-lists"),
    path("review/payment-lists/<int:pk>/", views.payment_list_detail, name="subsidy-payment-list-detail"),
    path("review/payment-lists/<int:pk>/export.xlsx", views.payment_list_export, name="subsidy-payment-list-export"),
]
