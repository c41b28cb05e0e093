"""URLs of the CMS app outside the Wagtail page tree: search, enrolment, provider rosters, applications
to join a programme or a studio (项目报名), the favicon."""

from django.urls import path

from . import programme_views, views

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("search/", views.search, name="site-search"),
    path("training/courses/<id:pk>/enrol/", views.course_enrol, name="course-enrol"),
    path("training/enrolments/", views.my_enrolments, name="course-enrolments"),
    path("training/enrolments/<id:pk>/cancel/", views.enrolment_cancel, name="course-enrolment-cancel"),
    path("training/provider/", views.provider_courses, name="provider-courses"),
    path("training/provider/courses/<id:pk>/", views.course_roster, name="course-roster"),
    path("training/provider/enrolments/<id:pk>/complete/", views.course_completion, name="course-completion"),
    path("training/provider/enrolments/<id:pk>/correct/", views.course_completion_correct,
         name="course-completion-correct"),
    path("programmes/<id:pk>/apply/", programme_views.programme_apply, name="programme-apply"),
    path("programmes/my-applications/", programme_views.my_programme_applications, name="programme-my-applications"),
    path("staff/programme-applications/", programme_views.programme_application_list,
         name="programme-application-list"),
    path("programmes/applications/<id:pk>/", programme_views.programme_application_detail,
         name="programme-application-detail"),
]
