"""The staff second-factor pages, mounted at accounts/2fa/ by config/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("setup/", views.two_factor_setup, name="two-factor-setup"),
    path("verify/", views.two_factor_verify, name="two-factor-verify"),
    path("recovery-codes/", views.two_factor_recovery_codes, name="two-factor-recovery-codes"),
    path("codes/", views.two_factor_codes, name="two-factor-codes"),
]
