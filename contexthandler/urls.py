from django.urls import path

from contexthandler import views
from kombitportal.core.exports import export_paths

app_name = "contexthandler"

urlpatterns = [
    path("", views.index, name="index"),
    *export_paths("systemer/eksport", views.index_export, "export"),
    path("profiler/", views.profiles, name="profiles"),
    *export_paths("profiler/eksport", views.profiles_export, "profiles_export"),
    path("idp/ny/", views.idp_edit, name="idp_new"),
    path("idp/<int:pk>/", views.idp_edit, name="idp_edit"),
    path("idp/<int:pk>/slet/", views.idp_delete, name="idp_delete"),
    path("systemer/", views.systems_edit, name="systems"),
    path("certifikatskifte/tjek/<int:pk>/", views.rollover_tick, name="rollover_tick"),
]
