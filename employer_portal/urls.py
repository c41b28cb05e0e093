"""Employer-facing URLs (included at "" in config/urls.py; each path as it always was)."""

from django.urls import path

from .views import colleagues, declarations, evidence, jobs, publicity, subsidies

urlpatterns = [
    # The employer home, jobs and candidates
    path("employer/", jobs.employer_home, name="employer-home"),
    path("employer/jobs/company/", jobs.employer_company, name="employer-company"),
    path("employer/jobs/new/", jobs.employer_job_create, name="employer-job-create"),
    path("employer/jobs/<id:pk>/edit/", jobs.employer_job_edit, name="employer-job-edit"),
    path("employer/jobs/<id:pk>/status/", jobs.employer_job_status, name="employer-job-status"),
    path("employer/jobs/<id:pk>/candidates/", jobs.employer_job_candidates, name="employer-job-candidates"),
    path("employer/jobs/<id:pk>/invite/<id:seeker_pk>/", jobs.employer_job_invite, name="employer-job-invite"),
    path("employer/jobs/applications/", jobs.employer_applications, name="employer-applications"),
    path("employer/jobs/applications/<id:pk>/", jobs.employer_application, name="employer-application"),
    # The employer's own accounts (its administrator invites colleagues)
    path("employer/colleagues/", colleagues.colleagues, name="employer-colleagues"),
    path("employer/colleagues/<id:pk>/active/", colleagues.colleague_active, name="employer-colleague-active"),
    # The annual quota declaration
    path("employer/declarations/", declarations.declaration_list, name="employer-declaration-list"),
    path("employer/declarations/start/", declarations.declaration_start, name="employer-declaration-start"),
    path("employer/declarations/template.<str:fmt>", declarations.roster_template, name="employer-roster-template"),
    path("employer/declarations/<id:pk>/", declarations.declaration_detail, name="employer-declaration-detail"),
    path("employer/declarations/<id:pk>/delete/", declarations.declaration_delete,
         name="employer-declaration-delete"),
    path("employer/declarations/<id:pk>/entries/new/", declarations.entry_add, name="employer-entry-add"),
    path("employer/declarations/<id:pk>/entries/<id:entry_id>/", declarations.entry_edit,
         name="employer-entry-edit"),
    path("employer/declarations/<id:pk>/entries/<id:entry_id>/delete/", declarations.entry_delete,
         name="employer-entry-delete"),
    path("employer/declarations/<id:pk>/upload/", declarations.roster_upload, name="employer-roster-upload"),
    path("employer/declarations/<id:pk>/roster.xlsx", declarations.roster_export, name="employer-roster-export"),
    path("employer/declarations/<id:pk>/submit/", declarations.declaration_submit,
         name="employer-declaration-submit"),
    path("employer/declarations/<id:pk>/revisions/", declarations.declaration_revisions,
         name="employer-declaration-revisions"),
    path("employer/declarations/<id:pk>/evidence/", evidence.declaration_evidence_list,
         name="employer-declaration-evidence"),
    path("employer/declarations/<id:pk>/evidence/<id:evidence_id>/delete/", evidence.declaration_evidence_delete,
         name="employer-declaration-evidence-delete"),
    # An objection to the employer's own 公示 entry (pk: the entry)
    path("employer/publicity/<id:pk>/objection/", publicity.publicity_objection, name="employer-publicity-objection"),
    # The employer's own subsidy applications (their pages: subsidies.urls)
    path("subsidies/reward/<id:declaration_pk>/apply/", subsidies.reward_apply, name="subsidy-reward-apply"),
    path("subsidies/social-insurance/start/", subsidies.si_start, name="subsidy-si-start"),
]
