"""URLs of the family register (零就业残疾人家庭台账), for staff (included at "" in config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/households/", views.household_list, name="staff-household-list"),
    path("staff/households/new/", views.household_create, name="staff-household-create"),
    path("staff/households/import/", views.household_import, name="staff-household-import"),
    path("staff/households/template.<str:fmt>", views.household_template, name="staff-household-template"),
    path("staff/households/<id:pk>/", views.household_detail, name="staff-household-detail"),
    path("staff/households/<id:pk>/edit/", views.household_edit, name="staff-household-edit"),
    path("staff/households/<id:pk>/members/add/", views.household_member_add, name="staff-household-member-add"),
    path(
        "staff/households/<id:pk>/members/<id:seeker_pk>/remove/",
        views.household_member_remove,
        name="staff-household-member-remove",
    ),
]
