from django.urls import path

from kombitportal.agreements import views
from kombitportal.core.exports import export_paths

app_name = "agreements"

urlpatterns = [
    path("", views.index, name="index"),
    *export_paths("eksport", views.index_export, "export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/underskriv/", views.sign, name="sign"),
    path("<int:pk>/dokument/<str:code>/", views.document, name="document"),
    path("<int:pk>/underskrift/<str:code>/ret/", views.signature_correct, name="signature_correct"),
    path(
        "<int:pk>/underskrift/<str:code>/tilbagekald/",
        views.signature_withdraw,
        name="signature_withdraw",
    ),
    *export_paths("<int:pk>/mangler", views.missing_csv, "missing_csv"),
    path("udgifter/", views.bills, name="bills"),
    *export_paths("udgifter/eksport", views.bills_export, "bills_export"),
    path("udgifter/<int:pk>/", views.bill, name="bill"),
    *export_paths("udgifter/<int:pk>/andele", views.bill_export, "bill_export"),
]
