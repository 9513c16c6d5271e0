from django.urls import path

from valg import views

app_name = "valg"

urlpatterns = [
    path("", views.index, name="index"),
]
