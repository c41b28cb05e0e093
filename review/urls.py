"""URLs of the review's own pages (included at "" in config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("review/<str:reviewed>/<id:pk>/town-step/", views.town_step_handover, name="review-town-step"),
]
