"""Employer-facing URLs (included at "" in config/urls.py; each path as it always was)."""

from django.urls import path

from .views import declarations, jobs, subsidies

urlpatterns = [
    # The employer home, jobs and candidates
    path("employer/", jobs.employer_home, name="employer-home"),
    path("employer/jobs/company/", jobs.employer_company, name="employer-company"),
    path("employer/jobs/new/", jobs.employer_job_create, name="employer-job-create"),
    path("employer/jobs/<int:pk>/edit/", jobs.employer_job_edit, name="employer-job-edit"),
    path("employer/jobs/<int:pk>/status/", jobs.employer_job_status, name="employer-job-status"),
    path("employer/jobs/<int:pk>/candidates/", jobs.employer_job_candidates, name="employer-job-candidates"),
    path("employer/jobs/<int:pk>/invite/<int:seeker_pk>/", jobs.employer_job_invite, name="employer-job-invite"),
    path("employer/jobs/applications/<int:pk>/", jobs.employer_application, name="employer-application"),
    # The annual quota declaration
    path("employer/declarations/", declarations.declaration_list, name="employer-declaration-list"),
    path("employer/declarations/start/", declarations.declaration_start, name="employer-declaration-start"),
    path("employer/declarations/template.<str:fmt>", declarations.roster_template, name="employer-roster-template"),
    path("employer/declarations/<int:pk>/", declarations.declaration_detail, name="employer-declaration-detail"),
    path("employer/declarations/<int:pk>/entries/new/", declarations.entry_add, name="employer-entry-add"),
    path("employer/declarations/<int:pk>/entries/<int:entry_id>/", declarations.entry_edit,
         name="employer-entry-edit"),
    path("employer/declarations/<int:pk>/entries/<int:entry_id>/delete/", declarations.entry_delete,
         name="employer-entry-delete"),
    path("employer/declarations/<int:pk>/upload/", declarations.roster_upload, name="employer-roster-upload"),
    path("employer/declarations/<int:pk>/roster.xlsx", declarations.roster_export, name="employer-roster-export"),
    path("employer/declarations/<int:pk>/submit/", declarations.declaration_submit,
         name="employer-declaration-submit"),
    path("employer/declarations/<int:pk>/revisions/", declarations.declaration_revisions,
         name="employer-declaration-revisions"),
    # The employer's own subsidy applications (their pages: subsidies.urls)
    path("subsidies/reward/<int:declaration_pk>/apply/", subsidies.reward_apply, name="subsidy-reward-apply"),
    path("subsidies/social-insurance/start/", subsidies.si_start, name="subsidy-si-start"),
]
