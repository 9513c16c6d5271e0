from django.urls import path

from sapa import views

app_name = "sapa"

urlpatterns = [
    path("", views.index, name="index"),
    path("formaal/", views.purposes, name="purposes"),
]
