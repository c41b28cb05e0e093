"""URL map: portals first, then Django auth, Wagtail admin at /admin/, and Wagtail pages last."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from employment import privacy_views
from employment.signin import password_checks, reset_views
from employment.signin.views import SignOutView

urlpatterns = [
    path("", include("employment.urls")),
    path("", include("households.urls")),
    path("", include("casework.urls")),
    path("", include("review.urls")),
    path("", include("quota.urls")),
    path("", include("subsidies.urls")),
    path("", include("cms.urls")),
    path("", include("employer_portal.urls")),
    # Login throttling is not a view's job: django-axes counts failures where Django authenticates,
    # so this form, the admin's /admin/login/ and Wagtail's /_util/login/ share the counts.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/2fa/", include("employment.signin.urls")),  # the staff second factor
    # Getting back in (employment/signin/reset_views.py): e-mail link, town-issued code, change.
    path("accounts/password/reset/", reset_views.ResetRequestView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", reset_views.ResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<str:uidb64>/<str:token>/", reset_views.ResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", reset_views.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/password/code/", reset_views.password_reset_by_code, name="password-reset-code"),
    path("accounts/password/change/", reset_views.password_change, name="password_change"),
    path("privacy/", include(privacy_views)),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    # Wagtail's own views under their own names, where a password is checked: every wrong one counts
    # like a failed login (employment/signin/password_checks.py).
    path("admin/account/", password_checks.account_view, name="wagtailadmin_account"),
    path("documents/authenticate_with_password/<id:restriction_id>/",
         password_checks.shared_password_throttled(wagtaildocs_serve.authenticate_with_password, "collection", "restriction_id"),
         name="wagtaildocs_authenticate_with_password"),
    path("_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
         password_checks.shared_password_throttled(wagtail_views.authenticate_with_password, "page", "page_view_restriction_id"),
         name="wagtailcore_authenticate_with_password"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include("dashboard.urls"))]
urlpatterns += [path("", include(wagtail_urls))]

# Chinese error pages on the site's layout (Django's own are English or technical).
handler400 = "employment.error_views.bad_request"
handler403 = "employment.error_views.permission_denied"
handler404 = "employment.error_views.page_not_found"
handler500 = "employment.error_views.server_error"
