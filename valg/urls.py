from django.urls import path

from kombitportal.core.exports import export_paths
from valg import views

app_name = "valg"

urlpatterns = [
    path("", views.index, name="index"),
    *export_paths("tilfredshed", views.satisfaction_export, "satisfaction_export"),
    path("tjek-ind/", views.checkins, name="checkins"),
    *export_paths("tjek-ind/eksport", views.checkins_export, "checkins_export"),
    path("tjek-ind/uge/<int:week>/", views.checkin_week, name="checkin_week"),
    path("hvilken-loesning/", views.which_solution, name="which_solution"),
]
