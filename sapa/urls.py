from django.urls import path

from kombitportal.core.exports import export_paths
from sapa import views

app_name = "sapa"

urlpatterns = [
    path("", views.index, name="index"),
    *export_paths("opgaver", views.index_export, "export"),
    path("formaal/", views.purposes, name="purposes"),
    *export_paths("formaal/eksport", views.purposes_export, "purposes_export"),
]
