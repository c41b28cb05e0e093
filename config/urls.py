"""URL map: portals first, then Django auth, Wagtail admin at /admin/, and Wagtail pages last."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from employment import privacy_views
from employment.auth_views import ThrottledLoginView

urlpatterns = [
    path("", include("employment.urls")),
    path("", include("casework.urls")),
    path("", include("employment.declarations.urls")),
    path("", include("employment.subsidies.urls")),
    path("", include("cms.urls")),
    path("employer/", include("employer_portal.urls")),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("privacy/", include(privacy_views)),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
