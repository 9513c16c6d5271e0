from django.urls import path

from klik import views

app_name = "klik"

urlpatterns = [
    path("", views.index, name="index"),
]
