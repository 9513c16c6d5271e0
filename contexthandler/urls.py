from django.urls import path

from contexthandler import views

app_name = "contexthandler"

urlpatterns = [
    path("", views.index, name="index"),
]
