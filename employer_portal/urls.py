"""Employer-facing URLs (mounted under /employer/)."""

urlpatterns: list = []
