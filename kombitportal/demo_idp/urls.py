from django.urls import path

from kombitportal.demo_idp import views

app_name = "demo_idp"

urlpatterns = [
    path("", views.sso, name="sso"),
    path("slo/", views.slo, name="slo"),
    path("metadata/", views.metadata, name="metadata"),
]
