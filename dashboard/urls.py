"""URLs of the dashboard: staff pages under /dashboard/, the public summary at /data/."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/<slug:key>.xlsx", views.table_export, name="dashboard-export"),
    path("dashboard/reports/", views.report_request, name="dashboard-report-request"),
    path("dashboard/reports/<id:pk>/", views.report_detail, name="dashboard-report"),
    path("dashboard/reports/<id:pk>/download/", views.report_download, name="dashboard-report-download"),
    path("dashboard/population/", views.population_upload, name="dashboard-population"),
    path("dashboard/population/template.<str:fmt>", views.population_template, name="dashboard-population-template"),
    path("data/", views.public_summary, name="public-summary"),
]
