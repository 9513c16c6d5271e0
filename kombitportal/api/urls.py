"""The profile page's API keys, under /profil/api-noegler/."""

from django.urls import path

from kombitportal.api import views

urlpatterns = [
    path("ny/", views.token_create, name="api_token_create"),
    path("<int:pk>/tilbagekald/", views.token_revoke, name="api_token_revoke"),
]
