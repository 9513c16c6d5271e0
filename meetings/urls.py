from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("moeder/", views.meeting_list, name="list"),
    path("moeder/ideer/", views.inbox, name="inbox"),
    path("moeder/<int:pk>/", views.meeting_detail, name="detail"),
    path("moeder/<int:pk>/slides.pdf", views.slides, name="slides"),
    path("moeder/<int:pk>/publicer-resume/", views.publish, name="publish"),
    path("moeder/<int:pk>/ideer/", views.idea, name="idea"),
    path("moeder/punkter/<int:pk>/tjek/", views.tick, name="tick"),
    path("laer-kombit-at-kende/", views.onboarding, name="onboarding"),
    path("kommunecert/", views.kommunecert, name="kommunecert"),
    path("tilfredshed/", views.satisfaction, name="satisfaction"),
    path("tilfredshed/resultater/", views.satisfaction_results, name="satisfaction_results"),
]
