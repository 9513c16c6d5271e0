from django.urls import path

from kombitportal.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.index, name="index"),
]
