"""Employer-facing URLs (mounted under /employer/; the employer home itself is ``employer-home``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("declarations/", views.declaration_list, name="employer-declaration-list"),
    path("declarations/start/", views.declaration_start, name="employer-declaration-start"),
    path("declarations/template.<str:fmt>", views.roster_template, name="employer-roster-template"),
    path("declarations/<int:pk>/", views.declaration_detail, name="employer-declaration-detail"),
    path("declarations/<int:pk>/entries/new/", views.entry_add, name="employer-entry-add"),
    path("declarations/<int:pk>/entries/<int:entry_id>/", views.entry_edit, name="employer-entry-edit"),
    path("declarations/<int:pk>/entries/<int:entry_id>/delete/", views.entry_delete, name="employer-entry-delete"),
    path("declarations/<int:pk>/upload/", views.roster_upload, name="employer-roster-upload"),
    path("declarations/<int:pk>/roster.xlsx", views.roster_export, name="employer-roster-export"),
    path("declarations/<int:pk>/submit/", views.declaration_submit, name="employer-declaration-submit"),
    path("declarations/<int:pk>/revisions/", views.declaration_revisions, name="employer-declaration-revisions"),
]
