"""Casework URLs (staff only): coach notes, the follow-ups due list, recording a follow-up, recording a
hire staff arranged and the end of a placement."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/follow-ups/", views.follow_ups_due_list, name="casework-follow-ups-due"),
    path("staff/follow-ups/<id:pk>/", views.follow_up_record_view, name="casework-follow-up-record"),
    path("staff/seekers/<id:pk>/notes/", views.coach_note_add_view, name="casework-coach-note-add"),
    path(
        "staff/seekers/<id:pk>/placements/new/", views.placement_create_view, name="casework-placement-create"
    ),
    path("staff/placements/<id:pk>/end/", views.placement_end_view, name="casework-placement-end"),
]
