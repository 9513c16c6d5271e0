from django.urls import path

from kombitportal.notifications import views

urlpatterns = [
    path("", views.profile, name="profile"),
]
