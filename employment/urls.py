"""URLs of the core's pages: the portal entry and notifications, sign-up, the seeker's pages, the
staff's seeker pages and the public job pages. Employers' pages: ``employer_portal.urls``; the family
register: ``households.urls``."""

from django.urls import path

from . import a11y, signup_views
from .signin import reset_views
from .views import accounts, portal, public, seeker, staff

urlpatterns = [
    path("portal/", portal.portal_home, name="portal-home"),
    path("portal/todo/", portal.work_queue_page, name="work-queue"),
    path("notifications/", portal.notification_list, name="notification-list"),
    path("notifications/<id:pk>/read/", portal.notification_read, name="notification-read"),
    path("notifications/read-all/", portal.notification_read_all, name="notification-read-all"),
    path("notifications/settings/", portal.notification_settings, name="notification-settings"),
    path("a11y/", a11y.preferences_update, name="a11y-preferences"),
    path("signup/", signup_views.seeker_signup, name="seeker-signup"),
    path("signup/verify/", signup_views.seeker_signup_verify, name="seeker-signup-verify"),
    path("signup/activate/", signup_views.seeker_signup_activate, name="seeker-signup-activate"),
    path("signup/resend/", signup_views.seeker_signup_resend, name="seeker-signup-resend"),
    # Seekers
    path("seeker/", seeker.seeker_home, name="seeker-home"),
    path("seeker/assessment/", seeker.seeker_assessment, name="seeker-assessment"),
    path("seeker/settings/", seeker.seeker_settings, name="seeker-settings"),
    path("seeker/jobs/", seeker.seeker_jobs, name="seeker-jobs"),
    path("seeker/applications/", seeker.seeker_applications, name="seeker-applications"),
    path(
        "seeker/applications/<id:pk>/withdraw/",
        seeker.seeker_application_withdraw,
        name="seeker-application-withdraw",
    ),
    path("seeker/applications/<id:pk>/reply/", seeker.seeker_application_reply, name="seeker-application-reply"),
    # Staff
    path("staff/seekers/", staff.staff_seeker_list, name="staff-seeker-list"),
    path("staff/seekers/new/", staff.staff_seeker_create, name="staff-seeker-create"),
    path("staff/seekers/<id:pk>/assessment/", staff.staff_seeker_assessment, name="staff-seeker-assessment"),
    path("seekers/<id:pk>/", staff.seeker_detail, name="seeker-detail"),
    path("seekers/<id:pk>/verify/", signup_views.seeker_verify, name="seeker-verify"),
    path("seekers/<id:pk>/activation-code/", signup_views.seeker_activation_code, name="seeker-activation-code"),
    path("seekers/<id:pk>/password-reset-code/", reset_views.seeker_password_reset_code,
         name="seeker-password-reset-code"),
    # Accounts (district staff) and the activation link
    path("staff/accounts/", accounts.account_list, name="account-list"),
    path("staff/accounts/new/", accounts.account_create, name="account-create"),
    path("staff/accounts/import/", accounts.account_import, name="account-import"),
    path("staff/accounts/import/template.<str:fmt>", accounts.account_import_template,
         name="account-import-template"),
    path("staff/accounts/<id:pk>/", accounts.account_edit, name="account-edit"),
    path("staff/accounts/<id:pk>/active/", accounts.account_active, name="account-active"),
    path("staff/accounts/<id:pk>/link/", accounts.account_link, name="account-link"),
    path("account/activate/<str:token>/", accounts.account_activate, name="account-activate"),
    # Public
    path("jobs/", public.job_list, name="job-list"),
    path("jobs/<id:pk>/", public.job_detail, name="job-detail"),
    path("jobs/<id:pk>/apply/", seeker.job_apply, name="job-apply"),
]
