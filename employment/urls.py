"""URLs of the seeker, employer (jobs and candidates, under /employer/jobs/) and staff portals."""

from django.urls import path

from . import a11y, signup_views, views
from .households import views as households

urlpatterns = [
    path("portal/", views.portal_home, name="portal-home"),
    path("a11y/", a11y.preferences_update, name="a11y-preferences"),
    path("signup/", signup_views.seeker_signup, name="seeker-signup"),
    path("signup/verify/", signup_views.seeker_signup_verify, name="seeker-signup-verify"),
    path("signup/activate/", signup_views.seeker_signup_activate, name="seeker-signup-activate"),
    # Seekers
    path("seeker/", views.seeker_home, name="seeker-home"),
    path("seeker/assessment/", views.seeker_assessment, name="seeker-assessment"),
    path("seeker/settings/", views.seeker_settings, name="seeker-settings"),
    path("seeker/jobs/", views.seeker_jobs, name="seeker-jobs"),
    path("seeker/applications/", views.seeker_applications, name="seeker-applications"),
    path(
        "seeker/applications/<int:pk>/withdraw/",
        views.seeker_application_withdraw,
        name="seeker-application-withdraw",
    ),
    path("seeker/applications/<int:pk>/reply/", views.seeker_application_reply, name="seeker-application-reply"),
    # Staff
    path("staff/seekers/", views.staff_seeker_list, name="staff-seeker-list"),
    path("staff/seekers/new/", views.staff_seeker_create, name="staff-seeker-create"),
    path("staff/seekers/<int:pk>/assessment/", views.staff_seeker_assessment, name="staff-seeker-assessment"),
    path("seekers/<int:pk>/", views.seeker_detail, name="seeker-detail"),
    path("seekers/<int:pk>/verify/", signup_views.seeker_verify, name="seeker-verify"),
    path("seekers/<int:pk>/activation-code/", signup_views.seeker_activation_code, name="seeker-activation-code"),
    # Staff: the family register (零就业残疾人家庭台账)
    path("staff/households/", households.household_list, name="staff-household-list"),
    path("staff/households/new/", households.household_create, name="staff-household-create"),
    path("staff/households/import/", households.household_import, name="staff-household-import"),
    path("staff/households/template.<str:fmt>", households.household_template, name="staff-household-template"),
    path("staff/households/<int:pk>/", households.household_detail, name="staff-household-detail"),
    path("staff/households/<int:pk>/edit/", households.household_edit, name="staff-household-edit"),
    path(
        "staff/households/<int:pk>/members/add/", households.household_member_add, name="staff-household-member-add"
    ),
    path(
        "staff/households/<int:pk>/members/<int:seeker_pk>/remove/",
        households.household_member_remove,
        name="staff-household-member-remove",
    ),
    # Employers
    path("employer/", views.employer_home, name="employer-home"),
    path("employer/jobs/company/", views.employer_company, name="employer-company"),
    path("employer/jobs/new/", views.employer_job_create, name="employer-job-create"),
    path("employer/jobs/<int:pk>/edit/", views.employer_job_edit, name="employer-job-edit"),
    path("employer/jobs/<int:pk>/status/", views.employer_job_status, name="employer-job-status"),
    path("employer/jobs/<int:pk>/candidates/", views.employer_job_candidates, name="employer-job-candidates"),
    path(
        "employer/jobs/<int:pk>/invite/<int:seeker_pk>/", views.employer_job_invite, name="employer-job-invite"
    ),
    path("employer/jobs/applications/<int:pk>/", views.employer_application, name="employer-application"),
    # Public
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/apply/", views.job_apply, name="job-apply"),
]
