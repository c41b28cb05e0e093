"""URLs of the review side and the public 公示 page (included at "" in config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("publicity/", views.publicity, name="declaration-publicity-latest"),
    path("publicity/<year:year>/", views.publicity, name="declaration-publicity"),
    path("review/declarations/", views.review_list, name="review-declaration-list"),
    path("review/declarations/<id:pk>/", views.review_detail, name="review-declaration-detail"),
    path("review/declarations/<id:pk>/revisions/", views.review_revisions, name="review-declaration-revisions"),
    path(
        "review/declarations/<id:pk>/entries/<id:entry_id>/adjust/", views.entry_adjust, name="review-entry-adjust"
    ),
    path("review/conflicts/<id:pk>/", views.conflict_resolve, name="review-conflict-resolve"),
    path("review/exports/<year:year>/<str:kind>.xlsx", views.export, name="review-export"),
    path("declarations/<id:pk>/letter/", views.declaration_letter, name="declaration-letter"),
    path("declarations/<id:pk>/revisions/<id:revision_id>/", views.declaration_revision, name="declaration-revision"),
]
