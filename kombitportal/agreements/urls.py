from django.urls import path

from kombitportal.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/underskriv/", views.sign, name="sign"),
    path("<int:pk>/dokument/<str:code>/", views.document, name="document"),
    path("<int:pk>/underskrift/<str:code>/ret/", views.signature_correct, name="signature_correct"),
    path(
        "<int:pk>/underskrift/<str:code>/tilbagekald/",
        views.signature_withdraw,
        name="signature_withdraw",
    ),
    path("<int:pk>/mangler.csv", views.missing_csv, name="missing_csv"),
    path("udgifter/", views.bills, name="bills"),
    path("udgifter/<int:pk>/", views.bill, name="bill"),
]
