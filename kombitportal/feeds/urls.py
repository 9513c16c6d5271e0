from django.urls import path

from kombitportal.feeds import views

app_name = "feeds"

urlpatterns = [
    path("kalender/<str:token>.ics", views.calendar, name="calendar"),
    path("profil/kalendere/ny/", views.feed_new, name="new"),
    path("profil/kalendere/<int:pk>/tilbagekald/", views.feed_revoke, name="revoke"),
]
