from django.urls import path

from . import a11y, views

urlpatterns = [
    path("portal/", views.portal_home, name="portal-home"),
    path("a11y/", a11y.preferences_update, name="a11y-preferences"),
    path("seeker/", views.seeker_home, name="seeker-home"),
    path("staff/seekers/", views.staff_seeker_list, name="staff-seeker-list"),
    path("seekers/<int:pk>/", views.seeker_detail, name="seeker-detail"),
    path("employer/", views.employer_home, name="employer-home"),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
]
