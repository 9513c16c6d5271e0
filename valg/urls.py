from django.urls import path

from valg import views

app_name = "valg"

urlpatterns = [
    path("", views.index, name="index"),
    path("tjek-ind/", views.checkins, name="checkins"),
    path("tjek-ind/uge/<int:week>/", views.checkin_week, name="checkin_week"),
    path("hvilken-loesning/", views.which_solution, name="which_solution"),
]
